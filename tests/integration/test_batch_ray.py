"""``bodycam batch --ray`` and the service's Ray hand-off, on a real local Ray cluster.

One cluster (2 CPUs, no dashboard, no telemetry) for the session; tiny.en ASR and an
8-token summary, because these tests are about where the work runs and what the driver
records, not transcript quality. The evidence tree is small but has what matters: a
video, a WAV, a duplicate, a truncated FLAC and notes saved as ``.wav``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from service.batch.manifest import read_manifest, verify_outputs
from service.batch.ray_runner import RayOptions
from service.batch.runner import BatchOptions, run_batch
from service.config import Settings, get_settings

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"
REPO = Path(__file__).resolve().parents[2]
FAST_ENV = {"BODYCAM_ASR_MODEL": "tiny.en", "BODYCAM_LLM_MAX_NEW_TOKENS": "8",
            # The same threads on both sides, so the one-machine and Ray outputs can match.
            "BODYCAM_ASR_CPU_THREADS": "2", "RAY_USAGE_STATS_ENABLED": "0",
            # The re-transcription check is the same code on both sides; skip its ASR pass.
            "BODYCAM_VERIFY_REDACTION": "false"}
EXPECTED = {
    "unit7/encounter_short.mp4": ("done", None),
    "unit7/quiet.wav": ("done", None),
    "unit8/quiet_copy.wav": ("skipped", "duplicate"),
    "broken/cut.flac": ("failed", "truncated_media"),
    "broken/notes.wav": ("failed", "not_media"),
}


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    """A real local cluster the tests (and a CLI child process) share."""
    with pytest.MonkeyPatch.context() as mp:
        for key, value in FAST_ENV.items():
            mp.setenv(key, value)
        get_settings.cache_clear()
        import ray

        context = ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                           object_store_memory=128 * 2**20, logging_level="ERROR")
        try:
            yield context.address_info["address"]
        finally:
            ray.shutdown()
    # Module scope, and the settings cache cleared once the environment is restored:
    # FAST_ENV (verification off, tiny.en) must not leak into the tests that follow.
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ray-evidence")
    for folder in ("unit7", "unit8", "broken"):
        (root / folder).mkdir()
    shutil.copy(DATA / "encounter_short.mp4", root / "unit7" / "encounter_short.mp4")
    shutil.copy(DATA / "silence.wav", root / "unit7" / "quiet.wav")
    shutil.copy(DATA / "silence.wav", root / "unit8" / "quiet_copy.wav")
    flac = (DATA / "encounter.flac").read_bytes()
    (root / "broken" / "cut.flac").write_bytes(flac[: len(flac) // 3])
    (root / "broken" / "notes.wav").write_text("Typed up after the shift.\n")
    return root


def statuses(out: Path) -> dict[str, tuple[str, str | None]]:
    return {r["path"]: (r["status"], r["code"]) for r in read_manifest(out / "manifest.jsonl")}


def comparable(folder: Path) -> dict[str, Any]:
    """Everything a run writes except its own timings."""
    result = json.loads((folder / "result.json").read_text())
    result.pop("timings", None)
    files = {p.name: p.read_bytes() for p in folder.iterdir()
             if p.is_file() and p.name != "result.json"}
    return {"result": result, "files": files}


def ray_options(address: str) -> BatchOptions:
    return BatchOptions(workers=0, ray=RayOptions(address=address))


def free_cpus() -> float:
    import ray

    return ray.available_resources().get("CPU", 0.0)


def wait_for(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


@pytest.fixture(scope="module")
def two_runs(ray_address: str, evidence: Path,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    settings = get_settings()
    local_out = tmp_path_factory.mktemp("one-machine")
    run_batch(evidence, local_out, BatchOptions(workers=1), settings)
    ray_out = tmp_path_factory.mktemp("on-ray")
    summary = run_batch(evidence, ray_out, ray_options(ray_address), settings)
    return local_out, ray_out, summary


def test_ray_batch_records_what_the_one_machine_batch_records(two_runs: tuple) -> None:
    local_out, ray_out, summary = two_runs
    assert statuses(ray_out) == EXPECTED
    assert statuses(local_out) == EXPECTED
    assert (summary.done, summary.failed, summary.skipped) == (2, 2, 1)
    assert summary.workers == 1  # 2 CPUs, 2 per worker: the cluster fits one


def test_ray_batch_writes_the_same_outputs(two_runs: tuple) -> None:
    local_out, ray_out, _ = two_runs
    local = {r["recording_id"]: r for r in read_manifest(local_out / "manifest.jsonl")
             if r["status"] == "done"}
    remote = {r["recording_id"]: r for r in read_manifest(ray_out / "manifest.jsonl")
              if r["status"] == "done"}
    assert local.keys() == remote.keys() and len(remote) == 2
    for rid, record in remote.items():
        assert record["models"] == local[rid]["models"]
        assert verify_outputs(ray_out / rid, record["outputs"])
        assert comparable(ray_out / rid) == comparable(local_out / rid)


def test_a_corrupt_file_fails_alone_with_its_typed_error(two_runs: tuple) -> None:
    _, ray_out, _ = two_runs
    lines = {r["path"]: r for r in read_manifest(ray_out / "manifest.jsonl")}
    cut = lines["broken/cut.flac"]
    assert cut["message"].startswith("cut.flac: ") and "Traceback" not in cut["message"]
    assert not (ray_out / cut["recording_id"]).exists() or not any(
        (ray_out / cut["recording_id"]).glob("result.json"))
    assert lines["unit7/encounter_short.mp4"]["status"] == "done"  # queued after it


def test_rerun_on_ray_skips_what_is_done(two_runs: tuple, ray_address: str,
                                        evidence: Path) -> None:
    _, ray_out, _ = two_runs
    summary = run_batch(evidence, ray_out, ray_options(ray_address), get_settings())
    newest = {r["path"]: r for r in read_manifest(ray_out / "manifest.jsonl")
              if r["run_id"] == summary.run_id}
    assert {p for p, r in newest.items() if r["code"] == "already_done"} == {
        "unit7/encounter_short.mp4", "unit7/quiet.wav"}
    assert summary.done == 0 and summary.failed == 2


def test_killed_driver_is_resumed_by_the_next_run(ray_address: str, evidence: Path,
                                                  tmp_path: Path) -> None:
    """SIGKILL the CLI driver after its first file; its actor dies with it (Ray owns
    that), and the next run finishes the rest without redoing the finished file."""
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO), **FAST_ENV)
    cmd = [sys.executable, "-c", "from service.cli import main; main()", "batch",
           str(evidence), "--out", str(out), "--json", "--ray", ray_address]
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    first_done = None
    try:
        assert child.stdout is not None
        for line in child.stdout:
            event = json.loads(line)
            if event["event"] == "file" and event["status"] == "done":
                first_done = event["path"]
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert first_done is not None, "the driver never finished a file"
    # Ray kills a dead driver's actors: the cluster's CPUs come back, nobody writes to OUT.
    assert wait_for(lambda: free_cpus() == 2.0, 60), "the killed driver's worker lives on"
    before = read_manifest(out / "manifest.jsonl")
    assert first_done in {r["path"] for r in before if r["status"] == "done"}

    summary = run_batch(evidence, out, ray_options(ray_address), get_settings())
    newest = {r["path"]: r for r in read_manifest(out / "manifest.jsonl")
              if r["run_id"] == summary.run_id}
    done_before = {r["path"] for r in before if r["status"] == "done"}
    for path, (status, code) in EXPECTED.items():
        record = newest[path]
        if status != "done":
            assert (record["status"], record["code"]) == (status, code)
        elif path in done_before:  # finished before the kill: verified, not redone
            assert (record["status"], record["code"]) == ("skipped", "already_done")
        else:  # in flight or queued at the kill: done now
            assert record["status"] == "done"
        if status == "done":
            assert verify_outputs(out / record["recording_id"], record["outputs"])


def test_service_hands_its_jobs_to_ray_and_resumes_them(ray_address: str, tmp_path: Path,
                                                        make_keys, upload) -> None:
    """A REST upload runs on a Ray actor, its progress streamed into SQLite; a server
    stopped mid-job leaves it ``running``, and the next start requeues and finishes it."""
    from fastapi.testclient import TestClient

    from service.api import create_app
    from service.pipeline import Pipeline
    from service.store import open_store

    settings = Settings(data_dir=tmp_path / "data", ray_address=ray_address)
    store = open_store(settings.data_dir)
    keys = make_keys(store)
    server_pipeline = Pipeline(settings)  # the server's own (Q&A, re-summaries): load once
    app = create_app(settings, pipeline=server_pipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert wait_for(app.state.pool.ready.is_set, 300), app.state.pool.load_error
        pids = app.state.pool.remote.pids  # the jobs run in the actors, not in this process
        assert pids and os.getpid() not in pids
        # 45 s of speech: still transcribing when the server stops below.
        accepted = upload(client, keys.officer, DATA / "encounter.flac")
        url = f"/v1/jobs/{accepted['job_id']}"

        def transcribing() -> bool:
            job = client.get(url, headers=keys.header(keys.officer)).json()
            return job["status"] == "running" and job["stage"] == "transcribe"

        assert wait_for(transcribing, 300), "no progress came back from the Ray worker"
    # Stopped mid-job: SQLite still says running; the worker went with the server.
    assert store.jobs.get(accepted["job_id"]).status == "running"
    assert wait_for(lambda: free_cpus() == 2.0, 30), "the service's Ray worker outlived it"

    app = create_app(settings, pipeline=server_pipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        seen: list[dict[str, Any]] = []

        def finished() -> bool:
            seen.append(client.get(url, headers=keys.header(keys.officer)).json())
            return seen[-1]["status"] in ("done", "failed")

        assert wait_for(finished, 300), seen[-1]
        assert seen[-1]["status"] == "done", seen[-1]
        body = client.get(f"/v1/recordings/{accepted['recording_id']}",
                          headers=keys.header(keys.officer)).json()
        assert body["result"]["recording"]["id"] == accepted["recording_id"]
        assert body["summary_versions"] == [1]
    resumed = [e for e in store.audit.entries(limit=100) if e.action == "job.resume"]
    assert [e.outcome for e in resumed] == ["requeued"]


def test_a_connected_process_refuses_another_cluster_address(ray_address: str) -> None:
    """Connected already (a notebook, this session): another address is an error, not
    silently the cluster we happen to be on."""
    import socket

    from service.batch.ray_runner import RaySession, RayUnavailableError

    RaySession(RayOptions(address=ray_address)).connect()  # the same one: reused
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(RayUnavailableError, match="already connected"):
            RaySession(RayOptions(address=f"127.0.0.1:{port}")).connect()
