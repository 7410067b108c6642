"""Summary versions: the first AI draft, re-summaries, the officer's recollection and edits.

One append-only sequence per recording in the ``summaries`` table (triggers forbid
UPDATE and DELETE, so version 1, the first AI draft, can never change). Each version
records its kind, author key id, time, the SHA-256 of its narrative and whether the
author signed it: the trail California SB 524 asks for. Rows written before these
columns existed read as ``ai_draft`` (version 1) or ``resummary``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

from service.store.db import Database, now_iso

Kind = Literal["ai_draft", "resummary", "recollection", "officer_edit"]
KINDS: tuple[str, ...] = ("ai_draft", "resummary", "recollection", "officer_edit")
KIND_LABELS = {"ai_draft": "first AI draft", "resummary": "AI re-summary",
               "recollection": "officer's recollection", "officer_edit": "officer edit"}
# Kinds that can be "the current summary"; a recollection is the officer's own account,
# written before reading the draft, not a version of the draft.
DRAFT_KINDS = ("ai_draft", "resummary", "officer_edit")


def narrative_sha256(narrative: str) -> str:
    return hashlib.sha256(narrative.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Version:
    recording_id: str
    version: int
    kind: str
    author: str
    created_at: str
    sha256: str
    signed: bool
    narrative: str
    summary: dict[str, Any]
    instructions_sha256: str | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def to_dict(self, *, with_summary: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": self.version, "kind": self.kind, "author": self.author,
            "created_at": self.created_at, "sha256": self.sha256, "signed": self.signed,
            "narrative": self.narrative, "instructions_sha256": self.instructions_sha256,
        }
        if with_summary:
            data["summary"] = self.summary
        return data


class SummaryVersions:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, recording_id: str, kind: Kind, summary: dict[str, Any], author: str, *,
            signed: bool = False, instructions_sha256: str | None = None) -> Version:
        """Append a version (numbered after the last one) and return it."""
        if kind not in KINDS:
            raise ValueError(f"unknown version kind {kind!r}")
        narrative = str(summary.get("narrative", ""))
        digest = narrative_sha256(narrative)
        with self.db.write() as conn:
            version = _next_version(conn, recording_id)
            created = now_iso()
            conn.execute(
                "INSERT INTO summaries (recording_id, version, created_at, created_by,"
                " instructions_sha256, summary, kind, sha256, signed)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (recording_id, version, created, author, instructions_sha256,
                 json.dumps(summary, ensure_ascii=False), kind, digest, int(signed)),
            )
        return Version(recording_id, version, kind, author, created, digest, signed, narrative,
                       summary, instructions_sha256)

    def list(self, recording_id: str) -> list[Version]:
        rows = self.db.read("SELECT * FROM summaries WHERE recording_id = ? ORDER BY version",
                            (recording_id,))
        return [_version(r) for r in rows]

    def get(self, recording_id: str, version: int) -> Version | None:
        row = self.db.read_one(
            "SELECT * FROM summaries WHERE recording_id = ? AND version = ?",
            (recording_id, version))
        return _version(row) if row else None

    def latest(self, recording_id: str, kinds: tuple[str, ...] = DRAFT_KINDS, *,
               author: str | None = None, signed: bool | None = None) -> Version | None:
        """The newest version of one of ``kinds`` (optionally by one author, or signed)."""
        found = [v for v in self.list(recording_id) if v.kind in kinds
                 and (author is None or v.author == author)
                 and (signed is None or v.signed == signed)]
        return found[-1] if found else None


def _next_version(conn: sqlite3.Connection, recording_id: str) -> int:
    row = conn.execute(
        "SELECT COALESCE(MAX(version), 0) AS v FROM summaries WHERE recording_id = ?",
        (recording_id,)).fetchone()
    return int(row["v"]) + 1


def legacy_kind(version: int) -> str:
    return "ai_draft" if version == 1 else "resummary"


def _version(row: sqlite3.Row) -> Version:
    summary = json.loads(row["summary"])
    narrative = str(summary.get("narrative", ""))
    keys = row.keys()
    kind = (row["kind"] if "kind" in keys else None) or legacy_kind(int(row["version"]))
    digest = (row["sha256"] if "sha256" in keys else None) or narrative_sha256(narrative)
    signed = bool(row["signed"]) if "signed" in keys and row["signed"] is not None else False
    return Version(row["recording_id"], int(row["version"]), kind, row["created_by"],
                   row["created_at"], digest, signed, narrative, summary,
                   row["instructions_sha256"])
