"""Social security numbers in their spoken form, and their last four after a cue.

Why: "the last four of my social" is followed by four digits (or five, when ASR doubled
one) that, with a name and a date of birth, open accounts; nine digits said in groups
are the whole number.
"""

from __future__ import annotations

from typing import ClassVar

from redaction.pii.recognizers.spoken_pattern import SpokenPatternRecognizer, compact

DIGIT_RUN = r"(?<![A-Za-z0-9])\d+(?: \d+)*(?![A-Za-z0-9])"
# "last four", "ending in", not "the last four years".
LAST_FOUR_CUE = (
    r"(?<=(?i:\b(?:last\s+(?:4|four)(?!\s+(?:years?|months?|weeks?|days?|hours?|minutes?"
    r"|times?|nights?|people|blocks?|miles?|of\s+(?:them|us|those)))|ending\s+(?:in|with)"
    r"|ends\s+(?:in|with)|ending))\b[^\n.?!0-9]{0,40}?)"
)


class SpokenSsnRecognizer(SpokenPatternRecognizer):
    ENTITY = "US_SSN"
    PATTERNS: ClassVar = (
        ("spoken ssn", r"(?=(?:\d ?){9}(?![ ]?\d))" + DIGIT_RUN, 0.3),
        ("last four", LAST_FOUR_CUE + DIGIT_RUN, 0.6),
    )
    CONTEXT: ClassVar = ("social", "security", "ssn", "ss")

    def invalidate_result(self, pattern_text: str) -> bool:
        """Nine digits not starting 000/666/9xx, or 3-6 digits after a last-four cue."""
        value = compact(pattern_text)
        if len(value) == 9:
            chunks = [len(c) for c in pattern_text.split()]
            if all(c > 1 for c in chunks) and chunks not in ([9], [3, 2, 4]):
                return True  # written in another grouping ("415 555 019"): a phone
            return value[:3] in ("000", "666") or value[0] == "9" or value[3:5] == "00"
        return not 3 <= len(value) <= 6
