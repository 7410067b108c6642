"""Cut a long recording into ASR windows at its quietest moments.

faster-whisper holds the whole input, its VAD copy and its features in memory, so an
hours-long file fed in one piece costs gigabytes. Fed window by window (a few minutes
each), memory follows the window. Cuts are placed at the quietest 20 ms in the last
stretch of each window, so a word is rarely split; segments are shifted back onto the
recording's clock by whoever transcribes the windows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from redaction.types import Audio

FRAME_S = 0.02


@dataclass(frozen=True)
class WindowOptions:
    """``window_s`` per window; the cut is searched in its last ``search_s`` seconds."""

    window_s: float = 180.0
    search_s: float = 10.0


def quietest(samples: np.ndarray, sample_rate: int) -> int:
    """Index of the start of the lowest-energy 20 ms frame (the last such on ties)."""
    frame = max(1, int(FRAME_S * sample_rate))
    n = len(samples) // frame
    if n == 0:
        return len(samples)
    energy = np.square(samples[: n * frame].reshape(n, frame), dtype=np.float64).sum(axis=1)
    best = n - 1 - int(np.argmin(energy[::-1]))
    return best * frame + frame // 2


def windows(audio: Audio, options: WindowOptions) -> Iterator[tuple[int, int]]:
    """Sample ranges ``[start, end)`` that tile the recording, each about ``window_s``."""
    total = len(audio.samples)
    size = max(1, int(options.window_s * audio.sample_rate))
    search = min(size // 2, int(options.search_s * audio.sample_rate))
    start = 0
    while start < total:
        end = start + size
        if end >= total or total - end < search:  # the rest fits: no tiny last window
            yield start, total
            return
        cut = end - search + quietest(audio.window(end - search, end), audio.sample_rate)
        yield start, cut
        start = cut
