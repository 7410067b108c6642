"""PII detection and pseudonymisation of transcripts (Presidio + spoken-form recognizers).

The analyzer runs on the whole transcript at once (so "my name is" in one segment gives
context to the next) and the findings are mapped back to segments and then to audio
time through the word timestamps. Each distinct value gets a stable label per
recording (``[PERSON_1]``); the value->label mapping stays in memory and is never
written to default outputs.
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig

from redaction.audio import audio_span
from redaction.pii.entities import EntityPolicy, default_entity_policy
from redaction.pii.nlp import SPACY_MODEL
from redaction.pii.recognizers.name_lists import fold, name_lists
from redaction.pii.recognizers.person_spans import (
    is_lower_case_thing,
    names_said_before,
    without_vehicles_and_roles,
)
from redaction.pii.recognizers.spoken import (
    CALENDAR_WORDS,
    COMMON_WORDS,
    NAME_WORD,
    NON_NAME_POS,
    ROLE_WORDS,
    TITLE_WORDS,
    VEHICLE_MAKES,
    TokenIndex,
    spelled_letter_runs,
)
from redaction.pii.slots import SlotTurn, find_slots
from redaction.types import RedactedSegment, RedactedTranscript, Redaction, Transcript

_ANALYZER_LOCK = threading.Lock()


def _offline_tldextract() -> None:
    """Presidio's e-mail validator calls tldextract, which downloads the suffix list.

    Point it at the snapshot bundled with tldextract so nothing is fetched.
    """
    import tldextract
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    email_recognizer.tldextract = SimpleNamespace(extract=extractor)


class _FastLemmaEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer, finding a result's token by bisection.

    The stock version scans every token of the text for every result, which is
    quadratic on an hour-long transcript; the behaviour is otherwise identical.
    """

    @staticmethod
    def _find_index_of_match_token(
        word: str, start: int, tokens: Any, tokens_indices: list[int]
    ) -> int:
        i = bisect_right(tokens_indices, start) - 1
        if i < 0:
            return 0
        if start < tokens_indices[i] + len(tokens[i]) or i + 1 >= len(tokens_indices):
            return i
        return i + 1


@lru_cache(maxsize=1)
def build_analyzer() -> AnalyzerEngine:
    """The Presidio analyzer on the bundled spaCy model plus our recognizers (built once).

    The dependency parser is switched off: no recognizer uses it and it is a third of
    spaCy's time on a long transcript.
    """
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from redaction.pii.recognizers import register_all

    _offline_tldextract()
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
        }
    )
    nlp_engine = provider.create_engine()
    for nlp in getattr(nlp_engine, "nlp", {}).values():
        if "parser" in nlp.pipe_names:
            nlp.disable_pipe("parser")
    analyzer = AnalyzerEngine(
        nlp_engine=nlp_engine,
        supported_languages=["en"],
        context_aware_enhancer=_FastLemmaEnhancer(),
    )
    register_all(analyzer.registry)
    return analyzer


@lru_cache(maxsize=8)
def _requested_entities(policy: EntityPolicy) -> list[str]:
    """The policy's entities that some recognizer supports (Presidio warns on others)."""
    supported = set(build_analyzer().get_supported_entities("en"))
    return sorted(set(policy.detect_entities()) & supported)


@dataclass(frozen=True)
class Finding:
    """A detected span in the original text (kept in memory only)."""

    start: int
    end: int
    entity_type: str
    score: float
    reason: str = ""  # set when no recognizer matched: an answer slot


class Redactor(ABC):
    """Replaces PII in a transcript by placeholders."""

    @abstractmethod
    def redact(self, transcript: Transcript) -> RedactedTranscript: ...

    @abstractmethod
    def redact_text(self, text: str) -> tuple[str, int]:
        """Redact free text (e.g. an LLM output); return it and the number of hits."""


