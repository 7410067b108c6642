"""Job failure is reported, never raised: a stand-in pipeline fails around the real API."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from service.api import create_app
from service.errors import TruncatedError
from service.pipeline import Pipeline
from service.store import open_store

DATA = Path(__file__).resolve().parents[3] / "data"


class _UnusedSummarizer:
    """Never called: the stand-in pipeline fails before summarizing."""

    model_id = "unused"


class FailingPipeline(Pipeline):
    """Loads nothing; fails the way the named error says (a test double around the API)."""

    def __init__(self, settings, error: Exception) -> None:
        super().__init__(settings, summarizer=_UnusedSummarizer())  # type: ignore[arg-type]
        self.error = error

    def load_models(self) -> None:
        return None

    def process(self, *args, **kwargs):
        progress = args[3] if len(args) > 3 else kwargs.get("progress")
        if progress:
            progress("decode", 0.0)
        raise self.error


def _run(tmp_path: Path, api_settings, make_keys, upload, error: Exception) -> dict:
    settings = api_settings(tmp_path)
    keys = make_keys(open_store(tmp_path))
    app = create_app(settings, pipeline=FailingPipeline(settings, error))
    with TestClient(app, raise_server_exceptions=False) as client:
        job_id = upload(client, keys.officer, DATA / "silence.wav")["job_id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job = client.get(f"/v1/jobs/{job_id}",
                             headers={"Authorization": f"Bearer {keys.officer}"}).json()
            if job["status"] in ("done", "failed"):
                return job
            time.sleep(0.1)
    raise AssertionError("job did not finish")


def test_domain_failure_is_reported_with_its_code(tmp_path: Path, api_settings, make_keys,
                                                  upload) -> None:
    job = _run(tmp_path, api_settings, make_keys, upload, TruncatedError("truncated or corrupt"))
    assert job["status"] == "failed"
    assert job["error"] == {"code": "truncated_media", "message": "truncated or corrupt"}


def test_unexpected_failure_is_generic(tmp_path: Path, api_settings, make_keys,
                                       upload) -> None:
    job = _run(tmp_path, api_settings, make_keys, upload,
               RuntimeError("the suspect said 555-0100 at /srv/evidence"))
    assert job["status"] == "failed"
    assert job["error"] == {"code": "internal_error", "message": "processing failed"}
    store = open_store(tmp_path)
    failed = [e for e in store.audit.entries(limit=100) if e.action == "job.process"]
    assert failed and failed[-1].outcome == "failed" and failed[-1].detail == "internal_error"
