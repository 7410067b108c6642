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
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from redaction.entities import EntityPolicy, default_entity_policy
from redaction.types import RedactedSegment, RedactedTranscript, Redaction
from service.models import SPACY_MODEL
from service.types import Segment, Transcript

_ANALYZER_LOCK = threading.Lock()


def _offline_tldextract() -> None:
    """Presidio's e-mail validator calls tldextract, which downloads the suffix list.

    Point it at the snapshot bundled with tldextract so nothing is fetched.
    """
    import tldextract
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    email_recognizer.tldextract = SimpleNamespace(extract=extractor)


@lru_cache(maxsize=1)
def build_analyzer() -> AnalyzerEngine:
    """The Presidio analyzer on the bundled spaCy model plus our recognizers (built once)."""
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from redaction.recognizers import register_all

    _offline_tldextract()
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
        }
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    register_all(analyzer.registry)
    return analyzer


@dataclass(frozen=True)
class Finding:
    """A detected span in the original text (kept in memory only)."""

    start: int
    end: int
    entity_type: str
    score: float


class Redactor(ABC):
    """Replaces PII in a transcript by placeholders."""

    @abstractmethod
    def redact(self, transcript: Transcript) -> RedactedTranscript: ...

    @abstractmethod
    def redact_text(self, text: str) -> tuple[str, int]:
        """Redact free text (e.g. an LLM output); return it and the number of hits."""


def analyze(text: str, policy: EntityPolicy | None = None) -> list[Finding]:
    """Find the spans to redact in ``text`` under ``policy``; overlaps resolved."""
    policy = policy or default_entity_policy()
    if not text.strip():
        return []
    analyzer = build_analyzer()
    with _ANALYZER_LOCK:
        results: list[RecognizerResult] = analyzer.analyze(
            text=text, language="en", entities=list(policy.detect_entities())
        )
    findings = [
        Finding(r.start, r.end, policy.canonical(r.entity_type), r.score)
        for r in results
        if policy.should_redact(r.entity_type, r.score, text[r.start : r.end])
    ]
    return _resolve_overlaps(findings)


def _resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Merge overlapping spans; the merged span takes the type of the strongest finding."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    for f in ordered:
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            best = last if (last.score, last.end - last.start) >= (f.score, f.end - f.start) else f
            merged[-1] = Finding(last.start, max(last.end, f.end), best.entity_type,
                                 max(last.score, f.score))
        else:
            merged.append(f)
    return merged


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "officer", "sir", "madam", "mister", "sergeant"}


class Pseudonymizer:
    """Stable labels per value within one recording; a surname alone maps to its person."""

    def __init__(self) -> None:
        self._labels: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}
        self._surnames: dict[str, str] = {}
        self._given: dict[str, str] = {}

    @staticmethod
    def _norm(value: str) -> str:
        return _NON_ALNUM.sub(" ", value.lower()).strip()

    def label(self, entity_type: str, value: str) -> str:
        norm = self._norm(value)
        if entity_type == "PERSON":
            tokens = [t for t in norm.split() if t not in _TITLES]
            norm = " ".join(tokens) or norm
            if len(tokens) == 1:
                known = self._surnames.get(tokens[0]) or self._given.get(tokens[0])
                if known:
                    return known
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
                self._surnames.setdefault(tokens[-1], label)
                self._given.setdefault(tokens[0], label)
        return label


def _word_char_spans(segment: Segment) -> list[tuple[int, int, int]]:
    """(start_char, end_char, word_index) of each timed word inside ``segment.text``."""
    spans: list[tuple[int, int, int]] = []
    pos = 0
    for i, w in enumerate(segment.words):
        token = w.word.strip()
        if not token:
            continue
        found = segment.text.find(token, pos)
        if found < 0:
            continue
        spans.append((found, found + len(token), i))
        pos = found + len(token)
    return spans


def audio_span(segment: Segment, start: int, end: int) -> tuple[float, float]:
    """Audio time of a character span, padded more where ASR was less sure of the words."""
    hits = [
        segment.words[i]
        for (ws, we, i) in _word_char_spans(segment)
        if ws < end and we > start
    ]
    if not hits:
        # No word timing: fall back to a proportional guess, widened generously.
        length = max(len(segment.text), 1)
        dur = segment.end - segment.start
        t0 = segment.start + dur * start / length
        t1 = segment.start + dur * end / length
        return max(segment.start, t0 - 0.3), min(segment.end, t1 + 0.3)
    conf = min(w.probability for w in hits)
    pad = 0.08 + 0.25 * (1.0 - conf)
    return max(0.0, hits[0].start - pad), hits[-1].end + pad


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
        findings = analyze(joined, self.policy)
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
                        f.entity_type, f.score)
                for f in findings
                if f.start < base + len(seg.text) and f.end > base
            ]
            out: list[str] = []
            cursor = 0
            for f in local:
                out.append(seg.text[cursor : f.start])
                label = pseudo.label(f.entity_type, seg.text[f.start : f.end])
                placeholder = f"[{label}]"
                new_start = sum(len(x) for x in out)
                out.append(placeholder)
                t0, t1 = audio_span(seg, f.start, f.end)
                redactions.append(
                    Redaction(
                        segment_id=seg.id,
                        entity_type=f.entity_type,
                        label=label,
                        start=new_start,
                        end=new_start + len(placeholder),
                        start_s=t0,
                        end_s=t1,
                        score=f.score,
                    )
                )
                cursor = f.end
            out.append(seg.text[cursor:])
            segments.append(RedactedSegment(seg.id, seg.start, seg.end, "".join(out)))
        return RedactedTranscript(
            segments=segments,
            redactions=redactions,
            language=transcript.info.language,
            duration_s=transcript.info.duration_s,
        )

    def redact_text(self, text: str) -> tuple[str, int]:
        findings = analyze(text, self.policy)
        pseudo = Pseudonymizer()
        out: list[str] = []
        cursor = 0
        for f in findings:
            out.append(text[cursor : f.start])
            out.append(f"[{pseudo.label(f.entity_type, text[f.start:f.end])}]")
            cursor = f.end
        out.append(text[cursor:])
        return "".join(out), len(findings)


_REDACTOR: PresidioRedactor | None = None


def get_redactor() -> PresidioRedactor:
    global _REDACTOR
    if _REDACTOR is None:
        _REDACTOR = PresidioRedactor()
    return _REDACTOR
