"""Bleep or mute redacted spans in the audio, keeping its length unchanged.

A reviewer must be able to listen to the recording without hearing a name or a number,
while every timestamp in the transcript still lines up with the sound.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import soundfile as sf

TONE_HZ = 1000.0
TONE_LEVEL = 0.2


def merge_spans(
    spans: Iterable[tuple[float, float]], gap: float = 0.05
) -> list[tuple[float, float]]:
    """Sort and merge overlapping or nearly touching spans (one long bleep, not a stutter)."""
    out: list[tuple[float, float]] = []
    for start, end in sorted((max(0.0, s), e) for s, e in spans if e > s):
        if out and start <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def bleep(
    samples: np.ndarray,
    sample_rate: int,
    spans: Iterable[tuple[float, float]],
    mode: str = "tone",
    *,
    tone_hz: float = TONE_HZ,
    level: float = TONE_LEVEL,
) -> np.ndarray:
    """Return a copy of ``samples`` with each span replaced by a 1 kHz tone or silence.

    The length never changes, so transcript timestamps still line up with the sound.
    ``mode`` is ``"tone"`` (the broadcast bleep) or ``"silence"``. Multi-channel input
    (frames x channels) gets the same tone on every channel.
    """
    if mode not in ("tone", "silence"):
        raise ValueError(f"unknown bleep mode {mode!r}")
    out = np.array(samples, dtype=np.float32, copy=True)
    n = len(out)
    for start, end in merge_spans(spans):
        a = min(n, round(start * sample_rate))
        b = min(n, round(end * sample_rate))
        if b <= a:
            continue
        if mode == "silence":
            out[a:b] = 0.0
        else:
            # float64 time: in float32 the phase of an hour-long file would be quantised.
            t = np.arange(a, b, dtype=np.float64) / sample_rate
            tone = (level * np.sin(2 * np.pi * tone_hz * t)).astype(np.float32)
            out[a:b] = tone if out.ndim == 1 else tone[:, None]
    return out


def write_wav(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """Write 16-bit PCM WAV (what every player and court system opens)."""
    sf.write(str(path), samples, sample_rate, subtype="PCM_16")
