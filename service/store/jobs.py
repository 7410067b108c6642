"""Processing jobs, persisted so a crash (even ``kill -9``) loses nothing.

A job is ``queued`` → ``running`` → ``done`` | ``failed``. On start-up every ``running``
job is put back in the queue (its worker died with the process); one that has been
interrupted ``MAX_ATTEMPTS`` times is failed instead, so a file that kills the server
cannot crash-loop it.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from service.store.db import Database, now_iso

STATUSES = ("queued", "running", "done", "failed")
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Job:
    id: str
    recording_id: str
    status: str
    stage: str
    progress: float
    instructions: str | None
    error_code: str | None
    error_message: str | None
    attempts: int
    timings: dict[str, float] | None
    created_at: str
    updated_at: str
    started_at: str | None
    finished_at: str | None


def new_job_id() -> str:
    return "job_" + secrets.token_hex(8)


class Jobs:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self, conn: sqlite3.Connection, recording_id: str, instructions: str | None
    ) -> str:
        job_id, now = new_job_id(), now_iso()
        conn.execute(
            "INSERT INTO jobs (id, recording_id, status, stage, progress, instructions,"
            " created_at, updated_at) VALUES (?,?,'queued','queued',0,?,?,?)",
            (job_id, recording_id, instructions, now, now),
        )
        return job_id

    def get(self, job_id: str) -> Job | None:
        row = self.db.read_one("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _job(row) if row else None

    def latest_for(self, recording_id: str, conn: sqlite3.Connection | None = None) -> Job | None:
        row = (conn or self.db.connection()).execute(
            "SELECT * FROM jobs WHERE recording_id = ? ORDER BY created_at DESC LIMIT 1",
            (recording_id,),
        ).fetchone()
        return _job(row) if row else None

    def requeue(self, conn: sqlite3.Connection, job_id: str) -> None:
        """Retry a failed job (a duplicate upload of the same bytes asks for it)."""
        conn.execute(
            "UPDATE jobs SET status='queued', stage='queued', progress=0, error_code=NULL,"
            " error_message=NULL, attempts=0, updated_at=? WHERE id=? AND status='failed'",
            (now_iso(), job_id),
        )

    def claim_next(self) -> Job | None:
        """Atomically take the oldest queued job and mark it running."""
        now = now_iso()
        with self.db.write() as conn:
            row = conn.execute(
                "UPDATE jobs SET status='running', stage='starting', progress=0,"
                " attempts=attempts+1, started_at=?, updated_at=? WHERE id = (SELECT id FROM"
                " jobs WHERE status='queued' ORDER BY created_at, id LIMIT 1) RETURNING *",
                (now, now),
            ).fetchone()
        return _job(row) if row else None

    def set_progress(self, job_id: str, stage: str, progress: float) -> None:
        with self.db.write() as conn:
            conn.execute(
                "UPDATE jobs SET stage=?, progress=?, updated_at=? WHERE id=? AND status='running'",
                (stage, round(min(1.0, max(0.0, progress)), 4), now_iso(), job_id),
            )

    def finish(self, job_id: str, timings: dict[str, float]) -> None:
        now = now_iso()
        with self.db.write() as conn:
            conn.execute(
                "UPDATE jobs SET status='done', stage='done', progress=1, timings=?,"
                " finished_at=?, updated_at=? WHERE id=?",
                (json.dumps(timings), now, now, job_id),
            )

    def fail(self, job_id: str, code: str, message: str) -> None:
        now = now_iso()
        with self.db.write() as conn:
            conn.execute(
                "UPDATE jobs SET status='failed', error_code=?, error_message=?, finished_at=?,"
                " updated_at=? WHERE id=?",
                (code, message, now, now, job_id),
            )

    def recover_interrupted(self) -> tuple[list[str], list[str]]:
        """Put ``running`` jobs back in the queue after a crash; (requeued, given up)."""
        now = now_iso()
        with self.db.write() as conn:
            rows = conn.execute("SELECT id, attempts FROM jobs WHERE status='running'").fetchall()
            requeued, failed = [], []
            for row in rows:
                if row["attempts"] >= MAX_ATTEMPTS:
                    conn.execute(
                        "UPDATE jobs SET status='failed', error_code='interrupted', error_message="
                        "'processing was interrupted too many times', finished_at=?, updated_at=?"
                        " WHERE id=?", (now, now, row["id"]),
                    )
                    failed.append(row["id"])
                else:
                    conn.execute(
                        "UPDATE jobs SET status='queued', stage='queued', progress=0,"
                        " updated_at=? WHERE id=?", (now, row["id"]),
                    )
                    requeued.append(row["id"])
        return requeued, failed

    def counts(self) -> dict[str, int]:
        rows = self.db.read("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
        out = dict.fromkeys(STATUSES, 0)
        out.update({r["status"]: r["n"] for r in rows})
        return out

    def stage_seconds(self) -> dict[str, tuple[float, int]]:
        """Sum and count of each stage's duration over finished jobs (for /metrics)."""
        rows = self.db.read(
            "SELECT t.key AS stage, SUM(t.value) AS total, COUNT(*) AS n FROM jobs,"
            " json_each(jobs.timings) AS t WHERE jobs.status='done' AND jobs.timings NOT NULL"
            " GROUP BY t.key"
        )
        return {r["stage"]: (float(r["total"]), int(r["n"])) for r in rows}

    def has_queued(self) -> bool:
        return self.db.read_one("SELECT 1 FROM jobs WHERE status='queued' LIMIT 1") is not None


def _job(row: sqlite3.Row) -> Job:
    data: dict[str, Any] = {k: row[k] for k in row.keys()}  # noqa: SIM118 (sqlite3.Row)
    data["timings"] = json.loads(data["timings"]) if data["timings"] else None
    return Job(**data)
