"""Channel-split diarizer: when each voice has its own channel, the channel is the speaker.

Some recorders (and faster-whisper's ``split_stereo`` test file) put one talker on the
left channel and another on the right. Then no voice vectors are needed at all: speech
is found per channel with the segmentation model, and turns of channel ``k`` belong to
speaker ``k``. Turns of the two channels may overlap, as real cross-talk does.
"""

from __future__ import annotations

import numpy as np

from service.speakers.cues import speaker_cues
from service.speakers.segmentation import FRAME_STEP, SegmentationModel
from service.speakers.turns import runs, smooth
from service.speakers.types import Diarization, SpeakerTurn

#: |correlation| between channels below which they hold different signals, not one mix
SEPARATE_CHANNELS_R = 0.3


def channels_are_separate(channels: np.ndarray) -> bool:
    """True when a two-channel signal carries two independent feeds (not a stereo mix)."""
    if channels.ndim != 2 or channels.shape[1] != 2 or len(channels) < 1600:
        return False
    left, right = channels[:, 0].astype(np.float64), channels[:, 1].astype(np.float64)
    if left.std() < 1e-5 or right.std() < 1e-5:
        return False
    return abs(float(np.corrcoef(left, right)[0, 1])) < SEPARATE_CHANNELS_R


class ChannelSplitDiarizer:
    """A ``Diarizer`` for two-channel recordings with one talker per channel."""

    method = "channel-split"

    def __init__(self, segmentation: SegmentationModel, onset: float = 0.5,
                 min_turn_s: float = 0.3, max_gap_s: float = 0.4) -> None:
        self._seg = segmentation
        self._onset = onset
        self._min_turn_s = min_turn_s
        self._max_gap_s = max_gap_s

    def diarize(self, samples: np.ndarray, channels: np.ndarray | None = None) -> Diarization:
        if channels is None or channels.ndim != 2 or channels.shape[1] != 2:
            raise ValueError("channel-split diarization needs a two-channel signal")
        turns: list[SpeakerTurn] = []
        for k in range(2):
            speech = self._speech(np.ascontiguousarray(channels[:, k], dtype=np.float32))
            found = runs(np.where(speech, k, -1))
            turns += smooth(found, self._min_turn_s, self._max_gap_s)
        turns.sort(key=lambda t: (t.start, t.speaker))
        cues = {}
        for k in range(2):
            mine = [t for t in turns if t.speaker == k]
            if mine:
                cues.update(speaker_cues(np.asarray(channels[:, k], dtype=np.float32), mine))
        return Diarization(turns=turns, cues=cues, method=self.method)

    def _speech(self, mono: np.ndarray) -> np.ndarray:
        """Per-frame speech (anyone active) averaged over overlapping windows."""
        n_frames = len(mono) // FRAME_STEP + 1
        total = np.zeros(n_frames, dtype=np.float32)
        seen = np.zeros(n_frames, dtype=np.float32)
        for win in self._seg.windows(mono):
            first = round(win.start_sample / FRAME_STEP)
            count = min(win.activity.shape[0], n_frames - first)
            if count > 0:
                total[first:first + count] += win.activity[:count].max(axis=1)
                seen[first:first + count] += 1
        return total / np.maximum(seen, 1) > self._onset

