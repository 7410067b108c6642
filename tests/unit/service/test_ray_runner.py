"""The Ray runner's decisions without a cluster: worker plans, addresses, error mapping.

Fakes stand in for actors here; tests/integration/test_batch_ray.py runs the real thing.
"""

from __future__ import annotations

import logging
import shutil
import socket
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from service.batch.ray_runner import (
    LOCAL,
    RayOptions,
    RayPool,
    RayUnavailableError,
    WorkerPlan,
    check_reachable,
    plan_workers,
)
from service.batch.worker import Job, Outcome, WorkerSetupError
from service.cli import cli

DATA = Path(__file__).resolve().parents[2] / "data"
LAPTOP = [{"CPU": 2.0}]
GPU_NODES = [{"CPU": 16.0, "GPU": 4.0}, {"CPU": 16.0, "GPU": 4.0}]


def test_local_cluster_fits_one_worker_of_two_cpus() -> None:
    assert plan_workers(LAPTOP, None, RayOptions(), local=True) == WorkerPlan(1, 2.0, 0.0)


def test_local_workers_split_the_cores_like_the_one_machine_batch() -> None:
    plan = plan_workers(LAPTOP, 2, RayOptions(), local=True)
    assert plan == WorkerPlan(2, 1.0, 0.0) and plan.threads == 1


def test_gpu_cluster_gets_one_worker_per_gpu() -> None:
    plan = plan_workers(GPU_NODES, None, RayOptions(address="auto"), local=False)
    assert plan == WorkerPlan(8, 2.0, 1.0)


def test_forced_cpu_asr_asks_for_no_gpu() -> None:
    plan = plan_workers(GPU_NODES, None, RayOptions(address="auto"), local=False,
                        asr_device="cpu")
    assert plan.num_gpus == 0.0 and plan.workers == 16


def test_fractional_gpus_pack_workers_onto_a_gpu() -> None:
    options = RayOptions(address="auto", worker_cpus=1.0, worker_gpus=0.5)
    assert plan_workers(GPU_NODES, None, options, local=False).workers == 16


def test_more_workers_than_fit_are_cut_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bodycam.batch.ray"):
        plan = plan_workers(GPU_NODES, 20, RayOptions(address="auto"), local=False)
    assert plan.workers == 8 and "fits 8 worker(s)" in caplog.text


def test_a_worker_no_node_can_hold_is_a_usage_error() -> None:
    with pytest.raises(RayUnavailableError, match="no Ray node has 64 CPU"):
        plan_workers(GPU_NODES, None, RayOptions(address="auto", worker_cpus=64), local=False)
    with pytest.raises(RayUnavailableError, match="no live nodes"):
        plan_workers([], None, RayOptions(), local=True)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_and_malformed_addresses_fail_fast() -> None:
    with pytest.raises(RayUnavailableError, match="cannot reach"):
        check_reachable(f"127.0.0.1:{_closed_port()}", timeout_s=2)
    with pytest.raises(RayUnavailableError, match="expected 'auto'"):
        check_reachable("not-an-address")
    check_reachable(LOCAL)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        check_reachable(f"ray://127.0.0.1:{server.getsockname()[1]}")


class _Ref:
    def __init__(self, future: Future[Any]) -> None:
        self._future = future

    def future(self) -> Future[Any]:
        return self._future


class _Actor:
    """Answers ``run.remote(job)`` with a future the test settles."""

    def __init__(self) -> None:
        self.sent: list[tuple[Job, Future[Any]]] = []
        self.run = self

    def remote(self, job: Job) -> _Ref:
        future: Future[Any] = Future()
        self.sent.append((job, future))
        return _Ref(future)


def _job(n: int) -> Job:
    return Job(f"f{n}.wav", f"/evidence/f{n}.wav", f"{n:064x}", "/out")


def test_pool_spreads_jobs_and_maps_worker_failures() -> None:
    from ray.exceptions import ActorDiedError, RayTaskError

    actors = [_Actor(), _Actor()]
    pool = RayPool(actors, WorkerPlan(2, 1.0, 0.0))
    futures = [pool.submit(print, _job(n)) for n in range(4)]
    assert [len(a.sent) for a in actors] == [2, 2]  # least loaded first

    outcome = Outcome("done", "t0", "t1", 1.0)
    actors[0].sent[0][1].set_result(outcome)
    assert futures[0].result() is outcome
    # A typed error raised on the worker comes back as itself (model missing → exit 2).
    actors[1].sent[0][1].set_exception(
        RayTaskError("run", "tb", WorkerSetupError("model_not_available", "no model")))
    with pytest.raises(WorkerSetupError):
        futures[1].result()
    # A dead actor is a dead worker process to the batch: worker_crashed, fresh pool.
    actors[0].sent[1][1].set_exception(ActorDiedError())
    with pytest.raises(BrokenProcessPool):
        futures[2].result()
    assert pool._load == [0, 1]


def test_batch_cli_ray_flag_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import service.batch.runner as runner

    seen: list[Any] = []

    def fake_run(evidence: Path, out: Path, options: Any, *args: Any) -> Any:
        seen.append(options)
        raise RayUnavailableError("stop here")

    monkeypatch.setattr(runner, "run_batch", fake_run)
    (tmp_path / "ev").mkdir()
    forms = ([], ["--ray"], ["--ray", "auto"], ["--ray=10.0.0.5:6379", "--workers", "3"],
             ["--ray", "--force"])
    for extra in forms:
        result = CliRunner().invoke(cli, ["batch", str(tmp_path / "ev"), "--out",
                                          str(tmp_path / "out"), *extra])
        assert result.exit_code == 2 and "error: stop here" in result.output
    assert seen[0].ray is None and seen[0].workers == 1
    assert seen[1].ray.address == LOCAL and seen[1].workers == 0
    assert seen[2].ray.address == "auto"
    assert (seen[3].ray.address, seen[3].workers) == ("10.0.0.5:6379", 3)
    assert seen[4].ray.address == LOCAL and seen[4].force


def test_unreachable_cluster_is_one_line_exit_2_and_no_manifest_line(tmp_path: Path) -> None:
    evidence = tmp_path / "ev"
    evidence.mkdir()
    shutil.copy(DATA / "silence.wav", evidence / "quiet.wav")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(evidence), "--out", str(out), "--ray",
                                      f"127.0.0.1:{_closed_port()}"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith(
        "error: cannot reach the Ray cluster at 127.0.0.1:")
    assert "Traceback" not in result.output
    assert (out / "manifest.jsonl").read_text() == ""  # nothing claimed done or failed
