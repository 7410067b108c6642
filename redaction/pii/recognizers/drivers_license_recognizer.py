"""Driver's licence numbers, written ("K7730154") or spelled ("K 7 7 3 0 1 5 4").

Presidio's US licence patterns need the number written as one token and a context word
within five tokens. On camera the number is read out after "your license number
reads ..." and ASR may split it into single characters, so the same spelled-identifier
finder as plates is used, and the nearest context word decides licence vs plate.
Digit-only licences ("license number 6940579") are also taken here when the context
says licence.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.recognizers.spoken import (
    NUMBER_WORD,
    SpokenRecognizer,
    find_spelled_ids,
    keyword_pattern,
    nearest_family,
    parse_digits,
)


class DriversLicenseRecognizer(SpokenRecognizer):
    """Identifiers whose nearest context word is a licence / ID word."""

    ENTITY = "US_DRIVER_LICENSE"
    CONTEXT_LICENSE = ("driver's license", "drivers license", "driver license",
                       "driver's licence", "license number", "licence number", "license",
                       "licence", "dl", "permit", "id number", "identification", "id card")
    CONTEXT_PLATE = ("license plate", "licence plate", "plate", "plates", "tag", "tags",
                     "registration", "vehicle", "car", "truck")
    WINDOW = 80
    SCORE = 0.85
    _DIGIT_RUN = re.compile(
        rf"(?<![\w$.])(?:\d+|(?i:{NUMBER_WORD}|double|triple))"
        rf"(?:(?:\s*[,\-–]\s*|\s+)(?:\d+|(?i:{NUMBER_WORD}|double|triple)))*(?![\w])"
    )
    MIN_DIGITS = 6

    def __init__(self) -> None:
        self._families = {
            "license": keyword_pattern(self.CONTEXT_LICENSE),
            "plate": keyword_pattern(self.CONTEXT_PLATE),
        }
        super().__init__(context=self.CONTEXT_LICENSE)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        spans = [(s, e) for s, e, _ in find_spelled_ids(text)]
        for m in self._DIGIT_RUN.finditer(text):
            if len(parse_digits(re.findall(r"[\w]+", m.group(0)))) >= self.MIN_DIGITS:
                spans.append((m.start(), m.end()))
        for start, end in spans:
            family = nearest_family(text, start, self._families, self.WINDOW)
            if family == "license":
                results.append(self.result(self.ENTITY, start, end, self.SCORE, "licence id"))
        return results
