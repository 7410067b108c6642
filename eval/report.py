"""Write an evaluation run as ``results.json``, ``report.md`` and ``report.html``.

The Markdown and HTML are rendered from one list of blocks, so both always show the
same numbers; the HTML adds matplotlib plots embedded as base64 PNG (a single file
that can be attached to a ticket). Leaked PII values are masked (``C…(6)``).
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.runner import STAGES, RunResult, direction

# Headline metrics in the order they are shown first; the rest follow per suite.
HEADLINE: tuple[tuple[str, str], ...] = (
    ("asr.wer", "ASR word error rate (all clips)"),
    ("asr.cer", "ASR character error rate"),
    ("asr.rtf", "ASR real-time factor"),
    ("redaction.presidio.recall", "Presidio synthetic: recall (all entities)"),
    ("redaction.presidio.PERSON.f2", "Presidio synthetic: PERSON F2"),
    ("redaction.presidio.any_pii.recall", "Presidio synthetic: any-PII recall"),
    ("redaction.wnut.person.f2", "WNUT-17 person: token F2"),
    ("redaction.wnut.location.f2", "WNUT-17 location: token F2"),
    ("redaction.encounters.leaks", "gold PII leaked, own encounter set"),
    ("redaction.bodycam.leaks_reference", "gold PII leaked, redacted script"),
    ("redaction.bodycam.leaks_asr", "gold PII leaked, redacted ASR transcript"),
    ("redaction.bodycam.leaks_outputs", "gold PII leaked, output files"),
    ("redaction.bodycam.audio_residual", "redacted values still heard in bleeped audio"),
    ("redaction.bodycam.audible_estimate", "gold PII spans under half bleeped (timing estimate)"),
    ("summary.fact_coverage", "summary fact coverage"),
    ("summary.unsupported_rate", "summary unsupported-statement rate"),
    ("summary.pii_leaks", "gold PII in summaries"),
    ("summary.rougeL", "summary ROUGE-L F (scenarios)"),
    ("summary.first4.rougeL", "first-four-lines baseline ROUGE-L F"),
    ("summary.naive.rougeL", "naive-prompt baseline ROUGE-L F"),
    ("summary.naive.unsupported_rate", "naive-prompt baseline unsupported rate"),
    ("summary.dialogsum.rougeL", "DialogSum ROUGE-L F"),
    ("summary.qmsum.rougeL", "QMSum ROUGE-L F"),
    ("policy.refusal_recall", "refusal recall"),
    ("policy.false_refusal_rate", "false-refusal rate"),
    ("speed.rtf", "pipeline real-time factor"),
    ("speed.peak_rss_mb", "peak RSS (MB)"),
)


# ---------------------------------------------------------------------------------------
# A tiny document model rendered to Markdown and HTML
# ---------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # "h" | "p" | "table" | "list" | "image"
    text: str = ""
    level: int = 2
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    png: bytes = b""


class Doc:
    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def h(self, text: str, level: int = 2) -> None:
        self.blocks.append(Block("h", text, level=level))

    def p(self, text: str) -> None:
        self.blocks.append(Block("p", text))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.blocks.append(Block("table", headers=list(headers),
                                     rows=[[str(c) for c in r] for r in rows]))

    def ul(self, items: Sequence[str]) -> None:
        if items:
            self.blocks.append(Block("list", items=list(items)))

    def image(self, title: str, png: bytes | None) -> None:
        if png:
            self.blocks.append(Block("image", title, png=png))

    def markdown(self) -> str:
        out: list[str] = []
        for b in self.blocks:
            if b.kind == "h":
                out += ["#" * b.level + " " + b.text, ""]
            elif b.kind == "p":
                out += [b.text, ""]
            elif b.kind == "table":
                out.append("| " + " | ".join(_md_cell(c) for c in b.headers) + " |")
                out.append("|" + "|".join("---" for _ in b.headers) + "|")
                out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in b.rows]
                out.append("")
            elif b.kind == "list":
                out += [f"- {i}" for i in b.items] + [""]
            elif b.kind == "image":
                out += [f"*Plot in report.html: {b.text}*", ""]
        return "\n".join(out)

    def html(self, title: str) -> str:
        parts = [
            "<!doctype html>", "<html lang='en'><head><meta charset='utf-8'>",
            f"<title>{html.escape(title)}</title>", f"<style>{_CSS}</style>", "</head><body>",
        ]
        for b in self.blocks:
            if b.kind == "h":
                parts.append(f"<h{b.level}>{html.escape(b.text)}</h{b.level}>")
            elif b.kind == "p":
                parts.append(f"<p>{html.escape(b.text)}</p>")
            elif b.kind == "table":
                head = "".join(f"<th>{_html_cell(c)}</th>" for c in b.headers)
                body = "".join(
                    "<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in r) + "</tr>"
                    for r in b.rows
                )
                parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
                             "</table>")
            elif b.kind == "list":
                parts.append("<ul>" + "".join(f"<li>{_html_cell(i)}</li>" for i in b.items)
                             + "</ul>")
            elif b.kind == "image":
                data = base64.b64encode(b.png).decode("ascii")
                parts.append(f"<figure><img alt='{html.escape(b.text)}' "
                             f"src='data:image/png;base64,{data}'>"
                             f"<figcaption>{html.escape(b.text)}</figcaption></figure>")
        parts.append("</body></html>")
        return "\n".join(parts)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
    "color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid "
    "#ccc;padding:.25em .6em;text-align:left;font-size:.9em}th{background:#f3f3f3}"
    "td{font-variant-numeric:tabular-nums}figure{margin:1em 0}img{max-width:100%}"
    "figcaption{color:#555;font-size:.9em}"
)


def _html_cell(text: str) -> str:
    """Escape, and show Markdown `code` spans as <code>."""
    pieces = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def fmt(value: Any, metric: str = "") -> str:
    """Counts as integers, seconds/MB with one decimal, rates with three."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        leaf = metric.rsplit(".", 1)[-1]
        if leaf.endswith(("_mb", "_s", "seconds")) or leaf in ("audio_s",):
            return f"{value:.1f}"
        if value.is_integer() and any(t in leaf for t in (
                "leak", "files", "errors", "gold", "audible", "spans", "pii", "n_", "residual",
                "checked", "statements", "redactions")):
            return str(int(value))
        return f"{value:.3f}"
    return str(value)


