"""Annotated dependencies: settings, store, worker pool, the caller's key and permissions.

``get_settings`` is the only source of configuration, so tests swap it with
``app.dependency_overrides[get_settings]`` (the lifespan opens the store and the worker
pool from the same, possibly overridden, settings).

The per-request dependencies are ``async`` on purpose: they do at most one indexed
SQLite read, and each sync dependency would cost a thread-pool hop. While the worker
threads transcribe, every hop waits for the GIL, so hops, not queries, set the latency
of ``GET /v1/jobs``. Anything that writes (audit entries, with an fsync) goes to the
thread pool.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from service.api.auth import DESCRIPTIONS, allowed
from service.api.errors import (
    NOT_FOUND_RECORDING,
    Forbidden,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
)
from service.api.ratelimit import AuthFailureLimiter
from service.api.worker import WorkerPool
from service.config import Settings, get_settings
from service.errors import NotFoundError
from service.store import Store
from service.store.keys import ApiKey
from service.store.recordings import Recording

SettingsDep = Annotated[Settings, Depends(get_settings)]

_bearer = HTTPBearer(auto_error=False, description="An API key from `bodycam keys create`.")


async def get_store(request: Request) -> Store:
    """The store the lifespan opened (from the overridable settings)."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise ServiceUnavailable("the service is starting")
    return store


StoreDep = Annotated[Store, Depends(get_store)]


async def get_pool(request: Request) -> WorkerPool:
    pool: WorkerPool | None = getattr(request.app.state, "pool", None)
    if pool is None:
        raise ServiceUnavailable("the service is starting")
    return pool


PoolDep = Annotated[WorkerPool, Depends(get_pool)]


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


_RECORDING_ID = re.compile(r"[0-9a-f]{16}")


def audit_object_id(store: Store, raw: str | None) -> str | None:
    """A path id as the audit log may hold it: a well-formed recording id, else a keyed hash.

    Whatever a client puts in the path (a name, a phone number) never reaches the
    undeletable log as text.
    """
    if raw is None or _RECORDING_ID.fullmatch(raw):
        return raw
    return store.audit.opaque(raw)


def audit_event(
    request: Request, action: str, outcome: str, object_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Append to the audit trail as the calling key, from this client address."""
    key: ApiKey | None = getattr(request.state, "principal", None)
    store: Store | None = getattr(request.state, "store", None)
    if store is None:
        return
    if object_id is None:
        object_id = audit_object_id(store, getattr(request.state, "audit_object", None))
    store.audit.append(action, outcome, object_id=object_id,
                       actor=key.id if key else None, role=key.role if key else None,
                       client=client_address(request), detail=detail)


async def get_principal(
    request: Request,
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiKey:
    """The key behind ``Authorization: Bearer``; 401 when missing or unknown, 429 once a
    client has failed too often. Failures are audited within the limiter's budget."""
    request.state.store = store
    key = store.keys.authenticate(credentials.credentials) if credentials else None
    if key is None:
        limiter: AuthFailureLimiter | None = getattr(request.app.state, "auth_limiter", None)
        reason = "missing_key" if credentials is None else "bad_key"
        verdict = limiter.failure(client_address(request)) if limiter else None
        blocked = verdict is not None and verdict.blocked
        if verdict is None or verdict.audit:
            if verdict is not None and verdict.suppressed:
                reason += f";suppressed={verdict.suppressed}"
            await run_in_threadpool(audit_event, request, "auth",
                                    "rate_limited" if blocked else "denied", detail=reason)
        if verdict is not None and blocked:
            raise TooManyRequests("too many failed authentications; retry later",
                                  retry_after_s=verdict.retry_after_s)
        raise Unauthorized("a valid API key is required (Authorization: Bearer <key>)")
    request.state.principal = key
    return key


PrincipalDep = Annotated[ApiKey, Depends(get_principal)]


def require(permission: str) -> Callable[..., Awaitable[ApiKey]]:
    """Dependency: the caller's role must hold ``permission`` (403 otherwise)."""

    async def check(key: PrincipalDep) -> ApiKey:
        if not allowed(key, permission):
            raise Forbidden(f"the {key.role} role may not "
                            f"{DESCRIPTIONS.get(permission, permission)}")
        return key

    return check


def audited(action: str) -> Callable[[Request], Awaitable[None]]:
    """Dependency: name the audit action so refusals and misses on this route are logged."""

    async def mark(request: Request) -> None:
        request.state.audit_action = action
        request.state.audit_object = request.path_params.get("recording_id")

    return mark


def visible_recording(store: Store, key: ApiKey, recording_id: str) -> Recording:
    """The recording if this key may see it; the same 404 whether missing or not theirs."""
    rec = store.recordings.get(recording_id) if len(recording_id) == 16 else None
    if rec is None:
        raise NotFoundError(NOT_FOUND_RECORDING)
    if not allowed(key, "recordings:read_all") and not store.recordings.can_access(rec.id, key.id):
        raise NotFoundError(NOT_FOUND_RECORDING)
    return rec
