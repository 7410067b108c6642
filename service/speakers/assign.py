"""Put the diarizer's speakers on the ASR words and segments.

Each word takes the speaker whose turns overlap it most (or the nearest turn within
half a second, for words the segmentation model heard as a pause). A segment whose
words change speaker is split there, so a redaction slot or a narrative citation never
spans two people. Split segments are renumbered in order.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from redaction.types import Segment, Word
from service.speakers.types import SpeakerTurn

NEAREST_S = 0.5  #: a word this close to a turn (but not inside any) joins it
MIN_RUN_S = 0.35  #: a single word shorter than this between one speaker's words joins them


class _TurnIndex:
    def __init__(self, turns: list[SpeakerTurn]) -> None:
        self.turns = sorted(turns, key=lambda t: t.start)
        self.starts = [t.start for t in self.turns]

    def speaker(self, start: float, end: float) -> int | None:
        """The speaker overlapping ``[start, end]`` most, else the nearest one close by."""
        if not self.turns:
            return None
        i = bisect.bisect_right(self.starts, end)
        overlap: dict[int, float] = {}
        for t in self.turns[max(0, i - 8):i]:
            o = min(end, t.end) - max(start, t.start)
            if o > 0:
                overlap[t.speaker] = overlap.get(t.speaker, 0.0) + o
        if overlap:
            return max(overlap, key=lambda s: overlap[s])
        mid = (start + end) / 2
        best, dist = None, NEAREST_S
        for t in self.turns[max(0, i - 2):i + 2]:
            d = max(t.start - mid, mid - t.end, 0.0)
            if d <= dist:
                best, dist = t.speaker, d
        return best


def assign_speakers(segments: list[Segment], turns: list[SpeakerTurn]
                    ) -> list[tuple[Segment, int | None]]:
    """Segments split at speaker changes, each with its speaker index (None: unknown)."""
    index = _TurnIndex(turns)
    out: list[tuple[Segment, int | None]] = []
    for seg in segments:
        if not seg.words:
            out.append((seg, index.speaker(seg.start, seg.end)))
            continue
        who = [index.speaker(w.start, w.end) for w in seg.words]
        who = _fill_unknown(who)
        who = _smooth(list(seg.words), who)
        out.extend(_split(seg, who))
    return [(replace(s, id=i), spk) for i, (s, spk) in enumerate(out)]


def _fill_unknown(who: list[int | None]) -> list[int | None]:
    """A word with no turn near it belongs with the words around it."""
    known = [w for w in who if w is not None]
    if not known:
        return who
    filled: list[int | None] = []
    last = known[0]
    for w in who:
        last = w if w is not None else last
        filled.append(last)
    return filled


def _smooth(words: list[Word], who: list[int | None]) -> list[int | None]:
    """A lone short word between two runs of one speaker is a boundary error, not a turn."""
    who = list(who)
    for i in range(1, len(who) - 1):
        if (who[i] != who[i - 1] and who[i - 1] == who[i + 1]
                and words[i].end - words[i].start < MIN_RUN_S):
            who[i] = who[i - 1]
    return who


def _split(seg: Segment, who: list[int | None]) -> list[tuple[Segment, int | None]]:
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(who) + 1):
        if i == len(who) or who[i] != who[start]:
            runs.append((start, i))
            start = i
    if len(runs) == 1:
        return [(seg, who[0])]
    parts = []
    for a, b in runs:
        words = seg.words[a:b]
        text = "".join(w.word for w in words).strip()
        parts.append((replace(seg, start=words[0].start, end=words[-1].end, text=text,
                              words=tuple(words)), who[a]))
    return parts


def label_segments(pairs: list[tuple[Segment, int | None]], labels: dict[int, str]
                   ) -> list[Segment]:
    """Write the output labels (OFFICER, SPEAKER_2, …) onto segments and their words."""
    out = []
    for seg, spk in pairs:
        label = labels.get(spk) if spk is not None else None
        words = tuple(replace(w, speaker=label) for w in seg.words)
        out.append(replace(seg, speaker=label, words=words))
    return out
