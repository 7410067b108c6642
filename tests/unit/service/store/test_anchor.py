"""The anchor beside the chain: one checkpoint per entry, robust to a torn line, attached
late to an existing chain, and an unwritable anchor never loses the entry itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service.api.worker import WorkerPool
from service.config import Settings
from service.store import anchor_for, open_store
from service.store.anchor import Anchor
from service.store.ingest import ingest

DATA = Path(__file__).resolve().parents[3] / "data"


def test_every_entry_is_anchored_in_order(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data", anchor_dir=tmp_path / "anchor")
    entries = [store.audit.append("recording.read", "ok", object_id=f"{i:016x}")
               for i in range(4)]
    checkpoints = store.audit.anchor.checkpoints()
    assert [(c.seq, c.hash) for c in checkpoints] == [(e.seq, e.hash) for e in entries]


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    anchor = Anchor(tmp_path / "a.jsonl")
    anchor.append(1, "ab" * 32, "t")
    with open(anchor.path, "a") as fh:
        fh.write('{"seq": 2, "ha')  # a crash mid-write
    assert [c.seq for c in anchor.checkpoints()] == [1]


def test_an_anchor_attached_to_an_existing_chain_records_its_head(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    for _ in range(3):
        last = store.audit.append("key.create", "ok")
    open_store(tmp_path / "data", anchor_dir=tmp_path / "anchor")
    assert [(c.seq, c.hash) for c in store.audit.anchor.checkpoints()] == [(3, last.hash)]


def test_one_data_dir_per_anchor_file(tmp_path: Path) -> None:
    a = anchor_for(tmp_path / "one", tmp_path / "anchor")
    b = anchor_for(tmp_path / "two", tmp_path / "anchor")
    assert a is not None and b is not None and a.path != b.path
    assert a.path.parent == b.path.parent == tmp_path / "anchor"


def test_an_unwritable_anchor_keeps_the_entry_and_says_so(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = open_store(tmp_path / "data", anchor_dir=tmp_path / "anchor")
    store.audit.anchor.path.mkdir(parents=True)  # not writable as a file, even by root
    entry = store.audit.append("key.create", "ok")
    assert store.audit.entries(limit=10)[-1].hash == entry.hash
    assert "could not append to the audit anchor" in caplog.text


class RecordingPipeline:
    """Stands in for the models: only whether ``process`` was reached matters here."""

    def __init__(self) -> None:
        self.calls = 0

    def process(self, *args: object, **kwargs: object) -> None:
        self.calls += 1
        raise AssertionError("an altered original must not be processed")


def test_a_job_on_an_altered_original_fails_without_processing(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    incoming = store.evidence.begin(1 << 30)
    incoming.write((DATA / "encounter_short.mp4").read_bytes())
    done = ingest(store, incoming, filename="clip.mp4", owner="key_test", instructions=None,
                  max_duration_s=None)
    rec = store.recordings.get(done.recording_id)
    path = store.data_dir / rec.evidence_path
    os.chmod(path, 0o644)
    with open(path, "r+b") as fh:
        fh.seek(500)
        fh.write(b"\x00\x00\x00")
    pipeline = RecordingPipeline()
    pool = WorkerPool(store, Settings(data_dir=tmp_path), pipeline=pipeline)  # type: ignore[arg-type]
    job = store.jobs.claim_next()
    assert job is not None
    pool.run_job(job)
    failed = store.jobs.get(job.id)
    assert pipeline.calls == 0
    assert (failed.status, failed.error_code) == ("failed", "evidence_integrity")
    last = store.audit.entries(limit=100)[-1]
    assert (last.action, last.outcome, last.object_id, last.detail) == (
        "job.process", "failed", rec.id, "evidence_integrity")
