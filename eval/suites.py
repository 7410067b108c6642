"""The five evaluation suites: asr, redaction, summary, policy, speed.

Each takes the configuration's ``EvalContext``, the data layout, the size limits and a
``shared`` dict for results that do not depend on the models under test (policy,
Presidio synthetic, WNUT), and returns a ``SuiteResult``. Suites whose helper module
(``eval.redaction_eval``, ``eval.summary_eval``, ``eval.policy_eval``) is missing report
``not available`` instead of inventing numbers. The summary suite lives in
``eval.suite_summary``.
"""

from __future__ import annotations

import importlib
import os
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eval.context import (
    EMPTY,
    ERROR,
    NOT_AVAILABLE,
    EvalContext,
    Limits,
    SuiteResult,
    jsonable,
    jsonable_suite,
    optional_helper,
    peak_rss_mb,
    scenarios_for,
    take,
)
from eval.datasets import (
    AsrItem,
    DataLayout,
    Scenario,
    read_asr_manifest,
    read_conll,
)
from eval.metrics import (
    EditCounts,
    char_edits,
    corpus_rate,
    find_leaks,
    leak_candidates,
    mask_value,
    prf,
    word_edits,
)
from eval.suite_summary import run_summary

# ---------------------------------------------------------------------------------------
# ASR suite
# ---------------------------------------------------------------------------------------


def run_asr(ctx: EvalContext, layout: DataLayout, limits: Limits, shared: dict[str, Any]) -> \
        SuiteResult:
    """WER/CER (Whisper-normalised) per file and corpus-level, and real-time factor."""
    result = SuiteResult("asr")
    groups: list[tuple[str, AsrItem]] = []
    if layout.asr_manifest:
        groups += [("manifest", i) for i in take(read_asr_manifest(layout.asr_manifest),
                                                     limits.asr)]
    in_manifest = {(i.file, i.channel) for _, i in groups}
    for s in scenarios_for(layout, limits, shared):
        if (s.audio, None) not in in_manifest:
            groups.append(("bodycam", AsrItem(s.audio, s.reference_transcript, None,
                                              s.duration_s)))
    if not groups:
        result.status = EMPTY
        result.notes.append("no asr/manifest.jsonl or bodycam scenarios under the data folder")
        return result

    rows = []
    words: dict[str, list[EditCounts]] = {}
    chars: dict[str, list[EditCounts]] = {}
    asr_s = audio_s = 0.0
    for group, item in groups:
        ctx.log(f"  [{ctx.config.name}] asr: {item.key}")
        try:
            transcript, seconds, duration = ctx.transcribe(item.file, item.channel)
        except Exception as exc:  # one bad file must not sink a 15-minute run
            rows.append({"group": group, "file": item.key, "error": f"{type(exc).__name__}: "
                         f"{exc}"})
            continue
        w = word_edits(item.reference, transcript.text)
        c = char_edits(item.reference, transcript.text)
        words.setdefault(group, []).append(w)
        chars.setdefault(group, []).append(c)
        asr_s += seconds
        audio_s += duration
        rows.append({
            "group": group, "file": item.key, "audio_s": round(duration, 2),
            "asr_s": round(seconds, 2), "rtf": round(seconds / duration, 3) if duration else None,
            "wer": w.rate, "cer": c.rate, "ref_words": w.ref_len,
            "substitutions": w.substitutions, "deletions": w.deletions,
            "insertions": w.insertions, "hypothesis": transcript.text,
        })
    all_words = [c for v in words.values() for c in v]
    all_chars = [c for v in chars.values() for c in v]
    errors = sum(1 for r in rows if "error" in r)
    result.details = {"files": rows, "groups": sorted(words)}
    if not all_words:
        result.status = ERROR
        result.notes.append("every file failed to transcribe")
        return result
    m = result.metrics
    m["asr.wer"] = corpus_rate(all_words)
    m["asr.cer"] = corpus_rate(all_chars)
    for group in sorted(words):
        m[f"asr.{group}.wer"] = corpus_rate(words[group])
        m[f"asr.{group}.cer"] = corpus_rate(chars[group])
    m["asr.rtf"] = asr_s / audio_s if audio_s else 0.0
    m["asr.files"] = float(len(all_words))
    m["asr.errors"] = float(errors)
    m["asr.audio_s"] = audio_s
    return result


