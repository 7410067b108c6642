"""ASR windows: they tile the recording, and cut where it is quiet."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from redaction.types import Audio
from service.asr.windows import WindowOptions, quietest, windows

SR = 16_000


def _audio(samples: np.ndarray) -> Audio:
    return Audio(samples=samples, sample_rate=SR, sha256="0" * 64, filename="x.wav",
                 size_bytes=0, original_sample_rate=SR, original_channels=1, container="wav")


def _noise(seconds: float, seed: int = 0) -> np.ndarray:
    return (0.1 * np.random.default_rng(seed).standard_normal(int(seconds * SR))).astype(
        np.float32)


def test_windows_tile_the_recording() -> None:
    audio = _audio(_noise(100.0))
    spans = list(windows(audio, WindowOptions(window_s=30.0, search_s=5.0)))
    assert spans[0][0] == 0 and spans[-1][1] == len(audio.samples)
    assert all(a[1] == b[0] for a, b in pairwise(spans))
    assert all(25 * SR <= e - s <= 35 * SR for s, e in spans[:-1])


def test_cut_lands_in_the_pause() -> None:
    samples = _noise(70.0)
    samples[int(27.0 * SR) : int(27.3 * SR)] = 0.0  # a pause 3 s before the nominal cut
    spans = list(windows(_audio(samples), WindowOptions(window_s=30.0, search_s=5.0)))
    assert 27.0 * SR <= spans[0][1] <= 27.3 * SR


def test_short_recording_is_one_window_and_no_tiny_tail() -> None:
    assert list(windows(_audio(_noise(10.0)), WindowOptions(window_s=30.0))) == [(0, 10 * SR)]
    spans = list(windows(_audio(_noise(32.0)), WindowOptions(window_s=30.0, search_s=5.0)))
    assert spans == [(0, 32 * SR)]  # 2 s left over joins the last window


def test_quietest_frame() -> None:
    samples = _noise(1.0)
    samples[8000:8320] = 0.0
    assert 8000 <= quietest(samples, SR) <= 8320
