"""Evaluate the identification-refusal policy on labelled request sets.

Why: the gate must refuse every identifying request (recall 1.0) while refusing few benign
ones; a plain keyword list is measured beside it so the layered gate has to earn its
complexity. Usage::

    python -m eval.policy_eval                      # dev set (if present) + own set
    python -m eval.policy_eval --data FILE [--data FILE ...] [--ablation]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from redaction.policy.gate import Decision, LayeredPolicy, RequestPolicy, get_policy

REPO_ROOT = Path(__file__).resolve().parents[1]
OWN_SET = REPO_ROOT / "eval" / "data" / "requests.jsonl"
DEV_SET = REPO_ROOT.parent / "shared" / "data" / "requests" / "dev.jsonl"


def load_requests(path: str | Path) -> list[dict[str, Any]]:
    """Read ``{"text", "label": "refuse"|"allow", "category"?}`` lines; blank lines skipped."""
    rows: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row, dict) or "text" not in row or row.get("label") not in (
                "refuse",
                "allow",
            ):
                raise ValueError(f"{Path(path).name}:{lineno}: expected text and label")
            rows.append(row)
    return rows


class KeywordBaseline(RequestPolicy):
    """Refuse when any obvious keyword occurs: the naive gate the layered one must beat."""

    KEYWORDS: tuple[str, ...] = (
        "identify", "name", "face", "voice", "address", "phone", "who is", "who's",
        "unredact", "un-redact", "redacted", "email", "date of birth", "plate",
    )

    def check(self, text: str) -> Decision:
        low = text.lower()
        for kw in self.KEYWORDS:
            if re.search(rf"\b{re.escape(kw)}", low):
                return Decision(False, "keyword", f"contains a listed keyword ({kw!r})", 1.0)
        return Decision(True, None, "no listed keyword", 0.0)


class SemanticOnly(LayeredPolicy):
    """Ablation: the gate with its pattern rules removed (normalisation + embeddings)."""

    RULES = ()


def rules_only() -> LayeredPolicy:
    """Ablation: the gate with a zero embedder, so only normalisation and rules refuse."""
    return LayeredPolicy(embedder=lambda texts: np.zeros((len(texts), 384), dtype=np.float32))


def evaluate_policy(rows: list[dict[str, Any]], policy: RequestPolicy) -> dict[str, Any]:
    """Refusal recall, false-refusal rate, per-category recall, category agreement, misses."""
    tp = fn = fp = tn = 0
    cat_total: Counter[str] = Counter()
    cat_refused: Counter[str] = Counter()
    cat_agree = cat_labelled = 0
    missed: list[dict[str, Any]] = []
    false_refusals: list[dict[str, Any]] = []
    for row in rows:
        decision = policy.check(row["text"])
        refuse = row["label"] == "refuse"
        cat = row.get("category") or "uncategorised"
        if refuse:
            cat_total[cat] += 1
            if decision.allowed:
                fn += 1
                missed.append({"text": row["text"], "category": cat})
            else:
                tp += 1
                cat_refused[cat] += 1
                if row.get("category"):
                    cat_labelled += 1
                    cat_agree += int(decision.category == row["category"])
        elif decision.allowed:
            tn += 1
        else:
            fp += 1
            false_refusals.append(
                {"text": row["text"], "category": decision.category, "reason": decision.reason}
            )
    n_refuse, n_allow = tp + fn, fp + tn
    return {
        "n": len(rows),
        "n_refuse": n_refuse,
        "n_allow": n_allow,
        "refusal_recall": tp / n_refuse if n_refuse else 1.0,
        "false_refusal_rate": fp / n_allow if n_allow else 0.0,
        "accuracy": (tp + tn) / len(rows) if rows else 1.0,
        # share of refused, category-labelled rows whose category the gate also named
        "category_agreement": cat_agree / cat_labelled if cat_labelled else None,
        "per_category_recall": {
            c: {"refused": cat_refused[c], "total": cat_total[c],
                "recall": cat_refused[c] / cat_total[c]}
            for c in sorted(cat_total)
        },
        "counts": {"tp": tp, "fn": fn, "fp": fp, "tn": tn},
        "missed_refusals": missed,
        "false_refusals": false_refusals,
        "misclassified": [m["text"] for m in missed] + [f["text"] for f in false_refusals],
    }


def _table(name: str, layered: dict[str, Any], keyword: dict[str, Any],
           ablations: dict[str, dict[str, Any]] | None = None) -> str:
    lines = [
        f"## {name}  (n={layered['n']}: {layered['n_refuse']} refuse, "
        f"{layered['n_allow']} allow)",
        "",
        "| metric | layered gate | keyword baseline |",
        "|---|---|---|",
        f"| refusal recall | {layered['refusal_recall']:.3f} | {keyword['refusal_recall']:.3f} |",
        f"| false-refusal rate | {layered['false_refusal_rate']:.3f} "
        f"| {keyword['false_refusal_rate']:.3f} |",
        f"| accuracy | {layered['accuracy']:.3f} | {keyword['accuracy']:.3f} |",
    ]
    for cat, stats in layered["per_category_recall"].items():
        kw = keyword["per_category_recall"][cat]
        lines.append(
            f"| recall: {cat} | {stats['recall']:.3f} ({stats['refused']}/{stats['total']}) "
            f"| {kw['recall']:.3f} ({kw['refused']}/{kw['total']}) |"
        )
    for label, rep in (ablations or {}).items():
        lines.append(f"| ablation, {label}: recall / false-refusal rate "
                     f"| {rep['refusal_recall']:.3f} / {rep['false_refusal_rate']:.3f} | |")
    agreement = layered["category_agreement"]
    if agreement is not None:
        lines.append(f"| category agreement (refused rows) | {agreement:.3f} | n/a |")
    for label, items in (("missed refusal", layered["missed_refusals"]),
                         ("false refusal", layered["false_refusals"])):
        for item in items:
            lines.append(f"- {label}: {item['text']!r} ({item.get('category')})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.policy_eval", description=__doc__)
    parser.add_argument("--data", action="append", type=Path,
                        help="request set(s) in JSONL; default: dev set (if present) + own set")
    parser.add_argument("--ablation", action="store_true",
                        help="also measure the rules alone and the semantic layer alone")
    args = parser.parse_args(argv)
    paths: list[Path] = args.data or [p for p in (DEV_SET, OWN_SET) if p.exists()]
    policy = get_policy()
    baseline = KeywordBaseline()
    for path in paths:
        if not path.exists():
            parser.error(f"{path}: no such file")
        rows = load_requests(path)
        ablations = (
            {"rules only": evaluate_policy(rows, rules_only()),
             "semantic only": evaluate_policy(rows, SemanticOnly())}
            if args.ablation else None
        )
        sys.stdout.write(
            _table(path.name, evaluate_policy(rows, policy), evaluate_policy(rows, baseline),
                   ablations)
            + "\n\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