def analyze(text: str, policy: EntityPolicy | None = None,
            extra: Sequence[Finding] = ()) -> list[Finding]:
    """Find the spans to redact in ``text`` under ``policy``; overlaps resolved.

    Two passes: Presidio with the project recognizers, then every other mention of a
    detected person's given name or surname ("Mr. Carter" after "John Carter", or
    "Carter" alone), since a surname alone still identifies someone. Around them: cars
    and role labels are dropped, a person's span grows over the given name before it,
    and letters spelling a person's name are redacted too. ``extra`` findings (answer
    slots) join before the person passes; their name words recur only when no dictionary
    knows them.
    """
    policy = policy or default_entity_policy()
    if not text.strip():
        return []
    analyzer = build_analyzer()
    entities = _requested_entities(policy)
    with _ANALYZER_LOCK:
        artifacts = analyzer.nlp_engine.process_text(text, "en")
        results: list[RecognizerResult] = analyzer.analyze(
            text=text, language="en", entities=entities, nlp_artifacts=artifacts
        )
    findings = [
        _without_possessive(text, Finding(r.start, r.end, policy.canonical(r.entity_type),
                                          r.score))
        for r in results
        if policy.should_redact(r.entity_type, r.score, text[r.start : r.end])
        and not is_lower_case_thing(text, r)
    ]
    findings = _resolve_overlaps(findings)
    # Name words the recognizers found recur even where a slot's span swallows them.
    recognized = [f for f in findings if f.entity_type == "PERSON"]
    findings = _resolve_overlaps(findings + [f for f in extra if f.end > f.start])
    if "PERSON" in policy.redact:
        tokens = TokenIndex(artifacts)
        findings = without_vehicles_and_roles(text, findings)
        recognized = without_vehicles_and_roles(text, recognized)
        parts: set[str] = set()
        # Twice: a later mention found by the recurring pass ("mr zielinski") may show the
        # given name before an earlier one ("piotr zielinski"), whose lone mentions follow.
        for _ in range(2):
            findings = _resolve_overlaps(_with_given_names_before(text, findings, tokens))
            findings = _resolve_overlaps(
                findings + names_said_before(text, findings, RECURRING_NAME_SCORE))
            new_parts = (_person_name_parts(text, findings, policy)
                         | _person_name_parts(text, recognized, policy))
            if new_parts == parts:
                break
            parts = new_parts
            findings = _places_that_are_names(text, findings, parts)
            findings = _resolve_overlaps(
                findings + _recurring_names(text, findings, parts, tokens)
            )
        findings = _resolve_overlaps(findings + _spelled_names(text, findings, parts))
    return findings


_WORD_BEFORE = re.compile(rf"(?<![\w'’-])({NAME_WORD})[ \t]+$")
_FILLER = re.compile(r"(?:u+h+|u+m+|h+m+|m+h+m+|e+r+m*|a+h+|o+h+)", re.IGNORECASE)


def _with_given_names_before(
    text: str, findings: list[Finding], tokens: TokenIndex
) -> list[Finding]:
    """Grow a PERSON span leftwards over the given name right before it.

    spaCy and the recognizers often take only the surname of a lower-case or unfamiliar
    name ("tomasz [wozniak]", "ji-hoon [park]"). The word before it is taken when it is a
    known given name (one that is also an English word only if not tagged as a verb,
    adverb etc.: "will", "may") or, in that slot, an alphabetic word no dictionary knows.
    """
    out: list[Finding] = []
    ends = {f.end: f for f in findings if f.entity_type != "PERSON"}
    for f in findings:
        if f.entity_type == "PERSON":
            for _ in range(2):  # "maria elena [garcia]"
                m = _WORD_BEFORE.search(text, max(0, f.start - 40), f.start)
                if m is None or any(e > m.start(1) for e in ends if e <= f.start):
                    break
                if not _given_name_word(m.group(1), tokens.pos(m.start(1)),
                                        tokens.lemma(m.start(1))):
                    break
                f = Finding(m.start(1), f.end, f.entity_type, f.score, f.reason)
        out.append(f)
    return out


def _given_name_word(word: str, pos: str | None, lemma: str | None = None) -> bool:
    """Is ``word``, right before a detected person, the person's given name?"""
    low = word.lower().replace("’", "'")
    if (len(low) < 2 or low in COMMON_WORDS or low in TITLE_WORDS or low in ROLE_WORDS
            or low in VEHICLE_MAKES or _FILLER.fullmatch(low)):
        return False
    lists = name_lists()
    if lemma and lemma.lower() != low and lists.is_word_form(lemma):
        return False  # "seen", "told": an irregular form of a word
    if lists.is_given(low) or lists.is_given(low.replace("-", "")):
        return not lists.is_word_form(low) or pos not in NON_NAME_POS
    pieces = re.split(r"['-]", low)
    return len(low) >= 3 and not any(lists.is_word_form(p) for p in pieces if len(p) > 2)


