"""SQLite in WAL mode: one file under DATA_DIR holds recordings, jobs, keys and the audit log.

WAL lets the API read job status while a worker writes progress; ``synchronous=FULL``
because an acknowledged upload (202) must survive a crash or power loss. Each thread
gets its own connection (sqlite3 connections are not shared across threads), and every
write runs in ``BEGIN IMMEDIATE`` so concurrent writers (server, CLI) queue instead of
failing half-way.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS recordings (
    id            TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    container     TEXT,
    size_bytes    INTEGER NOT NULL,
    duration_s    REAL,
    evidence_path TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS recording_access (
    recording_id TEXT NOT NULL REFERENCES recordings(id),
    key_id       TEXT NOT NULL,
    granted_at   TEXT NOT NULL,
    PRIMARY KEY (recording_id, key_id)
);
CREATE TABLE IF NOT EXISTS jobs (
    id            TEXT PRIMARY KEY,
    recording_id  TEXT NOT NULL REFERENCES recordings(id),
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    stage         TEXT NOT NULL DEFAULT 'queued',
    progress      REAL NOT NULL DEFAULT 0,
    instructions  TEXT,
    error_code    TEXT,
    error_message TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    timings       TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created_at);
CREATE INDEX IF NOT EXISTS jobs_by_recording ON jobs (recording_id, created_at);
CREATE TABLE IF NOT EXISTS summaries (
    recording_id        TEXT NOT NULL REFERENCES recordings(id),
    version             INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    instructions_sha256 TEXT,
    summary             TEXT NOT NULL,
    PRIMARY KEY (recording_id, version)
);
CREATE TABLE IF NOT EXISTS api_keys (
    id         TEXT PRIMARY KEY,
    key_hash   TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    scopes     TEXT NOT NULL DEFAULT '',
    label      TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    seq       INTEGER PRIMARY KEY,
    ts        TEXT NOT NULL,
    actor     TEXT,
    role      TEXT,
    action    TEXT NOT NULL,
    object_id TEXT,
    outcome   TEXT NOT NULL,
    client    TEXT,
    detail    TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS summaries_no_update BEFORE UPDATE ON summaries
BEGIN SELECT RAISE(ABORT, 'summary versions are append-only'); END;
CREATE TRIGGER IF NOT EXISTS summaries_no_delete BEFORE DELETE ON summaries
BEGIN SELECT RAISE(ABORT, 'summary versions are append-only'); END;
CREATE TABLE IF NOT EXISTS review_sessions (
    token_hash TEXT PRIMARY KEY,
    key_id     TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at   TEXT
);
CREATE TABLE IF NOT EXISTS heartbeat (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ts TEXT NOT NULL
);
"""

# Columns added after a table's first release (databases from before get them on open).
# summaries: a version's kind, the SHA-256 of its narrative and the author's signature
# (NULL on rows written before: read as the AI draft or a re-summary, hash computed).
ADDED_COLUMNS = (
    ("summaries", "kind", "TEXT"),
    ("summaries", "sha256", "TEXT"),
    ("summaries", "signed", "INTEGER NOT NULL DEFAULT 0"),
)


class Database:
    """A SQLite file with per-thread connections and explicit write transactions."""

    def __init__(self, path: Path, *, timeout_s: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.migrate()

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=self.timeout_s, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={int(self.timeout_s * 1000)}")
            self._local.conn = conn
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A ``BEGIN IMMEDIATE`` transaction: committed on success, rolled back on error."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def read(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        return self.connection().execute(sql, params).fetchall()

    def read_one(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Row | None:
        return self.connection().execute(sql, params).fetchone()

    def migrate(self) -> None:
        conn = self.connection()
        conn.executescript(SCHEMA)
        for table, column, decl in ADDED_COLUMNS:
            have = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def writable(self) -> bool:
        """Readiness probe: a real write transaction on the main database file."""
        try:
            with self.write() as conn:
                conn.execute(
                    "INSERT INTO heartbeat (id, ts) VALUES (1, datetime('now')) "
                    "ON CONFLICT (id) DO UPDATE SET ts = excluded.ts"
                )
        except sqlite3.Error:
            return False
        return True

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def now_iso() -> str:
    """UTC timestamp with microseconds; sorts lexically in time order."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
