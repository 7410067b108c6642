"""Evaluate the identification-refusal gate on labelled request sets.

Why: both error rates matter: a missed identification request breaks purpose limitation,
a false refusal blocks the auditors the gate serves. Figures are reported per split
(``train`` is training accuracy; ``test`` is the frozen split no fix looks at), per
language and per category, beside a plain keyword list the gate has to beat. Usage::

    python -m eval.policy_eval                        # own set: train / dev / test splits
    python -m eval.policy_eval --data FILE [--data FILE ...] [--no-judge]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from redaction.policy.base import Decision, RequestPolicy

REPO_ROOT = Path(__file__).resolve().parents[1]
OWN_DIR = REPO_ROOT / "eval" / "data"
#: The project's own labelled requests: the original set, its Spanish and extra English.
OWN_FILES: tuple[str, ...] = ("requests.jsonl", "requests_es.jsonl", "requests_more.jsonl")
OWN_SET = OWN_DIR / "requests.jsonl"
SPLITS: tuple[str, ...] = ("train", "dev", "test")


def split_of(text: str) -> str:
    """Deterministic split by text hash: 70 % train, 10 % dev, 20 % frozen test."""
    bucket = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "test" if bucket >= 8 else "dev" if bucket == 7 else "train"


def load_requests(path: str | Path) -> list[dict[str, Any]]:
    """Read ``{"text", "label": "refuse"|"allow", "category"?, "lang"?}`` lines."""
    rows: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row, dict) or "text" not in row or row.get("label") not in (
                "refuse", "allow",
            ):
                raise ValueError(f"{Path(path).name}:{lineno}: expected text and label")
            row.setdefault("lang", "en")
            rows.append(row)
    return rows


def load_own_set(directory: Path = OWN_DIR) -> list[dict[str, Any]]:
    """Every row of the project's own labelled request files that exist."""
    return [r for name in OWN_FILES if (directory / name).exists()
            for r in load_requests(directory / name)]


def split_sha256(rows: list[dict[str, Any]]) -> str:
    """Hash of a split's texts and labels (recorded in docs/policy.md)."""
    lines = sorted(f"{r['text']}\t{r['label']}\t{r.get('category') or ''}" for r in rows)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


class KeywordBaseline(RequestPolicy):
    """Refuse when any obvious keyword occurs: the naive gate the real one must beat."""

    KEYWORDS: tuple[str, ...] = (
        "identify", "name", "face", "voice", "address", "phone", "who is", "who's",
        "unredact", "un-redact", "redacted", "email", "date of birth", "plate",
    )

    def check(self, text: str) -> Decision:
        low = text.lower()
        for kw in self.KEYWORDS:
            if re.search(rf"\b{re.escape(kw)}", low):
                return Decision(False, "keyword", "contains a listed keyword", 1.0, "keyword")
        return Decision(True, None, "no listed keyword", 0.0, "keyword")


def _rates(tp: int, fn: int, fp: int, tn: int) -> dict[str, Any]:
    return {"n_refuse": tp + fn, "n_allow": fp + tn,
            "refusal_recall": tp / (tp + fn) if tp + fn else None,
            "false_refusal_rate": fp / (fp + tn) if fp + tn else None}


def evaluate_policy(rows: list[dict[str, Any]], policy: RequestPolicy) -> dict[str, Any]:
    """Recall, false refusals, per category and language, layers used, and the errors."""
    counts: dict[str, Counter[str]] = {}
    cat_total: Counter[str] = Counter()
    cat_refused: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    missed: list[dict[str, Any]] = []
    false_refusals: list[dict[str, Any]] = []
    for row in rows:
        decision = policy.check(row["text"])
        layers[decision.layer or "?"] += 1
        refuse = row["label"] == "refuse"
        outcome = ("tp" if not decision.allowed else "fn") if refuse else (
            "fp" if not decision.allowed else "tn")
        for key in ("all", f"lang:{row.get('lang', 'en')}"):
            counts.setdefault(key, Counter())[outcome] += 1
        if refuse:
            cat = row.get("category") or "uncategorised"
            cat_total[cat] += 1
            cat_refused[cat] += int(not decision.allowed)
            if decision.allowed:
                missed.append({"text": row["text"], "category": cat, "layer": decision.layer})
        elif not decision.allowed:
            false_refusals.append({"text": row["text"], "category": decision.category,
                                   "layer": decision.layer})
    c = counts.get("all", Counter())
    out = {"n": len(rows), **_rates(c["tp"], c["fn"], c["fp"], c["tn"]),
           "accuracy": (c["tp"] + c["tn"]) / len(rows) if rows else None,
           "per_language": {k[5:]: _rates(v["tp"], v["fn"], v["fp"], v["tn"])
                            for k, v in sorted(counts.items()) if k.startswith("lang:")},
           "per_category_recall": {
               cat: {"refused": cat_refused[cat], "total": cat_total[cat],
                     "recall": cat_refused[cat] / cat_total[cat]} for cat in sorted(cat_total)},
           "layers": dict(layers), "counts": dict(c),
           "missed_refusals": missed, "false_refusals": false_refusals}
    out["misclassified"] = [m["text"] for m in missed] + [f["text"] for f in false_refusals]
    return out


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def table(name: str, rep: dict[str, Any], show_errors: bool = True) -> str:
    """A markdown block for one evaluated set."""
    lines = [f"## {name}  (n={rep['n']}: {rep['n_refuse']} refuse, {rep['n_allow']} allow)",
             "", "| slice | refusal recall | false refusals |", "|---|---|---|",
             f"| all | {_fmt(rep['refusal_recall'])} | {_fmt(rep['false_refusal_rate'])} |"]
    for lang, r in rep["per_language"].items():
        lines.append(f"| lang {lang} ({r['n_refuse']}/{r['n_allow']}) | "
                     f"{_fmt(r['refusal_recall'])} | {_fmt(r['false_refusal_rate'])} |")
    for cat, r in rep["per_category_recall"].items():
        lines.append(f"| {cat} | {r['recall']:.3f} ({r['refused']}/{r['total']}) | |")
    lines.append(f"\nlayers: {rep['layers']}")
    if show_errors:
        lines += [f"- missed: {m['text']!r} ({m['category']}, {m['layer']})"
                  for m in rep["missed_refusals"]]
        lines += [f"- false refusal: {f['text']!r} ({f['category']}, {f['layer']})"
                  for f in rep["false_refusals"]]
    return "\n".join(lines)


def own_splits(policy: RequestPolicy) -> dict[str, dict[str, Any]]:
    """The own set evaluated per split (train = training accuracy; test = frozen)."""
    rows = load_own_set()
    return {s: evaluate_policy([r for r in rows if split_of(r["text"]) == s], policy)
            for s in SPLITS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.policy_eval", description=__doc__)
    parser.add_argument("--data", action="append", type=Path,
                        help="request set(s) in JSONL; default: the own set's splits")
    parser.add_argument("--no-judge", action="store_true",
                        help="run without the LLM judge (uncertain requests fail closed)")
    parser.add_argument("--errors", action="store_true",
                        help="list the misclassified texts (never for the frozen split)")
    args = parser.parse_args(argv)
    from service.pipeline import build_policy

    policy = build_policy(judge=not args.no_judge)
    if args.data:
        for path in args.data:
            if not path.exists():
                parser.error(f"{path}: no such file")
            rep = evaluate_policy(load_requests(path), policy)
            sys.stdout.write(table(path.name, rep, args.errors) + "\n\n")
        return 0
    for split, rep in own_splits(policy).items():
        sys.stdout.write(table(f"own set, {split} split", rep,
                               args.errors and split != "test") + "\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