# ---------------------------------------------------------------------------------------
# Redaction suite
# ---------------------------------------------------------------------------------------

WNUT_TYPES: dict[str, frozenset[str]] = {
    "person": frozenset({"PERSON"}),
    "location": frozenset({"LOCATION", "STREET_ADDRESS"}),
}


def score_wnut(sentences: Sequence[Any], analyze: Callable[[str], Sequence[Any]]) -> \
        dict[str, Any]:
    """Token-level P/R/F2 for person and location on CoNLL sentences joined by spaces.

    ``any_pii`` asks the privacy question instead: is each gold person/location token
    redacted under any entity type (and how many other tokens were redacted).
    """
    counts = {k: [0, 0, 0] for k in (*WNUT_TYPES, "any_pii")}
    for sentence in sentences:
        findings = analyze(sentence.text)
        for i, (a, b) in enumerate(sentence.token_offsets()):
            predicted = {f.entity_type for f in findings if f.start < b and f.end > a}
            gold = sentence.entity_of(i)
            for label, types in WNUT_TYPES.items():
                _count(counts[label], gold == label, bool(predicted & types))
            _count(counts["any_pii"], gold in WNUT_TYPES, bool(predicted))
    return {label: {**prf(*c), "tp": c[0], "fp": c[1], "fn": c[2]}
            for label, c in counts.items()}


def _count(cell: list[int], gold: bool, predicted: bool) -> None:
    if gold and predicted:
        cell[0] += 1
    elif predicted:
        cell[1] += 1
    elif gold:
        cell[2] += 1


def reference_transcript(scenario: Scenario) -> Any:
    """The scenario's script as a ``Transcript`` (one segment per timed line)."""
    from redaction.types import AsrInfo, Segment, Transcript

    lines = scenario.timings or ()
    segments = [Segment(i, t.start, t.end, t.text) for i, t in enumerate(lines)] or [
        Segment(i, 0.0, 0.0, text) for i, (_, text) in enumerate(scenario.lines)
    ]
    info = AsrInfo("reference", "none", "none", "en", 1.0, scenario.duration_s)
    return Transcript(segments=segments, info=info)


def pii_audio_spans(scenario: Scenario) -> list[tuple[str, str, float, float]]:
    """Estimated audio span of each gold PII occurrence (time proportional to characters)."""
    spans = []
    for line in scenario.timings:
        low = line.text.lower()
        for pii in scenario.pii:
            needle = pii.value.lower()
            start = low.find(needle)
            while start >= 0 and needle:
                end = start + len(needle)
                dur = line.end - line.start
                n = max(len(line.text), 1)
                spans.append((pii.entity_type, pii.value, line.start + dur * start / n,
                              line.start + dur * end / n))
                start = low.find(needle, end)
    return spans


def covered_fraction(span: tuple[float, float], redactions: Sequence[tuple[float, float]]) -> float:
    t0, t1 = span
    if t1 <= t0:
        return 1.0
    total = 0.0
    for a, b in sorted(redactions):
        lo, hi = max(a, t0), min(b, t1)
        if hi > lo:
            total += hi - lo
    return min(1.0, total / (t1 - t0))


def _output_text(folder: Path) -> str:
    """Everything a default output folder shows, as one string (JSON, text, VTT, Markdown)."""
    parts = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".json", ".txt", ".vtt", ".md") and "raw" not in path.name:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def _masked(values: Sequence[str]) -> list[str]:
    return [mask_value(v) for v in values]


