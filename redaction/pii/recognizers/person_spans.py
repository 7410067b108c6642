"""Corrections to PERSON spans after the recognizers ran (not a recognizer).

``redaction.pii.redactor.analyze`` merges what every recognizer found; some of it is not a person
and some persons sit right next to a finding. Here: cars and report labels read as
names ("gray Hyundai", "Vehicle:"), lower-case things spaCy calls a person ("grey
blanket"), and a name said twice before its full form ("bogdan, bogdan petrov").
Findings are any frozen dataclass with ``start``, ``end``, ``entity_type`` and ``score``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, TypeVar

from presidio_analyzer import RecognizerResult

from redaction.pii.recognizers.name_lists import fold, name_lists
from redaction.pii.recognizers.spoken import (
    COLOUR_WORDS,
    COMMON_WORDS,
    NAME_WORD,
    ROLE_WORDS,
    TITLE_WORDS,
    VEHICLE_MAKES,
    VEHICLE_MODELS,
    VEHICLE_WORDS,
)

F = TypeVar("F")

_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_LETTERS = re.compile(r"[^\W\d_]+")


def without_vehicles_and_roles(text: str, findings: list[F]) -> list[F]:
    """Drop PERSON findings that are a car ("gray Hyundai", "Nissan Altima") or a role label.

    spaCy reads a capitalised make and model as a name, and report labels ("Vehicle:",
    "Arrestee:", "Victim Omar …") as one or as part of one. A make counts as a car only
    with a model, a colour or a year next to it ("Ford" alone may be a surname); leading
    role words are trimmed off a longer name.
    """
    # A make seen as a car anywhere in the text ("that blue Honda") is a car everywhere
    # in it ("that's my Honda!"), not a surname the recurring-name pass should spread.
    cars = {m.group(0).lower() for m in _WORDS.finditer(text)
            if m.group(0).lower() in VEHICLE_MAKES
            and _is_vehicle(text, m.start(), m.end(), [m.group(0).lower()])}
    out: list[F] = []
    for f in findings:
        g: Any = f
        if g.entity_type != "PERSON":
            out.append(f)
            continue
        if cars and {w.lower() for w in _WORDS.findall(text[g.start : g.end])} <= cars:
            continue
        words = list(_WORDS.finditer(text, g.start, g.end))
        low = [w.group(0).lower() for w in words]
        if not words or all(w in ROLE_WORDS or w in VEHICLE_WORDS for w in low):
            continue
        if _is_vehicle(text, g.start, g.end, low):
            continue
        k = 0
        while k < len(words) - 1 and low[k] in ROLE_WORDS:
            k += 1
        out.append(replace(g, start=words[k].start()) if k else f)
    return out


def _is_vehicle(text: str, start: int, end: int, low: list[str]) -> bool:
    if not any(w in VEHICLE_MAKES for w in low):
        return False
    before = _WORDS.findall(text[max(0, start - 20) : start])
    after = _WORDS.findall(text[end : end + 30])
    prev = before[-1].lower() if before else ""
    nxt = after[0].lower() if after else ""
    return (any(w in VEHICLE_MODELS or w in COLOUR_WORDS or _YEAR.fullmatch(w) for w in low)
            or nxt in VEHICLE_MODELS or nxt in VEHICLE_WORDS
            or prev in COLOUR_WORDS or _YEAR.fullmatch(prev) is not None)


SPACY_RECOGNIZER = "SpacyRecognizer"
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’])(?:a|an|the)[ \t]+$")


def is_lower_case_thing(text: str, result: RecognizerResult) -> bool:
    """A lower-case spaCy PERSON made of dictionary words ending in a thing ("grey blanket").

    spaCy's small model calls a lower-case noun phrase at a segment start a person now
    and then. When all its words are dictionary words, or the first is a colour ("grey
    hoodie"), and the last one no list knows as a given name or surname, it is the
    thing; "rashida baker" and "alvir spent" ("alvir" is no word) stay persons.
    """
    meta = result.recognition_metadata or {}
    if result.entity_type != "PERSON" or meta.get(
            RecognizerResult.RECOGNIZER_NAME_KEY) != SPACY_RECOGNIZER:
        return False
    value = text[result.start : result.end]
    if value != value.lower():
        return False
    if _ARTICLE_BEFORE.search(text, max(0, result.start - 6), result.start) and (
            _LETTERS.fullmatch(value) and name_lists().is_word_form(value)):
        return True  # "a bush caught fire": one dictionary word after an article
    words = [w for w in _LETTERS.findall(value) if len(w) >= 3]
    if not words:
        return False
    lists = name_lists()
    last = words[-1]
    return (last not in COMMON_WORDS and not lists.is_given(last)
            and not lists.is_surname(last)
            and (words[0] in COLOUR_WORDS
                 or all(w in COMMON_WORDS or lists.is_word_form(w) for w in words)))


_REPEATED_BEFORE = re.compile(rf"(?<![\w'’-])({NAME_WORD})[ \t]*,[ \t]*$")


def names_said_before(text: str, findings: list[F], score: float) -> list[F]:
    """New PERSON findings for a name said just before its full form.

    "bogdan, bogdan petrov", "alex, alexandra novak": the word before the comma is the
    person's first name again, or a short form of it that is a listed given name and no
    verb or adjective (so "i will, william" keeps "will").
    """
    lists = name_lists()
    out: list[F] = []
    for f in findings:
        g: Any = f
        if g.entity_type != "PERSON":
            continue
        first = _WORDS.match(text, g.start)
        m = _REPEATED_BEFORE.search(text, max(0, g.start - 40), g.start)
        if first is None or m is None:
            continue
        word, name = m.group(1).lower(), first.group(0).lower()
        if word in COMMON_WORDS or word in TITLE_WORDS:
            continue
        short_form = (len(word) >= 3 and name.startswith(word) and lists.is_given(word)
                      and fold(word) not in lists.non_nouns)
        if word == name or short_form:
            out.append(replace(g, start=m.start(1), end=m.end(1), score=score))
    return out
