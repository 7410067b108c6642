"""Recordings (one per original), who may see them, and their summary versions.

A recording is visible to every key that uploaded its bytes (a duplicate upload by
another officer grants that officer access, since they hold the file anyway).
Summary version 1 is the pipeline's first AI draft; re-summaries append versions and
never replace it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from service.store.db import Database, now_iso


@dataclass(frozen=True)
class Recording:
    id: str
    sha256: str
    filename: str
    content_type: str
    container: str | None
    size_bytes: int
    duration_s: float | None
    evidence_path: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class SummaryVersion:
    recording_id: str
    version: int
    created_at: str
    created_by: str
    instructions_sha256: str | None
    summary: dict[str, Any]


class Recordings:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, recording_id: str) -> Recording | None:
        row = self.db.read_one("SELECT * FROM recordings WHERE id = ?", (recording_id,))
        return _recording(row) if row else None

    def by_sha256(self, conn: sqlite3.Connection, sha256: str) -> Recording | None:
        row = conn.execute("SELECT * FROM recordings WHERE sha256 = ?", (sha256,)).fetchone()
        return _recording(row) if row else None

    def insert(self, conn: sqlite3.Connection, rec: Recording) -> None:
        conn.execute(
            "INSERT INTO recordings (id, sha256, filename, content_type, container, size_bytes,"
            " duration_s, evidence_path, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (rec.id, rec.sha256, rec.filename, rec.content_type, rec.container, rec.size_bytes,
             rec.duration_s, rec.evidence_path, rec.created_at, rec.created_by),
        )

    def grant(self, conn: sqlite3.Connection, recording_id: str, key_id: str) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO recording_access (recording_id, key_id, granted_at)"
            " VALUES (?,?,?)", (recording_id, key_id, now_iso()),
        )

    def can_access(self, recording_id: str, key_id: str) -> bool:
        return self.db.read_one(
            "SELECT 1 FROM recording_access WHERE recording_id = ? AND key_id = ?",
            (recording_id, key_id),
        ) is not None

    def add_summary(
        self, recording_id: str, summary: dict[str, Any], created_by: str,
        instructions_sha256: str | None = None, *, only_if_first: bool = False,
    ) -> int:
        """Append a summary version and return its number."""
        with self.db.write() as conn:
            row = conn.execute(
                "SELECT COALESCE(MAX(version), 0) AS v FROM summaries WHERE recording_id = ?",
                (recording_id,),
            ).fetchone()
            if only_if_first and row["v"]:
                return 1
            version = row["v"] + 1
            conn.execute(
                "INSERT INTO summaries (recording_id, version, created_at, created_by,"
                " instructions_sha256, summary) VALUES (?,?,?,?,?,?)",
                (recording_id, version, now_iso(), created_by, instructions_sha256,
                 json.dumps(summary, ensure_ascii=False)),
            )
        return version

    def summary(self, recording_id: str, version: int | None = None) -> SummaryVersion | None:
        if version is None:
            # The current summary: the newest draft or edit, never an officer's recollection.
            row = self.db.read_one(
                "SELECT * FROM summaries WHERE recording_id = ?"
                " AND COALESCE(kind, '') != 'recollection' ORDER BY version DESC LIMIT 1",
                (recording_id,),
            )
        else:
            row = self.db.read_one(
                "SELECT * FROM summaries WHERE recording_id = ? AND version = ?",
                (recording_id, version),
            )
        if row is None:
            return None
        return SummaryVersion(row["recording_id"], row["version"], row["created_at"],
                              row["created_by"], row["instructions_sha256"],
                              json.loads(row["summary"]))

    def summary_versions(self, recording_id: str) -> list[int]:
        rows = self.db.read(
            "SELECT version FROM summaries WHERE recording_id = ? ORDER BY version",
            (recording_id,),
        )
        return [r["version"] for r in rows]

    def review_list(self, key_id: str | None, limit: int = 500) -> list[Recording]:
        """Newest first: the recordings ``key_id`` may see (every one when None)."""
        if key_id is None:
            rows = self.db.read("SELECT * FROM recordings ORDER BY created_at DESC LIMIT ?",
                                (limit,))
        else:
            rows = self.db.read(
                "SELECT r.* FROM recordings r JOIN recording_access a ON a.recording_id = r.id"
                " WHERE a.key_id = ? ORDER BY r.created_at DESC LIMIT ?", (key_id, limit))
        return [_recording(r) for r in rows]

    def processed_audio_seconds(self) -> float:
        row = self.db.read_one(
            "SELECT COALESCE(SUM(r.duration_s), 0) AS s FROM recordings r WHERE EXISTS"
            " (SELECT 1 FROM jobs j WHERE j.recording_id = r.id AND j.status = 'done')"
        )
        return float(row["s"]) if row else 0.0


def _recording(row: sqlite3.Row) -> Recording:
    return Recording(**{k: row[k] for k in row.keys()})  # noqa: SIM118 (sqlite3.Row)