# ---------------------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------------------


def _plot(draw: Callable[[Any], None], width: float = 8.0, height: float = 3.6) -> bytes | None:
    """Run ``draw(ax)`` on a fresh Agg figure and return PNG bytes (None if no matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(width, height), dpi=100)
    try:
        draw(ax)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()
    finally:
        plt.close(fig)


def _grouped_bars(ax: Any, labels: Sequence[str], series: dict[str, Sequence[float]],
                  ylabel: str) -> None:
    n = max(1, len(series))
    width = 0.8 / n
    for i, (name, values) in enumerate(series.items()):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(labels))]
        ax.bar(xs, values, width=width, label=name)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    if n > 1:
        ax.legend(fontsize=8)


# ---------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------


def _suite(run: RunResult, config: str, suite: str) -> Any:
    for cr in run.configs:
        if cr.config.name == config:
            return cr.suites.get(suite)
    return None


def _names(run: RunResult) -> list[str]:
    return [cr.config.name for cr in run.configs]


def _arrow(metric: str) -> str:
    return {"down": "↓", "up": "↑"}.get(direction(metric), "")


def _metric_rows(run: RunResult, metrics: Sequence[tuple[str, str]]) -> list[list[str]]:
    rows = []
    for metric, label in metrics:
        values = [run.metric(n, metric) for n in _names(run)]
        if all(v is None for v in values):
            continue
        rows.append([label, f"`{metric}` {_arrow(metric)}", *(fmt(v, metric) for v in values)])
    return rows


def _section_overview(doc: Doc, run: RunResult) -> None:
    d = run.to_dict()
    doc.h("bodycam evaluation report", 1)
    doc.ul([
        f"command: `{d['command'] or '(library call)'}`",
        f"data: {d['data']}",
        f"suites: {', '.join(d['suites'])}",
        f"started {d['started']}, took {d['seconds']:.0f} s "
        f"(load average {d['environment'].get('load_average_at_start')} at start, "
        f"{d['environment'].get('load_average_at_end')} at end, "
        f"{d['environment'].get('cpu_count')} CPUs, peak RSS "
        f"{d['environment'].get('peak_rss_mb')} MB)",
        "limits: " + ", ".join(f"{k}={v}" for k, v in d["limits"].items() if v is not None),
    ])
    doc.h("Configurations")
    doc.table(["config", "ASR model", "beam", "LLM", "seconds"],
              [[c["name"], c["resolved"].get("asr_model"), c["resolved"].get("asr_beam_size"),
                c["resolved"].get("llm_model"), f"{c['seconds']:.0f}"] for c in d["configs"]])
    doc.h("Headline metrics")
    doc.p("↑ higher is better, ↓ lower is better. Leak counts are gold PII values (a "
          "person's surname alone included) still readable after redaction.")
    doc.table(["metric", "name", *_names(run)], _metric_rows(run, HEADLINE))
    notes = []
    for cr in run.configs:
        for name, sr in cr.suites.items():
            if sr.status != "ok":
                notes.append(f"{cr.config.name} / {name}: {sr.status}")
            notes += [f"{cr.config.name} / {name}: {n}" for n in sr.notes]
    if notes:
        doc.h("Notes", 3)
        doc.ul(list(dict.fromkeys(notes)))


def _section_all_metrics(doc: Doc, run: RunResult, suite: str) -> None:
    names = [m for m in run.metric_names() if m.startswith(f"{suite}.")]
    if names:
        doc.h("All metrics", 3)
        doc.table(["metric", *_names(run)],
                  [[f"`{m}` {_arrow(m)}",
                    *(fmt(run.metric(n, m), m) for n in _names(run))] for m in names])


def _section_asr(doc: Doc, run: RunResult) -> None:
    doc.h("ASR")
    doc.p("WER and CER after Whisper's English normaliser (case, punctuation, contractions, "
          "'Mr.'/'mister', spelled-out numbers); corpus level = total edits / total "
          "reference words. RTF = transcription seconds / audio seconds (< 1 is faster "
          "than real time).")
    files: dict[str, dict[str, dict[str, Any]]] = {}
    for name in _names(run):
        sr = _suite(run, name, "asr")
        for row in (sr.details.get("files", []) if sr else []):
            files.setdefault(row["file"], {})[name] = row
    rows = []
    for file, per in files.items():
        first = next(iter(per.values()))
        cells = [file, first.get("group", ""), fmt(first.get("audio_s"), "audio_s")]
        for name in _names(run):
            r = per.get(name)
            if r is None or "error" in r:
                cells += ["error" if r else "–", "", ""]
            else:
                cells += [fmt(r["wer"]), fmt(r["cer"]), fmt(r["rtf"])]
        rows.append(cells)
    heads = [h for n in _names(run) for h in (f"WER {n}", f"CER {n}", f"RTF {n}")]
    doc.table(["file", "set", "audio s", *heads], rows)
    doc.image("WER per file", _plot(lambda ax: _grouped_bars(
        ax, list(files), {n: [files[f].get(n, {}).get("wer", 0) or 0 for f in files]
                          for n in _names(run)}, "WER")) if files else None)
    _section_all_metrics(doc, run, "asr")


def _helper_tables(doc: Doc, title: str, data: Any) -> None:
    """Render any ``{name: {metric: number}}`` blocks of a helper's result as tables."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in
                                                       value.values()):
            cols: dict[str, None] = {}
            for v in value.values():
                cols.update({k: None for k, x in v.items() if isinstance(x, int | float)})
            if cols:
                doc.h(f"{title}: {key}", 4)
                doc.table([key, *cols], [[name, *(fmt(v.get(c), c) for c in cols)]
                                          for name, v in value.items()])


