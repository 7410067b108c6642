"""The review routes and the versions API over a TestClient, with no model loaded.

A processed recording is put into the store the way the worker leaves it (result.json in
the results folder, job done, summary version 1); the pipeline's policy and redactor are
small fakes. The real engines, server and browser run in
tests/integration/test_review_browser.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from service.store import Store, open_store
from service.store.db import now_iso
from service.store.recordings import Recording

RESULT = {
    "schema_version": "1",
    "recording": {"id": "", "sha256": "", "filename": "clip.wav", "duration_s": 8.0},
    "redacted_transcript": {"segments": [
        {"id": 0, "start": 0.0, "end": 3.0, "speaker": "OFFICER",
         "text": "Unit four on scene at the depot."},
        {"id": 1, "start": 3.0, "end": 8.0, "speaker": "SPEAKER_1",
         "text": "I'm [PERSON_1], my van was broken into."}]},
    "redactions": [{"segment_id": 1, "entity_type": "PERSON", "label": "PERSON_1",
                    "start_s": 3.2, "end_s": 4.0, "score": 0.9}],
    "summary": {"narrative": "[PERSON_1] reported a van break-in at the depot.",
                "facts": [{"text": "[PERSON_1] reported a van break-in at the depot.",
                           "segment_ids": [0, 1], "supported": True, "in_narrative": True},
                          {"text": "The van was red.", "segment_ids": [1], "supported": False}],
                "model": "test-model", "prompt_sha256": "0" * 64,
                "disclosure": "Drafted by test-model from the redacted transcript."},
}


@dataclass
class Verdict:
    allowed: bool
    category: str | None = None
    reason: str = "asks to undo redaction"


class FakePolicy:
    def check(self, text: str) -> Verdict:
        return Verdict("unmask" not in text.lower(), "unredaction")


class FakeRedactor:
    def redact_text(self, text: str) -> tuple[str, int]:
        return text.replace("Ann Park", "[PERSON_1]"), text.count("Ann Park")


@dataclass
class FakePipeline:
    redactor: FakeRedactor


def processed(store: Store, owner: str, rec_id: str = "ab12cd34ef56ab78") -> str:
    """A finished recording, as the worker leaves one."""
    rec = Recording(rec_id, rec_id * 4, "clip.wav", "audio/wav", "wav", 10, 8.0,
                    f"evidence/{rec_id}", now_iso(), owner)
    with store.db.write() as conn:
        store.recordings.insert(conn, rec)
        store.recordings.grant(conn, rec.id, owner)
        job_id = store.jobs.create(conn, rec.id, None)
    folder = store.results_dir / rec.id
    folder.mkdir(parents=True)
    result = {**RESULT, "recording": {**RESULT["recording"], "id": rec.id, "sha256": rec.sha256}}
    (folder / "result.json").write_text(json.dumps(result))
    (folder / "audio.redacted.wav").write_bytes(b"RIFF" + b"\0" * 40)
    store.recordings.add_summary(rec.id, result["summary"], "worker", only_if_first=True)
    claimed = store.jobs.claim_next()
    assert claimed is not None and claimed.id == job_id
    store.jobs.finish(job_id, {})
    return rec.id


@dataclass
class Env:
    client: TestClient
    store: Store
    rec_id: str
    officer: str
    officer_id: str
    officer2: str
    reviewer: str


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    from service.api import create_app
    from service.api.review.engines import request_policy

    store = open_store(tmp_path)
    officer_rec, officer = store.keys.create("officer")
    officer2 = store.keys.create("officer")[1]
    reviewer = store.keys.create("reviewer")[1]
    rec_id = processed(store, officer_rec.id)
    settings = Settings(data_dir=tmp_path, review_cookie_secure=False)
    app = create_app(settings, start_workers=False)
    app.dependency_overrides[request_policy] = FakePolicy
    with TestClient(app, raise_server_exceptions=False, base_url="http://testserver") as client:
        app.state.pool.pipeline = FakePipeline(FakeRedactor())
        app.state.pool.ready.set()
        yield Env(client, store, rec_id, officer, officer_rec.id, officer2, reviewer)


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:400]
    return found.group(1)


def sign_in(client: TestClient, key: str) -> str:
    client.cookies.clear()
    page = client.get("/review")
    r = client.post("/review/login", data={"csrf_token": csrf(page.text), "api_key": key},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf(client.get("/review").text)


def test_sign_in_needs_the_form_token_and_a_valid_key(env: Env) -> None:
    page = env.client.get("/review")
    assert page.status_code == 200 and 'id="api_key"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    r = env.client.post("/review/login", data={"csrf_token": "nope", "api_key": env.officer})
    assert r.status_code == 403 and "bodycam_review" not in r.cookies
    # The refused form got a fresh token (and cookie); the old one is spent.
    r = env.client.post("/review/login", data={"csrf_token": csrf(r.text), "api_key": "bck_x"})
    assert r.status_code == 401
    sign_in(env.client, env.officer)
    listing = env.client.get("/review")
    assert env.rec_id in listing.text and "AI draft only" in listing.text


def test_session_cookie_flags(env: Env) -> None:
    page = env.client.get("/review")
    r = env.client.post("/review/login", data={"csrf_token": csrf(page.text),
                                               "api_key": env.officer}, follow_redirects=False)
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("bodycam_review="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/review" in cookie


def test_recollection_first_then_edit_sign_and_versions(env: Env) -> None:
    token = sign_in(env.client, env.officer)
    first = env.client.get(f"/review/{env.rec_id}").text
    assert 'id="recollection"' in first and 'id="draft"' not in first
    r = env.client.post(f"/review/{env.rec_id}/recollection", follow_redirects=False,
                        data={"csrf_token": token, "text": "A van at the depot was broken into. "
                              "I took photos."})
    assert r.status_code == 303 and r.headers["location"] == f"/review/{env.rec_id}?saved=2"
    page = env.client.get(f"/review/{env.rec_id}?saved=2").text
    assert 'id="draft"' in page and "I took photos." in page
    assert 'class="cite" href="#seg-1" data-seg="1" data-start="3.0"' in page
    assert "The van was red." in page.split('id="unsupported"')[1]
    r = env.client.post(f"/review/{env.rec_id}/edit", follow_redirects=False, data={
        "csrf_token": token, "sign": "1",
        "narrative": "[PERSON_1] reported a van break-in at the depot. Ann Park saw it."})
    assert r.status_code == 303
    versions = env.client.get(f"/v1/recordings/{env.rec_id}/summary/versions",
                              headers={"Authorization": f"Bearer {env.officer}"}).json()
    kinds = [(v["kind"], v["signed"], v["author"]) for v in versions["versions"]]
    assert kinds == [("ai_draft", False, "worker"), ("recollection", False, env.officer_id),
                     ("officer_edit", True, env.officer_id)]
    assert versions["versions"][2]["narrative"].endswith("[PERSON_2] saw it.")
    page = env.client.get(f"/review/{env.rec_id}").text
    assert "<ins>[PERSON_2] saw it.</ins>" in page and "Ann Park" not in page
    current = env.client.get(f"/v1/recordings/{env.rec_id}/summary",
                             headers={"Authorization": f"Bearer {env.officer}"}).json()
    assert current["version"] == 3  # the recollection is never "the current summary"
    md = env.client.get(f"/review/{env.rec_id}/export.md").text
    assert md.splitlines()[0] == md.rstrip().splitlines()[-1]
    assert "signed by " + env.officer_id in md


def test_refusal_wrong_token_and_other_officer_leave_nothing_stored(env: Env) -> None:
    token = sign_in(env.client, env.officer)
    env.client.post(f"/review/{env.rec_id}/recollection",
                    data={"csrf_token": token, "text": "Van, depot."})
    before = env.store.versions.list(env.rec_id)
    r = env.client.post(f"/review/{env.rec_id}/edit",
                        data={"csrf_token": token, "narrative": "Please unmask the owner."})
    assert r.status_code == 403 and "Refused" in r.text
    r = env.client.post(f"/review/{env.rec_id}/edit",
                        data={"csrf_token": "forged", "narrative": "A fine edit."})
    assert r.status_code == 403 and "Form rejected" in r.text
    token2 = sign_in(env.client, env.officer2)
    theirs = env.client.get(f"/review/{env.rec_id}")
    missing = env.client.get("/review/00000000000000ff")
    assert theirs.status_code == missing.status_code == 404 and theirs.text == missing.text
    r = env.client.post(f"/review/{env.rec_id}/edit",
                        data={"csrf_token": token2, "narrative": "Mine."})
    assert r.status_code == 404
    api = env.client.post(f"/v1/recordings/{env.rec_id}/summary/versions",
                          json={"narrative": "Mine."},
                          headers={"Authorization": f"Bearer {env.officer2}"})
    assert api.status_code == 404
    api = env.client.post(f"/v1/recordings/{env.rec_id}/summary/versions",
                          json={"narrative": "Mine."},
                          headers={"Authorization": f"Bearer {env.reviewer}"})
    assert api.status_code == 403
    token3 = sign_in(env.client, env.reviewer)
    page = env.client.get(f"/review/{env.rec_id}").text
    assert 'id="draft"' in page and 'id="narrative"' not in page  # reads, cannot edit
    r = env.client.post(f"/review/{env.rec_id}/edit",
                        data={"csrf_token": token3, "narrative": "A reviewer's words."})
    assert r.status_code == 403 and "may not edit" in r.text
    assert env.store.versions.list(env.rec_id) == before
    outcomes = {(r["action"], r["outcome"]) for r in env.store.db.read(
        "SELECT action, outcome FROM audit")}
    assert {("review.edit", "refused"), ("review.csrf", "denied"),
            ("review.view", "not_found")} <= outcomes


def test_sign_out_ends_the_session(env: Env) -> None:
    token = sign_in(env.client, env.officer)
    cookie = env.client.cookies.get("bodycam_review")
    r = env.client.post("/review/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    env.client.cookies.set("bodycam_review", cookie or "")
    r = env.client.get(f"/review/{env.rec_id}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review"


def test_versions_are_append_only_in_sqlite(env: Env) -> None:
    import sqlite3

    with pytest.raises(sqlite3.DatabaseError), env.store.db.write() as conn:
        conn.execute("UPDATE summaries SET summary = '{}' WHERE version = 1")
    with pytest.raises(sqlite3.DatabaseError), env.store.db.write() as conn:
        conn.execute("DELETE FROM summaries")
    assert env.store.versions.get(env.rec_id, 1).narrative.startswith("[PERSON_1] reported")


def test_bad_input_and_loading_models_get_typed_answers(env: Env) -> None:
    h = {"Authorization": f"Bearer {env.officer}"}
    url = f"/v1/recordings/{env.rec_id}/summary/versions"
    empty = env.client.post(url, json={"narrative": ""}, headers=h)
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "invalid_request"
    signed_recollection = env.client.post(
        url, json={"narrative": "Mine.", "kind": "recollection", "sign": True}, headers=h)
    assert signed_recollection.status_code == 422
    assert "only an edit" in signed_recollection.json()["error"]["message"]
    env.client.app.state.pool.pipeline = None  # type: ignore[attr-defined]
    loading = env.client.post(url, json={"narrative": "Mine."}, headers=h)
    assert loading.status_code == 503 and "Traceback" not in loading.text
    token = sign_in(env.client, env.officer)
    page = env.client.post(f"/review/{env.rec_id}/recollection",
                           data={"csrf_token": token, "text": "Mine."})
    assert page.status_code == 503 and "still loading" in page.text
    assert [v.kind for v in env.store.versions.list(env.rec_id)] == ["ai_draft"]
