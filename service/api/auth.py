"""Roles and scopes: what each kind of key may do.

Officers upload and read their own recordings; reviewers read everything, re-summarize
and ask questions; auditors read the audit log; admins do all of that. The original
audio and the raw transcript additionally need the ``evidence:raw`` scope, whatever
the role, so even an admin key sees only redacted material unless it was issued with
that scope.
"""

from __future__ import annotations

from service.store.keys import ApiKey

RAW_SCOPE = "evidence:raw"

PERMISSIONS: dict[str, frozenset[str]] = {
    "recordings:create": frozenset({"officer", "admin"}),
    "recordings:read": frozenset({"officer", "reviewer", "admin"}),
    "recordings:read_all": frozenset({"reviewer", "admin"}),
    "summaries:create": frozenset({"reviewer", "admin"}),
    # The officer's own narrative (edit, recollection, signature): never a reviewer's.
    "summaries:edit": frozenset({"officer", "admin"}),
    "questions:create": frozenset({"reviewer", "admin"}),
    "audit:read": frozenset({"auditor", "admin"}),
}

DESCRIPTIONS: dict[str, str] = {
    "recordings:create": "upload recordings",
    "recordings:read": "read recordings",
    "summaries:create": "request summaries",
    "summaries:edit": "edit or sign the narrative",
    "questions:create": "ask questions",
    "audit:read": "read the audit log",
}


def allowed(key: ApiKey, permission: str) -> bool:
    return key.role in PERMISSIONS[permission]


def has_scope(key: ApiKey, scope: str) -> bool:
    return scope in key.scopes