def _residual(check: Any) -> str:
    if not isinstance(check, dict):
        return "–"
    types = ", ".join(check.get("residual_types", []))
    return f"{check['residual']}/{check['checked']}" + (f" ({types})" if types else "")


def _section_redaction(doc: Doc, run: RunResult) -> None:
    doc.h("Redaction")
    doc.p("Per-entity precision / recall / F2 (recall weighted: a missed name costs more "
          "than an over-redacted word). Scenario leaks: gold PII found in the redacted "
          "script, the redacted ASR transcript and the output folder (result.json, "
          "transcripts, summary.md). Audio coverage estimates each gold PII span from "
          "line timings (time proportional to characters) and reports the fraction "
          "bleeped; spans under half covered count as audible.")
    names = _names(run)
    first = _suite(run, names[0], "redaction")
    if first and "wnut" in first.details:
        w = first.details["wnut"]
        doc.h(f"WNUT-17 token level ({w.get('sentences')} sentences)", 3)
        doc.table(["label", "precision", "recall", "F2", "tp", "fp", "fn"],
                  [[k, fmt(w[k]["precision"]), fmt(w[k]["recall"]), fmt(w[k]["f"]),
                    w[k]["tp"], w[k]["fp"], w[k]["fn"]]
                   for k in ("person", "location", "any_pii")])
    if first and "presidio" in first.details:
        doc.h("Presidio synthetic set", 3)
        _helper_tables(doc, "Presidio synthetic", first.details["presidio"])
    rows = []
    for name in names:
        sr = _suite(run, name, "redaction")
        for r in (sr.details.get("bodycam", {}).get("scenarios", []) if sr else []):
            rows.append([name, r["scenario"], r["gold_pii"], len(r["leaks_reference"]),
                         "error" if "error" in r else len(r["leaks_asr"]),
                         len(r.get("leaks_outputs", [])), r.get("pii_in_raw_asr", "–"),
                         fmt(r.get("audio_coverage")), r.get("audible_estimate", "–"),
                         _residual(r.get("redaction_check")),
                         ", ".join(r.get("leaks_asr", []) + r["leaks_reference"])])
    if rows:
        doc.h("Scripted scenarios", 3)
        doc.table(["config", "scenario", "gold PII", "leaks (script)", "leaks (ASR)",
                   "leaks (outputs)", "gold PII heard by ASR", "audio coverage",
                   "audible (est.)", "heard again in bleeped audio", "leaked (masked)"], rows)
    helper_rows = []
    for name in names:
        sr = _suite(run, name, "redaction")
        for source in ("ref", "asr"):
            block = sr.details.get(f"bodycam_{source}_helper") if sr else None
            for r in (block or {}).get("scenarios", []):
                helper_rows.append([name, "script" if source == "ref" else "ASR", r.get("id"),
                                    r.get("leaks"), ", ".join(r.get("leaked_types", [])),
                                    f"{r.get('facts_kept')}/{r.get('facts_present')}",
                                    r.get("redactions")])
    if helper_rows:
        doc.h("Leaks by type and over-redaction (eval.redaction_eval)", 3)
        doc.p("Fact keywords kept: scenario fact keywords present before redaction that "
              "survive it (lower means redaction removed incident content).")
        doc.table(["config", "transcript", "scenario", "leaks", "leaked types",
                   "fact keywords kept", "redactions"], helper_rows)
    if first and "wnut" in first.details:
        w = first.details["wnut"]
        doc.image("WNUT-17 token-level precision / recall / F2", _plot(lambda ax: _grouped_bars(
            ax, ["person", "location", "any_pii"],
            {k: [w[lab][key] for lab in ("person", "location", "any_pii")]
             for k, key in (("precision", "precision"), ("recall", "recall"), ("F2", "f"))},
            "score")))
    _section_all_metrics(doc, run, "redaction")


