"""Turn a received upload into evidence: validate, store once, record, enqueue.

Order matters for "nothing acknowledged is lost": the file is fsynced and linked into
the evidence store, then the recording and its job are committed in one transaction,
and only then does the API answer 202. A crash before the commit leaves at most an
unreferenced original, which the next upload of the same bytes adopts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.store import Store
from service.store.db import now_iso
from service.store.evidence import Incoming
from service.store.intake import validate
from service.store.recordings import Recording

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Ingested:
    recording_id: str
    job_id: str
    duplicate: bool
    sha256: str
    truncated: bool = False  # accepted as a partial recording


def safe_filename(name: str | None) -> str:
    """The client's file name without any path, control characters or excess length."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE.sub("", base).strip().lstrip(".")
    return base[:200] or "upload"


def ingest(
    store: Store,
    incoming: Incoming,
    *,
    filename: str | None,
    owner: str,
    instructions: str | None,
    max_duration_s: float | None,
    accept_partial: bool = False,
) -> Ingested:
    """Store a finished upload (or adopt its existing recording); abort it on any error."""
    try:
        incoming.finish()
        sha = incoming.sha256
        existing = store.recordings.get(sha[:16])
        if existing is not None:
            return _adopt(store, existing.id, existing.sha256, owner)
        info = validate(incoming.path, incoming.head, max_duration_s, accept_partial)
        path, _ = store.evidence.commit(incoming)
    finally:
        incoming.abort()  # no-op once committed: the temp name is already gone
    rec = Recording(
        id=sha[:16], sha256=sha, filename=safe_filename(filename),
        content_type=info.content_type, container=info.container, size_bytes=incoming.size,
        duration_s=round(info.duration_s, 3), evidence_path=store.evidence.relative(path),
        created_at=now_iso(), created_by=owner,
    )
    with store.db.write() as conn:
        if store.recordings.by_sha256(conn, sha) is None:
            store.recordings.insert(conn, rec)
            store.recordings.grant(conn, rec.id, owner)
            job_id = store.jobs.create(conn, rec.id, instructions)
            return Ingested(rec.id, job_id, duplicate=False, sha256=sha,
                            truncated=info.truncated)
    return _adopt(store, rec.id, sha, owner)  # a concurrent upload of the same bytes won


def _adopt(store: Store, recording_id: str, sha256: str, owner: str) -> Ingested:
    """A duplicate: grant the uploader access and return the existing job (retried if failed)."""
    with store.db.write() as conn:
        store.recordings.grant(conn, recording_id, owner)
        job = store.jobs.latest_for(recording_id, conn)
        if job is None:
            job_id = store.jobs.create(conn, recording_id, None)
        else:
            job_id = job.id
            if job.status == "failed":
                store.jobs.requeue(conn, job_id)
    return Ingested(recording_id, job_id, duplicate=True, sha256=sha256)
