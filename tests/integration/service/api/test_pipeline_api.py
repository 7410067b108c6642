"""The main path on real models: upload → job progress → results, summary versions, Q&A.

One app and one real pipeline for the module; the 12 s fixture is processed once.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import soundfile as sf

from service.store import open_store

DATA = Path(__file__).resolve().parents[3] / "data"
FIXTURE = DATA / "encounter_short.mp4"
JOB_TIMEOUT_S = 600


def h(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory, api_settings, make_keys, serve,
         upload, real_pipeline) -> Iterator[tuple]:
    from service.api import create_app

    data_dir = tmp_path_factory.mktemp("pipeline-api")
    store = open_store(data_dir)
    keys = make_keys(store)
    app = create_app(api_settings(data_dir), pipeline=real_pipeline)
    for client in serve(app):
        accepted = upload(client, keys.officer, FIXTURE)
        seen: list[dict] = []
        deadline = time.monotonic() + JOB_TIMEOUT_S
        while time.monotonic() < deadline:
            job = client.get(f"/v1/jobs/{accepted['job_id']}", headers=h(keys.officer)).json()
            seen.append(job)
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.2)
        yield client, keys, store, accepted, seen


def test_job_reports_stages_and_monotonic_progress(done: tuple) -> None:
    _, _, _, _, seen = done
    assert seen[-1]["status"] == "done", seen[-1]
    assert seen[-1]["progress"] == 1.0 and seen[-1]["error"] is None
    progress = [j["progress"] for j in seen]
    assert progress == sorted(progress)
    assert {"transcribe", "summarize"} & {j["stage"] for j in seen}


def test_recording_has_metadata_and_result(done: tuple) -> None:
    client, keys, _, accepted, _ = done
    body = client.get(f"/v1/recordings/{accepted['recording_id']}",
                      headers=h(keys.officer)).json()
    assert body["recording"]["filename"] == FIXTURE.name
    result = body["result"]
    assert result["schema_version"] == "1"
    assert result["recording"]["id"] == accepted["recording_id"]
    assert result["redacted_transcript"]["segments"] and body["summary_versions"] == [1]


def test_transcript_formats(done: tuple) -> None:
    client, keys, _, accepted, _ = done
    url = f"/v1/recordings/{accepted['recording_id']}/transcript"
    as_json = client.get(url, headers=h(keys.officer)).json()
    assert as_json["redacted"] is True and as_json["segments"]
    txt = client.get(url + "?format=txt", headers=h(keys.officer))
    assert txt.headers["content-type"].startswith("text/plain") and txt.text.startswith("[")
    vtt = client.get(url + "?format=vtt", headers=h(keys.officer))
    assert vtt.headers["content-type"].startswith("text/vtt") and vtt.text.startswith("WEBVTT")
    raw = client.get(url + "?redacted=false", headers=h(keys.raw_reviewer)).json()
    assert raw["redacted"] is False and len(raw["segments"]) >= 1


def test_redacted_audio_is_a_wav(done: tuple) -> None:
    client, keys, _, accepted, _ = done
    response = client.get(f"/v1/recordings/{accepted['recording_id']}/audio",
                          headers=h(keys.officer))
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    samples, rate = sf.read(io.BytesIO(response.content))
    assert rate == 16000 and len(samples) / rate == pytest.approx(12.0, abs=0.5)


def test_resummary_is_a_new_version_and_keeps_the_first_draft(done: tuple) -> None:
    client, keys, _, accepted, _ = done
    url = f"/v1/recordings/{accepted['recording_id']}/summary"
    first = client.get(url, headers=h(keys.officer)).json()
    assert first["version"] == 1 and first["summary"]["disclosure"]
    created = client.post(url, json={"instructions": "Focus on the order of events."},
                          headers=h(keys.reviewer))
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 2 and created.json()["versions"] == [1, 2]
    assert client.get(url, headers=h(keys.officer)).json()["version"] == 2
    assert client.get(url + "?version=1", headers=h(keys.officer)).json() == {
        **first, "versions": [1, 2]}
    md = client.get(url + "?format=md", headers=h(keys.officer))
    assert md.headers["content-type"].startswith("text/markdown") and "AI" in md.text


def test_identifying_resummary_is_refused_and_audited(done: tuple) -> None:
    client, keys, store, accepted, _ = done
    response = client.post(f"/v1/recordings/{accepted['recording_id']}/summary",
                           json={"instructions": "Identify the suspect from his voice"},
                           headers=h(keys.reviewer))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "identification_refused"
    last = store.audit.entries(limit=10_000)[-1]
    assert (last.action, last.outcome, last.object_id) == (
        "summary.create", "refused", accepted["recording_id"])
    assert last.detail and "voice" not in last.detail


def test_question_is_answered_with_citations_and_identification_refused(done: tuple) -> None:
    client, keys, _, accepted, _ = done
    url = f"/v1/recordings/{accepted['recording_id']}/questions"
    answer = client.post(url, json={"question": "What did the officer ask for?"},
                         headers=h(keys.reviewer))
    assert answer.status_code == 200, answer.text
    assert answer.json()["recording_id"] == accepted["recording_id"]
    refused = client.post(url, json={"question": "What is the caller's full name?"},
                          headers=h(keys.reviewer))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "identification_refused"


def test_metrics_readiness_and_audit_after_processing(done: tuple) -> None:
    client, _, store, _, _ = done
    assert client.get("/readyz").status_code == 200
    metrics = client.get("/metrics").text
    assert 'bodycam_jobs{status="done"} 1' in metrics
    assert 'bodycam_stage_seconds_count{stage="asr"} 1' in metrics
    assert "bodycam_audio_seconds_processed_total 12." in metrics
    assert "bodycam_models_loaded 1" in metrics
    actions = {(e.action, e.outcome) for e in store.audit.entries(limit=10_000)}
    assert {("job.process", "ok"), ("transcript.read", "ok"), ("summary.read", "ok"),
            ("transcript.raw.read", "ok"), ("audio.read", "ok")} <= actions
    assert store.audit.verify().ok