SUMMARY_LABELS = {"system": "bodycam summarizer", "first4": "first four lines",
                  "extractive": "extractive (no LLM)", "naive": "naive prompt"}


def _section_summary(doc: Doc, run: RunResult) -> None:
    doc.h("Summaries")
    doc.p("Fact coverage: scenario facts whose keywords appear in the narrative (and as a "
          "share of the facts the ASR transcript itself contains). Unsupported: narrative "
          "statements the grounding check cannot tie to the transcript "
          "(eval.summary_eval.unsupported_statements). PII: gold values anywhere in what "
          "the system stores. ROUGE F vs the human reference. Baselines: the first four "
          "redacted lines, the extractive summarizer (no LLM), the same LLM with a naive "
          "one-prompt request.")
    names = _names(run)
    rows = []
    for name in names:
        sr = _suite(run, name, "summary")
        for system, label in SUMMARY_LABELS.items():
            if sr is None or f"summary{'' if system == 'system' else '.' + system}.rougeL" \
                    not in sr.metrics:
                continue
            prefix = "summary" if system == "system" else f"summary.{system}"
            m = sr.metrics
            rows.append([name, label, fmt(m.get(f"{prefix}.fact_coverage")),
                         fmt(m.get(f"{prefix}.fact_coverage_of_transcript")),
                         fmt(m.get(f"{prefix}.unsupported_rate")),
                         fmt(m.get(f"{prefix}.pii_leaks"), "pii_leaks"),
                         fmt(m.get(f"{prefix}.rouge1")), fmt(m.get(f"{prefix}.rouge2")),
                         fmt(m.get(f"{prefix}.rougeL")),
                         f"{m.get(prefix + '.mean_words', 0):.0f} / "
                         f"{m.get(prefix + '.max_words', 0):.0f}",
                         f"{m.get(prefix + '.compression', 0):.1f}x",
                         fmt(m.get(f"{prefix}.mean_seconds"), "_s")])
    if rows:
        doc.h("Scripted scenarios (ASR transcript → redaction → summary)", 3)
        doc.table(["config", "system", "fact coverage", "of facts heard", "unsupported",
                   "PII", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words mean / max",
                   "compression", "s/summary"], rows)
    per = []
    for name in names:
        sr = _suite(run, name, "summary")
        for r in (sr.details.get("bodycam", []) if sr else []):
            if "error" in r:
                per.append([name, r["scenario"], "error", "", "", "", "", ""])
                continue
            s = r["system"]
            per.append([name, r["scenario"],
                        f"{s['facts_covered']}/{s['transcript_facts']}/{s['facts_total']}",
                        f"{s['unsupported']}/{s['statements']}", s["leaks"], fmt(s["rougeL"]),
                        *(fmt(r[k]["rougeL"]) if k in r else "–"
                          for k in ("first4", "extractive", "naive"))])
    if per:
        doc.h("Per scenario", 4)
        doc.p("facts: in the summary / heard by ASR / in the script.")
        doc.table(["config", "scenario", "facts", "unsupported", "PII", "ROUGE-L",
                   "first-4 ROUGE-L", "extractive ROUGE-L", "naive ROUGE-L"], per)
    for key, title in (("dialogsum", "DialogSum"), ("qmsum", "QMSum (general summaries)")):
        table = []
        for name in names:
            sr = _suite(run, name, "summary")
            block = sr.details.get(key) if sr else None
            for system, v in (block or {}).get("systems", {}).items():
                table.append([name, SUMMARY_LABELS.get(system, system), block["items"],
                              fmt(v["rouge1"]), fmt(v["rouge2"]), fmt(v["rougeL"]),
                              f"{v.get('words', 0):.0f}", fmt(v.get("seconds"), "_s")])
        if table:
            doc.h(f"{title}: ROUGE F", 3)
            doc.table(["config", "system", "items", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words",
                       "s/summary"], table)
    bars = {}
    for name in names:
        for system, label in SUMMARY_LABELS.items():
            prefix = "summary" if system == "system" else f"summary.{system}"
            if run.metric(name, f"{prefix}.rougeL") is not None:
                bars[f"{label} ({name})" if len(names) > 1 else label] = (name, prefix)
    if bars:
        def draw(ax: Any) -> None:
            series = {k: [run.metric(n, f"{p}.{k}") or 0.0 for n, p in bars.values()]
                      for k in ("fact_coverage", "rouge1", "rougeL")}
            _grouped_bars(ax, list(bars), series, "score")

        doc.image("Scenario summaries: fact coverage and ROUGE vs baselines", _plot(draw))
    _section_all_metrics(doc, run, "summary")


