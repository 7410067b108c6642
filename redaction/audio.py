"""Bleep or mute redacted spans in the audio, keeping its length unchanged.

A reviewer must be able to listen to the recording without hearing a name or a number,
while every timestamp in the transcript still lines up with the sound.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import soundfile as sf

from redaction.types import Segment

TONE_HZ = 1000.0
TONE_LEVEL = 0.2
# Padding around a redacted span: BASE_PAD_S when ASR was sure of the words, growing by
# up to LOW_CONF_PAD_S as its word probability falls; below NEIGHBOUR_CONF the words
# next to the span are bleeped too (a misheard word's timestamps drift the most).
BASE_PAD_S = 0.08
LOW_CONF_PAD_S = 0.4
NEIGHBOUR_CONF = 0.5
NO_TIMING_PAD_S = 0.3


def _word_char_spans(segment: Segment) -> list[tuple[int, int, int]]:
    """(start_char, end_char, word_index) of each timed word inside ``segment.text``."""
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for i, w in enumerate(segment.words):
        token = w.word.strip()
        if not token:
            continue
        found = segment.text.find(token, pos)
        if found < 0:
            continue
        spans.append((found, found + len(token), i))
        pos = found + len(token)
    return spans


def audio_span(segment: Segment, start: int, end: int) -> tuple[float, float]:
    """Audio time of a character span, padded more where ASR was less sure of the words.

    Why: what ASR misheard is where its timestamps are least reliable, and a name that
    was misheard is the one most likely to be heard right by the next listener.
    """
    indices = [i for (ws, we, i) in _word_char_spans(segment) if ws < end and we > start]
    if not indices:
        # No word timing: fall back to a proportional guess, widened generously.
        length = max(len(segment.text), 1)
        dur = segment.end - segment.start
        t0 = segment.start + dur * start / length
        t1 = segment.start + dur * end / length
        return max(segment.start, t0 - NO_TIMING_PAD_S), min(segment.end, t1 + NO_TIMING_PAD_S)
    words = segment.words
    conf = min(words[i].probability for i in indices)
    pad = BASE_PAD_S + LOW_CONF_PAD_S * (1.0 - conf)
    first, last = indices[0], indices[-1]
    if conf < NEIGHBOUR_CONF:
        first, last = max(0, first - 1), min(len(words) - 1, last + 1)
    return max(0.0, words[first].start - pad), words[last].end + pad


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
