"""The persistent job queue: claim order, progress, crash recovery."""

from __future__ import annotations

from pathlib import Path

from service.store import open_store
from service.store.db import now_iso
from service.store.jobs import MAX_ATTEMPTS
from service.store.recordings import Recording


def _queue(tmp_path: Path, n: int):
    store = open_store(tmp_path)
    ids = []
    with store.db.write() as conn:
        for i in range(n):
            rid = f"{i:016x}"
            store.recordings.insert(conn, Recording(rid, rid * 4, "f", "audio/flac", "flac", 1,
                                                    1.0, "evidence/x", now_iso(), "key"))
            ids.append(store.jobs.create(conn, rid, None))
    return store, ids


def test_claims_oldest_first_and_only_once(tmp_path: Path) -> None:
    store, ids = _queue(tmp_path, 3)
    claimed = [store.jobs.claim_next() for _ in range(4)]
    assert [j.id for j in claimed if j] == ids and claimed[3] is None
    assert store.jobs.counts() == {"queued": 0, "running": 3, "done": 0, "failed": 0}


def test_progress_finish_and_stage_metrics(tmp_path: Path) -> None:
    store, (job_id,) = _queue(tmp_path, 1)
    store.jobs.claim_next()
    store.jobs.set_progress(job_id, "transcribe", 0.5)
    job = store.jobs.get(job_id)
    assert job and (job.status, job.stage, job.progress) == ("running", "transcribe", 0.5)
    store.jobs.finish(job_id, {"asr_s": 2.0, "decode_s": 0.5})
    assert store.jobs.stage_seconds() == {"asr_s": (2.0, 1), "decode_s": (0.5, 1)}


def test_interrupted_jobs_are_requeued_then_given_up(tmp_path: Path) -> None:
    store, (job_id,) = _queue(tmp_path, 1)
    for _ in range(MAX_ATTEMPTS - 1):
        assert store.jobs.claim_next() is not None
        assert store.jobs.recover_interrupted() == ([job_id], [])
    assert store.jobs.claim_next() is not None
    assert store.jobs.recover_interrupted() == ([], [job_id])
    job = store.jobs.get(job_id)
    assert job and job.status == "failed" and job.error_code == "interrupted"