def _section_policy(doc: Doc, run: RunResult) -> None:
    doc.h("Refusal policy")
    doc.p("Refusal recall: identification requests refused (must be 1.0). False-refusal "
          "rate: legitimate requests refused. Policy results do not depend on the "
          "configuration and are computed once.")
    sr = _suite(run, _names(run)[0], "policy")
    if not sr or sr.status != "ok":
        return
    rows = []
    for set_name, s in sr.details.get("sets", {}).items():
        rows.append([set_name, s["n"], s["n_refuse"], s["n_allow"], fmt(s["refusal_recall"]),
                     fmt(s["false_refusal_rate"]), fmt(s["accuracy"])])
    base = sr.details.get("keyword_baseline")
    overall = sr.details.get("overall", {})
    if overall:
        rows.append(["all (pooled)", overall["n"], overall["n_refuse"], overall["n_allow"],
                     fmt(overall["refusal_recall"]), fmt(overall["false_refusal_rate"]),
                     fmt(overall["accuracy"])])
    if base:
        rows.append(["keyword baseline (pooled)", base["n"], base["n_refuse"], base["n_allow"],
                     fmt(base["refusal_recall"]), fmt(base["false_refusal_rate"]),
                     fmt(base["accuracy"])])
    doc.table(["set", "n", "refuse", "allow", "refusal recall", "false-refusal rate",
               "accuracy"], rows)
    cats = overall.get("per_category_recall", {})
    doc.table(["category", "refused", "total", "recall"],
              [[c, v["refused"], v["total"], fmt(v["recall"])] for c, v in cats.items()])
    misses = [f"missed refusal: {m['text']!r} ({m.get('category')})"
              for m in overall.get("missed_refusals", [])]
    misses += [f"false refusal: {m['text']!r} ({m.get('category')})"
               for m in overall.get("false_refusals", [])]
    doc.ul(misses)
    if cats:
        doc.image("Refusal recall per category", _plot(lambda ax: _grouped_bars(
            ax, list(cats), {"recall": [v["recall"] for v in cats.values()]}, "recall")))


