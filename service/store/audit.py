"""Append-only, hash-chained audit trail: who touched which evidence, when, and with what outcome.

Each entry's ``hash`` is SHA-256 over its own fields and the previous entry's hash, so
editing or deleting any entry breaks the chain from that point on. Deleting the newest
entries leaves a valid but shorter chain, so the head (last seq and hash) is also
written to ``DATA_DIR/audit.head`` outside the database; ``verify`` checks both. Whoever
can write DATA_DIR can still rewrite all three, so each head is also appended to an
``Anchor`` outside it when one is configured (see ``anchor.py``, docs/threat-model.md).
SQLite triggers refuse UPDATE and DELETE on the table for honest code paths.

Entries never carry request text or personal data: ``detail`` holds a refusal category
or an error code, nothing a user typed; an object id that is not a validated id is
stored as ``opaque()``, a keyed hash whose key lives only in this process.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from service.store.anchor import Anchor
from service.store.db import Database, now_iso

log = logging.getLogger("bodycam.store.audit")

GENESIS = "0" * 64
_FIELDS = ("seq", "ts", "actor", "role", "action", "object_id", "outcome", "client", "detail")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    actor: str | None
    role: str | None
    action: str
    object_id: str | None
    outcome: str
    client: str | None
    detail: str | None
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """Canonical JSON of the entry's fields plus the previous hash."""
    payload = json.dumps(
        {**{k: fields.get(k) for k in _FIELDS}, "prev_hash": prev_hash},
        sort_keys=True, separators=(",", ":"), ensure_ascii=True,
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


class AuditLog:
    def __init__(self, db: Database, head_path: Path, anchor: Anchor | None = None) -> None:
        self.db = db
        self.head_path = head_path
        self.anchor: Anchor | None = None
        self._opaque_key = secrets.token_bytes(32)
        if anchor is not None:
            self.attach_anchor(anchor)

    def attach_anchor(self, anchor: Anchor | None) -> None:
        """Start anchoring; a new anchor first records the chain's current head."""
        self.anchor = anchor
        if anchor is not None and not anchor.exists():
            self._anchor_current_head()

    def opaque(self, text: str) -> str:
        """A stand-in for untrusted text (a bad path id): repeat probes correlate, the text
        cannot be recovered, not even by brute force once this process has ended."""
        mac = hmac.new(self._opaque_key, text.encode("utf-8", "replace"), hashlib.sha256)
        return "h:" + mac.hexdigest()[:16]

    def append(
        self,
        action: str,
        outcome: str,
        *,
        object_id: str | None = None,
        actor: str | None = None,
        role: str | None = None,
        client: str | None = None,
        detail: str | None = None,
    ) -> AuditEntry:
        with self.db.write() as conn:
            last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (last["seq"] + 1, last["hash"]) if last else (1, GENESIS)
            fields = {"seq": seq, "ts": now_iso(), "actor": actor, "role": role,
                      "action": action, "object_id": object_id, "outcome": outcome,
                      "client": client, "detail": detail}
            digest = entry_hash(fields, prev)
            conn.execute(
                "INSERT INTO audit (seq, ts, actor, role, action, object_id, outcome, client,"
                " detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (*[fields[k] for k in _FIELDS], prev, digest),
            )
            # Written while holding the write lock, so heads never go backwards.
            self._write_head(seq, digest)
        self._write_anchor(seq, digest, fields["ts"])
        return AuditEntry(**fields, prev_hash=prev, hash=digest)

    def _write_anchor(self, seq: int, digest: str, ts: str) -> None:
        """After the commit, so a rolled-back entry is never anchored."""
        if self.anchor is None:
            return
        try:
            self.anchor.append(seq, digest, ts)
        except OSError as exc:
            # The entry stands; verify will report it as not anchored.
            log.error("could not append to the audit anchor (%s)", type(exc).__name__)

    def _anchor_current_head(self) -> None:
        """First use of an anchor on an existing chain: anchor what is there now."""
        row = self.db.read_one("SELECT seq, hash, ts FROM audit ORDER BY seq DESC LIMIT 1")
        if row is not None:
            self._write_anchor(row["seq"], row["hash"], row["ts"])

    def _write_head(self, seq: int, digest: str) -> None:
        tmp = self.head_path.with_name(f".{self.head_path.name}.tmp")
        tmp.write_text(json.dumps({"seq": seq, "hash": digest}) + "\n", encoding="ascii")
        os.replace(tmp, self.head_path)

    def read_head(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.head_path.read_text(encoding="ascii"))
        except (OSError, ValueError):
            return None

    def entries(
        self, *, after: int = 0, limit: int = 100, action: str | None = None
    ) -> list[AuditEntry]:
        sql = "SELECT * FROM audit WHERE seq > ?"
        params: list[object] = [after]
        if action:
            sql += " AND action = ?"
            params.append(action)
        sql += " ORDER BY seq LIMIT ?"
        params.append(limit)
        return [_entry(row) for row in self.db.read(sql, tuple(params))]

    def iter_all(self, batch: int = 1000) -> list[AuditEntry]:
        out: list[AuditEntry] = []
        after = 0
        while chunk := self.entries(after=after, limit=batch):
            out.extend(chunk)
            after = chunk[-1].seq
        return out

    def verify(self) -> VerifyReport:
        """Recompute the chain; report the first entry that was edited, removed or added."""
        # Under the write lock: the head file and the rows are read as one consistent state.
        with self.db.write() as conn:
            rows = conn.execute("SELECT * FROM audit ORDER BY seq").fetchall()
            head = self.read_head()
        return verify_rows(rows, head)


def verify_rows(rows: list[sqlite3.Row], head: dict[str, Any] | None) -> VerifyReport:
    """The chain alone: each entry links to and hashes over the one before; the head matches."""
    prev, count = GENESIS, 0
    for row in rows:
        entry = _entry(row)
        if entry.seq != count + 1:
            return VerifyReport(False, count, prev, count + 1, f"entry {count + 1} is missing")
        if entry.prev_hash != prev:
            return VerifyReport(False, count, prev, entry.seq,
                                f"entry {entry.seq} does not follow entry {entry.seq - 1}")
        if entry_hash(asdict(entry), prev) != entry.hash:
            return VerifyReport(False, count, prev, entry.seq, f"entry {entry.seq} was modified")
        prev, count = entry.hash, count + 1
    if head is None:
        if count:
            return VerifyReport(False, count, prev, None, "the head file is missing")
        return VerifyReport(True, 0, prev)
    try:
        head_seq = int(head.get("seq", 0))
    except (TypeError, ValueError):
        return VerifyReport(False, count, prev, None, "the head file is unreadable")
    if head_seq > count:
        return VerifyReport(False, count, prev, count + 1,
                            f"entries {count + 1}..{head_seq} were deleted")
    if head_seq < count:
        return VerifyReport(False, count, prev, head_seq + 1,
                            f"entries after {head_seq} were added outside the service")
    if head.get("hash") != prev:
        return VerifyReport(False, count, prev, count, "the newest entry does not match the head")
    return VerifyReport(True, count, prev)


def _entry(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(**{k: row[k] for k in row.keys()})  # noqa: SIM118 (sqlite3.Row)


def audit_log_for(data_dir: Path, anchor_dir: Path | None = None) -> AuditLog:
    """The audit log of a data dir (one shared Database per path in this process)."""
    from service.store import open_store

    return open_store(data_dir, anchor_dir=anchor_dir).audit


def record_audit(
    action: str,
    outcome: str,
    object_id: str | None = None,
    actor: str | None = None,
    *,
    role: str | None = None,
    client: str | None = None,
    detail: str | None = None,
    data_dir: Path | None = None,
) -> AuditEntry:
    """Append one audit entry; usable from the API, the worker and the CLI.

    ``detail`` must be a category or error code, never request text. ``data_dir``
    defaults to the configured ``DATA_DIR``.
    """
    anchor_dir = None
    if data_dir is None:
        from service.config import get_settings

        settings = get_settings()
        data_dir, anchor_dir = settings.data_dir, settings.audit_anchor_dir
    return audit_log_for(Path(data_dir), anchor_dir).append(
        action, outcome, object_id=object_id, actor=actor, role=role, client=client,
        detail=detail,
    )
