"""/v1/jobs/{id}: processing status, polled by clients (cheap: one indexed read)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from service.api.auth import allowed
from service.api.deps import StoreDep, require
from service.api.errors import NOT_FOUND_JOB
from service.api.schemas import ErrorBody, JobStatus
from service.errors import NotFoundError
from service.store.keys import ApiKey

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=JobStatus,
            responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody},
                       404: {"model": ErrorBody}})
async def get_job(
    job_id: str, key: Annotated[ApiKey, Depends(require("recordings:read"))], store: StoreDep
) -> JobStatus:
    """``status`` queued|running|done|failed, ``stage``, ``progress`` 0..1, ``error``.

    ``async`` with inline reads: clients poll this while jobs run, so it must not wait
    for a thread-pool slot or the GIL more than once.
    """
    job = store.jobs.get(job_id)
    if job is None or not (allowed(key, "recordings:read_all")
                           or store.recordings.can_access(job.recording_id, key.id)):
        raise NotFoundError(NOT_FOUND_JOB)
    return JobStatus.of(job)
