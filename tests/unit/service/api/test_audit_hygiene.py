"""What reaches the audit log from outside: only validated ids, within a budget; and an
altered original is never served."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.api import create_app
from service.store import open_store

DATA = Path(__file__).resolve().parents[3] / "data"
# Personal data as a client might put it in a path (invented for this test).
PLANTED = "Maria Okafor 415-555-0199"


def h(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def env(tmp_path: Path, api_settings, make_keys, serve, upload) -> Iterator[tuple]:
    store = open_store(tmp_path)
    keys = make_keys(store)
    app = create_app(api_settings(tmp_path, auth_fail_limit=5, auth_audit_budget=100),
                     start_workers=False)
    for client in serve(app):
        rec = upload(client, keys.officer, DATA / "encounter_short.mp4")
        yield client, keys, rec, store


def _audit_dump(store) -> str:
    return "\n".join(str(tuple(r)) for r in store.db.read("SELECT * FROM audit"))


def test_unauthenticated_pii_path_is_stored_hashed(env: tuple,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    client, _, _, store = env
    caplog.set_level(logging.DEBUG)
    response = client.get(f"/v1/recordings/{PLANTED}")
    assert response.status_code == 401
    last = store.audit.entries(limit=1000)[-1]
    assert (last.action, last.outcome) == ("auth", "denied")
    assert last.object_id is not None and last.object_id.startswith("h:")
    server_log = "\n".join(r.getMessage() for r in caplog.records
                           if r.name.startswith(("bodycam", "uvicorn")))
    assert "GET /v1/recordings/{recording_id} 401" in server_log  # the template, not the path
    for fragment in ("Okafor", "415-555-0199", "Maria"):
        assert fragment not in _audit_dump(store)
        assert fragment not in server_log
    # The same probe maps to the same stand-in, so repeats can still be correlated.
    client.get(f"/v1/recordings/{PLANTED}")
    assert store.audit.entries(limit=1000)[-1].object_id == last.object_id


def test_a_valid_recording_id_is_kept_as_is(env: tuple) -> None:
    client, _, rec, store = env
    assert client.get(f"/v1/recordings/{rec['recording_id']}").status_code == 401
    assert store.audit.entries(limit=1000)[-1].object_id == rec["recording_id"]


def test_auth_failures_are_rate_limited_per_client(env: tuple) -> None:
    client, keys, rec, store = env
    before = len(store.audit.entries(limit=10_000))
    statuses = [client.get(f"/v1/recordings/x{i}", headers=h("bck_wrong")).status_code
                for i in range(40)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    limited = client.get("/v1/audit")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "too_many_requests"
    added = store.audit.entries(after=before, limit=10_000)
    # Five denials and one entry for the moment the client was limited; not 41 rows.
    assert [(e.action, e.outcome) for e in added] == [("auth", "denied")] * 5 + [
        ("auth", "rate_limited")]
    # A valid key from the same client still works.
    ok = client.get(f"/v1/recordings/{rec['recording_id']}", headers=h(keys.officer))
    assert ok.status_code == 200
    metrics = client.get("/metrics").text
    assert "bodycam_auth_rate_limited_total 36" in metrics
    assert "bodycam_auth_failures_unaudited_total 35" in metrics
    assert 'bodycam_http_responses_total{status="429"} 36' in metrics


def test_altered_original_is_never_served(env: tuple) -> None:
    client, keys, rec, store = env
    url = f"/v1/recordings/{rec['recording_id']}/audio?redacted=false"
    genuine = client.get(url, headers=h(keys.raw_reviewer))
    assert genuine.status_code == 200
    assert genuine.content == (DATA / "encounter_short.mp4").read_bytes()
    path = store.data_dir / store.recordings.get(rec["recording_id"]).evidence_path
    os.chmod(path, 0o644)
    with open(path, "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\xff\xfe\xfd")
    os.chmod(path, 0o444)
    altered = client.get(url, headers=h(keys.raw_reviewer))
    assert altered.status_code == 500
    assert altered.json() == {"error": {"code": "evidence_integrity", "message": (
        "the stored original does not match its recorded SHA-256; not served")}}
    last = store.audit.entries(limit=1000)[-1]
    assert (last.action, last.outcome, last.object_id, last.detail) == (
        "audio.original.read", "error", rec["recording_id"], "evidence_integrity")


def test_leftover_part_files_are_removed_at_start_up(tmp_path: Path, api_settings,
                                                     serve) -> None:
    store = open_store(tmp_path)
    leftover = store.evidence.incoming_dir / "0123abcd.part"
    leftover.write_bytes(b"")  # an interrupted upload, seconds old
    for _client in serve(create_app(api_settings(tmp_path), start_workers=False)):
        assert not leftover.exists()
