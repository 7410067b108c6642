"""A house number followed by a street name, without a street suffix.

Why: people give their address the way they say it ("I'm at 227 Larchmont"); with no
"street" or "drive" after it the address recognizer has nothing to anchor on. After a
place cue ("at", "on", "live at", "address is") a house number and a name word that is
capitalised, in no dictionary, or a common street name is an address.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from redaction.pii.recognizers.name_lists import name_lists
from redaction.pii.recognizers.spoken import CALENDAR_WORDS
from redaction.pii.recognizers.spoken_pattern import SpokenPatternRecognizer
from redaction.pii.recognizers.street_address_recognizer import StreetAddressRecognizer

_CUE = (r"(?<=(?i:\b(?:at|on|live\s+at|lives\s+at|living\s+at|staying\s+at|address\s+is"
        r"|address's|address|it's|over\s+at|moved\s+to|over\s+on))[ ,]+)")
_WORD = r"[A-Za-z][a-z'’]+"
# Words after a number that make it a time, a count or an amount, not a house number.
_NOT_STREET = frozenset(
    {"am", "pm", "o'clock", "oclock", "minutes", "minute", "hours", "hour", "seconds",
     "years", "year", "months", "days", "weeks", "people", "dollars", "bucks", "cents",
     "times", "percent", "miles", "mile", "feet", "foot", "blocks", "block", "of", "or",
     "and", "to", "in", "at", "on", "the", "a", "with", "for", "tonight", "today",
     "this", "that", "last", "next", "mph", "degrees", "pounds", "kids", "cars", "guys",
     "but", "so", "then", "when", "sharp", "ish", "yesterday", "tomorrow",
     "morning", "evening", "night", "points", "counts", "shots", "rounds", "units",
     "hrs", "hr", "h", "hundred", "thousand", "yards", "inches", "grams", "ounces"}
)
_COMMON = frozenset(StreetAddressRecognizer.COMMON_STREET_NAMES)


class HouseNumberStreetRecognizer(SpokenPatternRecognizer):
    ENTITY = "STREET_ADDRESS"
    PATTERNS: ClassVar = (
        ("house number street", rf"{_CUE}\b[1-9]\d{{0,4}}[ ]+{_WORD}(?:[ ]+[A-Z][a-z'’]+)?\b", 0.6),
    )
    CONTEXT: ClassVar = ("live", "address", "staying", "house", "home", "apartment")

    def invalidate_result(self, pattern_text: str) -> bool:
        """The name must be capitalised, unknown to the dictionary, or a common street name."""
        words = regex.findall(r"[A-Za-z][A-Za-z'’]+", pattern_text)
        first = words[0] if words else ""
        low = first.lower()
        if not first or low in _NOT_STREET or low in CALENDAR_WORDS:
            return True
        if low in _COMMON:
            return False
        lists = name_lists()
        return not (first[0].isupper() and first.lower() != "i") and lists.is_word_form(low)