_SPELL_GAP = re.compile(
    r"[ \t]*[,:;.-]?[ \t]*(?:(?:that's|that is|it's|it is|spelled|spelling|yes|yeah)"
    r"[ \t]*[,:]?[ \t]*)?",
    re.IGNORECASE,
)


def _spelled_names(text: str, findings: list[Finding], parts: set[str]) -> list[Finding]:
    """Letters spelled right after a detected person, or spelling one of their names.

    "wozniak, that's w o z n i a k" / "is that h a d d a d?": the letters identify as much
    as the name does.
    """
    persons = sorted(f.end for f in findings if f.entity_type == "PERSON")
    spans = sorted((f.start, f.end) for f in findings)
    letters_of = {re.sub(r"[^a-z]", "", fold(p)) for p in parts}
    out: list[Finding] = []
    for start, end, word in spelled_letter_runs(text):
        if any(s < end and e > start for s, e in spans):
            continue
        i = bisect_right(persons, start) - 1
        after_person = i >= 0 and _SPELL_GAP.fullmatch(text, persons[i], start) is not None
        if after_person or re.sub(r"[^a-z]", "", word) in letters_of:
            out.append(Finding(start, end, "PERSON", RECURRING_NAME_SCORE))
    return out


_POSSESSIVE = ("'s", "’s")


def _without_possessive(text: str, f: Finding) -> Finding:
    """spaCy puts the possessive into a name ("Emmie Ström's"); it is no part of it.

    Left in, the longer place reading would win the overlap with a recognizer's name.
    """
    if (f.entity_type in ("PERSON", "LOCATION") and f.end - f.start > 2
            and text.endswith(_POSSESSIVE, f.start, f.end)):
        return Finding(f.start, f.end - 2, f.entity_type, f.score, f.reason)
    return f


_NAME_PART = re.compile(NAME_WORD)
# A lower-case word after one of these is a thing, not a person ("the park").
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her", "our",
     "their", "its", "some", "any", "no", "every", "each", "to"}
)
_TIME_PREPOSITIONS = frozenset(
    {"since", "in", "until", "till", "til", "by", "on", "last", "next", "this", "of",
     "early", "late", "mid", "through", "before", "after", "during", "every", "from",
     "around", "about"}
)
_PREV_WORD = re.compile(r"([^\W\d_]+)[^\w]*$")
RECURRING_NAME_SCORE = 0.6


def name_parts(value: str) -> set[str]:
    """Given names and surnames of a detected person, lower-cased, titles dropped."""
    return {
        t.lower()
        for t in _NAME_PART.findall(value)
        if len(t) >= 2 and t.lower() not in TITLE_WORDS and t.lower() not in COMMON_WORDS
    }


def _person_name_parts(text: str, findings: list[Finding], policy: EntityPolicy) -> set[str]:
    """The name parts of every detected person, generic person words left out."""
    parts: set[str] = set()
    lists = name_lists()
    for f in findings:
        if f.entity_type == "PERSON":
            found = name_parts(text[f.start : f.end])
            if f.reason:  # a slot holds whatever was said: only unknown words recur
                found = {p for p in found if not lists.is_word_form(p)}
            parts |= found
    return {p for p in parts if p not in policy.generic_person_terms}


def _places_that_are_names(text: str, findings: list[Finding], parts: set[str]) -> list[Finding]:
    """A place finding that is exactly a detected person's name part is that person.

    spaCy calls a lone unfamiliar surname a place ("early Yefremova") after the full
    name was found as a person; the label should follow the person.
    """
    return [
        Finding(f.start, f.end, "PERSON", f.score, f.reason)
        if f.entity_type == "LOCATION" and text[f.start : f.end].strip().lower() in parts
        else f
        for f in findings
    ]


