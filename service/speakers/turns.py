"""Per-frame speaker decisions to turns, and the smoothing both diarizers share."""

from __future__ import annotations

import numpy as np

from service.speakers.segmentation import FRAME_STEP, SAMPLE_RATE
from service.speakers.types import SpeakerTurn

FRAME_S = FRAME_STEP / SAMPLE_RATE


def runs(who: np.ndarray) -> list[SpeakerTurn]:
    """Turns from a per-frame speaker index (-1 = nobody)."""
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
