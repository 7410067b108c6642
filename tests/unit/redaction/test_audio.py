"""Bleeping keeps the length, replaces exactly the spans, and offers tone or silence."""

from __future__ import annotations

import numpy as np
import pytest

from redaction.audio import TONE_HZ, bleep, merge_spans, write_wav

SR = 16_000


def noise(seconds: float) -> np.ndarray:
    return np.random.default_rng(0).uniform(-0.5, 0.5, int(seconds * SR)).astype(np.float32)


def test_tone_same_length_and_only_in_span() -> None:
    x = noise(3.0)
    y = bleep(x, SR, [(1.0, 1.5)])
    assert y.shape == x.shape and y.dtype == np.float32
    np.testing.assert_array_equal(y[: SR], x[: SR])
    np.testing.assert_array_equal(y[int(1.5 * SR):], x[int(1.5 * SR):])
    seg = y[SR:int(1.5 * SR)]
    spectrum = np.abs(np.fft.rfft(seg))
    peak_hz = np.argmax(spectrum) * SR / len(seg)
    assert abs(peak_hz - TONE_HZ) < 5
    assert x is not y and not np.shares_memory(x, y)  # the original is never modified


def test_silence_mode() -> None:
    x = noise(2.0)
    y = bleep(x, SR, [(0.5, 1.0)], mode="silence")
    assert len(y) == len(x)
    assert not np.any(y[int(0.5 * SR):SR])
    np.testing.assert_array_equal(y[SR:], x[SR:])


def test_spans_clipped_to_audio_and_merged() -> None:
    x = noise(1.0)
    y = bleep(x, SR, [(-0.2, 0.1), (0.9, 5.0), (0.5, 0.4)], mode="silence")
    assert len(y) == len(x)
    assert not np.any(y[: int(0.1 * SR)]) and not np.any(y[int(0.9 * SR):])
    assert merge_spans([(1.0, 2.0), (2.02, 3.0), (5.0, 6.0)]) == [(1.0, 3.0), (5.0, 6.0)]


def test_tone_level_and_frequency_configurable() -> None:
    y = bleep(np.zeros(SR, dtype=np.float32), SR, [(0.0, 1.0)], tone_hz=500.0, level=0.1)
    assert np.max(np.abs(y)) == pytest.approx(0.1, abs=1e-3)
    assert abs(np.argmax(np.abs(np.fft.rfft(y))) - 500) <= 1


def test_multichannel_and_bad_mode(tmp_path) -> None:
    stereo = np.zeros((SR, 2), dtype=np.float32)
    y = bleep(stereo, SR, [(0.25, 0.5)])
    assert y.shape == stereo.shape and np.any(y[int(0.3 * SR)])
    with pytest.raises(ValueError):
        bleep(stereo, SR, [(0.0, 0.1)], mode="mute")
    write_wav(tmp_path / "x.wav", y, SR)
    assert (tmp_path / "x.wav").stat().st_size > 44
