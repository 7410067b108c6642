"""Throughput and memory of ``bodycam batch`` against ``Pipeline.process`` in a loop.

Every measured run is a fresh Python process (model loading included, as a user sees
it), run one after another on the same files:

1. ``Pipeline.process`` in a loop over the files (the baseline);
2. the batch engine with 1 worker, then with 2 workers;
3. peak RSS while the batch does ``--rss-files`` unique files (the bench files copied
   with a different amount of trailing silence, so none is deduplicated), RSS sampled
   every second over the whole process tree, to show it stays flat.

    python bench/batch.py [--data ../shared/data/bodycam] [--asr-model base]
                          [--rss-files 50] [--rss-asr-model tiny.en] [--skip-rss]
                          [--files N]

With ``--ray`` it compares the one-machine batch (1 worker) with ``--ray`` on a local
cluster the child starts (1 and 2 Ray workers; the cluster start and actor start are part
of the wall time, as model loading is), and measures Ray's own cost per file: the round
trip of a file the actor rejects at once (path not on the worker), no models involved.

    python bench/batch.py --ray [--files 3] [--asr-model tiny.en]

Background load on a shared machine moves these numbers; the load average is printed
beside each run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "bodycam"
# Run as a script, bench/ comes first on sys.path and its modules (bench/redact_speed.py…)
# would shadow the packages of the same name, here and in spawned workers.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]


# -- children (one fresh process per measurement) -----------------------------------------


def child_process_loop(data: Path, out: Path) -> dict[str, Any]:
    from service.pipeline import Pipeline

    t0 = time.perf_counter()
    pipeline = Pipeline()
    audio_s = 0.0
    files = sorted(p for p in data.iterdir() if p.is_file() and p.suffix == ".flac")
    for path in files:
        audio_s += pipeline.process(path, out).result["recording"]["duration_s"]
    return {"files": len(files), "audio_s": audio_s, "inner_s": time.perf_counter() - t0}


def child_ray(data: Path, out: Path, workers: int) -> dict[str, Any]:
    from service.batch.ray_runner import RayOptions

    return child_batch(data, out, workers, ray=RayOptions())


def ray_overhead(workers: int, files: int = 30) -> dict[str, Any]:
    """Cluster start, actor start, and the median round trip of a no-op file."""
    import statistics

    from service.batch.ray_runner import RayOptions, RayPool, RaySession
    from service.batch.worker import Job
    from service.config import get_settings

    with RaySession(RayOptions()) as session:
        t0 = time.perf_counter()
        session.connect()
        start_s = time.perf_counter() - t0
        pool = RayPool.start(session, get_settings(), workers, None, None)
        missing = [Job(f"none{i}.wav", f"/nonexistent/none{i}.wav", f"{i:064x}", "/nonexistent")
                   for i in range(files + 1)]
        t0 = time.perf_counter()
        pool.submit(print, missing[0]).result()
        actor_s = time.perf_counter() - t0
        trips = []
        for job in missing[1:]:
            t0 = time.perf_counter()
            outcome = pool.submit(print, job).result()
            trips.append(time.perf_counter() - t0)
            assert outcome.code == "not_on_worker"
        pool.shutdown()
    return {"ray_start_s": start_s, "actor_start_s": actor_s,
            "round_trip_ms": 1000 * statistics.median(trips)}


def child_batch(data: Path, out: Path, workers: int, ray: Any = None) -> dict[str, Any]:
    from service.batch.runner import BatchOptions, run_batch

    t0 = time.perf_counter()
    summary = run_batch(data, out, BatchOptions(workers=workers, ray=ray))
    return {"files": summary.done, "failed": summary.failed, "audio_s": summary.audio_s,
            "inner_s": time.perf_counter() - t0}


# -- parent ----------------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def _count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def measure(mode: str, data: Path, out: Path, env: dict[str, str],
            workers: int = 1) -> dict[str, Any]:
    """Run one child; wall time from spawn to exit, RSS of its tree every second."""
    cmd = [sys.executable, __file__, "--child", mode, "--data", str(data), "--out", str(out),
           "--workers", str(workers)]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, float]] = []  # (t, files recorded, rss MiB)
    while proc.poll() is None:
        rss = _tree_rss(proc.pid) / 2**20
        if rss:
            samples.append((time.perf_counter() - t0, _count_lines(out / "manifest.jsonl"),
                            rss))
        time.sleep(1.0)
    wall = time.perf_counter() - t0
    stdout = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0:
        raise SystemExit(f"{mode} child failed with exit code {proc.returncode}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(mode=mode, workers=workers, wall_s=wall, load_before=load_before,
                  load_after=os.getloadavg()[0],
                  peak_rss_mib=max((s[2] for s in samples), default=0.0), samples=samples)
    hours = wall / 3600
    result["files_per_hour"] = result["files"] / hours
    result["audio_hours_per_hour"] = result["audio_s"] / 3600 / hours
    return result


def unique_copies(data: Path, target: Path, n: int) -> Path:
    """``n`` distinct files: the bench files cycled, each with i ms more trailing silence."""
    import numpy as np
    import soundfile as sf

    target.mkdir(parents=True, exist_ok=True)
    sources = sorted(data.glob("*.flac"))
    decoded = [sf.read(p, dtype="int16", always_2d=True) for p in sources]
    for i in range(n):
        samples, rate = decoded[i % len(sources)]
        pad = np.zeros((rate * (i + 1) // 1000, samples.shape[1]), dtype=samples.dtype)
        sf.write(target / f"{i:03d}_{sources[i % len(sources)].stem}.flac",
                 np.concatenate([samples, pad]), rate, subtype="PCM_16")
    return target


def rss_profile(result: dict[str, Any]) -> str:
    """Highest RSS seen while k files were recorded, for k = 1, 5, 10, 20, …, and the peak."""
    marks: dict[int, float] = {}
    for _t, files, rss in result["samples"]:
        marks[files] = max(rss, marks.get(files, 0.0))
    last = max(marks, default=0)
    wanted = sorted({1, 5, *range(10, last + 1, 10), last} - {0})
    points = [f"{k} files: {marks[k]:.0f} MiB" for k in wanted if k in marks]
    return "; ".join(points) + f"; peak {result['peak_rss_mib']:.0f} MiB"


def line(label: str, r: dict[str, Any]) -> str:
    return (f"| {label} | {r['files']} | {r['audio_s']:.0f} | {r['wall_s']:.1f} | "
            f"{r['files_per_hour']:.1f} | {r['audio_hours_per_hour']:.3f} | "
            f"{r['peak_rss_mib']:.0f} | {r['load_before']:.1f} / {r['load_after']:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--asr-model", default=None, help="default: the settings' (base)")
    parser.add_argument("--rss-files", type=int, default=50)
    parser.add_argument("--rss-asr-model", default="tiny.en")
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--only", action="append",
                        help="run only this throughput run (repeatable), e.g. 'batch 2 workers'")
    parser.add_argument("--json-out", type=Path, help="write every number (and RSS samples)")
    parser.add_argument("--ray", action="store_true",
                        help="compare with --ray on a local cluster (1 and 2 Ray workers)")
    parser.add_argument("--files", type=int, help="only the first N files of --data")
    parser.add_argument("--child", choices=["process", "batch", "ray", "ray-overhead"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        os.environ.setdefault("TQDM_DISABLE", "1")
        if args.child == "process":
            result = child_process_loop(args.data, args.out)
        elif args.child == "ray":
            result = child_ray(args.data, args.out, args.workers)
        elif args.child == "ray-overhead":
            result = ray_overhead(args.workers)
        else:
            result = child_batch(args.data, args.out, args.workers)
        print(json.dumps(result))
        return

    env = dict(os.environ)
    env.setdefault("BODYCAM_CACHE_DIR", str(REPO / ".bodycam" / "cache"))
    env.setdefault("HF_HUB_OFFLINE", "1")
    if args.asr_model:
        env["BODYCAM_ASR_MODEL"] = args.asr_model
    cores = os.cpu_count()
    print(f"# bench/batch.py — {cores} cores, data {args.data}")
    report: dict[str, Any] = {"cores": cores, "runs": {}}
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    if args.files:
        subset = work / "evidence"
        subset.mkdir()
        for path in sorted(args.data.glob("*.flac"))[: args.files]:
            shutil.copy(path, subset / path.name)
        args.data = subset
    env.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        header = ("| run | files | audio s | wall s | files/h | audio h/h | peak RSS MiB | "
                  "load avg before/after |\n|---|---|---|---|---|---|---|---|")
        if not args.skip_throughput:
            print(header)
            runs = [("process loop", "process", 1), ("batch 1 worker", "batch", 1),
                    ("batch 2 workers", "batch", 2)]
            if args.ray:
                runs = [("batch 1 worker", "batch", 1), ("ray 1 worker", "ray", 1),
                        ("ray 2 workers", "ray", 2)]
            for label, mode, workers in runs:
                if args.only and label not in args.only:
                    continue
                r = measure(mode, args.data, work / f"{mode}-{workers}", env, workers)
                report["runs"][label] = r
                print(line(label, r), flush=True)
            base = report["runs"].get("process loop", {}).get("files_per_hour")
            for label in ("batch 1 worker", "batch 2 workers"):
                if not base or label not in report["runs"]:
                    continue
                ratio = report["runs"][label]["files_per_hour"] / base
                report["runs"][label]["vs_process_loop"] = ratio
                print(f"{label}: {ratio:.2f}x the process loop's throughput")
            base = report["runs"].get("batch 1 worker", {}).get("files_per_hour")
            for label in ("ray 1 worker", "ray 2 workers"):
                r = report["runs"].get(label)
                if base and r is not None:
                    r["vs_batch"] = r["files_per_hour"] / base
                    print(f"{label}: {r['vs_batch']:.2f}x the one-machine batch's throughput")
        if args.ray:
            cmd = [sys.executable, __file__, "--child", "ray-overhead", "--workers", "1"]
            done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=True)
            o = json.loads(done.stdout.strip().splitlines()[-1])
            report["ray_overhead"] = o
            print(f"ray overhead (load {os.getloadavg()[0]:.1f}): cluster start "
                  f"{o['ray_start_s']:.1f} s, actor start {o['actor_start_s']:.1f} s, "
                  f"per-file round trip {o['round_trip_ms']:.1f} ms (median of 30 no-op files)")
        if not args.skip_rss and not args.ray:
            copies = unique_copies(args.data, work / "rss-evidence", args.rss_files)
            rss_env = dict(env, BODYCAM_ASR_MODEL=args.rss_asr_model)
            r = measure("batch", copies, work / "rss-out", rss_env, 1)
            report["runs"]["rss"] = r
            print(f"\nRSS over {r['files']} files (ASR {args.rss_asr_model}, 1 worker, "
                  f"wall {r['wall_s']:.0f} s, load {r['load_before']:.1f}/"
                  f"{r['load_after']:.1f}): {rss_profile(r)}")
        if args.json_out:
            args.json_out.write_text(json.dumps(report, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
