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
from service.speakers.cues import is_band_limited, speaker_cues
from service.speakers.encoder import EMBEDDING_DIM, SpeakerEncoder
from service.speakers.segmentation import (
    FRAME_STEP,
    SAMPLE_RATE,
    SegmentationModel,
    WindowActivity,
)
from service.speakers.turns import FRAME_S, runs, smooth
from service.speakers.types import Diarization, SpeakerTurn

logger = logging.getLogger("bodycam.speakers")


@dataclass(frozen=True)
class NeuralOptions:
    """Tuned on the project's own rendered encounters (tests/data), not on evaluation data."""

    step_s: float = 5.0  # window hop; 10 s windows, so every frame is seen twice
    onset: float = 0.5  # activity probability that counts as speaking
    min_embed_s: float = 0.6  # less clean speech than this in a piece is not embedded
    piece_gap_s: float = 0.25  # pauses that separate a local speaker's stretches (radio check)
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
        pieces = [p for w_idx, win in enumerate(windows)
                  for p in _pieces(samples, w_idx, win, opts)]
        embedded = [p for p in pieces if p.clean_s >= opts.min_embed_s]
        if not embedded:
            return Diarization(turns=[], method=self.method)
        vectors = np.zeros((len(embedded), EMBEDDING_DIM), dtype=np.float32)
        radio = np.zeros(len(embedded), dtype=bool)
        for i, p in enumerate(embedded):  # one piece's audio at a time: flat memory
            audio = _frames_audio(samples, windows[p.window].start_sample, p.clean)
            vectors[i] = self._enc.embed(audio)
            radio[i] = is_band_limited(audio)
        labels = self._cluster(vectors, np.array([p.clean_s for p in embedded]), radio)
        del vectors  # voiceprints end here
        assign = _spread(pieces, embedded, labels.tolist())
        turns = self._turns(samples, windows, assign)
        logger.info("diarization: %d windows, %d pieces, %d speakers, %d turns",
                    len(windows), len(embedded), len(set(labels.tolist())), len(turns))
        return Diarization(turns=turns, cues=speaker_cues(samples, turns), method=self.method)

    def _cluster(self, vectors: np.ndarray, weights: np.ndarray, radio: np.ndarray
                 ) -> np.ndarray:
        """Radio and in-person speech never share a speaker: a channel is a source too."""
        opts = self.options
        labels = np.zeros(len(vectors), dtype=int)
        offset = 0
        for group in (~radio, radio):
            if group.any():
                part = cluster(vectors[group], opts.threshold, weights[group], opts.min_speaker_s)
                labels[group] = part + offset
                offset += int(part.max()) + 1
        order: dict[int, int] = {}  # renumber by first appearance again
        return np.array([order.setdefault(int(x), len(order)) for x in labels], dtype=int)

    def _turns(self, samples: np.ndarray, windows: list, assign: list[tuple[_Piece, int]]
               ) -> list[SpeakerTurn]:
        opts = self.options
        n_speakers = max((spk for _, spk in assign), default=0) + 1
        n_frames = len(samples) // FRAME_STEP + 1
        score = np.zeros((n_frames, n_speakers), dtype=np.float32)
        seen = np.zeros(n_frames, dtype=np.float32)
        by_window: dict[int, list[tuple[_Piece, int]]] = {}
        for piece, spk in assign:
            by_window.setdefault(piece.window, []).append((piece, spk))
        for w_idx, win in enumerate(windows):
            first = round(win.start_sample / FRAME_STEP)
            count = min(win.activity.shape[0], n_frames - first)
            if count <= 0:
                continue
            seen[first:first + count] += 1
            local = np.zeros((count, n_speakers), dtype=np.float32)
            for piece, spk in by_window.get(w_idx, []):
                mask = piece.active[:count]
                # max, not sum: two local speakers (or pieces) of one window may be one person
                local[mask, spk] = np.maximum(local[mask, spk], win.activity[:count][mask, piece.k])
            score[first:first + count] += local
        score /= np.maximum(seen, 1)[:, None]
        speaking = score.max(axis=1) > opts.onset
        who = np.where(speaking, score.argmax(axis=1), -1)
        return smooth(runs(who), opts.min_turn_s, opts.max_gap_s)


@dataclass(frozen=True)
class _Piece:
    """What one local speaker of one window said through one channel kind.

    ``active`` marks the frames it covers, ``clean`` those without overlap (embedded).
    """

    window: int
    k: int
    active: np.ndarray
    clean: np.ndarray

    @property
    def clean_s(self) -> float:
        return float(self.clean.sum()) * FRAME_S


def _pieces(samples: np.ndarray, w_idx: int, win: WindowActivity, opts: NeuralOptions
            ) -> list[_Piece]:
    """Each local speaker of a window, split in two when some of its stretches came
    through a radio band and others did not: the segmentation model may give a radio
    voice and the person answering it one local slot, but a channel is a source."""
    on = win.activity > opts.onset
    clean = on & (on.sum(axis=1, keepdims=True) == 1)
    gap = max(1, round(opts.piece_gap_s / FRAME_S))
    out = []
    for k in range(on.shape[1]):
        frames = np.flatnonzero(on[:, k])
        if not len(frames):
            continue
        groups = {False: np.zeros(on.shape[0], dtype=bool),
                  True: np.zeros(on.shape[0], dtype=bool)}
        breaks = np.flatnonzero(np.diff(frames) > gap)
        for a, b in zip(np.r_[0, breaks + 1], np.r_[breaks, len(frames) - 1], strict=True):
            lo, hi = int(frames[a]), int(frames[b]) + 1
            stretch = np.zeros(on.shape[0], dtype=bool)
            stretch[lo:hi] = clean[lo:hi, k]
            radio = bool(stretch.any()) and is_band_limited(
                _frames_audio(samples, win.start_sample, stretch))
            groups[radio][lo:hi] = True
        for active in groups.values():
            if active.any():
                out.append(_Piece(w_idx, k, active & on[:, k], active & clean[:, k]))
    return out


def _spread(pieces: list[_Piece], embedded: list[_Piece], labels: list[int]
            ) -> list[tuple[_Piece, int]]:
    """Labels for every piece: one too short to embed takes the label of the other piece
    of the same local speaker in its window, when there is one."""
    own = {id(p): lab for p, lab in zip(embedded, labels, strict=True)}
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for p in embedded:
        key = (p.window, p.k)
        if key not in best or p.clean_s > best[key][0]:
            best[key] = (p.clean_s, own[id(p)])
    out = []
    for p in pieces:
        if id(p) in own:
            out.append((p, own[id(p)]))
        elif (p.window, p.k) in best:
            out.append((p, best[(p.window, p.k)][1]))
    return out


def _frames_audio(samples: np.ndarray, start: int, mask: np.ndarray) -> np.ndarray:
    """The samples under the ``True`` frames of one window, concatenated."""
    pieces = []
    for f in np.flatnonzero(mask):
        a = start + int(f) * FRAME_STEP
        pieces.append(samples[a:a + FRAME_STEP])
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
