"""Bleep or mute redacted spans in the audio, keeping its length unchanged.

A reviewer must be able to listen to the recording without hearing a name or a number,
while every timestamp in the transcript still lines up with the sound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import soundfile as sf

from redaction.types import Audio, Segment

TONE_HZ = 1000.0
TONE_LEVEL = 0.2
WINDOW_S = 60.0  # samples bleeped and written per step when streaming to a file
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
    offset: int = 0,
) -> np.ndarray:
    """Return a copy of ``samples`` with each span replaced by a 1 kHz tone or silence.

    The length never changes, so transcript timestamps still line up with the sound.
    ``mode`` is ``"tone"`` (the broadcast bleep) or ``"silence"``. Multi-channel input
    (frames x channels) gets the same tone on every channel. ``offset`` is the index of
    ``samples[0]`` in the recording (for a window): spans and the tone's phase follow
    the recording's clock, so windows bleeped apart join seamlessly.
    """
    if mode not in ("tone", "silence"):
        raise ValueError(f"unknown bleep mode {mode!r}")
    out = np.array(samples, dtype=np.float32, copy=True)
    n = len(out)
    for start, end in merge_spans(spans):
        a = max(0, min(n, round(start * sample_rate) - offset))
        b = max(0, min(n, round(end * sample_rate) - offset))
        if b <= a:
            continue
        if mode == "silence":
            out[a:b] = 0.0
        else:
            # float64 time: in float32 the phase of an hour-long file would be quantised.
            t = np.arange(a + offset, b + offset, dtype=np.float64) / sample_rate
            tone = (level * np.sin(2 * np.pi * tone_hz * t)).astype(np.float32)
            out[a:b] = tone if out.ndim == 1 else tone[:, None]
    return out


def write_wav(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """Write 16-bit PCM WAV (what every player and court system opens)."""
    sf.write(str(path), samples, sample_rate, subtype="PCM_16")


def bleep_reader(
    audio: Audio, spans: Iterable[tuple[float, float]], mode: str = "tone"
) -> Callable[[int, int], np.ndarray]:
    """A function giving the bleeped samples [start, end) of ``audio``, read on demand."""
    merged = merge_spans(spans)

    def read(start: int, end: int) -> np.ndarray:
        return bleep(audio.window(start, end), audio.sample_rate, merged, mode,
                     offset=max(0, start))

    return read


def write_bleeped(path: Path, audio: Audio, spans: Iterable[tuple[float, float]],
                  mode: str = "tone", window_s: float = WINDOW_S) -> None:
    """Write ``audio`` with ``spans`` bleeped as 16-bit WAV, one window at a time."""
    read = bleep_reader(audio, spans, mode)
    step = max(1, int(window_s * audio.sample_rate))
    total = len(audio.samples)
    with sf.SoundFile(str(path), "w", audio.sample_rate, 1, "PCM_16", format="WAV") as out:
        for start in range(0, total, step):
            out.write(read(start, min(total, start + step)))
