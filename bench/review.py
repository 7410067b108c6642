"""Benchmark the review page: page render and edit-save latency on the real engines.

An in-process app (FastAPI TestClient, no network) over a throw-away DATA_DIR holding one
processed recording of ``--segments`` synthetic redacted segments, stored the way the
worker stores one. Measures

1. ``GET /review/{id}`` (transcript with chips, cited draft, comparison, diff, versions);
2. ``POST /review/{id}/edit``: the real refusal gate (MiniLM) and Presidio redactor on a
   changed narrative, then the append to SQLite (fsync) and the audit entry;
3. peak RSS of the process.

    .venv/bin/python bench/review.py [--segments 200] [--views 50] [--edits 10]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

import psutil
from fastapi.testclient import TestClient

from service.api import create_app
from service.config import Settings
from service.pipeline import Pipeline
from service.store import open_store
from service.store.db import now_iso
from service.store.recordings import Recording

# Own wording, nothing from any evaluation set.
LINES = ("Unit four is on scene at the loading dock behind the hardware store.",
         "I'm [PERSON_1], I work the night shift here and I heard glass break.",
         "Did you see anyone near the van before you came out?",
         "Only a bicycle going fast toward the rail yard, no lights on it.",
         "Okay, I'll take some photos of the window and write it up as a break-in.")


def fake_result(rec_id: str, segments: int) -> dict:
    segs = [{"id": i, "start": 4.0 * i, "end": 4.0 * i + 3.8,
             "speaker": "OFFICER" if i % 2 == 0 else "SPEAKER_1", "text": LINES[i % len(LINES)]}
            for i in range(segments)]
    facts = [{"text": f"The officer noted item {i} at the loading dock.", "segment_ids": [i],
              "supported": i % 7 != 3, "in_narrative": i % 7 != 3} for i in range(0, segments, 5)]
    narrative = " ".join(f["text"] for f in facts if f["supported"])
    return {"schema_version": "1",
            "recording": {"id": rec_id, "sha256": rec_id * 4, "filename": "bench.wav",
                          "duration_s": 4.0 * segments},
            "redacted_transcript": {"segments": segs},
            "redactions": [{"segment_id": i, "entity_type": "PERSON", "label": "PERSON_1",
                            "start_s": 4.0 * i, "end_s": 4.0 * i + 1, "score": 0.9}
                           for i in range(1, segments, len(LINES))],
            "summary": {"narrative": narrative, "facts": facts, "model": "bench",
                        "prompt_sha256": "0" * 64, "disclosure": "Drafted by a model."}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--views", type=int, default=50)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="bodycam-bench-review-"))
    store = open_store(data_dir)
    key, plaintext = store.keys.create("officer")
    rec_id = "be0c4a11be0c4a11"
    result = fake_result(rec_id, args.segments)
    with store.db.write() as conn:
        store.recordings.insert(conn, Recording(rec_id, rec_id * 4, "bench.wav", "audio/wav",
                                                "wav", 1, 4.0 * args.segments, "x", now_iso(),
                                                key.id))
        store.recordings.grant(conn, rec_id, key.id)
        job_id = store.jobs.create(conn, rec_id, None)
    (store.results_dir / rec_id).mkdir(parents=True)
    (store.results_dir / rec_id / "result.json").write_text(json.dumps(result))
    store.recordings.add_summary(rec_id, result["summary"], "worker")
    store.jobs.claim_next()
    store.jobs.finish(job_id, {})

    settings = Settings(data_dir=data_dir, review_cookie_secure=False,
                        review_recollection_first=False)
    pipeline = Pipeline(settings)
    t0 = time.perf_counter()
    _ = pipeline.redactor
    from service.pipeline import get_policy

    get_policy().check("warm up the policy embeddings")
    print(f"engines loaded in {time.perf_counter() - t0:.1f} s")
    app = create_app(settings, pipeline=pipeline, start_workers=False)
    with TestClient(app, base_url="http://testserver") as client:
        app.state.pool.ready.set()
        page = client.get("/review")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        client.post("/review/login", data={"csrf_token": token, "api_key": plaintext})
        page = client.get(f"/review/{rec_id}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        views = []
        for _ in range(args.views):
            t = time.perf_counter()
            assert client.get(f"/review/{rec_id}").status_code == 200
            views.append(time.perf_counter() - t)
        saves = []
        for i in range(-1, args.edits):  # edit -1 warms the redactor's first long text
            text = (result["summary"]["narrative"]
                    + f" Edit {i}: the window frame was bent and Jordan Ellery took photos.")
            t = time.perf_counter()
            r = client.post(f"/review/{rec_id}/edit", follow_redirects=False,
                            data={"csrf_token": token, "narrative": text, "sign": "1"})
            if i >= 0:
                saves.append(time.perf_counter() - t)
            assert r.status_code == 303, r.text[:300]
    rss = psutil.Process().memory_info().rss / 2**20

    def pct(xs: list[float], q: float) -> float:
        return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))] * 1000

    print(f"GET /review/{{id}} ({args.segments} segments, {len(page.text) // 1024} KiB): "
          f"p50 {statistics.median(views) * 1000:.1f} ms, p95 {pct(views, 0.95):.1f} ms "
          f"over {len(views)}")
    print(f"POST edit (gate + redactor + store): p50 {statistics.median(saves) * 1000:.0f} ms, "
          f"p95 {pct(saves, 0.95):.0f} ms over {len(saves)}")
    print(f"process RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
