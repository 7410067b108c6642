"""The real server process over loopback HTTP: upload, ``kill -9`` mid-job, restart, finish.

Nothing acknowledged may be lost: after a SIGKILL while the job runs, a fresh server on
the same DATA_DIR resumes the job and serves the summary. About 2-3 minutes on an idle
laptop; the deadlines are sized for a busy shared 2-core VM, where it took 12.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from service.store import open_store
from tests.serving import free_port, serve_command, wait_healthy

DATA = Path(__file__).resolve().parents[3] / "data"
FIXTURE = DATA / "encounter_short.mp4"
HOST = "127.0.0.1"




@contextmanager
def server(data_dir: Path, log: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    port = free_port(HOST)
    # tiny.en keeps the two model loads and one job short; the contract under test is the
    # process lifecycle, and every engine is still the real one.
    env = {**os.environ, "BODYCAM_DATA_DIR": str(data_dir), "BODYCAM_ASR_MODEL": "tiny.en",
           "BODYCAM_LLM_MAX_NEW_TOKENS": "48",
           "BODYCAM_VERIFY_REDACTION": "false"}
    with open(log, "ab") as out:
        proc = subprocess.Popen([*serve_command(), "--host", HOST, "--port", str(port),
                                 "--log-level", "warning"], env=env, stdout=out, stderr=out)
    base = f"http://{HOST}:{port}"
    try:
        wait_healthy(proc, base, log)
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _poll(base: str, key: str, job_id: str, until: set[str], timeout_s: float) -> dict:
    deadline = time.monotonic() + timeout_s
    job: dict = {}
    while time.monotonic() < deadline:
        job = httpx.get(f"{base}/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {key}"},
                        timeout=10).json()
        if job["status"] in until:
            return job
        time.sleep(0.25)
    raise AssertionError(f"job stuck: {job}")


@pytest.mark.slow
def test_kill_9_mid_job_then_restart_resumes_and_serves_the_summary(tmp_path: Path) -> None:
    data_dir, log = tmp_path / "data", tmp_path / "server.log"
    store = open_store(data_dir)
    officer = store.keys.create("officer")[1]
    auth = {"Authorization": f"Bearer {officer}"}

    with server(data_dir, log) as (proc, base):
        with open(FIXTURE, "rb") as fh:
            accepted = httpx.post(f"{base}/v1/recordings", files={"file": (FIXTURE.name, fh)},
                                  headers=auth, timeout=60)
        assert accepted.status_code == 202, accepted.text
        job_id = accepted.json()["job_id"]
        running = _poll(base, officer, job_id, {"running", "done", "failed"}, 900)
        assert running["status"] == "running", running
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    job = store.jobs.get(job_id)
    assert job is not None and job.status == "running"  # died mid-job
    evidence = data_dir / store.recordings.get(accepted.json()["recording_id"]).evidence_path
    assert evidence.read_bytes() == FIXTURE.read_bytes()

    with server(data_dir, log) as (_, base):
        finished = _poll(base, officer, job_id, {"done", "failed"}, 1500)
        assert finished["status"] == "done", finished
        rid = accepted.json()["recording_id"]
        summary = httpx.get(f"{base}/v1/recordings/{rid}/summary", headers=auth, timeout=30)
        assert summary.status_code == 200 and summary.json()["summary"]["narrative"]
        again = httpx.post(f"{base}/v1/recordings", headers=auth, timeout=60,
                           files={"file": (FIXTURE.name, FIXTURE.read_bytes())})
        assert again.status_code == 202 and again.json()["job_id"] == job_id

    resumed = [e for e in store.audit.entries(limit=1000) if e.action == "job.resume"]
    assert resumed and resumed[0].object_id == job_id
    assert store.audit.verify().ok
