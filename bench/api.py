"""Benchmark the REST service on loopback: concurrent uploads, status latency, fuzzing.

Starts ``bodycam serve`` on 127.0.0.1 with a throw-away DATA_DIR, then

1. uploads N distinct files at once (the body-cam fixtures, each re-encoded with a short,
   different noise tail so no two share a SHA-256 and dedup does not short-cut them);
2. measures ``GET /v1/jobs/{id}`` latency while a transcription runs (target p95 < 50 ms);
3. waits (bounded) for every job to finish, sampling the server's RSS throughout;
4. runs schemathesis against ``/openapi.json`` with a valid admin key (0 server errors).

    .venv/bin/python bench/api.py                      # production defaults (whisper base)
    .venv/bin/python bench/api.py --fast               # tiny.en + 48 LLM tokens (small CPUs)

Loopback only; every loop has a deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil
import soundfile as sf

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.store import open_store  # noqa: E402

HOST = "127.0.0.1"
DEFAULT_DATA = REPO.parent / "shared" / "data" / "bodycam"


def distinct_copies(sources: list[Path], n: int, out_dir: Path, seed: int = 7) -> list[Path]:
    """N FLAC files, each a fixture plus a unique 50-70 ms low-level noise tail."""
    rng = np.random.default_rng(seed)
    files = []
    for i in range(n):
        src = sources[i % len(sources)]
        samples, rate = sf.read(src, dtype="float32", always_2d=True)
        tail = rng.normal(0.0, 1e-4, (int(rate * 0.05) + 16 * i, samples.shape[1]))
        path = out_dir / f"{i:02d}_{src.stem}.flac"
        sf.write(path, np.concatenate([samples, tail.astype(np.float32)]), rate, format="FLAC")
        files.append(path)
    return files


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def serve_command() -> list[str]:
    exe = shutil.which("bodycam", path=str(Path(sys.executable).parent))
    if exe and subprocess.run([exe, "serve", "--help"], capture_output=True,
                              timeout=60).returncode == 0:
        return [exe, "serve"]
    return [sys.executable, "-m", "service.cli.serve", "serve"]


class RssSampler(threading.Thread):
    """Peak resident memory of the server process (and any children), every 0.5 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.last = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.last = sum(p.memory_info().rss for p in procs)
            except psutil.Error:
                return
            self.peak = max(self.peak, self.last)


class Counter:
    def __init__(self) -> None:
        self.by_status: dict[int, int] = {}

    def add(self, status: int) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + 1

    @property
    def server_errors(self) -> int:
        return sum(n for s, n in self.by_status.items() if s >= 500)