def score_bodycam_redaction(ctx: EvalContext, scenarios: Sequence[Scenario]) -> dict[str, Any]:
    """Gold-PII leaks after redaction of the script and of the ASR transcript, per scenario."""
    redactor = ctx.pipeline.redactor
    rows = []
    totals = {"gold_pii": 0, "leaks_reference": 0, "leaks_asr": 0, "leaks_outputs": 0,
              "pii_in_raw_asr": 0, "audio_spans": 0, "audible_estimate": 0}
    coverage: list[float] = []
    for s in scenarios:
        candidates = leak_candidates(s.pii_pairs)
        redacted_ref = redactor.redact(reference_transcript(s))
        ref_leaks = find_leaks(redacted_ref.text, s.pii_pairs)
        row: dict[str, Any] = {"scenario": s.id, "gold_pii": len(candidates),
                               "leaks_reference": _masked(ref_leaks)}
        totals["gold_pii"] += len(candidates)
        totals["leaks_reference"] += len(ref_leaks)
        processed = ctx.process(s)
        if processed is None:
            row["error"] = ctx.failures.get(s.id, "pipeline failed")
        else:
            raw = find_leaks(processed.transcript.text, s.pii_pairs)
            asr_leaks = find_leaks(processed.redacted.text, s.pii_pairs)
            out_leaks = find_leaks(_output_text(processed.folder), s.pii_pairs)
            spans = [(r["start_s"], r["end_s"]) for r in processed.result.get("redactions", [])]
            cov = [covered_fraction((t0, t1), spans) for _, _, t0, t1 in pii_audio_spans(s)]
            coverage += cov
            row.update({
                "pii_in_raw_asr": len(raw), "leaks_asr": _masked(asr_leaks),
                "leaks_outputs": _masked(out_leaks), "redactions": len(spans),
                "audio_coverage": round(statistics.fmean(cov), 3) if cov else None,
                "audible_estimate": sum(c < 0.5 for c in cov),
            })
            check = processed.result.get("redaction_check")
            if isinstance(check, dict):  # the pipeline re-transcribed the bleeped audio
                row["redaction_check"] = check
                totals["audio_checked"] = totals.get("audio_checked", 0) + check["checked"]
                totals["audio_residual"] = totals.get("audio_residual", 0) + check["residual"]
            totals["pii_in_raw_asr"] += len(raw)
            totals["leaks_asr"] += len(asr_leaks)
            totals["leaks_outputs"] += len(out_leaks)
            totals["audio_spans"] += len(cov)
            totals["audible_estimate"] += sum(c < 0.5 for c in cov)
        rows.append(row)
    return {"scenarios": rows, "totals": totals,
            "audio_coverage": statistics.fmean(coverage) if coverage else None}


def run_redaction(ctx: EvalContext, layout: DataLayout, limits: Limits,
                  shared: dict[str, Any]) -> SuiteResult:
    """Per-entity P/R/F2 on text sets; gold-PII leaks on scenarios (script, ASR, outputs)."""
    result = SuiteResult("redaction")
    m = result.metrics

    # Presidio synthetic set: via eval.redaction_eval (model-independent, computed once).
    if layout.presidio_synth:
        if "presidio" not in shared:
            helper = optional_helper("redaction_eval", "evaluate_presidio_synth")
            if helper is None:
                shared["presidio"] = None
            else:
                ctx.log("  Presidio synthetic set")
                shared["presidio"] = jsonable(helper[0](layout.presidio_synth,
                                                         limit=limits.presidio))
        if shared["presidio"] is None:
            result.notes.append("Presidio synthetic set: not available "
                                "(eval.redaction_eval.evaluate_presidio_synth missing)")
        else:
            result.details["presidio"] = shared["presidio"]
            m.update(presidio_metrics(shared["presidio"]))

    # WNUT-17 person/location, token level (model-independent, computed once).
    if layout.wnut:
        if "wnut" not in shared:
            from redaction.pii.redactor import analyze

            ctx.log("  WNUT-17 person/location")
            sentences = take(read_conll(layout.wnut), limits.wnut)
            t0 = time.perf_counter()
            shared["wnut"] = {**score_wnut(sentences, analyze), "sentences": len(sentences),
                              "seconds": round(time.perf_counter() - t0, 1)}
        wnut = shared["wnut"]
        result.details["wnut"] = wnut
        for label in (*WNUT_TYPES, "any_pii"):
            for k, name in (("precision", "precision"), ("recall", "recall"), ("f", "f2")):
                m[f"redaction.wnut.{label}.{name}"] = wnut[label][k]

    # The project's own encounter set (always bundled; model-independent, computed once).
    if "encounters" not in shared:
        from eval.encounter_eval import evaluate_encounters, load_encounters, summarize

        ctx.log("  own encounter set (eval/data/pii_encounters.jsonl)")
        shared["encounters"] = summarize(evaluate_encounters(load_encounters()))
    enc = shared["encounters"]
    result.details["encounters"] = enc
    m["redaction.encounters.leaks"] = float(enc["leaks"])
    m["redaction.encounters.gold"] = float(enc["gold"])
    m["redaction.encounters.kept_fraction"] = enc["kept"] / enc["keep"] if enc["keep"] else 1.0

    # Scripted body-cam scenarios: leaks in redacted script, ASR transcript, output files.
    scenarios = scenarios_for(layout, limits, shared)
    if scenarios:
        bodycam = score_bodycam_redaction(ctx, scenarios)
        result.details["bodycam"] = bodycam
        for k, v in bodycam["totals"].items():
            m[f"redaction.bodycam.{k}"] = float(v)
        if bodycam["audio_coverage"] is not None:
            m["redaction.bodycam.audio_coverage"] = bodycam["audio_coverage"]
        helper = optional_helper("redaction_eval", "evaluate_bodycam")
        if helper is None:
            result.notes.append("over-redaction on scenarios: not available "
                                "(eval.redaction_eval.evaluate_bodycam missing)")
        elif layout.bodycam_dir is not None:
            # Same redactor and the caching transcriber: no second ASR pass. The helper
            # reads the whole folder, so under --limit bodycam it sees the script only.
            sources = (("ref", False),) if limits.bodycam is not None else (
                ("ref", False), ("asr", True))
            for source, use_asr in sources:
                scores = jsonable(helper[0](layout.bodycam_dir, use_asr=use_asr,
                                             redactor=ctx.pipeline.redactor,
                                             transcriber=ctx.transcriber))
                result.details[f"bodycam_{source}_helper"] = scores
                totals = scores.get("totals", {})
                for key in ("leaks", "facts_kept_fraction"):
                    if key in totals:
                        m[f"redaction.bodycam_{source}.{key}"] = float(totals[key])
        if ctx.failures:
            result.notes.append(f"pipeline failed on: {', '.join(sorted(ctx.failures))}")
    if not m:
        result.status = EMPTY if not result.notes else NOT_AVAILABLE
    return result


