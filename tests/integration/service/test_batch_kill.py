"""``kill -9`` of ``bodycam batch --workers 2`` mid-run: its workers die with it.

Before, the workers were re-parented to PID 1 and went on writing complete output
folders for tens of seconds, without the lock or manifest lines. Now each worker gets a
parent-death signal and a heartbeat, and checks the lock before writing.
Real models (``tiny.en``, a few summary tokens), a real process tree.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from service.media import decode as media

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (scanning /proc: no extra dependency)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(") ", 1)[-1].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    out: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {c for c, p in parents.items() if p in frontier} - out
        out |= frontier
    return out


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            if (Path("/proc") / str(pid) / "stat").read_text().rsplit(") ", 1)[-1][0] != "Z":
                alive.add(pid)
        except OSError:
            pass
    return alive


def _tree(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_kill_9_takes_the_workers_with_it(tmp_path: Path) -> None:
    speech = media.load(DATA / "encounter.flac").samples[: 16000 * 8]
    evidence, out = tmp_path / "evidence", tmp_path / "out"
    evidence.mkdir()
    for i in range(4):  # distinct content: a different pause at the end of each
        sf.write(evidence / f"cam{i}.wav",
                 np.concatenate([speech, np.zeros(1600 * (i + 1), np.float32)]), 16000,
                 subtype="PCM_16")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BODYCAM_ASR_MODEL": "tiny.en",
           "BODYCAM_LLM_MAX_NEW_TOKENS": "8"}
    cmd = [sys.executable, "-c", "from service.cli import cli; cli()", "batch", str(evidence),
           "--out", str(out), "--workers", "2", "--json"]
    batch = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, env=env)
    try:
        assert batch.stdout is not None
        for line in batch.stdout:  # the first finished file: both workers are busy now
            event = json.loads(line)
            if event["event"] == "file" and event["status"] == "done":
                break
        else:
            pytest.fail(f"the batch ended before a file was done (exit {batch.wait()})")
        workers = _children(batch.pid)
        assert len(workers) >= 2
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
        killed = time.monotonic()
        while _alive(workers) and time.monotonic() - killed < 5.0:
            time.sleep(0.05)
        assert not _alive(workers), "workers outlived the killed batch"
        settled = _tree(out)
        time.sleep(3.0)
        assert _tree(out) == settled  # nothing written after the batch died
        done = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
        complete = {p.parent.name for p in out.glob("*/result.json")}
        assert {d["recording_id"] for d in done if d["status"] == "done"} <= complete
        assert len(complete) < 4  # it really was killed mid-run
    finally:
        if batch.poll() is None:
            batch.kill()
        for pid in _alive(_children(batch.pid)):
            os.kill(pid, signal.SIGKILL)
