"""The narrative writer: a cited police-report narrative from the *redacted* transcript.

``Summarizer.summarize`` accepts ``RedactedTranscript`` only, so raw text cannot reach
the model by construction. The model gets the numbered lines (speaker role when
diarization gave one) and returns the narrative as JSON, a list of sentences each with
the line numbers it rests on, constrained by the schema. Each sentence then passes the
claim check (``claims``) against the lines it cites; a failing sentence gets one retry
with its failure named, and what still fails stays in ``facts`` with
``supported: false`` and out of the narrative. Recordings too long for one prompt are
mapped chunk by chunk to cited notes, then the notes are reduced to the narrative, so
memory and every prompt stay bounded. Report fields come from the model as cited JSON.
The finished text goes through the PII redactor again. Without a model, the extractive
fallback runs and the disclosure says so.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from redaction.types import RedactedSegment, RedactedTranscript
from service.llm.base import ChatModel, LLMError, TruncatedReply, engine_name
from service.llm.jsonschema import conforms
from service.summary import prompt
from service.summary.claims import ClaimChecker, ClaimVerdict, hard_problems
from service.summary.fields import report_fields
from service.summary.output_redaction import TextRedactor, redact_summary
from service.summary.salience import INJECTION

log = logging.getLogger("bodycam.summary.writer")

DISCLOSURE = (
    "AI-generated draft: written by {model} from the redacted transcript. "
    "It is not the officer's account; verify every statement against the recording."
)
FALLBACK_DISCLOSURE = (
    "Extractive draft, not AI-written: no usable language-model output ({why}), so this "
    "lists the speakers' own words from the redacted transcript. It is not the officer's "
    "account; verify every statement against the recording."
)
NOTHING_SAID = "No speech was detected in the recording; nothing was said to summarize."
NOT_STATED = "not stated"


@dataclass
class Fact:
    """One narrative sentence and the transcript segments it rests on."""

    text: str
    segment_ids: list[int]
    supported: bool
    source: str = "llm"  # "llm" | "retry" | "extractive"
    in_narrative: bool = False
    reasons: list[str] = field(default_factory=list)


@dataclass
class Summary:
    narrative: str
    facts: list[Fact]
    model: str
    prompt_sha256: str
    disclosure: str
    backend: str = "llama.cpp"
    prompt_version: str = prompt.PROMPT_VERSION
    decoding: dict[str, Any] = field(default_factory=dict)
    layout: str = "paragraph"
    first_draft: str = ""
    incident_type: str = "[INSERT: incident type]"
    disposition: str = NOT_STATED
    injuries: str = NOT_STATED
    involved_roles: list[str] = field(default_factory=list)
    report_fields: dict[str, str] = field(default_factory=dict)
    field_citations: dict[str, list[int]] = field(default_factory=dict)
    pii_hits: int = 0
    word_count: int = 0
    flagged_segment_ids: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    instructions: str | None = None
    llm_calls: int = 0
    retries: int = 0
    chunks: int = 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts"] = [asdict(f) for f in self.facts]
        return data


class Summarizer(Protocol):
    """Redacted transcript in, cited draft out. ``llm`` (or None) is reused by ``ask``."""

    model_id: str
    llm: ChatModel | None

    def summarize(
        self, transcript: RedactedTranscript, instructions: str | None = None
    ) -> Summary: ...


@dataclass(frozen=True)
class WriterOptions:
    """Budgets: CPU decodes ~5-10 tokens/s, so outputs stay short and prompts compact."""

    chunk_words: int = 900  # longer transcripts are mapped in chunks of about this size
    min_sentences: int = 3
    max_sentences: int = 8
    words_per_sentence: int = 35  # transcript words per narrative sentence
    tokens_per_sentence: int = 80
    max_retries: int = 3  # per summary, one per failing sentence
    notes_per_chunk: int = 5
    fields: bool = True


# A complete sentence object inside a cut-off reply (no nested braces; keys in any order:
# llama.cpp's schema grammar orders properties alphabetically, "lines" before "text").
_ITEM = re.compile(r"\{[^{}]*\}")
_LAYOUT = re.compile(r'"layout"\s*:\s*"(paragraph|bullets)"')


def sentences_reply(llm: ChatModel, messages: list[dict[str, str]], max_tokens: int,
                    max_sentences: int) -> dict[str, Any]:
    """The model's ``{"layout", "sentences"}``; a reply cut off by ``max_tokens`` keeps the
    sentences that were complete (a runaway last sentence should not cost the others)."""
    try:
        return json.loads(llm.chat(messages, max_tokens=max_tokens,
                                   json_schema=prompt.sentences_schema(max_sentences)))
    except TruncatedReply as exc:
        items = []
        for raw in _ITEM.findall(exc.text):
            try:
                item = json.loads(raw)
            except json.JSONDecodeError:
                continue
            if isinstance(item, dict) and conforms(item, prompt.SENTENCE_SCHEMA):
                items.append(item)
        if not items:
            raise
        layout = _LAYOUT.search(exc.text)
        log.info("reply cut off after %d complete sentences; kept them", len(items))
        return {"layout": layout.group(1) if layout else "paragraph", "sentences": items}


# A sentence ends at . ! ? before a capital, a label or a quote, but not after a title.
_SENTENCE_END = re.compile(
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bNo\.)(?<!\bMrs\.)"
    r"(?<=[.!?])\s+(?=[A-Z\[\"“])")


def split_sentences(text: str) -> list[str]:
    """One item may hold several sentences; each is checked (and cited) on its own."""
    return [p.strip() for p in _SENTENCE_END.split(text.strip()) if p.strip()]


@dataclass
class _Unit:
    """A line the model may cite: a transcript segment, or a note standing for several."""

    line: RedactedSegment
    segment_ids: list[int]


class NarrativeWriter:
    """The main path; ``fallback`` (the extractive summarizer) only when no model answers."""

    def __init__(
        self,
        llm: ChatModel | None,
        fallback: Summarizer,
        *,
        redactor: TextRedactor | None = None,
        options: WriterOptions | None = None,
        checker: ClaimChecker | None = None,
    ) -> None:
        self.llm = llm
        self.fallback = fallback
        self.redactor = redactor
        self.options = options or WriterOptions()
        self.checker = checker or ClaimChecker(llm)
        self.model_id = llm.name if llm is not None else fallback.model_id

    # -- public -------------------------------------------------------------------------
    def summarize(
        self, transcript: RedactedTranscript, instructions: str | None = None
    ) -> Summary:
        if not isinstance(transcript, RedactedTranscript):
            raise TypeError("summarize() accepts only a RedactedTranscript")
        segments = [s for s in transcript.segments if s.text.strip()]
        if self.llm is None:
            return self._fallback(transcript, instructions, "none configured")
        summary = self._empty(instructions)
        if not segments:
            summary.narrative = summary.first_draft = NOTHING_SAID
            summary.word_count = len(NOTHING_SAID.split())
            return summary
        summary.flagged_segment_ids = [s.id for s in segments if INJECTION.search(s.text)]
        if summary.flagged_segment_ids:
            summary.notes.append("Some recorded speech was addressed to an AI system; it was "
                                 "treated as part of the recording and not followed.")
        calls0 = self.checker.model_calls
        try:
            self._write(summary, segments, instructions)
        except LLMError as exc:
            log.warning("language model unavailable, extractive fallback: %s", exc)
            return self._fallback(transcript, instructions, str(exc))
        summary.llm_calls += self.checker.model_calls - calls0
        if self.redactor is not None:
            redact_summary(summary, self.redactor)
        summary.word_count = len(summary.narrative.split())
        return summary

    # -- steps --------------------------------------------------------------------------
    def _empty(self, instructions: str | None) -> Summary:
        assert self.llm is not None
        return Summary(
            narrative="", facts=[], model=self.llm.name,
            prompt_sha256=prompt.prompt_sha256(),
            disclosure=DISCLOSURE.format(model=f"{self.llm.name} ({engine_name(self.llm)})"),
            backend=engine_name(self.llm),
            decoding={"greedy": True, "temperature": 0.0,
                      "tokens_per_sentence": self.options.tokens_per_sentence,
                      "chunk_words": self.options.chunk_words},
            instructions=instructions,
        )

    def _fallback(self, transcript: RedactedTranscript, instructions: str | None,
                  why: str) -> Summary:
        summary = self.fallback.summarize(transcript, instructions)
        summary.disclosure = FALLBACK_DISCLOSURE.format(why=why)
        summary.notes.append("No language model was available; this is the extractive "
                             "fallback, not a written narrative.")
        return summary

    def _write(self, summary: Summary, segments: list[RedactedSegment],
               instructions: str | None) -> None:
        o = self.options
        words = sum(len(s.text.split()) for s in segments)
        if words > o.chunk_words:
            units = self._map(summary, segments)
            block = prompt.transcript_block([u.line for u in units], "Notes, in time order")
        else:
            units = [_Unit(s, [s.id]) for s in segments]
            block = prompt.transcript_block(segments)
        by_line = {u.line.id: u for u in units}
        by_segment = {s.id: s for s in segments}
        max_s = max(o.min_sentences, min(o.max_sentences, round(words / o.words_per_sentence)))
        min_s = max(1, min(o.min_sentences, max_s))
        task = prompt.WRITE_TASK.format(
            min_s=min_s, max_s=max_s,
            speakers="" if any(s.speaker for s in segments) else prompt.NO_SPEAKERS,
            instructions=prompt.INSTRUCTIONS.format(text=instructions.replace('"', "'"))
            if instructions else "",
        )
        data = sentences_reply(self.llm, prompt.messages(block, task),  # type: ignore[arg-type]
                               o.tokens_per_sentence * max_s + 24, max_s)
        summary.llm_calls += 1
        summary.layout = data.get("layout", "paragraph")
        drafts = [(one, [int(i) for i in d.get("lines", [])])
                  for d in data.get("sentences", [])
                  for one in split_sentences(str(d.get("text", "")))]
        summary.first_draft = " ".join(t for t, _ in drafts)
        accepted: list[str] = []
        retries = 0
        for text, lines in drafts:
            cited = self._cited(lines, by_line, by_segment)
            verdict = self.checker.check(text, cited, block, accepted)
            fact = Fact(text, [s.id for s in cited], verdict.supported, "llm",
                        reasons=verdict.reasons)
            summary.facts.append(fact)
            if not verdict.supported and retries < o.max_retries:
                retries += 1
                fixed = self._retry(summary, block, text, lines, verdict, by_line, by_segment,
                                    accepted)
                if fixed is not None:
                    summary.facts.append(fixed)
                    fact = fixed
            if fact.supported:
                fact.in_narrative = True
                accepted.append(fact.text)
        summary.retries = retries
        joiner = "\n" if summary.layout == "bullets" else " "
        bullet = "- " if summary.layout == "bullets" else ""
        summary.narrative = joiner.join(f"{bullet}{f.text}" for f in summary.facts
                                        if f.in_narrative)
        if not summary.narrative:
            summary.narrative = ("The recording contained speech, but no checked statement "
                                 "about the incident could be drawn from it.")
        if o.fields:
            self._fields(summary, block, by_line, by_segment, segments)

    @staticmethod
    def _cited(lines: Sequence[int], by_line: dict[int, _Unit],
               by_segment: dict[int, RedactedSegment]) -> list[RedactedSegment]:
        ids: list[int] = []
        for n in lines:
            if n in by_line:
                ids += [i for i in by_line[n].segment_ids if i not in ids]
        return [by_segment[i] for i in sorted(ids)[:12]]

    def _retry(self, summary: Summary, block: str, text: str, lines: list[int],
               verdict: ClaimVerdict, by_line: dict[int, _Unit],
               by_segment: dict[int, RedactedSegment], accepted: list[str]) -> Fact | None:
        task = prompt.RETRY_TASK.format(sentence=text.replace('"', "'"),
                                        lines=", ".join(map(str, lines)) or "none",
                                        reason="; ".join(verdict.reasons) or "not supported")
        try:
            reply = self.llm.chat(prompt.messages(block, task),  # type: ignore[union-attr]
                                  max_tokens=self.options.tokens_per_sentence + 16,
                                  json_schema=prompt.SENTENCE_SCHEMA)
        except LLMError as exc:  # a failed retry leaves the sentence out, nothing more
            log.info("retry produced no usable sentence (%s)", type(exc).__name__)
            return None
        finally:
            summary.llm_calls += 1
        data = json.loads(reply)
        new_text = " ".join(split_sentences(str(data.get("text", "")))[:1])
        if not new_text or new_text == text:
            return None
        cited = self._cited([int(i) for i in data.get("lines", [])], by_line, by_segment)
        again = self.checker.check(new_text, cited, block, accepted)
        return Fact(new_text, [s.id for s in cited], again.supported, "retry",
                    reasons=again.reasons)

    def _map(self, summary: Summary, segments: list[RedactedSegment]) -> list[_Unit]:
        """Long recordings: cited notes per chunk of about ``chunk_words`` words."""
        chunks: list[list[RedactedSegment]] = [[]]
        words = 0
        for s in segments:
            n = len(s.text.split())
            if chunks[-1] and words + n > self.options.chunk_words:
                chunks.append([])
                words = 0
            chunks[-1].append(s)
            words += n
        summary.chunks = len(chunks)
        by_segment = {s.id: s for s in segments}
        units: list[_Unit] = []
        for k, part in enumerate(chunks, 1):
            t0 = time.perf_counter()
            block = prompt.transcript_block(part)
            task = prompt.NOTES_TASK.format(part=k, parts=len(chunks),
                                            max_s=self.options.notes_per_chunk)
            n = self.options.notes_per_chunk
            data = sentences_reply(self.llm, prompt.messages(block, task),  # type: ignore[arg-type]
                                   self.options.tokens_per_sentence * n + 24, n)
            summary.llm_calls += 1
            local = {s.id for s in part}
            for d in data.get("sentences", []):
                text = str(d.get("text", "")).strip()
                ids = sorted({int(i) for i in d.get("lines", []) if int(i) in local})
                cited = [by_segment[i] for i in ids]
                if hard_problems(text, cited, [u.line.text for u in units]):
                    continue  # a note that fails the cheap checks never reaches the reduce
                start = cited[0].start
                units.append(_Unit(RedactedSegment(len(units), start, cited[-1].end, text),
                                   ids))
            log.info("notes for chunk %d/%d in %.1f s", k, len(chunks), time.perf_counter() - t0)
        if not units:
            raise LLMError("no usable notes came back for a long recording")
        return units

    def _fields(self, summary: Summary, block: str, by_line: dict[int, _Unit],
                by_segment: dict[int, RedactedSegment],
                segments: Sequence[RedactedSegment]) -> None:
        """Incident type, disposition, injuries and roles as cited JSON, hard-checked."""
        rules = report_fields(segments)
        summary.report_fields = {k: v.value for k, v in rules.items()}
        summary.field_citations.update({k: v.segment_ids for k, v in rules.items()
                                        if v.segment_ids})
        try:
            reply = self.llm.chat(prompt.messages(block, prompt.FIELDS_TASK),  # type: ignore[union-attr]
                                  max_tokens=120, json_schema=prompt.FIELDS_SCHEMA)
        except LLMError as exc:  # the narrative stands; the fields stay [INSERT: …]
            log.info("report fields unavailable (%s)", type(exc).__name__)
            return
        finally:
            summary.llm_calls += 1
        data = json.loads(reply)
        for key, label, empty in (("incident_type", "incident type", "[INSERT: incident type]"),
                                  ("disposition", "outcome", NOT_STATED),
                                  ("injuries", "injuries", NOT_STATED)):
            item = data.get(key) or {}
            value = str(item.get("value", "")).strip()
            cited = self._cited([int(i) for i in item.get("lines", [])], by_line, by_segment)
            setattr(summary, key, empty)
            if not value or value.lower() == NOT_STATED or not cited:
                continue
            # The same claim check as a sentence: "no arrest" must not become "arrest".
            verdict = self.checker.check(f"The {label} was: {value}.", cited, block)
            if verdict.supported:
                setattr(summary, key, value)
                summary.field_citations[key] = [s.id for s in cited]
        summary.involved_roles = [str(r).strip() for r in data.get("roles", []) if str(r).strip()]
