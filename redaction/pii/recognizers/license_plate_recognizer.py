"""Licence plates, written ("5MQL703") or spelled out ("5 M Q L 7 0 3", "six double x three").

Officers read plates to dispatch letter by letter; ASR writes them as single letters and
digits, as words, or glued into one token. Any such letter+digit identifier of five or
more characters is redacted; it is typed LICENSE_PLATE unless the nearest context word
says it is a driver's licence (that one is ``DriversLicenseRecognizer``'s).

Right after a plate word ("plate", "tag") plates in groups are taken as well: letters
and digits in two or three groups split by a space or dash ("HJK-4821", "DX 48213"),
and spelled plates that hold an "a" or "i" ("6 m a b 2 9 0").
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.recognizers.name_lists import name_lists
from redaction.pii.recognizers.spoken import (
    COMMON_WORDS,
    NOT_ID,
    VEHICLE_MAKES,
    VEHICLE_MODELS,
    SpokenRecognizer,
    find_spelled_ids,
    keyword_pattern,
    nearest_family,
)

_NON_WORD = re.compile(r"[^\w\n]*")
_WORD = re.compile(r"[\w'’]+")


class LicensePlateRecognizer(SpokenRecognizer):
    """Letter+digit identifiers read near plate/vehicle words (or with no context at all)."""

    ENTITY = "LICENSE_PLATE"
    CONTEXT_PLATE = ("license plate", "licence plate", "plate", "plates", "tag", "tags",
                     "registration", "registered", "vehicle", "car", "truck", "van",
                     "motorcycle", "tag number", "plate number")
    CONTEXT_LICENSE = ("driver's license", "drivers license", "driver license", "license",
                       "licence", "dl", "permit", "id number", "identification", "passport")
    # Tags and numbers of things in custody or on file, not of cars ("Property tag #P-5521").
    CONTEXT_RECORD = ("property tag", "evidence tag", "inventory tag", "property number",
                      "evidence number", "item number", "case number", "report number",
                      "price tag", "name tag", "dog tag", "luggage tag", "bag tag")
    WINDOW = 80
    SCORE_WITH_CONTEXT = 0.85
    SCORE_NO_CONTEXT = 0.5  # a spelled letter+digit string in speech is an identifier
    # Plate words after which the next few words are searched for a grouped plate.
    PLATE_CUE = r"\b(?:license\s+plate|licence\s+plate|plates?|tags?)\b"
    CUE_WORDS_AFTER = 7  # "the plate on the trailer, is it HJK-4821?"
    # One group of a plate: letters or digits or both ("HJK", "4821", "417RTZ").
    GROUP = r"[A-Za-z0-9]{1,8}(?![\w'’])"
    GROUP_SEP = r"[ \t]*[-–][ \t]*|[ \t]+|[ \t]*,[ \t]*"
    # Above spaCy's 0.85: a plate after a plate word that spaCy read as a name is a plate.
    SCORE_CUE = 0.9
    MIN_CHARS, MAX_CHARS = 5, 10

    def __init__(self) -> None:
        # On a tie (a phrase ending where a word ends) the earlier family wins.
        self._families = {
            "record": keyword_pattern(self.CONTEXT_RECORD),
            "plate": keyword_pattern(self.CONTEXT_PLATE),
            "license": keyword_pattern(self.CONTEXT_LICENSE),
        }
        self._record_before = re.compile(
            r"\b(?:property|evidence|inventory|price|name|dog|luggage|bag)[ \t]+$",
            re.IGNORECASE)
        self._cue = re.compile(self.PLATE_CUE, re.IGNORECASE)
        self._group = re.compile(self.GROUP)
        self._sep = re.compile(self.GROUP_SEP)
        super().__init__(context=self.CONTEXT_PLATE)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for start, end, _value in find_spelled_ids(text):
            family = nearest_family(text, start, self._families, self.WINDOW, end, after=40)
            if family in ("license", "record"):
                continue
            score = self.SCORE_WITH_CONTEXT if family == "plate" else self.SCORE_NO_CONTEXT
            results.append(self.result(self.ENTITY, start, end, score, f"spelled id, {family}"))
        for m in self._cue.finditer(text):
            if self._record_before.search(text, max(0, m.start() - 20), m.start()):
                continue  # "property tag #P-5521", "the dog tag"
            span = self._plate_after(text, m.end())
            if span is not None:
                results.append(self.result(self.ENTITY, *span, self.SCORE_CUE, "after plate word"))
        return results

    def _plate_after(self, text: str, pos: int) -> tuple[int, int] | None:
        """The first run of plate groups within a few words after a plate word, on its line."""
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        words = 0
        p = pos
        while words <= self.CUE_WORDS_AFTER:
            gap = _NON_WORD.match(text, p, stop)
            p = gap.end() if gap else p
            m = _WORD.match(text, p, stop)
            if m is None:
                return None
            span = self._groups_at(text, m.start(), stop)
            if span is not None:
                return span
            p = m.end()
            words += 1
        return None

    def _groups_at(self, text: str, pos: int, stop: int) -> tuple[int, int] | None:
        """Plate-like groups starting at ``pos`` with letters and 2+ digits, 5-10 chars."""
        groups: list[re.Match[str]] = []
        p = pos
        while len(groups) < 8:
            g = self._group.match(text, p, stop)
            if g is None or not self._plate_group(g.group(0), first=not groups):
                break
            groups.append(g)
            sep = self._sep.match(text, g.end(), stop)
            if sep is None:
                break
            p = sep.end()
        while groups:
            value = "".join(g.group(0) for g in groups)
            letters = sum(c.isalpha() for c in value)
            digits = sum(c.isdigit() for c in value)
            spelled = all(len(g.group(0)) == 1 for g in groups)
            if (self.MIN_CHARS <= len(value) <= self.MAX_CHARS and letters >= 1
                    and digits >= 2 and (spelled or len(groups) <= 3)):
                return groups[0].start(), groups[-1].end()
            groups.pop()
        return None

    @staticmethod
    def _plate_group(group: str, first: bool) -> bool:
        """Digits, capitals ("HJK"), a spelled letter, or letters that are no word or car."""
        low = group.lower()
        if low in VEHICLE_MAKES or low in VEHICLE_MODELS or NOT_ID.match(group):
            return False  # "plate is a 2019 honda", "the 1990s"
        if any(c.isdigit() for c in group) or group.isupper():
            return True
        if len(group) == 1:
            return not (first and low in ("a", "i"))  # "plate is a 2019 honda"
        return low not in COMMON_WORDS and not name_lists().is_word_form(low)
