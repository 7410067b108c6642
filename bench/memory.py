"""Peak memory of ``bodycam process`` against recording length (1 min, 1 h, 4 h).

Each file is generated with sox (silence, or quiet white noise), then processed by the
real CLI in a fresh process; the peak resident set of that process (``ru_maxrss`` from
``wait4``) is what is reported. Decode and ASR stream, so the figure should not grow
with the duration.

    python bench/memory.py [--durations 60,3600,14400] [--kinds silence,noise]
                           [--asr-model tiny.en] [--work /tmp/bodycam-mem]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOX = {"silence": [], "noise": ["synth", "{d}", "whitenoise", "vol", "0.02"]}


def make(kind: str, seconds: int, folder: Path) -> Path:
    path = folder / f"{kind}-{seconds}s.flac"
    if not path.exists():
        effect = (["trim", "0", str(seconds)] if kind == "silence"
                  else [a.format(d=seconds) for a in SOX["noise"]])
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(path), *effect],
                       check=True)
    return path


def run(path: Path, out: Path, asr_model: str) -> tuple[int, float, float]:
    """(exit code, peak RSS in MiB, wall seconds) of one ``bodycam process``."""
    cmd = [sys.executable, "-c", "from service.cli import cli; cli()", "process", str(path),
           "--out", str(out), "--asr-model", asr_model, "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--durations", default="60,3600,14400")
    parser.add_argument("--kinds", default="silence,noise")
    parser.add_argument("--asr-model", default="tiny.en")
    parser.add_argument("--work", type=Path, default=None,
                        help="where generated files stay between runs (default: a temp dir)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bodycam-mem-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'kind':8} {'duration':>9} {'exit':>4} {'peak RSS MiB':>12} {'wall s':>8}")
    try:
        for kind in args.kinds.split(","):
            for seconds in (int(d) for d in args.durations.split(",")):
                path = make(kind, seconds, work)
                out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
                code, rss, wall = run(path, out, args.asr_model)
                shutil.rmtree(out, ignore_errors=True)
                print(f"{kind:8} {seconds:>8}s {code:>4} {rss:>12.0f} {wall:>8.1f}", flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
