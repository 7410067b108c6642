"""What evidence-grade auditing costs: anchoring each entry, verifying a store, re-hashing
an original before it is served.

Why: every access appends an audit entry (an fsynced SQLite commit), and anchoring adds
an fsynced append to a second file; ``audit verify`` and ``GET …/audio?redacted=false``
now hash originals. This measures all three on a throw-away data dir:

    python bench/audit.py [--entries N] [--original-mb M]

Prints one line per figure. Runs in a temp dir on the same disk as the temp folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.store import DB_NAME, anchor_for, open_store  # noqa: E402
from service.store.verify import VerifyOptions, verify_store  # noqa: E402


def _append_ms(data_dir: Path, anchor_dir: Path | None, n: int) -> list[float]:
    store = open_store(data_dir, anchor_dir=anchor_dir)
    out = []
    for i in range(n):
        started = time.perf_counter()
        store.audit.append("recording.read", "ok", object_id=f"{i:016x}", actor="key_bench")
        out.append((time.perf_counter() - started) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--original-mb", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bodycam-bench-audit-") as tmp:
        root = Path(tmp)
        plain = _append_ms(root / "plain", None, args.entries)
        anchored = _append_ms(root / "anchored", root / "anchor", args.entries)
        for name, ms in (("no anchor", plain), ("anchored", anchored)):
            ms.sort()
            print(f"audit append, {name}: median {statistics.median(ms):.2f} ms, "
                  f"p95 {ms[int(0.95 * (len(ms) - 1))]:.2f} ms over {len(ms)} entries")

        store = open_store(root / "anchored")
        incoming = store.evidence.begin(1 << 40)
        block = os.urandom(1 << 20)
        for _ in range(args.original_mb):
            incoming.write(block)
        incoming.finish()
        path, _ = store.evidence.commit(incoming)
        started = time.perf_counter()
        store.evidence.open_verified(path, incoming.sha256).close()
        rehash_s = time.perf_counter() - started
        print(f"re-hash before serving a {args.original_mb} MB original: {rehash_s:.3f} s "
              f"({args.original_mb / rehash_s:.0f} MB/s)")

        started = time.perf_counter()
        report = verify_store(VerifyOptions(root / "anchored", DB_NAME,
                                            anchor_for(root / "anchored", root / "anchor")))
        verify_s = time.perf_counter() - started
        print(f"audit verify, {report.entries} anchored entries + one {args.original_mb} MB "
              f"stored file: {verify_s:.3f} s")
        started = time.perf_counter()
        verify_store(VerifyOptions(root / "anchored", DB_NAME,
                                   anchor_for(root / "anchored", root / "anchor"),
                                   check_evidence=False))
        print(f"audit verify --skip-evidence: {time.perf_counter() - started:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
