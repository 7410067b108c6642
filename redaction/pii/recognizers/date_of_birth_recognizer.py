"""Dates of birth, in words or digits, and only dates of birth.

A report needs the time of the incident ("tonight around nine", "October twelfth") but not
anyone's birthday. So a date is redacted only when a birth word ("date of birth",
"born", "DOB", "birthday") precedes it within a short window, which may cross into
the previous sentence: the officer asks, the person answers ("Can I get your date of
birth." / "October twelfth, nineteen seventy one.").
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.recognizers.spoken import SpokenRecognizer, keyword_pattern, nearest_family

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_UNIT_ORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_TEEN = (r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
         r"nineteen)")
_TEEN_ORD = (r"(?:tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
             r"seventeenth|eighteenth|nineteenth)")
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_DAY = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|(?:twenty|thirty)[\s-]+(?:{_UNIT_ORD}|{_UNIT})|"
    rf"twentieth|thirtieth|{_TEEN_ORD}|{_UNIT_ORD}|{_TEEN}|twenty|thirty|{_UNIT})"
)
_YEAR = (
    rf"(?:(?:19|20)\d\d|'?\d\d|"
    rf"(?:nineteen|twenty)[\s-]+(?:hundred|oh[\s-]+{_UNIT}|{_TENS}(?:[\s-]+{_UNIT})?|{_TEEN})|"
    rf"two\s+thousand(?:\s+and)?(?:\s+(?:{_TENS}(?:[\s-]+{_UNIT})?|{_TEEN}|{_UNIT}))?)"
)

# Month and year as plain numbers: "four, seven, eighty-two", "oh nine, twelve, oh one".
_MONTH_NUMBER = rf"(?:(?:oh|zero)[\s-]+{_UNIT}|{_UNIT}|ten|eleven|twelve|0?[1-9]|1[0-2])"
_DAY_NUMBER = rf"(?:(?:oh|zero)[\s-]+{_UNIT}|{_DAY})"
_SHORT_YEAR = rf"(?:{_TENS}(?:[\s-]+{_UNIT})?|(?:oh|zero)[\s-]+{_UNIT}|{_YEAR})"
_NUMBER_SEP = r"\s*[,/.-]?\s+|\s*[,/-]\s*"


class DateOfBirthRecognizer(SpokenRecognizer):
    """Month-day(-year) dates, spoken or written, that follow a birth context word."""

    ENTITY = "DATE_OF_BIRTH"
    PATTERNS: tuple[tuple[str, str], ...] = (
        # "October twelfth, nineteen seventy one", "July 9, 2003", "Nov. 2nd 1990"
        ("month day year", rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}(?:\s*,?\s*(?:of\s+)?{_YEAR})?\b"),
        # "the second of November, nineteen ninety", "2nd November 1990"
        ("day of month", rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?\b"),
        # "four, seven, eighty-two": month, day and year as spoken numbers
        ("spoken numbers", rf"\b{_MONTH_NUMBER}(?:{_NUMBER_SEP}){_DAY_NUMBER}"
                           rf"(?:{_NUMBER_SEP}){_SHORT_YEAR}\b"),
        # "03/15/1985", "3-15-85", "1985-03-15"
        ("numeric", r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b"),
    )
    CONTEXT = ("date of birth", "birth date", "birthdate", "dob", "d.o.b", "born",
               "birthday", "birth", "b-day")
    WINDOW = 90  # characters before the date
    SCORE = 0.85

    def __init__(self) -> None:
        self._patterns = [(n, re.compile(p, re.IGNORECASE)) for n, p in self.PATTERNS]
        self._families = {"birth": keyword_pattern(self.CONTEXT)}
        super().__init__()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for name, pattern in self._patterns:
            for m in pattern.finditer(text):
                if m.group(0).strip().lower() in {"may", "march", "mar", "jan", "june"}:
                    continue
                family = nearest_family(text, m.start(), self._families, self.WINDOW,
                                        m.end(), after=25)
                if family is None:
                    continue  # a date without a birth word is an incident date: kept
                results.append(self.result(self.ENTITY, m.start(), m.end(), self.SCORE, name))
        return results
