"""Licence plates in their spoken form, whole or partial after a plate cue.

Why: a plate read out reaches the transcript as "two double u k, seven five nine" or
as a few characters ASR kept; after "plate" or "tag" even three of them narrow a
vehicle down to its owner.
"""

from __future__ import annotations

from typing import ClassVar

from redaction.pii.recognizers.spoken_pattern import (
    ID_RUN,
    LONG_ID_RUN,
    NOT_RECORD,
    SpokenPatternRecognizer,
    compact,
    cue_before,
    has_vehicle_word,
)

PLATE_CUES = ("plate", "plates", "tag", "tags", "registration", "plate number", "tag number")


class SpokenPlateRecognizer(SpokenPatternRecognizer):
    ENTITY = "LICENSE_PLATE"
    PATTERNS: ClassVar = (
        # A whole plate: 5-8 characters with letters and digits; needs a context word.
        ("spoken plate", LONG_ID_RUN, 0.3),
        # Three or more characters soon after a plate cue, even when ASR lost the rest.
        ("plate after cue", cue_before(PLATE_CUES) + NOT_RECORD + ID_RUN, 0.5),
    )
    CONTEXT: ClassVar = ("plate", "tag", "registration", "registered", "vehicle", "car",
                         "truck", "van", "dmv")

    def invalidate_result(self, pattern_text: str) -> bool:
        """Too short, too long, or a lone number said in one chunk ("1030", "2019")."""
        value = compact(pattern_text)
        letters = sum(c.isalpha() for c in value)
        digits = sum(c.isdigit() for c in value)
        chunks = pattern_text.count(" ") + 1
        if not 3 <= len(value) <= 8 or digits == 0 or has_vehicle_word(pattern_text):
            return True
        if len(value) < 5:  # partial: only after a cue, spelled in chunks or mixed
            return not (letters or chunks >= 3)
        return letters == 0 and chunks < 3