def _section_speed(doc: Doc, run: RunResult) -> None:
    doc.h("Speed")
    doc.p("Mean seconds per scripted recording and stage (ASR timed on its first, uncached "
          "run); RTF = pipeline seconds / audio seconds. The first recording's summarize "
          "time includes loading the LLM. Peak RSS covers the whole evaluation process.")
    rows = []
    for name in _names(run):
        sr = _suite(run, name, "speed")
        if sr:
            m = sr.metrics
            rows.append([name, *(fmt(m.get(f"speed.{k}"), k) for k in STAGES),
                         fmt(m.get("speed.total_s"), "total_s"), fmt(m.get("speed.rtf")),
                         fmt(m.get("speed.asr_load_s"), "_s"),
                         fmt(m.get("speed.peak_rss_mb"), "_mb")])
    doc.table(["config", *STAGES, "total s", "RTF", "ASR load s", "peak RSS MB"], rows)
    if rows:
        def draw(ax: Any) -> None:
            bottom = [0.0] * len(rows)
            for i, stage in enumerate(STAGES):
                values = [float(r[1 + i]) if r[1 + i] != "–" else 0.0 for r in rows]
                ax.bar([r[0] for r in rows], values, bottom=bottom, label=stage)
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
            ax.set_ylabel("seconds per recording")
            ax.legend(fontsize=8)

        doc.image("Seconds per stage", _plot(draw, width=6.0))


SECTIONS: dict[str, Callable[[Doc, RunResult], None]] = {
    "asr": _section_asr,
    "redaction": _section_redaction,
    "summary": _section_summary,
    "policy": _section_policy,
    "speed": _section_speed,
}


def build(run: RunResult) -> Doc:
    doc = Doc()
    _section_overview(doc, run)
    for suite in run.options.suites:
        SECTIONS[suite](doc, run)
    return doc


@dataclass(frozen=True)
class ReportPaths:
    markdown: Path
    html: Path
    json: Path


def write_reports(run: RunResult, out: Path) -> ReportPaths:
    """Write the three files into ``out`` and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    doc = build(run)
    paths = ReportPaths(out / "report.md", out / "report.html", out / "results.json")
    paths.json.write_text(json.dumps(run.to_dict(), indent=2, default=str) + "\n",
                          encoding="utf-8")
    paths.markdown.write_text(doc.markdown(), encoding="utf-8")
    paths.html.write_text(doc.html("bodycam evaluation report"), encoding="utf-8")
    return paths
