"""Decide roles inside one recording: the camera's wearer, radio traffic, everyone else.

Evidence, none of which identifies a person:

* **radio** — a speaker whose speech has almost no energy above 3.4 kHz or below
  250 Hz went through a radio or phone channel: ``DISPATCH``;
* **closeness to the microphone** — the wearer's voice is the loudest (level relative
  to the other speakers, in dB);
* **who asks** — the share of a speaker's sentences that ASR punctuated as questions
  (the officer asks what happened, for names, for documents);
* **share of speech** and **who speaks first** — weak, only to break near-ties.

The cues are combined in a fixed, documented score (weights below, set from how the
cues behave on the project's own rendered encounters, never fitted to evaluation
recordings) and turned into a confidence with a softmax over the candidates. When the
best candidate is not clearly ahead, it is labelled ``SPEAKER_1`` ("probably the
officer") rather than ``OFFICER``. Everyone else is ``SPEAKER_2``, ``SPEAKER_3``… in
order of first appearance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from service.speakers.cues import RADIO_MAX_HIGH, RADIO_MAX_LOW
from service.speakers.types import (
    DISPATCH,
    OFFICER,
    UNSURE_OFFICER,
    SpeakerCues,
    SpeakerInfo,
)

_SENTENCE_END = re.compile(r"[.!?]+")


@dataclass(frozen=True)
class RoleOptions:
    """Weights and thresholds of the role score (see the module docstring)."""

    radio_high_band: float = RADIO_MAX_HIGH  # energy share above 3.4 kHz below which: radio
    radio_low_band: float = RADIO_MAX_LOW  # share below 250 Hz, same
    w_level: float = 1.0  # per 4 dB louder than the median other speaker (clipped at ±1.5)
    w_questions: float = 2.0  # per unit of question share above the others' mean
    w_share: float = 1.0  # per unit of speech share above an even split
    w_first: float = 0.3  # spoke first
    sure: float = 0.65  # softmax probability needed to say OFFICER instead of SPEAKER_1
    alone: float = 0.75  # confidence when only one non-radio voice is heard


def question_share(texts: list[str]) -> float:
    """Share of sentences that end in a question mark (ASR punctuation)."""
    text = " ".join(texts)
    ends = _SENTENCE_END.findall(text)
    if not ends:
        return 0.0
    return sum(1 for e in ends if "?" in e) / len(ends)


def is_radio(cue: SpeakerCues, opts: RoleOptions) -> bool:
    return cue.high_band < opts.radio_high_band and cue.low_band < opts.radio_low_band


def officer_scores(cues: list[SpeakerCues], opts: RoleOptions) -> dict[int, float]:
    """The wearer score of each candidate (higher = more likely the officer)."""
    total = sum(c.speech_s for c in cues) or 1.0
    first = min(cues, key=lambda c: c.first_start).speaker
    scores = {}
    for c in cues:
        others = [o for o in cues if o.speaker != c.speaker]
        other_level = sorted(o.level_db for o in others)[len(others) // 2]
        other_q = sum(o.question_share for o in others) / len(others)
        level = max(-1.5, min(1.5, (c.level_db - other_level) / 4.0))
        scores[c.speaker] = (opts.w_level * level
                             + opts.w_questions * (c.question_share - other_q)
                             + opts.w_share * (c.speech_s / total - 1.0 / len(cues))
                             + opts.w_first * (c.speaker == first))
    return scores


def decide_roles(cues: dict[int, SpeakerCues], opts: RoleOptions | None = None
                 ) -> tuple[dict[int, str], list[SpeakerInfo]]:
    """Labels per speaker index and the ``speakers`` list for result.json."""
    opts = opts or RoleOptions()
    labels: dict[int, str] = {}
    roles: dict[int, tuple[str, float]] = {}
    radio = [c for c in cues.values() if is_radio(c, opts)]
    for c in radio:
        margin = 1.0 - c.high_band / opts.radio_high_band
        labels[c.speaker] = DISPATCH
        roles[c.speaker] = ("dispatch", 0.5 + 0.5 * margin)
    people = [c for c in cues.values() if c.speaker not in labels]
    if len(people) == 1:
        labels[people[0].speaker] = OFFICER
        roles[people[0].speaker] = ("officer", opts.alone)
    elif people:
        scores = officer_scores(people, opts)
        top = max(scores, key=lambda s: scores[s])
        z = sum(math.exp(v - scores[top]) for v in scores.values())
        p = 1.0 / z
        labels[top] = OFFICER if p >= opts.sure else UNSURE_OFFICER
        roles[top] = ("officer", p)
        for c in people:
            if c.speaker != top:
                roles[c.speaker] = ("other", 1.0 - math.exp(scores[c.speaker] - scores[top]) / z)
    n = 2
    for c in sorted(people, key=lambda c: c.first_start):
        if c.speaker not in labels:
            labels[c.speaker] = f"SPEAKER_{n}"
            n += 1
    order = sorted(cues.values(), key=lambda c: c.first_start)
    speakers = [SpeakerInfo(labels[c.speaker], roles[c.speaker][0], roles[c.speaker][1],
                            c.speech_s) for c in order]
    return labels, speakers
