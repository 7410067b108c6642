"""API keys: shown once at creation, stored only as SHA-256, each with a separate public id.

The key is 256 random bits, so a plain SHA-256 (not a slow password hash) is the right
tool: it cannot be brute-forced, and lookup by hash is one indexed query. The key id
(``key_…``) is what the audit log and ownership records name; it is not a secret.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from service.errors import BadRequestError
from service.store.db import Database, now_iso

ROLES = ("officer", "reviewer", "auditor", "admin")
SCOPES = ("evidence:raw",)
KEY_PREFIX = "bck_"


@dataclass(frozen=True)
class ApiKey:
    id: str
    role: str
    scopes: frozenset[str]
    label: str | None
    created_at: str
    revoked_at: str | None = None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class Keys:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self, role: str, scopes: tuple[str, ...] | list[str] = (), label: str | None = None
    ) -> tuple[ApiKey, str]:
        """Create a key; return (record, plaintext key). The plaintext is not kept."""
        if role not in ROLES:
            raise BadRequestError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown:
            raise BadRequestError(f"unknown scope {unknown[0]!r}; known: {', '.join(SCOPES)}")
        plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
        record = ApiKey("key_" + secrets.token_hex(6), role, frozenset(scopes), label, now_iso())
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO api_keys (id, key_hash, role, scopes, label, created_at)"
                " VALUES (?,?,?,?,?,?)",
                (record.id, hash_key(plaintext), role, " ".join(sorted(record.scopes)), label,
                 record.created_at),
            )
        return record, plaintext

    def authenticate(self, plaintext: str) -> ApiKey | None:
        row = self.db.read_one(
            "SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
            (hash_key(plaintext),),
        )
        return _key(row) if row else None

    def get(self, key_id: str) -> ApiKey | None:
        """A key by its public id, unless revoked (review sessions re-check on every page)."""
        row = self.db.read_one("SELECT * FROM api_keys WHERE id = ? AND revoked_at IS NULL",
                               (key_id,))
        return _key(row) if row else None

    def list(self) -> list[ApiKey]:
        return [_key(r) for r in self.db.read("SELECT * FROM api_keys ORDER BY created_at")]

    def revoke(self, key_id: str) -> bool:
        with self.db.write() as conn:
            cur = conn.execute(
                "UPDATE api_keys SET revoked_at=? WHERE id=? AND revoked_at IS NULL",
                (now_iso(), key_id),
            )
        return cur.rowcount > 0


def _key(row: object) -> ApiKey:
    return ApiKey(row["id"], row["role"], frozenset(row["scopes"].split()),  # type: ignore[index]
                  row["label"], row["created_at"], row["revoked_at"])  # type: ignore[index]