def note(message: str) -> None:
    """Progress on stderr (the report goes to stdout)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def upload_all(base: str, key: str, files: list[Path], counter: Counter) -> list[dict]:
    limits = httpx.Limits(max_connections=len(files))
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        async def one(path: Path) -> dict[str, Any]:
            t0 = time.perf_counter()
            with open(path, "rb") as fh:
                response = await client.post(
                    "/v1/recordings", files={"file": (path.name, fh, "audio/flac")},
                    headers={"Authorization": f"Bearer {key}"})
            counter.add(response.status_code)
            return {"status": response.status_code, "seconds": time.perf_counter() - t0,
                    **(response.json() if response.status_code == 202 else {})}

        return await asyncio.gather(*(one(p) for p in files))


ASR_STAGES = ("starting", "decode", "transcribe", "redact")  # redact re-runs ASR to verify


def status_latency(client: httpx.Client, key: str, job_ids: list[str], counter: Counter,
                   max_samples: int, deadline_s: float) -> tuple[list[float], dict[str, int]]:
    """Time GET /v1/jobs/{id} on the job being processed, while it is in an ASR stage."""
    headers = {"Authorization": f"Bearer {key}"}
    latencies: list[float] = []
    stages: dict[str, int] = {}
    end = time.monotonic() + deadline_s
    current: str | None = None
    while len(latencies) < max_samples and time.monotonic() < end:
        for job_id in [current] if current else job_ids:
            t0 = time.perf_counter()
            response = client.get(f"/v1/jobs/{job_id}", headers=headers)
            elapsed = time.perf_counter() - t0
            counter.add(response.status_code)
            job = response.json()
            if job.get("status") == "running" and job.get("stage") in ASR_STAGES:
                current = job_id
                latencies.append(elapsed)
                stages[job["stage"]] = stages.get(job["stage"], 0) + 1
                break
            if current == job_id:
                current = None
        time.sleep(0.05)
    return latencies, stages


def wait_all(client: httpx.Client, key: str, job_ids: list[str], counter: Counter,
             timeout_s: float) -> dict[str, dict]:
    headers = {"Authorization": f"Bearer {key}"}
    final: dict[str, dict] = {}
    end = time.monotonic() + timeout_s
    while len(final) < len(job_ids) and time.monotonic() < end:
        for job_id in job_ids:
            if job_id in final:
                continue
            response = client.get(f"/v1/jobs/{job_id}", headers=headers)
            counter.add(response.status_code)
            job = response.json()
            if job["status"] in ("done", "failed"):
                final[job_id] = job
                note(f"job {len(final)}/{len(job_ids)} {job['status']}")
        time.sleep(2.0)
    return final


def run_schemathesis(base: str, key: str, examples: int, out_dir: Path,
                     timeout_s: float) -> dict[str, Any]:
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if exe is None:
        return {"skipped": "schemathesis is not installed (pip install -e '.[dev]')"}
    junit = out_dir / "schemathesis.xml"
    cmd = [exe, "run", f"{base}/openapi.json", "-H", f"Authorization: Bearer {key}",
           "--checks", "not_a_server_error", "--max-examples", str(examples),
           "--phases", "examples,coverage,fuzzing", "--workers", "1", "--no-color",
           "--request-timeout", "120", "--seed", "1", "--report", "junit",
           "--report-junit-path", str(junit), "--generation-database", "none"]
    t0 = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return {"error": f"schemathesis did not finish in {timeout_s:.0f} s"}
    tail = [line for line in done.stdout.splitlines() if line.strip()][-12:]
    return {"exit_code": done.returncode, "seconds": round(time.perf_counter() - t0, 1),
            "summary": tail}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--fast", action="store_true",
                        help="tiny.en ASR and 48 LLM tokens, for small CPU machines")
    parser.add_argument("--workers", type=int, default=1, help="BODYCAM_API_WORKERS")
    parser.add_argument("--job-timeout", type=float, default=7200.0)
    parser.add_argument("--latency-samples", type=int, default=300)
    parser.add_argument("--schemathesis-examples", type=int, default=25)
    parser.add_argument("--keep", action="store_true", help="keep the temporary DATA_DIR")
    args = parser.parse_args()
    # SIGTERM runs the cleanup below (stop the server), like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    sources = sorted(args.data.glob("*.flac"))
    if not sources:
        print(f"no .flac fixtures under {args.data}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bodycam-bench-"))
    data_dir, files_dir = work / "data", work / "files"
    files_dir.mkdir()
    files = distinct_copies(sources, args.uploads, files_dir)
    audio_s = sum(sf.info(f).duration for f in files)

    store = open_store(data_dir)
    officer = store.keys.create("officer", label="bench")[1]
    admin = store.keys.create("admin", label="bench-fuzz")[1]
    port = free_port()
    env = {**os.environ, "BODYCAM_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1",
           "BODYCAM_API_WORKERS": str(args.workers),
           "BODYCAM_CACHE_DIR": os.environ.get("BODYCAM_CACHE_DIR",
                                               str(REPO / ".bodycam" / "cache"))}
    if args.fast:
        env.update({"BODYCAM_ASR_MODEL": "tiny.en", "BODYCAM_LLM_MAX_NEW_TOKENS": "48"})
    log = open(work / "server.log", "wb")  # noqa: SIM115 (closed in finally)
    server = subprocess.Popen([*serve_command(), "--host", HOST, "--port", str(port),
                               "--log-level", "warning"], env=env, stdout=log, stderr=log)
    base = f"http://{HOST}:{port}"
    counter = Counter()
    report: dict[str, Any] = {"uploads": args.uploads, "audio_s": round(audio_s, 1),
                              "fast": args.fast, "workers": args.workers,
                              "cpus": os.cpu_count()}
    sampler = RssSampler(server.pid)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            end = time.monotonic() + 120
            while time.monotonic() < end:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.3)
            sampler.start()
            t0 = time.perf_counter()
            uploads = asyncio.run(upload_all(base, officer, files, counter))
            report["upload_wall_s"] = round(time.perf_counter() - t0, 2)
            note(f"uploads: {sorted(u['status'] for u in uploads)}")
            report["upload_status"] = sorted({u["status"] for u in uploads})
            report["upload_p95_s"] = round(pct([u["seconds"] for u in uploads], 95), 3)
            job_ids = [u["job_id"] for u in uploads if u["status"] == 202]
            report["distinct_recordings"] = len({u.get("recording_id") for u in uploads})

            latencies, stages = status_latency(client, officer, job_ids, counter,
                                               args.latency_samples, deadline_s=600)
            if latencies:
                ms = [x * 1000 for x in latencies]
                report["job_status_ms"] = {"n": len(ms), "p50": round(statistics.median(ms), 2),
                                           "p95": round(pct(ms, 95), 2),
                                           "p99": round(pct(ms, 99), 2),
                                           "max": round(max(ms), 2), "stages": stages}
            note(f"status latency: {report.get('job_status_ms')}")
            final = wait_all(client, officer, job_ids, counter, args.job_timeout)
            report["jobs_wall_s"] = round(time.perf_counter() - t0, 1)
            statuses = [j["status"] for j in final.values()]
            report["jobs"] = {s: statuses.count(s) for s in ("done", "failed")}
            report["jobs"]["unfinished"] = len(job_ids) - len(final)
            report["audio_s_per_wall_s"] = round(audio_s / report["jobs_wall_s"], 3)
            metrics = client.get("/metrics").text
            report["metrics_sample"] = [line for line in metrics.splitlines()
                                        if line.startswith(("bodycam_jobs", "bodycam_stage"))]
        report["server_rss_mb"] = {"peak": round(sampler.peak / 2**20),
                                   "end": round(sampler.last / 2**20)}
        note("schemathesis ...")
        report["schemathesis"] = run_schemathesis(base, admin, args.schemathesis_examples, work,
                                                  timeout_s=1800)
        report["server_5xx"] = counter.server_errors
        report["status_codes"] = counter.by_status
        report["audit_verify_ok"] = store.audit.verify().ok
    finally:
        sampler.stop.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2))
    ok = (report.get("server_5xx") == 0 and report.get("jobs", {}).get("done") == len(job_ids)
          and report["schemathesis"].get("exit_code") == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
