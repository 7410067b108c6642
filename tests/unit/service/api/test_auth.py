"""Keys, roles and scopes on every /v1 route; one negative test per rule."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.api import create_app
from service.store import open_store

DATA = Path(__file__).resolve().parents[3] / "data"


def h(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, api_settings, make_keys, serve,
        upload) -> Iterator[tuple]:
    data_dir = tmp_path_factory.mktemp("auth")
    store = open_store(data_dir)
    keys = make_keys(store)
    app = create_app(api_settings(data_dir), start_workers=False)
    for client in serve(app):
        rec = upload(client, keys.officer, DATA / "encounter_short.mp4")
        yield client, keys, rec, store


def test_missing_key_is_401_and_audited(env: tuple) -> None:
    client, _, rec, store = env
    response = client.get(f"/v1/recordings/{rec['recording_id']}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"
    last = store.audit.entries(after=0, limit=1000)[-1]
    assert (last.action, last.outcome, last.detail) == ("auth", "denied", "missing_key")


def test_bad_key_is_401(env: tuple) -> None:
    client, _, _, _ = env
    response = client.get("/v1/jobs/job_x", headers=h("bck_not-a-real-key"))
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_revoked_key_is_401(env: tuple) -> None:
    client, _, _, store = env
    record, key = store.keys.create("officer")
    store.keys.revoke(record.id)
    assert client.get("/v1/audit", headers=h(key)).status_code == 401


def test_someone_elses_recording_is_the_same_404_as_a_missing_one(env: tuple) -> None:
    client, keys, rec, _ = env
    rid = rec["recording_id"]
    other = client.get(f"/v1/recordings/{rid}", headers=h(keys.officer2))
    missing = client.get("/v1/recordings/0123456789abcdef", headers=h(keys.officer2))
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    for suffix in ("/transcript", "/summary", "/audio"):
        assert client.get(f"/v1/recordings/{rid}{suffix}",
                          headers=h(keys.officer2)).json() == missing.json()
    job = client.get(f"/v1/jobs/{rec['job_id']}", headers=h(keys.officer2))
    assert job.status_code == 404


def test_owner_and_reviewer_can_read(env: tuple) -> None:
    client, keys, rec, _ = env
    for key in (keys.officer, keys.reviewer, keys.admin):
        response = client.get(f"/v1/recordings/{rec['recording_id']}", headers=h(key))
        assert response.status_code == 200
        assert response.json()["recording"]["sha256"].startswith(rec["recording_id"])
    job = client.get(f"/v1/jobs/{rec['job_id']}", headers=h(keys.officer)).json()
    assert job["status"] == "queued" and job["progress"] == 0


@pytest.mark.parametrize(("role", "method", "path"), [
    ("reviewer", "post", "/v1/recordings"),
    ("auditor", "get", "/v1/recordings/{rid}"),
    ("officer", "get", "/v1/audit"),
    ("officer", "post", "/v1/recordings/{rid}/summary"),
    ("officer", "post", "/v1/recordings/{rid}/questions"),
])
def test_role_not_allowed_is_403(env: tuple, role: str, method: str, path: str) -> None:
    client, keys, rec, _ = env
    body = {"instructions": "focus on the timeline", "question": "what happened?"}
    response = client.request(method.upper(), path.format(rid=rec["recording_id"]),
                              headers=h(getattr(keys, role)),
                              json=body if method == "post" else None)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_original_audio_needs_the_raw_scope(env: tuple) -> None:
    client, keys, rec, _ = env
    url = f"/v1/recordings/{rec['recording_id']}/audio?redacted=false"
    for key in (keys.officer, keys.admin):
        denied = client.get(url, headers=h(key))
        assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
    allowed = client.get(url, headers=h(keys.raw_reviewer))
    assert allowed.status_code == 200
    assert allowed.content == (DATA / "encounter_short.mp4").read_bytes()


def test_raw_transcript_needs_the_raw_scope(env: tuple) -> None:
    client, keys, rec, _ = env
    url = f"/v1/recordings/{rec['recording_id']}/transcript?redacted=false"
    assert client.get(url, headers=h(keys.reviewer)).status_code == 403


def test_auditor_reads_the_chain(env: tuple) -> None:
    client, keys, _, _ = env
    page = client.get("/v1/audit?limit=1000", headers=h(keys.auditor)).json()
    actions = {(e["action"], e["outcome"]) for e in page["entries"]}
    assert {("recording.upload", "ok"), ("auth", "denied"),
            ("recording.read", "not_found")} <= actions
    entries = page["entries"]
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(entries))


def test_no_key_material_reaches_the_audit_log(env: tuple, tmp_path: Path) -> None:
    _client, keys, _, store = env
    dump = "\n".join(str(tuple(r)) for r in store.db.read("SELECT * FROM audit"))
    assert all(k not in dump for k in (keys.officer, keys.reviewer, keys.admin))
