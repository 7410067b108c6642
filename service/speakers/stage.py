"""The speakers stage: diarize, put speakers on words and segments, decide roles.

Runs after ASR on the raw transcript (inside the process, before redaction), so the
question cue can read punctuation; what leaves the stage is labels only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np

from redaction.types import Segment
from service.speakers.assign import assign_speakers, label_segments
from service.speakers.base import Diarizer
from service.speakers.roles import RoleOptions, decide_roles, question_share
from service.speakers.stereo import channels_are_separate
from service.speakers.types import SpeakerInfo, SpeakerTurn

logger = logging.getLogger("bodycam.speakers")


@dataclass(frozen=True)
class SpeakerResult:
    """Segments (split at speaker changes, labelled) and the ``speakers`` list."""

    segments: list[Segment]
    speakers: list[SpeakerInfo]
    method: str
    turns: list[SpeakerTurn]  # the diarizer's turns (index speakers; see ``labels``)
    labels: dict[int, str]


class SpeakerStage:
    """Holds the diarizers; ``stereo`` is used only for two independent channels.

    ``stereo_max_s`` bounds the recordings whose two channels are decoded to check for
    separate feeds (two more float32 copies of the audio: 230 MB per hour).
    """

    def __init__(self, diarizer: Diarizer, stereo: Diarizer | None = None,
                 roles: RoleOptions | None = None, stereo_max_s: float = 3600.0) -> None:
        self.diarizer = diarizer
        self.stereo = stereo
        self.roles = roles or RoleOptions()
        self.stereo_max_s = stereo_max_s

    def wants_channels(self, channels: int, duration_s: float) -> bool:
        return self.stereo is not None and channels == 2 and duration_s <= self.stereo_max_s

    def pick(self, channels: np.ndarray | None) -> Diarizer:
        if self.stereo is not None and channels is not None and channels_are_separate(channels):
            return self.stereo
        return self.diarizer

    def run(self, samples: np.ndarray, segments: list[Segment],
            channels: np.ndarray | None = None) -> SpeakerResult:
        diarizer = self.pick(channels)
        diarization = diarizer.diarize(samples, channels)
        pairs = assign_speakers(segments, diarization.turns)
        texts: dict[int, list[str]] = {}
        for seg, spk in pairs:
            if spk is not None:
                texts.setdefault(spk, []).append(seg.text)
        cues = {k: replace(c, question_share=question_share(texts.get(k, [])))
                for k, c in diarization.cues.items()}
        labels, speakers = decide_roles(cues, self.roles)
        logger.info("speakers: %s via %s", ", ".join(s.label for s in speakers) or "none",
                    diarizer.method)
        return SpeakerResult(label_segments(pairs, labels), speakers, diarizer.method,
                             diarization.turns, labels)
