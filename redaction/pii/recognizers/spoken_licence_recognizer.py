"""Driver's licence numbers in their spoken form, whole or partial after a licence cue.

Why: a licence read letter by letter ("k m v four two oh…") or written as one run by
ASR is as identifying as a name; after "licence" three characters are already a lead.
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

LICENCE_CUES = ("license", "licence", "license number", "licence number", "dl",
                "driver's license", "drivers license", "id number", "permit")


class SpokenLicenceRecognizer(SpokenPatternRecognizer):
    ENTITY = "US_DRIVER_LICENSE"
    PATTERNS: ClassVar = (
        # Without a cue, a licence needs a letter: digits alone are left to the phone,
        # SSN and licence-number recognizers, which know their shapes.
        ("spoken licence", LONG_ID_RUN.replace("(?=(?:", "(?=[A-Z0-9 ]*[A-Z])(?=(?:", 1), 0.3),
        ("licence after cue", cue_before(LICENCE_CUES) + NOT_RECORD + ID_RUN, 0.55),
    )
    CONTEXT: ClassVar = ("license", "licence", "dl", "driver", "permit")

    def invalidate_result(self, pattern_text: str) -> bool:
        """A licence has 3-19 characters, at least one digit, or is spelled in chunks."""
        value = compact(pattern_text)
        digits = sum(c.isdigit() for c in value)
        chunks = pattern_text.count(" ") + 1
        if not 3 <= len(value) <= 19 or digits == 0 or has_vehicle_word(pattern_text):
            return True
        if len(value) < 6:
            return chunks < 3 and digits == len(value)
        return digits < 4 and chunks < 3
