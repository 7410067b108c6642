"""The audit chain: append-only, and any edit or deletion is found by ``verify``."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from service.store import open_store
from service.store.audit import record_audit


def _store_with_entries(tmp_path: Path, n: int = 5):
    store = open_store(tmp_path)
    for i in range(n):
        store.audit.append("recording.read", "ok", object_id=f"rec{i}", actor="key_x",
                           role="officer", client="127.0.0.1")
    return store


def _tamper(db: Path, *statements: str) -> None:
    """What an attacker with file access does: drop the guards, rewrite rows."""
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_chain_verifies_and_links(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    report = store.audit.verify()
    assert report.ok and report.entries == 5
    entries = store.audit.entries(limit=10)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))


def test_updates_and_deletes_are_refused_by_the_database(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path, 2)
    conn = store.db.connection()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET outcome = 'ok' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE seq = 1")


def test_edited_entry_is_detected(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    _tamper(store.db.path, "UPDATE audit SET actor = 'key_innocent' WHERE seq = 3")
    report = store.audit.verify()
    assert not report.ok and report.first_bad_seq == 3 and "modified" in (report.problem or "")


def test_rehashed_edit_is_detected_by_the_next_link(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    # Flip the first hex digit to a different one: a fixed 'f' would be a no-op
    # whenever the real hash already starts with 'f' (one run in sixteen).
    _tamper(
        store.db.path,
        "UPDATE audit SET hash = CASE WHEN substr(hash, 1, 1) = 'f' THEN '0' ELSE 'f' END"
        " || substr(hash, 2) WHERE seq = 2",
    )
    report = store.audit.verify()
    assert not report.ok and report.first_bad_seq == 2


def test_deleted_middle_entry_is_detected(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    _tamper(store.db.path, "DELETE FROM audit WHERE seq = 2")
    report = store.audit.verify()
    assert not report.ok and report.first_bad_seq == 2 and "missing" in (report.problem or "")


def test_deleted_newest_entry_is_detected_by_the_head(tmp_path: Path) -> None:
    store = _store_with_entries(tmp_path)
    _tamper(store.db.path, "DELETE FROM audit WHERE seq = 5")
    report = store.audit.verify()
    assert not report.ok and "deleted" in (report.problem or "")


def test_record_audit_uses_the_configured_data_dir(tmp_path: Path) -> None:
    entry = record_audit("policy.check", "refused", actor="cli", detail="biometric",
                         data_dir=tmp_path)
    assert entry.seq == 1 and entry.detail == "biometric"
    assert open_store(tmp_path).audit.verify().ok
