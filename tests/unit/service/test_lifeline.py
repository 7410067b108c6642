"""Batch workers end with their batch, and write only while their batch holds the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.batch.lifeline import LockGuard, LockLostError, holds_lock
from service.batch.manifest import LOCK_NAME, exclusive

ROOT = Path(__file__).resolve().parents[3]

# A middle process starts a "worker" that calls die_with_parent, prints its PID, and
# sleeps; the test kills the middle process with SIGKILL and watches the worker.
_MIDDLE = """
import subprocess, sys, time
code = ("import os, sys, time; from service.batch.lifeline import die_with_parent; "
        "die_with_parent(os.getppid(), float(sys.argv[1]), sys.argv[2] == '1'); "
        "print(os.getpid(), flush=True); time.sleep(60)")
child = subprocess.Popen([sys.executable, "-c", code, *sys.argv[1:]], stdout=sys.stdout)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize(("heartbeat_s", "pdeathsig"), [(0.2, False), (3600.0, True)],
                         ids=["heartbeat-alone", "pdeathsig-alone"])
def test_worker_dies_with_a_killed_parent(heartbeat_s: float, pdeathsig: bool) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    middle = subprocess.Popen([sys.executable, "-c", _MIDDLE, str(heartbeat_s),
                               "1" if pdeathsig else "0"],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert middle.stdout is not None
        worker = int(middle.stdout.readline())
        assert _alive(worker)
        os.kill(middle.pid, signal.SIGKILL)
        middle.wait()
        deadline = time.monotonic() + 5.0
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker), "the worker outlived its parent"
    finally:
        if middle.poll() is None:
            middle.kill()


def test_lock_guard_follows_the_holder(tmp_path: Path) -> None:
    lock = tmp_path / LOCK_NAME
    guard = LockGuard(lock, "run-a")
    with pytest.raises(LockLostError):
        guard()  # no lock file yet
    with exclusive(tmp_path, "run-a"):
        assert holds_lock(lock, "run-a")
        guard()
        assert not holds_lock(lock, "run-b")  # another run's workers may not write
        assert lock.read_text().split() == [str(os.getpid()), "run-a"]
    assert not holds_lock(lock, "run-a")  # released (the batch is gone)
    with pytest.raises(LockLostError) as err:
        guard()
    assert err.value.code == "lock_lost"


def test_no_output_when_the_lock_is_lost(tmp_path: Path) -> None:
    """process_job with a failing guard: the file fails, and nothing is written."""
    from service.batch.worker import Job, process_job

    class Pipeline:
        def process(self, path: Path, out: Path, options: object, progress: object) -> None:
            options.before_write()  # type: ignore[attr-defined]
            (out / "written").mkdir()

    def lost() -> None:
        raise LockLostError("the batch run that owns --out is gone; nothing written")

    job = Job("a.wav", str(tmp_path / "a.wav"), "0" * 64, str(tmp_path))
    outcome = process_job(Pipeline(), job, guard=lost)  # type: ignore[arg-type]
    assert outcome.status == "failed" and outcome.code == "lock_lost"
    assert not (tmp_path / "written").exists()
