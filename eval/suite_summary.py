"""The summary suite: scenario summaries beside three baselines, DialogSum and QMSum ROUGE.

Kept apart from ``eval.suites`` because it alone drives the LLM and the baselines
(first four lines, the extractive summarizer, a naive one-prompt LLM).
"""

from __future__ import annotations

import importlib
import json
import re
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from eval.context import EMPTY, NOT_AVAILABLE, EvalContext, Limits, SuiteResult, scenarios_for, take
from eval.datasets import DataLayout, Scenario, read_dialogsum, read_qmsum_dir
from eval.metrics import fact_coverage, find_leaks

SUMMARY_SYSTEMS = ("system", "first4", "extractive", "naive")
_DISFLUENCY = re.compile(r"\{[a-z_]+\}")


def _system_output(se: Any, summary: Any) -> Any:
    """The pipeline's summary in summary_eval's ``SystemOutput`` shape."""
    cited = [(f.text, list(f.segment_ids)) for f in summary.facts
             if getattr(f, "in_narrative", f.supported)]
    record = json.dumps(summary.to_dict(), ensure_ascii=False, default=str)
    return se.SystemOutput(summary.narrative, record, cited)


def _baselines(se: Any, ctx: EvalContext) -> dict[str, Any]:
    """first-4 lines, the extractive summarizer (no LLM) and the naive one-prompt LLM."""
    from service.summary.extractive import ExtractiveSummarizer

    extractive = ExtractiveSummarizer()
    systems: dict[str, Callable[[Any], Any]] = {
        "first4": se.lead_summary,
        "extractive": lambda t: se.grounded_summary(extractive, t)[0],
    }
    llm = getattr(ctx.pipeline.summarizer, "llm", None)
    if llm is not None:
        systems["naive"] = lambda t: se.naive_summary(llm, t)
    return systems


def score_summary(se: Any, out: Any, redacted: Any, scenario: Scenario) -> dict[str, Any]:
    """Facts, unsupported statements, PII in everything stored, ROUGE vs the reference."""
    facts = [{"fact": f.fact, "any": list(f.any)} for f in scenario.facts]
    covered, total = fact_coverage(out.narrative, facts)
    bad, statements = se.unsupported_statements(out, redacted.segments)
    return {"facts_covered": covered, "facts_total": total, "unsupported": bad,
            "statements": statements, "leaks": len(find_leaks(out.record, scenario.pii_pairs)),
            "words": len(out.narrative.split()),
            "quoted_words": se.quoted_words(out.narrative),
            "transcript_words": sum(len(seg.text.split()) for seg in redacted.segments),
            **se.rouge(out.narrative, scenario.reference_summary)}


def _aggregate(rows: Sequence[dict[str, Any]], prefix: str, m: dict[str, float]) -> None:
    covered = sum(r["facts_covered"] for r in rows)
    total = sum(r["facts_total"] for r in rows)
    heard = sum(r.get("transcript_facts", 0) for r in rows)
    statements = sum(r["statements"] for r in rows)
    m[f"{prefix}.fact_coverage"] = covered / total if total else 1.0
    if heard:
        m[f"{prefix}.fact_coverage_of_transcript"] = covered / heard
    m[f"{prefix}.unsupported_rate"] = (sum(r["unsupported"] for r in rows) / statements
                                       if statements else 0.0)
    m[f"{prefix}.pii_leaks"] = float(sum(r["leaks"] for r in rows))
    for k in ("rouge1", "rouge2", "rougeL"):
        m[f"{prefix}.{k}"] = statistics.fmean(r[k] for r in rows)
    m[f"{prefix}.mean_words"] = statistics.fmean(r["words"] for r in rows)
    words = sum(r["words"] for r in rows)
    m[f"{prefix}.quoted_share"] = (sum(r.get("quoted_words", 0) for r in rows) / words
                                   if words else 0.0)
    m[f"{prefix}.max_words"] = float(max(r["words"] for r in rows))
    # Transcript words per narrative word: a summary, not a copy of the transcript.
    ratios = [r["transcript_words"] / r["words"] for r in rows
              if r["words"] and "transcript_words" in r]
    if ratios:
        m[f"{prefix}.compression"] = statistics.fmean(ratios)
    m[f"{prefix}.mean_seconds"] = statistics.fmean(r.get("seconds", 0.0) for r in rows)


def meeting_transcript(meeting: Any) -> Any:
    """A QMSum meeting as a redacted-transcript stand-in (speaker tags, no {disfmarker})."""
    from redaction.types import RedactedSegment, RedactedTranscript

    segments, t = [], 0.0
    for turn in meeting.turns:
        text = " ".join(_DISFLUENCY.sub(" ", turn.content).split())
        if not text:
            continue
        duration = max(1.0, len(text.split()) / 2.5)
        segments.append(RedactedSegment(len(segments), t, t + duration,
                                        f"{turn.speaker}: {text}"))
        t += duration
    return RedactedTranscript(segments, duration_s=t)


