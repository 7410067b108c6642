"""Recall / false refusals and judged-decision latency of the full gate (judge on).

Why a separate script: with the LLM judge a decision can take seconds, so this run must
survive being stopped. Requests the fast layers decide go first; the judged ones follow
in a fixed shuffled order, and the running totals (EN/ES, judged rows only, latency p50
/ p95) are rewritten to OUT after every decision, so a partial run is a fair sample.

    python bench/judged_eval.py frozen OUT.json        # the own set's frozen test split
    python bench/judged_eval.py FILE.jsonl OUT.json    # any labelled request set
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval.policy_eval import load_own_set, load_requests, split_of  # noqa: E402


def main(argv: list[str]) -> int:
    source, out = argv[0], Path(argv[1])
    from service.pipeline import build_policy

    rows = ([r for r in load_own_set() if split_of(r["text"]) == "test"]
            if source == "frozen" else load_requests(source))
    gate, fast = build_policy(judge=True), build_policy(judge=False)
    judged = [i for i, r in enumerate(rows) if fast.check(r["text"]).layer == "fail-closed"]
    random.Random(17).shuffle(judged)
    order = [i for i in range(len(rows)) if i not in set(judged)] + judged
    counts: dict[str, Counter[str]] = {}
    judged_ms: list[float] = []
    for done, i in enumerate(order, 1):
        row = rows[i]
        start = time.perf_counter()
        decision = gate.check(row["text"])
        ms = (time.perf_counter() - start) * 1000
        refuse = row["label"] == "refuse"
        outcome = ("tp" if not decision.allowed else "fn") if refuse else (
            "fp" if not decision.allowed else "tn")
        lang = row.get("lang", "en")
        keys = ["all", lang] + ([f"judged_{lang}"] if decision.layer in ("judge", "fail-closed")
                                else [])
        for key in keys:
            counts.setdefault(key, Counter())[outcome] += 1
        counts.setdefault("layers", Counter())[decision.layer] += 1
        if decision.layer in ("judge", "fail-closed"):
            judged_ms.append(ms)
        js = sorted(judged_ms)
        out.write_text(json.dumps({
            "done": done, "of": len(rows), "counts": {k: dict(v) for k, v in counts.items()},
            "judged_n": len(js), "judged_p50_ms": js[len(js) // 2] if js else None,
            "judged_p95_ms": js[min(len(js) - 1, round(0.95 * (len(js) - 1)))] if js else None,
        }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
