"""Decision latency of the identification-refusal policy (target: p95 < 20 ms).

Why: the gate runs before every summary/question request, so it must stay cheap once the
embedder is warm. Measures ``LayeredPolicy.check`` over every request in the dev set (when
present) and the project's own set, after a warm-up pass; no caching of decisions.

    python bench/policy.py [--repeat N] [--torch-threads N] [--data FILE ...]

The embeddings backend follows ``BODYCAM_EMBED_BACKEND`` (``onnx`` by default, ``torch``
for the sentence-transformers reference), so both can be compared.
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

from eval.policy_eval import DEV_SET, OWN_SET, load_requests  # noqa: E402
from redaction.policy.gate import get_policy  # noqa: E402


def _pct(sorted_ms: list[float], q: float) -> float:
    idx = min(len(sorted_ms) - 1, max(0, round(q * (len(sorted_ms) - 1))))
    return sorted_ms[idx]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", action="append", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the set")
    parser.add_argument("--torch-threads", type=int, default=0,
                        help="torch intra-op threads for the embedder (0 = torch default)")
    args = parser.parse_args(argv)
    if args.torch_threads:
        import torch

        torch.set_num_threads(args.torch_threads)
    paths = args.data or [p for p in (DEV_SET, OWN_SET) if p.exists()]
    texts = [row["text"] for p in paths for row in load_requests(p)]
    policy = get_policy()
    t0 = time.perf_counter()
    policy.warm_up()
    load_s = time.perf_counter() - t0
    for text in texts:  # warm-up pass: tokenizer caches, regex compilation, allocator
        policy.check(text)
    all_ms: list[float] = []
    cpu_ms: list[float] = []
    refused_ms: list[float] = []
    allowed_ms: list[float] = []
    for _ in range(args.repeat):
        for text in texts:
            start, cpu_start = time.perf_counter(), time.process_time()
            decision = policy.check(text)
            ms = (time.perf_counter() - start) * 1000
            cpu_ms.append((time.process_time() - cpu_start) * 1000)
            all_ms.append(ms)
            (allowed_ms if decision.allowed else refused_ms).append(ms)
    all_ms.sort()
    cpu_ms.sort()
    refused_ms.sort()
    allowed_ms.sort()
    print(f"requests: {len(texts)} from {', '.join(p.name for p in paths)}; "
          f"timed decisions: {len(all_ms)} ({args.repeat} passes)")
    import torch

    from service.embeddings import backend_name

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"first load (embedder + exemplars): {load_s:.2f} s; embeddings backend "
          f"{backend_name()}; torch threads {torch.get_num_threads()}; cpus "
          f"{os.cpu_count()}; load average {load:.2f}")
    # CPU time is what a decision costs on an otherwise idle machine (with one embedder
    # thread it is close to wall time there); wall time includes waiting for a busy CPU.
    for name, ms in (("all", all_ms), ("refused", refused_ms), ("allowed", allowed_ms),
                     ("all, cpu", cpu_ms)):
        if ms:
            print(f"{name:8s} n={len(ms):4d}  p50 {_pct(ms, 0.50):6.2f} ms  "
                  f"p95 {_pct(ms, 0.95):6.2f} ms  p99 {_pct(ms, 0.99):6.2f} ms  "
                  f"mean {statistics.fmean(ms):6.2f} ms  max {ms[-1]:6.2f} ms")
    p95 = _pct(all_ms, 0.95)
    print(f"p95 (wall) target < 20 ms: {'met' if p95 < 20 else 'NOT met'} ({p95:.2f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