def presidio_metrics(scores: dict[str, Any]) -> dict[str, float]:
    """Per-entity P/R/F2, micro recall and any-PII recall from the helper's dict.

    No micro precision: the helper counts one address prediction towards LOCATION,
    STREET_ADDRESS and ZIP_CODE alike, so summed predictions would be double-counted.
    """
    m: dict[str, float] = {}
    per = scores.get("per_entity", {})
    for entity, row in per.items():
        for k in ("precision", "recall", "f2"):
            m[f"redaction.presidio.{entity}.{k}"] = float(row[k])
    gold = sum(row.get("gold", 0) for row in per.values())
    if gold:
        m["redaction.presidio.recall"] = sum(row.get("found", 0) for row in per.values()) / gold
    if "any_pii" in scores:
        m["redaction.presidio.any_pii.recall"] = float(scores["any_pii"]["recall"])
    if "min_headline_recall" in scores:
        m["redaction.presidio.min_headline_recall"] = float(scores["min_headline_recall"])
    return m




# ---------------------------------------------------------------------------------------
# Policy suite
# ---------------------------------------------------------------------------------------


def run_policy(ctx: EvalContext | None, layout: DataLayout, limits: Limits,
               shared: dict[str, Any]) -> SuiteResult:
    """Refusal recall and false-refusal rate, per set and per category (eval.policy_eval)."""
    if "policy" in shared:
        return shared["policy"]
    result = SuiteResult("policy")
    shared["policy"] = result
    helper = optional_helper("policy_eval", "load_requests", "evaluate_policy")
    if helper is None:
        result.status = NOT_AVAILABLE
        result.notes.append("eval.policy_eval (load_requests, evaluate_policy) is missing")
        return result
    load_requests, evaluate_policy = helper
    from eval.policy_eval import load_own_set, split_of
    from service.pipeline import get_policy

    policy = get_policy()
    own = load_own_set()
    named: list[tuple[str, list[dict[str, Any]]]] = [
        (p.stem if p.parent.name != "requests" else f"requests/{p.stem}", load_requests(p))
        for p in layout.requests]
    # The frozen split (never looked at while fixing) beside the training figure.
    named += [(f"own {split}", [r for r in own if split_of(r["text"]) == split])
              for split in ("test", "train")]
    named = [(n, rows) for n, rows in named if rows]
    if not named:
        result.status = EMPTY
        result.notes.append("no request set (requests/*.jsonl or the own set)")
        return result
    baseline_cls = getattr(importlib.import_module("eval.policy_eval"), "KeywordBaseline", None)
    sets = {}
    frozen = {r["text"] for r in own if split_of(r["text"]) == "test"}
    for name, rows in named:
        scores = evaluate_policy(rows, policy)
        key = name.replace(" ", "_").replace("/", "_")
        for lang, rates in scores["per_language"].items():
            for metric in ("refusal_recall", "false_refusal_rate"):
                if rates[metric] is not None:
                    result.metrics[f"policy.{key}.{lang}.{metric}"] = rates[metric]
        if name == "own test":  # no fix may look at the frozen split's texts
            scores["missed_refusals"], scores["false_refusals"] = [], []
        sets[name] = scores
        result.metrics[f"policy.{key}.refusal_recall"] = scores["refusal_recall"]
        result.metrics[f"policy.{key}.false_refusal_rate"] = scores["false_refusal_rate"]
    pooled = [r for name, rows in named if name != "own train" for r in rows]
    overall = evaluate_policy(pooled, policy)
    for field_name in ("missed_refusals", "false_refusals"):
        overall[field_name] = [m for m in overall[field_name] if m["text"] not in frozen]
    result.metrics["policy.refusal_recall"] = overall["refusal_recall"]
    result.metrics["policy.false_refusal_rate"] = overall["false_refusal_rate"]
    result.metrics["policy.accuracy"] = overall["accuracy"]
    result.details = {"sets": sets, "overall": overall}
    if baseline_cls is not None:
        base = evaluate_policy(pooled, baseline_cls())
        result.details["keyword_baseline"] = base
        result.metrics["policy.keyword_baseline.refusal_recall"] = base["refusal_recall"]
        result.metrics["policy.keyword_baseline.false_refusal_rate"] = base["false_refusal_rate"]
    return jsonable_suite(result)


