"""``bodycam keys`` and ``bodycam audit`` (the commands the lead registers on ``bodycam``)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli.audit import audit
from service.cli.keys import keys
from service.config import get_settings
from service.store import open_store


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BODYCAM_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_key_is_printed_once_and_only_its_hash_stored(data_dir: Path) -> None:
    result = CliRunner().invoke(keys, ["create", "--role", "reviewer", "--scope", "evidence:raw"])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    assert key.startswith("bck_") and "\n" not in key
    store = open_store(data_dir)
    found = store.keys.authenticate(key)
    assert found and found.role == "reviewer" and "evidence:raw" in found.scopes
    assert key not in (data_dir / "bodycam.db").read_bytes().decode("latin-1")
    assert hashlib.sha256(key.encode()).hexdigest() in [r["key_hash"] for r in store.db.read(
        "SELECT key_hash FROM api_keys")]
    listed = CliRunner().invoke(keys, ["list"]).stdout
    assert found.id in listed and key not in listed
    entry = store.audit.entries(limit=10)[-1]
    assert (entry.action, entry.object_id, entry.actor) == ("key.create", found.id, "cli")


def test_unknown_role_is_a_usage_error(data_dir: Path) -> None:
    assert CliRunner().invoke(keys, ["create", "--role", "sheriff"]).exit_code == 2


def test_audit_verify_detects_a_tampered_database(data_dir: Path) -> None:
    runner = CliRunner()
    for role in ("officer", "auditor", "admin"):
        runner.invoke(keys, ["create", "--role", role])
    ok = runner.invoke(audit, ["verify"])
    assert ok.exit_code == 0 and "ok: 3 entries" in ok.stdout

    exported = runner.invoke(audit, ["export"]).stdout.splitlines()
    assert [json.loads(line)["seq"] for line in exported] == [1, 2, 3]

    conn = sqlite3.connect(data_dir / "bodycam.db")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET role = 'officer' WHERE seq = 2")
    conn.commit()
    conn.close()
    bad = runner.invoke(audit, ["verify"])
    assert bad.exit_code == 1 and "entry 2 was modified" in bad.stderr
