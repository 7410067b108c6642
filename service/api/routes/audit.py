"""/v1/audit: the hash-chained audit trail, paged by sequence number (auditor role)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from service.api.deps import StoreDep, audit_event, audited, require
from service.api.schemas import AuditEntryOut, AuditPage, ErrorBody
from service.store.keys import ApiKey

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("", response_model=AuditPage,
            responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody},
                       422: {"model": ErrorBody}},
            dependencies=[Depends(audited("audit.read"))])
def list_audit(
    request: Request,
    key: Annotated[ApiKey, Depends(require("audit:read"))],
    store: StoreDep,
    after: Annotated[int, Query(ge=0, le=2**62, description="Return entries after this seq.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    action: Annotated[str | None, Query(max_length=64)] = None,
) -> AuditPage:
    """Entries in chain order. Each holds ids, outcomes and categories, never request text."""
    entries = store.audit.entries(after=after, limit=limit, action=action)
    audit_event(request, "audit.read", "ok", detail=f"after={after}")
    return AuditPage(entries=[AuditEntryOut.of(e) for e in entries],
                     next_after=entries[-1].seq if len(entries) == limit else None)
