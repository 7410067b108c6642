"""Dates of birth by their year: a full date ten or more years back is someone's birth.

Why: the birth cue is often garbled by ASR ("day to birth…") or said a sentence
earlier, but an incident report has little use for a full calendar date a decade or
more before the recording, while a person's date of birth is exactly that. A month and
year alone, or a year before a month, count only next to a birth word.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import regex

from redaction.pii.recognizers.spoken import MONTHS
from redaction.pii.recognizers.spoken_pattern import SpokenPatternRecognizer

_MONTH = (r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True))
          + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)")
_DAY = r"(?:[12]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_SEP = r"[ ,]+(?:of[ ]+)?"
MIN_YEARS_BEFORE = 10


class BirthYearRecognizer(SpokenPatternRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    PATTERNS: ClassVar = (
        ("month day year", rf"\b{_MONTH}{_SEP}{_DAY}{_SEP}{_YEAR}\b", 0.6),
        ("day month year", rf"\b{_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}\b", 0.6),
        ("numeric date", rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:{_YEAR}|\d\d)\b", 0.6),
        # Partial dates: only with a birth word nearby (Presidio's context enhancer).
        ("year month day", rf"\b{_YEAR}{_SEP}{_MONTH}(?:{_SEP}{_DAY})?\b", 0.3),
        ("month year", rf"\b{_MONTH}{_SEP}{_YEAR}\b", 0.3),
    )
    CONTEXT: ClassVar = ("birth", "born", "dob", "birthday", "birthdate")

    def __init__(self, reference_year: int | None = None) -> None:
        """``reference_year``: the recording's year (default: this year)."""
        self.reference_year = reference_year or dt.date.today().year
        super().__init__()

    def invalidate_result(self, pattern_text: str) -> bool:
        """Keep only dates at least MIN_YEARS_BEFORE years before the recording."""
        years = regex.findall(r"(?<!\d)(\d{4}|\d\d)(?!\d)", pattern_text)
        if not years:
            return True
        year = int(years[-1]) if len(years[-1]) == 4 else None
        if year is None:  # "4/7/82": a two-digit year is in the past century or this one
            two = int(years[-1])
            year = 2000 + two if 2000 + two <= self.reference_year else 1900 + two
        return year > self.reference_year - MIN_YEARS_BEFORE or year < 1900
