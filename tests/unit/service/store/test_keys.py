"""API keys: random, shown once, stored as SHA-256 only."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from service.errors import BadRequestError
from service.store import open_store


def test_only_the_hash_is_stored(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    record, key = store.keys.create("reviewer", ["evidence:raw"])
    row = store.db.read_one("SELECT * FROM api_keys WHERE id = ?", (record.id,))
    assert row is not None and key not in [str(v) for v in tuple(row)]
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert record.id not in key
    found = store.keys.authenticate(key)
    assert found and found.role == "reviewer" and found.scopes == {"evidence:raw"}
    assert store.keys.authenticate(key + "x") is None


def test_revoked_key_no_longer_authenticates(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    record, key = store.keys.create("officer")
    assert store.keys.revoke(record.id)
    assert store.keys.authenticate(key) is None


def test_unknown_role_or_scope_is_rejected(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with pytest.raises(BadRequestError):
        store.keys.create("sheriff")
    with pytest.raises(BadRequestError):
        store.keys.create("officer", ["evidence:everything"])
