"""Digit sequences read aloud: phone numbers, SSNs, card numbers.

People read numbers digit by digit or in pairs ("five five five, eight sixty seven,
fifty three oh nine"), and ASR writes them back in any mix of words, digits, commas
and hyphens ("5, 5, 5, 2, 1, 2", "555-867-5300-9", "555, 396,620"). Presidio's phone
recognizer only knows written formats. Here a run of number tokens is parsed into its
digits; the count of digits and the nearest context word decide what it is. Short runs
(speeds, amounts, times: "sixty one where the limit is forty") never reach seven digits.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.recognizers.spoken import (
    NUMBER_WORD,
    SpokenRecognizer,
    keyword_pattern,
    luhn_ok,
    nearest_family,
    parse_digits,
)


class SpokenDigitsRecognizer(SpokenRecognizer):
    """Phone, SSN and card numbers spoken as words, or as comma/space separated digits."""

    ENTITIES = ("PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "US_BANK_NUMBER", "US_DRIVER_LICENSE")

    _TOKEN = rf"(?:\d{{1,4}}(?:,\d{{3}})+|\d+|(?:double|triple)|{NUMBER_WORD})"
    _SEP = r"(?:[ \t]*[,\-–()/][ \t]*|[ \t]+|\.(?=\d))"
    PATTERN = re.compile(rf"(?<![\w$£€.]){_TOKEN}(?:{_SEP}{_TOKEN})*(?![\w])", re.IGNORECASE)
    TOKENS = re.compile(_TOKEN, re.IGNORECASE)

    MIN_DIGITS = 7
    # "last four of your social? three oh one seven": four digits identify too.
    PARTIAL_DIGITS = 4
    PARTIAL = re.compile(
        r"\b(?:last|final)\s+(?:four|4)(?:\s+digits)?\b(?!\s+(?:years?|months?|weeks?|days?"
        r"|hours?|minutes?|nights?|times|people|blocks|miles|of\s+(?:us|them|those|these)\b))"
        r"|\bend(?:s|ing)?\s+(?:in|with)\b|\b(?:ending|ends)[ \t]*[:#]?[ \t]*$",
        re.IGNORECASE,
    )
    # "last four, six six zero two": ASR runs "four" into the digits that follow it.
    LAST_BEFORE = re.compile(r"\b(?:last|final)[ \t]+$", re.IGNORECASE)
    LAST_FOUR_LEAD = re.compile(r"(?:four|4)(?:[ \t]*[,:][ \t]*|[ \t]+)(?=\S)", re.IGNORECASE)
    PARTIAL_FAMILIES: ClassVar[dict[str, str]] = {
        "ssn": "US_SSN", "card": "CREDIT_CARD", "bank": "US_BANK_NUMBER",
    }
    MAX_DIGITS = 19
    WINDOW = 90  # characters of context before the number

    # Nearest keyword wins; on a tie (a phrase ending where a word ends) the earlier
    # family in this order wins, so "case number" beats "number".
    CONTEXT: ClassVar[dict[str, list[str]]] = {
        # Numbers that identify a record, not a person: leave them alone.
        "record": ["case number", "incident number", "report number", "badge number",
                   "cad number", "cad", "event number", "call number", "citation number",
                   "citation", "ticket number", "docket", "rd number", "item number",
                   "reference number", "tracking number", "order number", "serial number",
                   "receipt number", "case", "incident", "report", "badge", "receipt",
                   "order", "invoice", "reference", "tracking", "flight", "room", "model",
                   "serial"],
        "ssn": ["social security number", "social security", "social", "ssn",
                "security number"],
        "card": ["credit card number", "card number", "credit card", "debit card", "card",
                 "visa", "mastercard", "amex", "cc"],
        "bank": ["account number", "account", "routing number", "routing", "bank"],
        "license": ["driver's license number", "license number", "licence number",
                    "driver's license", "drivers license", "license", "licence", "permit",
                    "dl"],
        "phone": ["phone number", "phone", "number", "call", "cell", "mobile", "reach",
                  "text", "contact", "telephone", "landline", "fax", "dial"],
    }
    # Words right after the number that make it a quantity, not an identifier.
    QUANTITY_AFTER = re.compile(
        r"^\s*(?:dollars?|bucks|cents?|percent|%|miles?|mph|kilometers?|km|pounds?|lbs|"
        r"people|persons|times|years?|months?|days?|hours?|minutes?|seconds?|feet|foot|"
        r"meters?|grams?|kilos?|followers|views)\b",
        re.IGNORECASE,
    )
    YEAR = re.compile(r"^(?:19|20)\d\d$")

    def __init__(self) -> None:
        self._families = {k: keyword_pattern(v) for k, v in self.CONTEXT.items()}
        super().__init__(entities=self.ENTITIES,
                         context=[w for words in self.CONTEXT.values() for w in words])

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for m in self.PATTERN.finditer(text):
            start, end, span = self._trim(text, m.start(), m.end())
            lead = self.LAST_FOUR_LEAD.match(span)
            if lead and self.LAST_BEFORE.search(text, max(0, start - 12), start):
                # "the last four, six six zero two": "four" belongs to "last four".
                start, span = start + lead.end(), span[lead.end():]
            if end <= start:
                continue
            tokens = self.TOKENS.findall(span)
            digits = parse_digits(tokens)
            if len(digits) == self.PARTIAL_DIGITS:
                found = self._partial(text, start, end, tokens)
                if found and found in entities:
                    results.append(self.result(found, start, end, 0.6, "last four digits"))
                continue
            if not self.MIN_DIGITS <= len(digits) <= self.MAX_DIGITS:
                continue
            if self._is_quantity(text, start, end, tokens):
                continue
            if all(self.YEAR.match(t) for t in tokens):
                continue  # "1985, 1990": a list of years
            family = nearest_family(text, start, self._families, self.WINDOW, end, after=30)
            if family == "record" and self._record_word_closed(text, start):
                # "your social, for the report. five two three…": the record word ends
                # its own sentence, so the next identifier word back decides.
                others = {k: v for k, v in self._families.items() if k != "record"}
                family = nearest_family(text, start, others, self.WINDOW, end, after=30)
            found = self._classify(digits, family, [len(t) for t in tokens])
            if found and found[0] in entities:
                results.append(self.result(found[0], start, end, found[1],
                                           f"{len(digits)} spoken digits, context {family}"))
        return results

    def _partial(self, text: str, start: int, end: int, tokens: list[str]) -> str | None:
        """The entity of four digits after "last four of my social / card", else None."""
        if self._is_quantity(text, start, end, tokens):
            return None
        before = text[max(0, start - self.WINDOW) : start]
        if not self.PARTIAL.search(before):
            return None
        family = nearest_family(text, start, self._families, self.WINDOW)
        return self.PARTIAL_FAMILIES.get(family or "")

    def _record_word_closed(self, text: str, start: int) -> bool:
        """True when the nearest record word is followed by a sentence end before the number."""
        before = text[max(0, start - self.WINDOW) : start]
        ends = [m.end() for m in self._families["record"].finditer(before)]
        if not ends:
            return False
        between = before[ends[-1] :]
        # "Incident no. 24-118302": the full stop of an abbreviation ends no sentence.
        if re.search(r"\b(?:no|nr|num)\.\s*$", between, re.IGNORECASE):
            return False
        return re.search(r"[.?!](?:\s|$)", between) is not None

    @staticmethod
    def _trim(text: str, start: int, end: int) -> tuple[int, int, str]:
        """Drop a leading "oh" (an interjection) and a trailing "double"/"hundred"."""
        span = text[start:end]
        lead = re.match(r"^(?:(?:oh|o)\b[\s,.-]*)+", span, re.IGNORECASE)
        if lead:
            start += lead.end()
        span = text[start:end]
        tail = re.search(r"(?:[\s,.-]*\b(?:double|triple|hundred))+$", span, re.IGNORECASE)
        if tail:
            end = start + tail.start()
        return start, end, text[start:end]

    def _is_quantity(self, text: str, start: int, end: int, tokens: list[str]) -> bool:
        if start > 0 and text[start - 1] in "$£€":
            return True
        if self.QUANTITY_AFTER.match(text[end : end + 20]):
            return True
        # One written number with thousands commas ("1,250,000") is an amount.
        return len(tokens) == 1 and "," in tokens[0]

    @staticmethod
    def _classify(
        digits: str, family: str | None, groups: list[int]
    ) -> tuple[str, float] | None:
        """Entity and score from the nearest context word, the length and the grouping."""
        n = len(digits)
        if family == "record":
            return None
        if family == "ssn":
            return "US_SSN", 0.85 if n == 9 else 0.6
        if family == "card" or (13 <= n <= 19 and luhn_ok(digits)):
            return "CREDIT_CARD", 0.85 if family == "card" else 0.6
        if family == "bank":
            return "US_BANK_NUMBER", 0.7
        if family == "license":
            return "US_DRIVER_LICENSE", 0.85
        if n == 9 and groups == [3, 2, 4] and family != "phone":
            return "US_SSN", 0.6  # written or read in the 3-2-4 grouping of an SSN
        if family == "phone":
            return "PHONE_NUMBER", 0.85
        if n <= 15:
            # Seven or more digits in speech with no other explanation: a phone number
            # (or an ID read out), redacted either way.
            return "PHONE_NUMBER", 0.6 if n in (7, 10, 11) else 0.5
        return "PHONE_NUMBER", 0.3  # a long unexplained number: reported, not redacted