def _recurring_names(
    text: str, findings: list[Finding], parts: set[str], tokens: TokenIndex
) -> list[Finding]:
    """Every other mention of a detected person's name parts, as PERSON findings."""
    if not parts:
        return []
    alternation = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])", re.IGNORECASE)
    covered = sorted((f.start, f.end) for f in findings)
    starts = [c[0] for c in covered]
    out: list[Finding] = []
    for m in pattern.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and covered[i][1] >= m.end():
            continue
        if not _looks_like_name_here(text, m, tokens):
            continue
        out.append(Finding(m.start(), m.end(), "PERSON", RECURRING_NAME_SCORE))
    return out


def _looks_like_name_here(text: str, m: re.Match[str], tokens: TokenIndex) -> bool:
    """Tell "Ms. Park" / "park said" from "the park" / "Park the car over there".

    A month or weekday after a time preposition ("since april") is the date, even when
    someone of that name is in the recording; a name no dictionary knows is that person
    whatever spaCy tags it ("you piotr?").
    """
    prev = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
    prev_word = prev.group(1).lower() if prev else ""
    pos = tokens.pos(m.start())
    if m.group(0).lower() in CALENDAR_WORDS and prev_word in _TIME_PREPOSITIONS:
        return False
    if prev_word not in _DETERMINERS and not name_lists().is_word_form(m.group(0)):
        return True
    if m.group(0)[0].isupper():
        before = text[max(0, m.start() - 3) : m.start()].strip()
        sentence_start = not before or before[-1] in ".?!\n"
        return not (sentence_start and pos in NON_NAME_POS)
    if prev_word in _DETERMINERS:
        return False
    return pos not in NON_NAME_POS


