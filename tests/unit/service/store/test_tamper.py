"""Tampering with a data dir, as someone with write access to it would: ``audit verify``
must notice every row of issue 16's table, and must itself never write.

The store is filled through the real API (upload, read), then altered with plain
sqlite3 and file writes; verification runs through the ``bodycam`` command group.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from service.api import create_app
from service.cli import cli
from service.config import get_settings
from service.store import open_store
from service.store.audit import entry_hash

DATA = Path(__file__).resolve().parents[3] / "data"


@dataclass
class Stocked:
    data_dir: Path
    anchor_dir: Path
    recording_id: str

    @property
    def db(self) -> Path:
        return self.data_dir / "bodycam.db"


@pytest.fixture
def stocked(tmp_path: Path, api_settings, make_keys, serve, upload,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Stocked]:
    """A data dir with one uploaded recording, a read and a failed login, anchored."""
    data_dir, anchor_dir = tmp_path / "data", tmp_path / "anchor"
    monkeypatch.setenv("BODYCAM_DATA_DIR", str(data_dir))
    monkeypatch.setenv("BODYCAM_AUDIT_ANCHOR_DIR", str(anchor_dir))
    get_settings.cache_clear()
    keys = make_keys(open_store(data_dir))  # the app then attaches the anchor
    app = create_app(api_settings(data_dir, audit_anchor_dir=anchor_dir), start_workers=False)
    for client in serve(app):
        rec = upload(client, keys.officer, DATA / "encounter_short.mp4")
        auth = {"Authorization": f"Bearer {keys.officer}"}
        assert client.get(f"/v1/recordings/{rec['recording_id']}", headers=auth).is_success
        assert client.get("/v1/audit").status_code == 401
    yield Stocked(data_dir, anchor_dir, rec["recording_id"])
    get_settings.cache_clear()


def verify(*args: str) -> Result:
    return CliRunner().invoke(cli, ["audit", "verify", *args])


def _sql(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _rewrite_chain(db: Path, head: Path, seq: int, **changes: str) -> None:
    """Edit one entry, then recompute every later hash and the head: a careful forger."""
    _sql(db)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY seq")]
    prev = rows[seq - 2]["hash"] if seq > 1 else "0" * 64
    for row in rows[seq - 1:]:
        if row["seq"] == seq:
            row.update(changes)
        row["prev_hash"], row["hash"] = prev, entry_hash(row, prev)
        conn.execute("UPDATE audit SET actor=?, detail=?, prev_hash=?, hash=? WHERE seq=?",
                     (row["actor"], row["detail"], row["prev_hash"], row["hash"], row["seq"]))
        prev = row["hash"]
    conn.commit()
    conn.close()
    head.write_text(json.dumps({"seq": rows[-1]["seq"], "hash": prev}) + "\n")


def test_an_untouched_store_verifies(stocked: Stocked) -> None:
    result = verify()
    assert result.exit_code == 0, result.output
    assert "1 originals" in result.stdout and "anchored" in result.stdout


def test_wiped_chain_and_head_are_detected(stocked: Stocked) -> None:
    _sql(stocked.db, "DELETE FROM audit")
    (stocked.data_dir / "audit.head").unlink()
    result = verify()
    assert result.exit_code == 1
    assert "anchored but are gone" in result.stderr


def test_wiped_chain_is_detected_without_an_anchor_when_recordings_exist(
        stocked: Stocked, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BODYCAM_AUDIT_ANCHOR_DIR")
    get_settings.cache_clear()
    _sql(stocked.db, "DELETE FROM audit")
    (stocked.data_dir / "audit.head").unlink()
    result = verify()
    assert result.exit_code == 1
    assert f"recording {stocked.recording_id} has no upload entry" in result.stderr
    assert "no BODYCAM_AUDIT_ANCHOR_DIR" in result.stderr


def test_rewritten_and_rehashed_chain_is_detected(stocked: Stocked) -> None:
    _rewrite_chain(stocked.db, stocked.data_dir / "audit.head", 2, actor="key_someone_else")
    result = verify()
    assert result.exit_code == 1
    assert "entry 2 differs from its anchored checkpoint" in result.stderr


def test_deleted_tail_with_a_rewritten_head_is_detected(stocked: Stocked) -> None:
    conn = sqlite3.connect(stocked.db)
    count, = conn.execute("SELECT COUNT(*) FROM audit").fetchone()
    seq, digest = conn.execute("SELECT seq, hash FROM audit WHERE seq = ?", (count - 1,)).fetchone()
    conn.close()
    _sql(stocked.db, f"DELETE FROM audit WHERE seq = {count}")
    (stocked.data_dir / "audit.head").write_text(json.dumps({"seq": seq, "hash": digest}))
    result = verify()
    assert result.exit_code == 1 and "anchored but are gone" in result.stderr


def test_forged_entries_appended_with_a_new_head_are_detected(stocked: Stocked) -> None:
    conn = sqlite3.connect(stocked.db)
    conn.row_factory = sqlite3.Row
    last = dict(conn.execute("SELECT * FROM audit ORDER BY seq DESC LIMIT 1").fetchone())
    conn.close()
    forged = {**last, "seq": last["seq"] + 1, "action": "recording.read", "actor": "key_x"}
    forged["prev_hash"], forged["hash"] = last["hash"], entry_hash(forged, last["hash"])
    cols = ",".join(forged)
    _sql(stocked.db, f"INSERT INTO audit ({cols}) VALUES "
         f"({','.join(repr(v) if v is not None else 'NULL' for v in forged.values())})")
    (stocked.data_dir / "audit.head").write_text(
        json.dumps({"seq": forged["seq"], "hash": forged["hash"]}))
    result = verify()
    assert result.exit_code == 1 and "not anchored" in result.stderr


def _overwrite_original(stocked: Stocked) -> Path:
    conn = sqlite3.connect(stocked.db)
    rel, = conn.execute("SELECT evidence_path FROM recordings").fetchone()
    conn.close()
    path = stocked.data_dir / rel
    os.chmod(path, 0o644)
    with open(path, "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00\x01\x02")
    os.chmod(path, 0o444)
    return path


def test_overwritten_original_is_detected(stocked: Stocked) -> None:
    _overwrite_original(stocked)
    result = verify()
    assert result.exit_code == 1
    assert f"recording {stocked.recording_id}: the original was altered" in result.stderr
    assert verify("--skip-evidence").exit_code == 0


def test_altered_original_with_a_matching_row_is_detected(stocked: Stocked) -> None:
    path = _overwrite_original(stocked)
    new_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    _sql(stocked.db, f"UPDATE recordings SET sha256 = '{new_sha}'")
    result = verify()
    assert result.exit_code == 1
    assert "differs from the one audited at upload" in result.stderr


def test_verify_never_writes(stocked: Stocked) -> None:
    before = {p: p.read_bytes() for p in (stocked.db, stocked.data_dir / "audit.head")}
    anchor_before = sorted((p.name, p.read_bytes()) for p in stocked.anchor_dir.iterdir())
    assert verify().exit_code == 0
    assert all(p.read_bytes() == data for p, data in before.items())
    assert sorted((p.name, p.read_bytes()) for p in stocked.anchor_dir.iterdir()) == anchor_before


@pytest.mark.parametrize("content", [b"", os.urandom(4096), b"SQLite format 3\x00" + bytes(84)])
def test_unreadable_database_is_a_one_line_error(tmp_path: Path, content: bytes,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BODYCAM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BODYCAM_AUDIT_ANCHOR_DIR", raising=False)
    get_settings.cache_clear()
    db = tmp_path / "bodycam.db"
    db.write_bytes(content)
    result = verify()
    get_settings.cache_clear()
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.output
    assert db.read_bytes() == content  # not "repaired" into an empty schema
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("bodycam.db")) == []


def test_missing_database_is_a_one_line_error_and_creates_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "never-created"
    monkeypatch.setenv("BODYCAM_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    result = verify()
    get_settings.cache_clear()
    assert result.exit_code == 2 and result.stderr.startswith("error: ")
    assert not data_dir.exists()


def test_the_console_script_reports_a_corrupt_database_without_a_traceback(
        tmp_path: Path) -> None:
    (tmp_path / "bodycam.db").write_bytes(b"not a database, just bytes " * 100)
    exe = shutil.which("bodycam", path=str(Path(sys.executable).parent))
    assert exe, "the bodycam console script is installed with the package"
    env = {**os.environ, "BODYCAM_DATA_DIR": str(tmp_path)}
    env.pop("BODYCAM_AUDIT_ANCHOR_DIR", None)
    done = subprocess.run([exe, "audit", "verify"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr + done.stdout


def test_an_unreadable_anchor_is_a_one_line_error(stocked: Stocked) -> None:
    for path in stocked.anchor_dir.iterdir():
        path.unlink()
        path.mkdir()
    result = verify()
    assert result.exit_code == 2 and result.stderr.startswith("error: the audit anchor")


def test_a_dropped_audit_column_is_reported_not_a_crash(stocked: Stocked) -> None:
    _sql(stocked.db, "ALTER TABLE audit DROP COLUMN client")
    result = verify()
    assert result.exit_code == 1, result.output
    assert "unexpected shape" in result.stderr and "Traceback" not in result.output
