"""Licence plates, written ("8KDR421") or spelled out ("8 K T R 4 2 1", "six double x three").

Officers read plates to dispatch letter by letter; ASR writes them as single letters and
digits, as words, or glued into one token. Any such letter+digit identifier of five or
more characters is redacted; it is typed LICENSE_PLATE unless the nearest context word
says it is a driver's licence (that one is ``DriversLicenseRecognizer``'s).
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.recognizers.spoken import (
    SpokenRecognizer,
    find_spelled_ids,
    keyword_pattern,
    nearest_family,
)


class LicensePlateRecognizer(SpokenRecognizer):
    """Letter+digit identifiers read near plate/vehicle words (or with no context at all)."""

    ENTITY = "LICENSE_PLATE"
    CONTEXT_PLATE = ("license plate", "licence plate", "plate", "plates", "tag", "tags",
                     "registration", "registered", "vehicle", "car", "truck", "van",
                     "motorcycle", "tag number", "plate number")
    CONTEXT_LICENSE = ("driver's license", "drivers license", "driver license", "license",
                       "licence", "dl", "permit", "id number", "identification", "passport")
    WINDOW = 80
    SCORE_WITH_CONTEXT = 0.85
    SCORE_NO_CONTEXT = 0.5  # a spelled letter+digit string in speech is an identifier

    def __init__(self) -> None:
        self._families = {
            "plate": keyword_pattern(self.CONTEXT_PLATE),
            "license": keyword_pattern(self.CONTEXT_LICENSE),
        }
        super().__init__(
            supported_entities=[self.ENTITY], name="LicensePlateRecognizer",
            context=list(self.CONTEXT_PLATE),
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for start, end, _value in find_spelled_ids(text):
            family = nearest_family(text, start, self._families, self.WINDOW, end, after=40)
            if family == "license":
                continue
            score = self.SCORE_WITH_CONTEXT if family == "plate" else self.SCORE_NO_CONTEXT
            results.append(self.result(self.ENTITY, start, end, score, f"spelled id, {family}"))
        return results