def _resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Merge overlapping spans into one; it takes the type of the longest finding in it.

    The longest span is the most specific reading (an address that contains a name, an
    e-mail that contains a surname); among equals the higher score wins.
    """
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    clusters: list[list[Finding]] = []
    end = -1
    for f in ordered:
        if clusters and f.start < end:
            clusters[-1].append(f)
            end = max(end, f.end)
        else:
            clusters.append([f])
            end = f.end
    merged: list[Finding] = []
    for cluster in clusters:
        best = max(cluster, key=lambda f: (f.end - f.start, f.score))
        reason = best.reason or next((f.reason for f in cluster
                                      if f.reason and f.entity_type == best.entity_type), "")
        merged.append(Finding(cluster[0].start, max(f.end for f in cluster), best.entity_type,
                              max(f.score for f in cluster), reason))
    return merged


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "officer", "sir", "madam", "mister", "sergeant"}


class Pseudonymizer:
    """Stable labels per value within one recording; part of a known name maps to its person.

    "John Carter", "Mr. Carter", "carter" and "John" all get the label of John Carter
    once the full name has been labelled (the redactor labels full names first). The
    value -> label table lives in this object only and is never written anywhere.
    """

    def __init__(self) -> None:
        self._labels: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}
        self._name_tokens: dict[str, str] = {}

    @staticmethod
    def _norm(value: str) -> str:
        return _NON_ALNUM.sub(" ", value.lower()).strip()

    def label(self, entity_type: str, value: str) -> str:
        """The label for ``value`` (e.g. ``PERSON_2``), new or already given."""
        norm = self._norm(value)
        if entity_type == "PERSON":
            tokens = [t for t in norm.split() if t not in _TITLES]
            if len(tokens) >= 3 and all(len(t) == 1 for t in tokens):
                tokens = ["".join(tokens)]  # spelled: "l i n h" is "linh"
            norm = " ".join(tokens) or norm
            owners = {self._name_tokens.get(t) for t in tokens}
            if tokens and len(owners) == 1 and None not in owners:
                return owners.pop()  # type: ignore[return-value]
        else:
            norm = norm.replace(" ", "")
        key = (entity_type, norm)
        if key not in self._labels:
            self._counts[entity_type] = self._counts.get(entity_type, 0) + 1
            self._labels[key] = f"{entity_type}_{self._counts[entity_type]}"
        label = self._labels[key]
        if entity_type == "PERSON":
            tokens = norm.split()
            if len(tokens) >= 2:
                for t in tokens:
                    self._name_tokens.setdefault(t, label)
        return label


class PresidioRedactor(Redactor):
    def __init__(self, policy: EntityPolicy | None = None) -> None:
        self.policy = policy or default_entity_policy()

    def warm_up(self) -> None:
        build_analyzer()

    def redact(self, transcript: Transcript) -> RedactedTranscript:
        sep = "\n"
        joined = sep.join(s.text for s in transcript.segments)
        offsets: list[int] = []
        pos = 0
        for s in transcript.segments:
            offsets.append(pos)
            pos += len(s.text) + len(sep)
        findings = analyze(joined, self.policy, self._slot_findings(transcript, offsets))
        pseudo = Pseudonymizer()
        # Label persons with full names first so a later lone surname reuses the label.
        for f in sorted(findings, key=lambda f: -(f.end - f.start)):
            if f.entity_type == "PERSON":
                pseudo.label("PERSON", joined[f.start : f.end])

        segments: list[RedactedSegment] = []
        redactions: list[Redaction] = []
        for seg, base in zip(transcript.segments, offsets, strict=True):
            local = [
                Finding(max(f.start, base) - base, min(f.end, base + len(seg.text)) - base,
                        f.entity_type, f.score, f.reason)
                for f in findings
                if f.start < base + len(seg.text) and f.end > base
            ]
            text, placed = _replace(seg.text, local, pseudo)
            for f, (label, start, end) in zip(local, placed, strict=True):
                t0, t1 = audio_span(seg, f.start, f.end)
                redactions.append(
                    Redaction(
                        segment_id=seg.id,
                        entity_type=f.entity_type,
                        label=label,
                        start=start,
                        end=end,
                        start_s=t0,
                        end_s=t1,
                        score=f.score,
                        reason=f.reason,
                    )
                )
            segments.append(RedactedSegment(seg.id, seg.start, seg.end, text, seg.speaker))
        return RedactedTranscript(
            segments=segments,
            redactions=redactions,
            language=transcript.info.language,
            duration_s=transcript.info.duration_s,
        )

    def _slot_findings(self, transcript: Transcript, offsets: list[int]) -> list[Finding]:
        """Answer slots as findings of the joined text, for the types the policy redacts."""
        turns = [SlotTurn(s.text, s.speaker, s.start, s.end) for s in transcript.segments]
        out: list[Finding] = []
        for slot in find_slots(turns):
            seg_text = transcript.segments[slot.turn].text
            if self.policy.should_redact(slot.entity_type, SLOT_SCORE,
                                         seg_text[slot.start : slot.end]):
                base = offsets[slot.turn]
                out.append(Finding(base + slot.start, base + slot.end, slot.entity_type,
                                   SLOT_SCORE, slot.reason))
        return out

    def redact_text(self, text: str) -> tuple[str, int]:
        findings = analyze(text, self.policy)
        redacted, _ = _replace(text, findings, Pseudonymizer())
        return redacted, len(findings)


SLOT_SCORE = 0.7


@lru_cache(maxsize=1)
def _anonymizer() -> AnonymizerEngine:
    return AnonymizerEngine()


def _placeholder(label: str) -> Callable[[str], str]:
    return lambda _value: f"[{label}]"


def _replace(
    text: str, findings: Sequence[Finding], pseudo: Pseudonymizer
) -> tuple[str, list[tuple[str, int, int]]]:
    """Swap each finding for its ``[LABEL]`` with presidio-anonymizer's custom operator.

    Labels are given in reading order first (the anonymizer works from the end), so
    the numbering follows the transcript. Returns the text and, per finding in order,
    (label, start, end) of its placeholder in the new text.
    """
    if not findings:
        return text, []
    labels = [pseudo.label(f.entity_type, text[f.start : f.end]) for f in findings]
    # One operator key per finding, so each gets its own label whatever its type.
    operators = {f"F{i}": OperatorConfig("custom", {"lambda": _placeholder(label)})
                 for i, label in enumerate(labels)}
    results = [RecognizerResult(f"F{i}", f.start, f.end, f.score)
               for i, f in enumerate(findings)]
    engine_result = _anonymizer().anonymize(text=text, analyzer_results=results,
                                            operators=operators)
    placed = {item.entity_type: (item.start, item.end) for item in engine_result.items}
    return engine_result.text, [(label, *placed[f"F{i}"]) for i, label in enumerate(labels)]


_REDACTOR: PresidioRedactor | None = None


def get_redactor() -> PresidioRedactor:
    global _REDACTOR
    if _REDACTOR is None:
        _REDACTOR = PresidioRedactor()
    return _REDACTOR