# ---------------------------------------------------------------------------------------
# Speed suite
# ---------------------------------------------------------------------------------------


def run_speed(ctx: EvalContext, layout: DataLayout, limits: Limits,
              shared: dict[str, Any]) -> SuiteResult:
    """Seconds per stage and real-time factor over the scenarios, model load, peak RSS."""
    result = SuiteResult("speed")
    scenarios = scenarios_for(layout, limits, shared)
    rows = []
    for s in scenarios:
        p = ctx.process(s)
        if p is not None:
            total = sum(p.stages.get(k, 0.0) for k in STAGES)
            rows.append({"scenario": s.id, "audio_s": round(p.audio_s, 2),
                         **{k: round(p.stages.get(k, 0.0), 3) for k in STAGES},
                         "total_s": round(total, 3),
                         "rtf": round(total / p.audio_s, 3) if p.audio_s else None})
    m = result.metrics
    if rows:
        audio = sum(r["audio_s"] for r in rows)
        for k in STAGES:
            m[f"speed.{k}"] = sum(r[k] for r in rows) / len(rows)
        m["speed.total_s"] = sum(r["total_s"] for r in rows) / len(rows)
        m["speed.rtf"] = sum(r["total_s"] for r in rows) / audio if audio else 0.0
        m["speed.asr_rtf"] = sum(r["asr_s"] for r in rows) / audio if audio else 0.0
    else:
        result.notes.append("no scenario processed; timing only covers model loading")
    m["speed.asr_load_s"] = ctx.transcriber.load_s
    m["speed.peak_rss_mb"] = peak_rss_mb()
    result.details = {"scenarios": rows, "cpu_count": os.cpu_count(),
                      "note": "mean seconds per recording; summarize_s of the first "
                              "recording includes loading the LLM; peak RSS is the "
                              "whole evaluation process so far"}
    return result


STAGES = ("decode_s", "asr_s", "redact_s", "verify_s", "summarize_s")

SUITE_FUNCS: dict[str, Callable[..., SuiteResult]] = {
    "asr": run_asr,
    "redaction": run_redaction,
    "summary": run_summary,
    "policy": run_policy,
    "speed": run_speed,
}
