"""Decision latency of the identification-refusal gate, per layer.

Why: the gate runs before every summary and question, so what the classifier decides must
stay cheap (target p95 <= 50 ms) and what reaches the LLM judge must stay bounded
(target p95 <= 2 s on two CPU cores). Measures ``PolicyGate.check`` over the own set's
frozen test split (or ``--data`` files) after a warm-up; no decision caching.

    python bench/policy.py [--data FILE ...] [--limit N] [--no-judge]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval.policy_eval import load_own_set, load_requests, split_of  # noqa: E402


def _pct(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, max(0, round(q * (len(sorted_ms) - 1))))]


def _line(name: str, ms: list[float]) -> str:
    ms = sorted(ms)
    if not ms:
        return f"{name:11s} n=   0"
    return (f"{name:11s} n={len(ms):4d}  p50 {_pct(ms, 0.50):8.1f} ms  p95 {_pct(ms, 0.95):8.1f}"
            f" ms  mean {statistics.fmean(ms):8.1f} ms  max {ms[-1]:8.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", action="append", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="first N requests only")
    parser.add_argument("--no-judge", action="store_true")
    args = parser.parse_args(argv)
    from service.pipeline import build_policy

    rows = ([r for p in args.data for r in load_requests(p)] if args.data
            else [r for r in load_own_set() if split_of(r["text"]) == "test"])
    texts = [r["text"] for r in rows][: args.limit or None]
    t0 = time.perf_counter()
    gate = build_policy(judge=not args.no_judge)
    gate.warm_up()
    load_s = time.perf_counter() - t0
    by_layer: dict[str, list[float]] = {}
    every: list[float] = []
    for text in texts:
        start = time.perf_counter()
        decision = gate.check(text)
        ms = (time.perf_counter() - start) * 1000
        every.append(ms)
        by_layer.setdefault(decision.layer, []).append(ms)
    judged = by_layer.get("judge", []) + by_layer.get("fail-closed", [])
    load = os.getloadavg()[0]
    print(f"requests: {len(texts)}; gate load {load_s:.1f} s; cpus {os.cpu_count()}; "
          f"load average {load:.2f}")
    print(_line("all", every))
    for layer in sorted(by_layer):
        print(_line(layer, by_layer[layer]))
    fast = [ms for layer, v in by_layer.items() if layer not in ("judge", "fail-closed")
            for ms in v]
    print(f"share reaching the judge: {len(judged) / max(1, len(every)):.3f}")
    print(_line("no judge", fast))
    print(_line("judged", judged))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
