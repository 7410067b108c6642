"""The extractive fallback: the speakers' own words, picked and quoted, when no model runs.

Why it stays: a draft must still come out when the model is not installed or the
endpoint is down, and a quotation of a cited segment cannot invent anything. It is
never the main path (the disclosure says when it was used). Segments are picked by
``salience`` under a word budget, chunk by chunk for long recordings, and quoted
verbatim with the segment's speaker label.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from redaction.types import RedactedSegment, RedactedTranscript
from service.summary import prompt
from service.summary.check import content_stems, sentences
from service.summary.fields import report_fields
from service.summary.output_redaction import TextRedactor, redact_summary
from service.summary.salience import (
    ScoredSegment,
    chunk,
    cue_score,
    is_question,
    score_segments,
    select,
    word_budget,
)
from service.summary.writer import NOTHING_SAID, Fact, Summary

EXTRACTIVE = "extractive"
_MAX_QUOTE_WORDS = 35


def _who(seg: RedactedSegment) -> str:
    return seg.speaker or "Someone"


def render_extractive(seg: RedactedSegment, max_words: int = _MAX_QUOTE_WORDS) -> str:
    """The segment's statements (questions only if nothing else), quoted and attributed."""
    parts = [s for s in sentences(seg.text) if len(content_stems(s)) >= 1
             and len(s.split()) >= 2]
    if not parts:
        return ""
    statements = [p for p in parts if not p.endswith("?")]
    keep = statements or parts[:1]
    if sum(len(p.split()) for p in keep) > max_words:
        ranked = sorted(keep, key=lambda p: -cue_score(p)[0])
        chosen: list[str] = []
        for p in ranked:
            if chosen and sum(len(c.split()) for c in chosen) + len(p.split()) > max_words:
                continue
            chosen.append(p)
        keep = [p for p in keep if p in chosen]
    quote = " ".join(keep)
    words = quote.split()
    if len(words) > max_words:
        quote = " ".join(words[:max_words]) + " …"
    verb = "said" if statements else "asked"
    return f'{_who(seg)} {verb}: "{quote}"'


def _embed(texts: list[str]) -> np.ndarray:
    from service.embeddings import embed

    return embed(texts)


@dataclass(frozen=True)
class ExtractiveOptions:
    chunk_words: int = 600


class ExtractiveSummarizer:
    """Salience-picked quotations, each verified against the segment it cites."""

    model_id = EXTRACTIVE
    llm = None

    def __init__(self, *, redactor: TextRedactor | None = None,
                 options: ExtractiveOptions | None = None) -> None:
        self.redactor = redactor
        self.options = options or ExtractiveOptions()

    def summarize(
        self, transcript: RedactedTranscript, instructions: str | None = None
    ) -> Summary:
        if not isinstance(transcript, RedactedTranscript):
            raise TypeError("summarize() accepts only a RedactedTranscript")
        segments = [s for s in transcript.segments if s.text.strip()]
        summary = Summary(narrative="", facts=[], model=EXTRACTIVE,
                          prompt_sha256=prompt.prompt_sha256(),
                          disclosure="Extractive draft from the redacted transcript.",
                          backend=EXTRACTIVE, instructions=instructions)
        if not segments:
            summary.narrative = summary.first_draft = NOTHING_SAID
            summary.word_count = len(NOTHING_SAID.split())
            return summary
        n_words = sum(len(s.text.split()) for s in segments)
        duration = transcript.duration_s or (segments[-1].end - segments[0].start)
        budget = word_budget(duration, n_words)
        picked = self._pick(segments, budget, instructions)
        for p in sorted(picked, key=lambda p: p.segment.start):
            text = render_extractive(p.segment)
            if text:  # a verbatim quotation of the segment it cites
                summary.facts.append(Fact(text, [p.segment.id], True, EXTRACTIVE, True))
        summary.narrative = " ".join(f.text for f in summary.facts)
        summary.first_draft = summary.narrative
        rules = report_fields(segments)
        summary.report_fields = {k: v.value for k, v in rules.items()}
        summary.field_citations = {k: v.segment_ids for k, v in rules.items() if v.segment_ids}
        if self.redactor is not None:
            redact_summary(summary, self.redactor)
        summary.word_count = len(summary.narrative.split())
        return summary

    def _pick(self, segments: list[RedactedSegment], budget: int,
              instructions: str | None) -> list[ScoredSegment]:
        """Map: score and pre-select per chunk. Reduce: select across chunks."""
        query = _embed([instructions])[0] if instructions else None
        parts = chunk(segments, self.options.chunk_words)
        candidates: list[ScoredSegment] = []
        vecs_kept: list[np.ndarray] = []
        total = max(1, sum(len(s.text.split()) for s in segments))
        for part in parts:
            vecs = _embed([s.text for s in part])
            scored = [s for s in score_segments(part, vecs, query)
                      if not s.injection and not is_question(s.segment.text)]
            vec_of = {s.id: v for s, v in zip(part, vecs, strict=True)}
            if len(parts) > 1:
                share = sum(len(s.text.split()) for s in part) / total
                scored = select(scored, max(40, int(2 * budget * share)),
                                embeddings=np.stack([vec_of[s.segment.id] for s in scored])
                                if scored else None)
            candidates += scored
            vecs_kept += [vec_of[s.segment.id] for s in scored]
        arr = np.stack(vecs_kept) if vecs_kept else None
        return select(candidates, budget, embeddings=arr)

