"""Segmentation + embedding + clustering diarizer (pyannote-style, all offline on CPU).

1. segmentation-3.0 gives each 10 s window up to three local speakers with per-frame
   activity;
2. each local speaker's clean (non-overlapped) speech in the window is embedded with
   the GE2E encoder;
3. the vectors are clustered (agglomerative, cosine threshold), which links local
   speakers across windows into recording-wide speakers;
4. per frame, activity is averaged over the windows that cover it and the most active
   speaker wins; short gaps and flickers are smoothed into turns.

Vectors exist only inside ``diarize`` and are dropped when it returns.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from service.speakers.clustering import cluster
from service.speakers.cues import speaker_cues
from service.speakers.encoder import SpeakerEncoder
from service.speakers.segmentation import FRAME_STEP, SAMPLE_RATE, SegmentationModel
from service.speakers.types import Diarization, SpeakerTurn

logger = logging.getLogger("bodycam.speakers")

FRAME_S = FRAME_STEP / SAMPLE_RATE


@dataclass(frozen=True)
class NeuralOptions:
    """Tuned on the project's own rendered encounters (tests/data), not on evaluation data."""

    step_s: float = 5.0  # window hop; 10 s windows, so every frame is seen twice
    onset: float = 0.5  # activity probability that counts as speaking
    min_embed_s: float = 0.6  # less clean speech than this in a window is not embedded
    threshold: float = 0.25  # cosine distance at which clusters stop merging
    min_speaker_s: float = 1.5  # a cluster with less speech is folded into its nearest
    min_turn_s: float = 0.3  # shorter flickers join the neighbouring turn
    max_gap_s: float = 0.4  # a pause this short between one speaker's turns is bridged


class SegmentationDiarizer:
    """The default ``Diarizer``: pyannote segmentation-3.0 ONNX + resemblyzer + sklearn."""

    method = "pyannote-segmentation-3.0+ge2e"

    def __init__(self, segmentation: SegmentationModel, encoder: SpeakerEncoder,
                 options: NeuralOptions | None = None) -> None:
        self._seg = segmentation
        self._enc = encoder
        self.options = options or NeuralOptions()

    def diarize(self, samples: np.ndarray, channels: np.ndarray | None = None) -> Diarization:
        opts = self.options
        samples = np.asarray(samples, dtype=np.float32)
        if len(samples) < SAMPLE_RATE // 2:
            return Diarization(turns=[], method=self.method)
        windows = self._seg.windows(samples, opts.step_s)
        keys: list[tuple[int, int]] = []
        vectors: list[np.ndarray] = []
        weights: list[float] = []
        for w_idx, win in enumerate(windows):
            on = win.activity > opts.onset
            clean = on & (on.sum(axis=1, keepdims=True) == 1)
            for k in range(on.shape[1]):
                clean_s = float(clean[:, k].sum()) * FRAME_S
                if clean_s < opts.min_embed_s:
                    continue
                audio = _frames_audio(samples, win.start_sample, clean[:, k])
                keys.append((w_idx, k))
                vectors.append(self._enc.embed(audio))
                weights.append(clean_s)
        if not vectors:
            return Diarization(turns=[], method=self.method)
        labels = cluster(np.stack(vectors), opts.threshold, np.array(weights), opts.min_speaker_s)
        del vectors  # voiceprints end here
        turns = self._turns(samples, windows, dict(zip(keys, labels.tolist(), strict=True)))
        logger.info("diarization: %d windows, %d local speakers, %d speakers, %d turns",
                    len(windows), len(keys), len(set(labels.tolist())), len(turns))
        return Diarization(turns=turns, cues=speaker_cues(samples, turns), method=self.method)

    def _turns(self, samples: np.ndarray, windows: list, assign: dict[tuple[int, int], int]
               ) -> list[SpeakerTurn]:
        opts = self.options
        n_speakers = max(assign.values()) + 1
        n_frames = len(samples) // FRAME_STEP + 1
        score = np.zeros((n_frames, n_speakers), dtype=np.float32)
        seen = np.zeros(n_frames, dtype=np.float32)
        for w_idx, win in enumerate(windows):
            first = round(win.start_sample / FRAME_STEP)
            count = min(win.activity.shape[0], n_frames - first)
            if count <= 0:
                continue
            seen[first:first + count] += 1
            local = np.zeros((count, n_speakers), dtype=np.float32)
            for k in range(win.activity.shape[1]):
                spk = assign.get((w_idx, k))
                if spk is not None:  # max, not sum: two local speakers may be one person
                    local[:, spk] = np.maximum(local[:, spk], win.activity[:count, k])
            score[first:first + count] += local
        score /= np.maximum(seen, 1)[:, None]
        speaking = score.max(axis=1) > opts.onset
        who = np.where(speaking, score.argmax(axis=1), -1)
        return smooth(_runs(who), opts.min_turn_s, opts.max_gap_s)


def _frames_audio(samples: np.ndarray, start: int, mask: np.ndarray) -> np.ndarray:
    """The samples under the ``True`` frames of one window, concatenated."""
    pieces = []
    for f in np.flatnonzero(mask):
        a = start + int(f) * FRAME_STEP
        pieces.append(samples[a:a + FRAME_STEP])
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


def _runs(who: np.ndarray) -> list[SpeakerTurn]:
    turns: list[SpeakerTurn] = []
    start = 0
    for i in range(1, len(who) + 1):
        if i == len(who) or who[i] != who[start]:
            if who[start] >= 0:
                turns.append(SpeakerTurn(start * FRAME_S, i * FRAME_S, int(who[start])))
            start = i
    return turns


def smooth(turns: list[SpeakerTurn], min_turn_s: float, max_gap_s: float) -> list[SpeakerTurn]:
    """Bridge short same-speaker pauses; give flickers shorter than ``min_turn_s`` away."""
    turns = sorted(turns, key=lambda t: t.start)
    changed = True
    while changed and turns:
        changed = False
        merged: list[SpeakerTurn] = [turns[0]]
        for t in turns[1:]:
            prev = merged[-1]
            if t.speaker == prev.speaker and t.start - prev.end <= max_gap_s:
                merged[-1] = SpeakerTurn(prev.start, max(prev.end, t.end), prev.speaker)
                changed = True
            else:
                merged.append(t)
        turns = merged
        short = [i for i, t in enumerate(turns) if t.duration < min_turn_s]
        if short and len(turns) > 1:
            i = min(short, key=lambda j: turns[j].duration)
            t = turns[i]
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(turns)
                          and abs(turns[j].start - t.end if j > i else t.start - turns[j].end)
                          <= max_gap_s]
            if neighbours:
                j = max(neighbours, key=lambda j: turns[j].duration)
                turns[i] = SpeakerTurn(t.start, t.end, turns[j].speaker)
            else:
                del turns[i]
            changed = True
    return turns
