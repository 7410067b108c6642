"""Response (and request) shapes of the REST API, separate from the storage rows.

Routes build these from store records explicitly, so a new column in SQLite never
leaks to clients by accident.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from service.store.audit import AuditEntry
from service.store.jobs import Job
from service.store.recordings import Recording, SummaryVersion

MAX_TEXT = 2000


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class UploadAccepted(BaseModel):
    recording_id: str = Field(description="First 16 hex digits of the original's SHA-256.")
    job_id: str
    duplicate: bool = Field(description="True when these exact bytes were already stored.")
    truncated: bool = Field(default=False, description="Accepted with accept_partial: the "
                            "file ends before its declared end; results say so too.")


class JobStatus(BaseModel):
    id: str
    recording_id: str
    status: Literal["queued", "running", "done", "failed"]
    stage: str
    progress: float = Field(ge=0.0, le=1.0)
    error: ErrorDetail | None
    created_at: str
    updated_at: str
    finished_at: str | None

    @classmethod
    def of(cls, job: Job) -> JobStatus:
        error = (ErrorDetail(code=job.error_code, message=job.error_message or "")
                 if job.error_code else None)
        return cls(id=job.id, recording_id=job.recording_id, status=job.status,  # type: ignore[arg-type]
                   stage=job.stage, progress=job.progress, error=error,
                   created_at=job.created_at, updated_at=job.updated_at,
                   finished_at=job.finished_at)


class RecordingMeta(BaseModel):
    id: str
    sha256: str
    filename: str
    content_type: str
    container: str | None
    size_bytes: int
    duration_s: float | None
    created_at: str

    @classmethod
    def of(cls, rec: Recording) -> RecordingMeta:
        return cls(id=rec.id, sha256=rec.sha256, filename=rec.filename,
                   content_type=rec.content_type, container=rec.container,
                   size_bytes=rec.size_bytes, duration_s=rec.duration_s,
                   created_at=rec.created_at)


class RecordingOut(BaseModel):
    recording: RecordingMeta
    job: JobStatus | None
    summary_versions: list[int]
    result: dict[str, Any] | None = Field(
        description="The recording's result.json (schema_version 1) once its job is done."
    )


class TranscriptSegment(BaseModel):
    id: int
    start: float
    end: float
    text: str


class TranscriptOut(BaseModel):
    recording_id: str
    redacted: bool
    segments: list[TranscriptSegment]
    redactions: list[dict[str, Any]] | None = None


class SummaryOut(BaseModel):
    recording_id: str
    version: int = Field(description="1 is the first AI draft; later versions are re-summaries.")
    versions: list[int]
    created_at: str
    instructions_sha256: str | None
    summary: dict[str, Any]

    @classmethod
    def of(cls, sv: SummaryVersion, versions: list[int]) -> SummaryOut:
        return cls(recording_id=sv.recording_id, version=sv.version, versions=versions,
                   created_at=sv.created_at, instructions_sha256=sv.instructions_sha256,
                   summary=sv.summary)


class SummaryRequest(BaseModel):
    instructions: str = Field(min_length=1, max_length=MAX_TEXT)


class QuestionRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_TEXT)


class AnswerOut(BaseModel):
    recording_id: str
    answer: dict[str, Any] = Field(description="The answer with its segment citations.")


class AuditEntryOut(BaseModel):
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

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(**entry.to_dict())


class AuditPage(BaseModel):
    entries: list[AuditEntryOut]
    next_after: int | None = Field(description="Pass as `after` for the next page.")


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, Any]
