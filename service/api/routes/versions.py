"""/v1/recordings/{id}/summary/versions: every version of the narrative, and officer edits.

Listing shows the first AI draft, re-summaries, the officer's recollection and edits,
each with author key id, time, the narrative's SHA-256 and the signed flag. Posting an
edit runs the same path as the review page (refusal gate, redactor, append-only store).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from service.api import results
from service.api.deps import StoreDep, audit_event, audited, require, visible_recording
from service.api.review import edits
from service.api.review.engines import PolicyDep, RedactorDep, require_redactor
from service.api.schemas import ErrorBody
from service.store.keys import ApiKey
from service.store.versions import Version

router = APIRouter(prefix="/v1/recordings", tags=["summary versions"])

_E = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody},
      409: {"model": ErrorBody}, 422: {"model": ErrorBody}}


class VersionOut(BaseModel):
    version: int = Field(description="1 is the first AI draft, never changed.")
    kind: Literal["ai_draft", "resummary", "recollection", "officer_edit"]
    author: str = Field(description="Key id of the author (the worker for AI drafts).")
    created_at: str
    sha256: str = Field(description="SHA-256 of the narrative text (UTF-8).")
    signed: bool
    narrative: str
    instructions_sha256: str | None = None

    @classmethod
    def of(cls, v: Version) -> VersionOut:
        return cls(version=v.version, kind=v.kind, author=v.author,  # type: ignore[arg-type]
                   created_at=v.created_at, sha256=v.sha256, signed=v.signed,
                   narrative=v.narrative, instructions_sha256=v.instructions_sha256)


class VersionsOut(BaseModel):
    recording_id: str
    versions: list[VersionOut]


class VersionRequest(BaseModel):
    narrative: str = Field(min_length=1, max_length=edits.MAX_CHARS)
    sign: bool = False
    kind: Literal["officer_edit", "recollection"] = "officer_edit"


@router.get("/{recording_id}/summary/versions", response_model=VersionsOut, responses=_E,
            dependencies=[Depends(audited("summary.versions.read"))])
def list_versions(recording_id: str, request: Request,
                  key: Annotated[ApiKey, Depends(require("recordings:read"))],
                  store: StoreDep) -> VersionsOut:
    """Every version, oldest first."""
    rec = visible_recording(store, key, recording_id)
    versions = store.versions.list(rec.id)
    audit_event(request, "summary.versions.read", "ok", rec.id, detail=f"{len(versions)}")
    return VersionsOut(recording_id=rec.id, versions=[VersionOut.of(v) for v in versions])


@router.post("/{recording_id}/summary/versions", status_code=201, response_model=VersionOut,
             responses={**_E, 503: {"model": ErrorBody}},
             dependencies=[Depends(audited("summary.versions.create"))])
def create_version(recording_id: str, body: VersionRequest, request: Request,
                   key: Annotated[ApiKey, Depends(require("summaries:edit"))],
                   store: StoreDep, policy: PolicyDep, redactor: RedactorDep) -> VersionOut:
    """The officer's edited narrative (or recollection): gated, redacted, appended."""
    rec = visible_recording(store, key, recording_id)
    result = results.load_result(store, rec)
    version = edits.save(store, rec, key, edits.OfficerText(body.narrative, body.kind, body.sign),
                         result=result, policy=policy, redactor=require_redactor(redactor))
    audit_event(request, "summary.versions.create", "ok", rec.id,
                detail=f"v{version.version} {version.kind}{' signed' if version.signed else ''}")
    return VersionOut.of(version)
