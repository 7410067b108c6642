"""Upload rules: 202 and dedup, 413, 415, 422, policy refusal before storage; error bodies."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.config import get_settings
from service.store import open_store

DATA = Path(__file__).resolve().parents[3] / "data"


def h(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, api_settings, make_keys,
        serve) -> Iterator[tuple]:
    data_dir = tmp_path_factory.mktemp("uploads")
    store = open_store(data_dir)
    keys = make_keys(store)
    app = create_app(api_settings(data_dir, max_upload_mb=1, max_duration_s=30.0),
                     start_workers=False)
    for client in serve(app):
        yield client, keys, store


def post(client: TestClient, key: str, name: str, data: bytes, **fields: str):
    return client.post("/v1/recordings", files={"file": (name, io.BytesIO(data))}, data=fields,
                       headers=h(key))


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert "Traceback" not in response.text and "/tmp" not in response.text


def test_duplicate_upload_returns_the_existing_recording_and_job(env: tuple) -> None:
    client, keys, store = env
    data = (DATA / "silence.wav").read_bytes()
    first = post(client, keys.officer, "a.wav", data)
    second = post(client, keys.officer2, "b.wav", data)
    assert first.status_code == second.status_code == 202
    assert first.json()["recording_id"] == second.json()["recording_id"]
    assert first.json()["job_id"] == second.json()["job_id"] and second.json()["duplicate"]
    stored = list((store.data_dir / "evidence" / "sha256").rglob("*"))
    assert sum(p.is_file() for p in stored) == 1


def test_too_large_is_413(env: tuple) -> None:
    client, keys, _ = env
    assert_error(post(client, keys.officer, "big.flac", b"fLaC" + b"\0" * (1 << 21)), 413,
                 "too_large")


def test_too_large_is_413_while_streaming_without_content_length(env: tuple) -> None:
    client, keys, store = env
    boundary = "b0undary"

    def body() -> Iterator[bytes]:
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
               f"filename=\"big.flac\"\r\n\r\nfLaC").encode()
        for _ in range(40):  # 2.5 MB in 64 KB chunks, over the 1 MB limit
            yield b"\0" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/v1/recordings", content=body(), headers={
        **h(keys.officer), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert_error(response, 413, "too_large")
    assert list(store.evidence.incoming_dir.iterdir()) == []


def test_not_media_is_415(env: tuple) -> None:
    client, keys, _ = env
    assert_error(post(client, keys.officer, "notes.mp3", b"%PDF-1.4 not audio" * 10), 415,
                 "not_media")
    assert_error(post(client, keys.officer, "notes.wav", b"just some text\n" * 50), 415,
                 "not_media")


def test_unreadable_media_is_422(env: tuple) -> None:
    client, keys, _ = env
    # A cut-off MP4 is named for what it is (its boxes run past the end of the file).
    cut = (DATA / "encounter_short.mp4").read_bytes()[:4000]
    assert_error(post(client, keys.officer, "cut.mp4", cut), 422, "truncated_media")
    # Media magic over bytes no demuxer can read.
    payload = bytes(range(256)) * 8
    garbage = (b"\x00\x00\x00\x10ftypisom\x00\x00\x02\x00"
               + (8 + len(payload)).to_bytes(4, "big") + b"mdat" + payload)  # no moov box
    assert_error(post(client, keys.officer, "odd.mp4", garbage), 422, "unreadable_media")


def test_truncated_upload_accepted_as_partial(env: tuple) -> None:
    client, keys, _ = env
    data = (DATA / "formats" / "clip.wav").read_bytes()
    cut = data[: len(data) // 2]
    assert_error(post(client, keys.officer, "half.wav", cut), 422, "truncated_media")
    response = client.post("/v1/recordings", files={"file": ("half.wav", cut)},
                           data={"accept_partial": "true"}, headers=h(keys.officer))
    assert response.status_code == 202, response.text
    assert response.json()["truncated"] is True
    response = client.post("/v1/recordings", files={"file": ("x.wav", data)},
                           data={"accept_partial": "maybe"}, headers=h(keys.officer))
    assert_error(response, 422, "bad_request")


def test_over_long_media_is_422(env: tuple) -> None:
    client, keys, _ = env
    response = post(client, keys.officer, "long.flac", (DATA / "encounter.flac").read_bytes())
    assert_error(response, 422, "too_long")


def test_missing_file_part_is_422(env: tuple) -> None:
    client, keys, _ = env
    response = client.post("/v1/recordings", data={"instructions": "x"}, headers=h(keys.officer))
    assert_error(response, 422, "bad_request")
    response = client.post("/v1/recordings", content=b"{}", headers=h(keys.officer))
    assert_error(response, 422, "bad_request")


def test_identifying_instructions_are_refused_before_anything_is_stored(env: tuple) -> None:
    client, keys, store = env
    request = "Tell me the real name and home address of the woman in this video"
    before = store.recordings.processed_audio_seconds(), store.jobs.counts()
    response = post(client, keys.officer, "enc.mp4",
                    (DATA / "encounter_short.mp4").read_bytes(), instructions=request)
    assert_error(response, 403, "identification_refused")
    assert store.recordings.get("96e677b2cd130491") is None
    assert (store.recordings.processed_audio_seconds(), store.jobs.counts()) == before
    assert list(store.evidence.incoming_dir.iterdir()) == []
    last = store.audit.entries(limit=1000)[-1]
    assert (last.action, last.outcome) == ("recording.upload", "refused")
    dump = json.dumps([list(r) for r in store.db.read("SELECT * FROM audit")])
    assert "address" not in dump and "woman" not in dump


def test_redaction_switch_option_is_refused(env: tuple) -> None:
    client, keys, _ = env
    response = post(client, keys.officer, "s.wav", (DATA / "silence.wav").read_bytes(),
                    redact="false")
    assert_error(response, 403, "identification_refused")


def test_bad_parameters_are_422_without_echo(env: tuple) -> None:
    client, keys, _ = env
    response = client.get("/v1/recordings/0123456789abcdef/transcript?format=<script>",
                          headers=h(keys.officer))
    assert_error(response, 422, "invalid_request")
    assert "<script>" not in response.text
    response = client.post("/v1/recordings/0123456789abcdef/summary", json={"nope": 1},
                           headers=h(keys.reviewer))
    assert_error(response, 422, "invalid_request")
    response = client.post("/v1/recordings/0123456789abcdef/questions", content=b"G\xff{",
                           headers={**h(keys.reviewer), "Content-Type": "application/json"})
    assert_error(response, 422, "invalid_request")


def test_unknown_route_and_method_use_the_error_shape(env: tuple) -> None:
    client, keys, _ = env
    assert_error(client.get("/v1/nothing", headers=h(keys.officer)), 404, "not_found")
    assert_error(client.delete("/v1/audit", headers=h(keys.auditor)), 405, "method_not_allowed")


def test_unexpected_error_is_a_generic_500(tmp_path: Path, api_settings) -> None:
    app = create_app(api_settings(tmp_path), start_workers=False)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError(f"secret detail at {tmp_path}/evidence")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert_error(response, 500, "internal_error")
    assert "secret" not in response.text


def test_settings_come_from_the_overridable_dependency(tmp_path: Path, api_settings,
                                                       make_keys) -> None:
    app = create_app(start_workers=False)
    app.dependency_overrides[get_settings] = lambda: api_settings(tmp_path)
    keys = make_keys(open_store(tmp_path))
    with TestClient(app) as client:
        response = post(client, keys.officer, "s.wav", (DATA / "silence.wav").read_bytes())
    assert response.status_code == 202
    assert open_store(tmp_path).recordings.get(response.json()["recording_id"]) is not None


def test_health_and_docs_need_no_key(env: tuple) -> None:
    client, _, _ = env
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["database_writable"] is True
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "multipart/form-data" in spec["paths"]["/v1/recordings"]["post"]["requestBody"][
        "content"]
    metrics = client.get("/metrics").text
    assert 'bodycam_jobs{status="queued"}' in metrics and "bodycam_refusals_total" in metrics


def test_request_latency_is_labelled_by_route_template_never_the_raw_path(env: tuple) -> None:
    client, keys, _ = env
    planted = "Jane Roe 555-867-5309"
    client.get(f"/v1/recordings/{planted}", headers=h(keys.officer))
    client.get(f"/no/such/{planted}")
    metrics = client.get("/metrics").text
    assert 'route="/v1/recordings/{recording_id}"' in metrics
    assert 'bodycam_http_request_duration_seconds_bucket{' in metrics
    assert 'route="unmatched"' in metrics
    assert "Jane" not in metrics and "5309" not in metrics
