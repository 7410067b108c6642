"""Read a finished recording's outputs from ``DATA_DIR/results/<recording_id>/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from redaction.types import RedactedSegment, RedactedTranscript, Redaction
from service.api.errors import NotReady
from service.store import Store
from service.store.recordings import Recording


def folder(store: Store, rec: Recording) -> Path:
    return store.results_dir / rec.id


def load_result(store: Store, rec: Recording) -> dict[str, Any]:
    """The recording's result.json; 409 until its job is done."""
    path = folder(store, rec) / "result.json"
    job = store.jobs.latest_for(rec.id)
    if not path.is_file() or job is None or job.status != "done":
        raise NotReady("the recording has not been processed yet; poll its job")
    return json.loads(path.read_text(encoding="utf-8"))


def output_file(store: Store, rec: Recording, name: str) -> Path:
    load_result(store, rec)  # same readiness rule for every output
    path = folder(store, rec) / name
    if not path.is_file():
        raise NotReady(f"{name} is not available for this recording")
    return path


def redacted_transcript(result: dict[str, Any]) -> RedactedTranscript:
    """Rebuild the typed redacted transcript the summarizer accepts from result.json."""
    segments = [RedactedSegment(int(s["id"]), float(s["start"]), float(s["end"]), s["text"],
                                s.get("speaker") or None)
                for s in result["redacted_transcript"]["segments"]]
    redactions = [
        Redaction(int(r["segment_id"]), r["entity_type"], r["label"], int(r.get("start", 0)),
                  int(r.get("end", 0)), float(r["start_s"]), float(r["end_s"]),
                  float(r.get("score", 0.0)))
        for r in result.get("redactions", [])
    ]
    return RedactedTranscript(
        segments, redactions, language=result.get("asr", {}).get("language") or "en",
        duration_s=float(result.get("recording", {}).get("duration_s") or 0.0),
    )
