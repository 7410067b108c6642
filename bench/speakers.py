"""Benchmark: what the speakers stage adds, in seconds per audio minute and memory.

Diarizes the shared bodycam scenarios joined into one long recording (``--minutes``,
repeated as needed) with the bundled models on CPU, after one warm-up call, and prints
the wall and CPU seconds per audio minute, the RSS the models add, and the process's
peak RSS. ASR and the rest of the pipeline are not run (their cost is in bench/asr.py).

    python -m bench.speakers --data ../shared/data [--minutes 5]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import numpy as np
import psutil


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speakers")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--minutes", type=float, default=5.0)
    args = parser.parse_args(argv)
    from service.media import decode as media
    from service.speakers.loader import build_speaker_stage

    clips = [media.load(p).samples for p in sorted((args.data / "bodycam").glob("*.flac"))]
    if not clips:
        raise SystemExit(f"no .flac under {args.data / 'bodycam'}")
    need = int(args.minutes * 60 * 16000)
    joined = np.concatenate(clips)
    audio = np.tile(joined, need // len(joined) + 1)[:need]
    before = _rss_mb()
    stage = build_speaker_stage()
    stage.diarizer.diarize(audio[:16000 * 20])  # warm-up: first ONNX/LSTM calls
    loaded = _rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    found = stage.diarizer.diarize(audio)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    minutes = len(audio) / 16000 / 60
    print(f"audio {minutes:.1f} min, {found.n_speakers} speakers, {len(found.turns)} turns")
    print(f"speakers stage: {wall / minutes:.2f} s wall / {cpu / minutes:.2f} s CPU "
          f"per audio minute")
    print(f"models add {loaded - before:.0f} MB RSS; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
