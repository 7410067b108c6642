"""Review-page sign-in sessions, held server-side so that signing out really ends one.

The browser holds only a random token in an HttpOnly cookie; the database holds its
SHA-256, the key id it stands for, a CSRF token and an expiry. The API key itself is
never stored in the browser and never written here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from service.store.db import Database, now_iso


@dataclass(frozen=True)
class ReviewSession:
    key_id: str
    csrf_token: str
    expires_at: str

    def csrf_ok(self, submitted: str | None) -> bool:
        return bool(submitted) and hmac.compare_digest(self.csrf_token, submitted or "")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ReviewSessions:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, key_id: str, lifetime_s: float) -> tuple[str, ReviewSession]:
        """A new session for ``key_id``: (cookie token, session)."""
        token = secrets.token_urlsafe(32)
        expires = (datetime.now(UTC) + timedelta(seconds=lifetime_s)).strftime(
            "%Y-%m-%dT%H:%M:%S.%fZ")
        session = ReviewSession(key_id, secrets.token_urlsafe(32), expires)
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO review_sessions (token_hash, key_id, csrf_token, created_at,"
                " expires_at) VALUES (?,?,?,?,?)",
                (_hash(token), key_id, session.csrf_token, now_iso(), expires))
        return token, session

    def get(self, token: str | None) -> ReviewSession | None:
        """The live session behind a cookie token, or None (unknown, expired, ended)."""
        if not token or len(token) > 200:
            return None
        row = self.db.read_one(
            "SELECT key_id, csrf_token, expires_at FROM review_sessions"
            " WHERE token_hash = ? AND ended_at IS NULL AND expires_at > ?",
            (_hash(token), now_iso()))
        return ReviewSession(row["key_id"], row["csrf_token"], row["expires_at"]) if row else None

    def end(self, token: str | None) -> None:
        if not token:
            return
        with self.db.write() as conn:
            conn.execute("UPDATE review_sessions SET ended_at = ? WHERE token_hash = ?",
                         (now_iso(), _hash(token)))