def _score_text_set(se: Any, items: Sequence[tuple[Any, str]],
                    systems: dict[str, Callable[[Any], Any]]) -> dict[str, Any]:
    """Mean ROUGE F per system over (transcript, reference) pairs."""
    scores: dict[str, dict[str, list[float]]] = {}
    for transcript, reference in items:
        for name, system in systems.items():
            t0 = time.perf_counter()
            out = system(transcript)
            bucket = scores.setdefault(name, {})
            bucket.setdefault("seconds", []).append(time.perf_counter() - t0)
            for key, value in se.rouge(out.narrative, reference).items():
                bucket.setdefault(key, []).append(value)
            bucket.setdefault("words", []).append(len(out.narrative.split()))
    return {"items": len(items),
            "systems": {name: {k: statistics.fmean(v) for k, v in b.items()}
                        for name, b in scores.items()}}


def run_summary(ctx: EvalContext, layout: DataLayout, limits: Limits,
                shared: dict[str, Any]) -> SuiteResult:
    """Fact coverage, unsupported statements, PII, ROUGE vs references and baselines."""
    result = SuiteResult("summary")
    try:
        se = importlib.import_module("eval.summary_eval")
        needed = ("SystemOutput", "lead_summary", "naive_summary", "grounded_summary",
                  "unsupported_statements", "rouge", "dialog_transcript")
        missing = [n for n in needed if not hasattr(se, n)]
    except ImportError as exc:
        se, missing = None, [str(exc)]
    if se is None or missing:
        result.status = NOT_AVAILABLE
        result.notes.append(f"eval.summary_eval not available ({', '.join(missing)})")
        return result
    m = result.metrics
    baselines = _baselines(se, ctx)
    per_system: dict[str, list[dict[str, Any]]] = {name: [] for name in SUMMARY_SYSTEMS}
    rows = []
    for s in scenarios_for(layout, limits, shared):
        processed = ctx.process(s)
        if processed is None:
            rows.append({"scenario": s.id, "error": ctx.failures.get(s.id, "pipeline failed")})
            continue
        ctx.log(f"  [{ctx.config.name}] summary baselines: {s.id}")
        heard, _ = fact_coverage(processed.transcript.text,
                                 [{"any": list(f.any)} for f in s.facts])
        row: dict[str, Any] = {"scenario": s.id, "narrative": processed.summary.narrative}
        outputs = {"system": _system_output(se, processed.summary)}
        seconds = {"system": processed.stages.get("summarize_s", 0.0)}
        for name, fn in baselines.items():
            t0 = time.perf_counter()
            outputs[name] = fn(processed.redacted)
            seconds[name] = time.perf_counter() - t0
        for name, out in outputs.items():
            scores = score_summary(se, out, processed.redacted, s)
            scores["transcript_facts"] = heard
            scores["seconds"] = round(seconds[name], 2)
            row[name] = scores
            per_system[name].append(scores)
        rows.append(row)
    result.details["bodycam"] = rows
    for name, scores in per_system.items():
        if scores:
            _aggregate(scores, "summary" if name == "system" else f"summary.{name}", m)
    if "naive" not in baselines:
        result.notes.append("naive-prompt baseline: no LLM behind the summarizer")

    # DialogSum and QMSum: ROUGE F of the summarizer beside the same baselines.
    summarizer = ctx.pipeline.summarizer
    systems = {"system": lambda t: se.grounded_summary(summarizer, t)[0], **baselines}
    text_sets: list[tuple[str, list[tuple[Any, str]]]] = []
    if layout.dialogsum and limits.dialogsum != 0:
        items = take(read_dialogsum(layout.dialogsum), limits.dialogsum)
        text_sets.append(("dialogsum", [(se.dialog_transcript(i), i.summary) for i in items]))
    if layout.qmsum_dir and limits.qmsum != 0:
        meetings = take(read_qmsum_dir(layout.qmsum_dir), limits.qmsum)
        text_sets.append(("qmsum", [(meeting_transcript(x), x.general_summary)
                                    for x in meetings]))
    for name, items in text_sets:
        ctx.log(f"  [{ctx.config.name}] summary: {name} ({len(items)} items)")
        # The naive prompt cannot hold a whole meeting in the context window: skip it there.
        chosen = {k: v for k, v in systems.items() if not (name == "qmsum" and k == "naive")}
        scores = _score_text_set(se, items, chosen)
        result.details[name] = scores
        for system, values in scores["systems"].items():
            prefix = f"summary.{name}" if system == "system" else f"summary.{name}.{system}"
            for k in ("rouge1", "rouge2", "rougeL"):
                m[f"{prefix}.{k}"] = values[k]
    if ctx.failures:
        result.notes.append(f"pipeline failed on: {', '.join(sorted(ctx.failures))}")
    if not m:
        result.status = EMPTY
    return result
