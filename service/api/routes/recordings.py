"""/v1/recordings: upload, metadata, transcript, summary versions, questions, audio."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from typing import Annotated, Any, BinaryIO, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from service.api import policy_gate, results
from service.api.auth import RAW_SCOPE, has_scope
from service.api.deps import (
    PoolDep,
    SettingsDep,
    StoreDep,
    audit_event,
    audited,
    require,
    visible_recording,
)
from service.api.errors import Forbidden, NotReady, ServiceUnavailable
from service.api.schemas import (
    AnswerOut,
    ErrorBody,
    JobStatus,
    QuestionRequest,
    RecordingMeta,
    RecordingOut,
    SummaryOut,
    SummaryRequest,
    TranscriptOut,
    TranscriptSegment,
    UploadAccepted,
)
from service.api.upload import FILE_FIELD, receive_upload
from service.errors import BadRequestError, NotFoundError, TooLargeError
from service.outputs import summary_markdown
from service.store.ingest import ingest
from service.store.keys import ApiKey

router = APIRouter(prefix="/v1/recordings", tags=["recordings"])

_E = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody},
      409: {"model": ErrorBody}, 422: {"model": ErrorBody}}
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "required": [FILE_FIELD],
            "properties": {
                FILE_FIELD: {"type": "string", "format": "binary",
                             "description": "The original audio or video file."},
                "instructions": {"type": "string", "maxLength": 2000,
                                 "description": "What the summary should focus on "
                                                "(policy-checked)."},
                "accept_partial": {"type": "boolean", "default": False,
                                   "description": "Process a cut-off file (marked "
                                                  "truncated) instead of a 422."},
            },
        }}},
    }
}

STREAM_CHUNK = 1 << 16
Reader = Annotated[ApiKey, Depends(require("recordings:read"))]


@router.post(
    "", status_code=202, response_model=UploadAccepted,
    dependencies=[Depends(audited("recording.upload"))],
    openapi_extra=_UPLOAD_BODY,
    responses={**_E, 413: {"model": ErrorBody}, 415: {"model": ErrorBody}},
)
async def upload_recording(
    request: Request,
    key: Annotated[ApiKey, Depends(require("recordings:create"))],
    settings: SettingsDep,
    store: StoreDep,
    pool: PoolDep,
) -> Any:
    """Store the original once (content-addressed, read-only) and queue its processing."""
    limit = settings.max_upload_mb * 1024 * 1024
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise TooLargeError(f"the upload is over the {settings.max_upload_mb} MB limit")
    parsed = await receive_upload(request.stream(), request.headers.get("content-type"),
                                  lambda: store.evidence.begin(limit))
    if parsed.incoming is None:
        raise BadRequestError("file: a multipart 'file' part is required")
    try:
        instructions = parsed.fields.get("instructions", "").strip() or None
        if instructions and len(instructions) > 2000:
            raise BadRequestError("instructions: at most 2000 characters")
        accept_partial = _flag(parsed.fields.pop("accept_partial", None), "accept_partial")
        await policy_gate.check_async(parsed.fields)
        outcome = await run_in_threadpool(
            ingest, store, parsed.incoming, filename=parsed.filename, owner=key.id,
            instructions=instructions, max_duration_s=settings.max_duration_s,
            accept_partial=accept_partial,
        )
    finally:
        parsed.incoming.abort()  # no-op after ingest committed it
    pool.notify()
    # The SHA-256 goes into the chain too: the original's hash is then anchored with it.
    await run_in_threadpool(audit_event, request, "recording.upload",
                            "duplicate" if outcome.duplicate else "ok", outcome.recording_id,
                            f"sha256:{outcome.sha256}")
    return UploadAccepted(recording_id=outcome.recording_id, job_id=outcome.job_id,
                          duplicate=outcome.duplicate, truncated=outcome.truncated)


def _flag(value: str | None, name: str) -> bool:
    """A boolean form field: true/false, 1/0, yes/no (absent is false)."""
    if value is None:
        return False
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off", ""):
        return False
    raise BadRequestError(f"{name}: expected true or false")


@router.get("/{recording_id}", response_model=RecordingOut, responses=_E,
            dependencies=[Depends(audited("recording.read"))])
def get_recording(recording_id: str, request: Request, key: Reader,
                  store: StoreDep) -> RecordingOut:
    """Metadata, the latest job, and result.json once processed."""
    rec = visible_recording(store, key, recording_id)
    job = store.jobs.latest_for(rec.id)
    result = None
    if job is not None and job.status == "done":
        result = results.load_result(store, rec)
    audit_event(request, "recording.read", "ok", rec.id)
    return RecordingOut(recording=RecordingMeta.of(rec),
                        job=JobStatus.of(job) if job else None,
                        summary_versions=store.recordings.summary_versions(rec.id),
                        result=result)


@router.get("/{recording_id}/transcript", response_model=TranscriptOut,
            responses={**_E, 200: {"content": {"text/plain": {}, "text/vtt": {}}}},
            dependencies=[Depends(audited("transcript.read"))])
def get_transcript(
    recording_id: str, request: Request, key: Reader, store: StoreDep,
    format: Annotated[Literal["json", "txt", "vtt"], Query()] = "json",
    redacted: Annotated[bool, Query(description=f"false needs the {RAW_SCOPE} scope")] = True,
) -> Any:
    """The redacted transcript (json, txt or vtt); the raw one only with evidence:raw."""
    if not redacted:
        return _raw_transcript(recording_id, request, key, store, format)
    rec = visible_recording(store, key, recording_id)
    result = results.load_result(store, rec)
    audit_event(request, "transcript.read", "ok", rec.id, detail=format)
    if format == "txt":
        return PlainTextResponse(results.output_file(store, rec, "transcript.txt").read_text(
            encoding="utf-8"))
    if format == "vtt":
        return PlainTextResponse(results.output_file(store, rec, "transcript.vtt").read_text(
            encoding="utf-8"), media_type="text/vtt")
    return TranscriptOut(
        recording_id=rec.id, redacted=True,
        segments=[TranscriptSegment(**s) for s in result["redacted_transcript"]["segments"]],
        redactions=result.get("redactions", []),
    )


def _raw_transcript(recording_id: str, request: Request, key: ApiKey, store: StoreDep,
                    format: str) -> TranscriptOut:
    request.state.audit_action = "transcript.raw.read"
    if not has_scope(key, RAW_SCOPE):
        raise Forbidden(f"the raw transcript needs the {RAW_SCOPE} scope")
    rec = visible_recording(store, key, recording_id)
    results.load_result(store, rec)
    if format != "json":
        raise BadRequestError("the raw transcript is available as json only")
    path = store.evidence.raw_transcript_path(rec.id)
    if not path.is_file():
        raise NotReady("no raw transcript was kept for this recording")
    raw = json.loads(path.read_text(encoding="utf-8"))
    audit_event(request, "transcript.raw.read", "ok", rec.id)
    return TranscriptOut(
        recording_id=rec.id, redacted=False,
        segments=[TranscriptSegment(id=s["id"], start=s["start"], end=s["end"], text=s["text"])
                  for s in raw.get("segments", [])],
    )


@router.get("/{recording_id}/summary", response_model=SummaryOut,
            responses={**_E, 200: {"content": {"text/markdown": {}}}},
            dependencies=[Depends(audited("summary.read"))])
def get_summary(
    recording_id: str, request: Request, key: Reader, store: StoreDep,
    version: Annotated[int | None, Query(ge=1, le=1_000_000,
                                         description="default: the latest")] = None,
    format: Annotated[Literal["json", "md"], Query()] = "json",
) -> Any:
    """A summary version (1 = the first AI draft, never overwritten)."""
    rec = visible_recording(store, key, recording_id)
    result = results.load_result(store, rec)
    sv = store.recordings.summary(rec.id, version)
    if sv is None:
        if version is not None:
            raise BadRequestError(f"version: this recording has no summary version {version}")
        raise NotReady("the summary is not available yet")
    audit_event(request, "summary.read", "ok", rec.id, detail=f"v{sv.version}")
    if format == "md":
        return Response(summary_markdown({**result, "summary": sv.summary}),
                        media_type="text/markdown; charset=utf-8")
    return SummaryOut.of(sv, store.recordings.summary_versions(rec.id))


@router.post("/{recording_id}/summary", status_code=201, response_model=SummaryOut,
             responses={**_E, 503: {"model": ErrorBody}},
             dependencies=[Depends(audited("summary.create"))])
def create_summary(
    recording_id: str, body: SummaryRequest, request: Request,
    key: Annotated[ApiKey, Depends(require("summaries:create"))], store: StoreDep,
    pool: PoolDep,
) -> SummaryOut:
    """Re-summarize the stored redacted transcript with instructions, as a new version."""
    policy_gate.check({"instructions": body.instructions})
    rec = visible_recording(store, key, recording_id)
    transcript = results.redacted_transcript(results.load_result(store, rec))
    summary = _summarizer(pool).summarize(transcript, body.instructions)
    digest = hashlib.sha256(body.instructions.encode("utf-8")).hexdigest()
    version = store.recordings.add_summary(rec.id, summary.to_dict(), key.id, digest)
    audit_event(request, "summary.create", "ok", rec.id, detail=f"v{version}")
    sv = store.recordings.summary(rec.id, version)
    if sv is None:  # written a moment ago; only a concurrent wipe of the store gets here
        raise NotFoundError("no such recording")
    return SummaryOut.of(sv, store.recordings.summary_versions(rec.id))


@router.post("/{recording_id}/questions", response_model=AnswerOut,
             responses={**_E, 503: {"model": ErrorBody}},
             dependencies=[Depends(audited("question.create"))])
def ask_question(
    recording_id: str, body: QuestionRequest, request: Request,
    key: Annotated[ApiKey, Depends(require("questions:create"))], store: StoreDep,
    pool: PoolDep,
) -> AnswerOut:
    """Answer from the redacted transcript with segment citations (policy-checked)."""
    policy_gate.check({"question": body.question})
    rec = visible_recording(store, key, recording_id)
    result = results.load_result(store, rec)
    from service.summary.ask import answer_question

    answer = answer_question(result, body.question, _summarizer(pool))
    audit_event(request, "question.create", "ok", rec.id)
    return AnswerOut(recording_id=rec.id, answer=answer)


@router.get("/{recording_id}/audio",
            responses={**_E, 200: {"content": {"audio/wav": {}, "application/octet-stream": {}}}},
            dependencies=[Depends(audited("audio.read"))])
def get_audio(
    recording_id: str, request: Request, key: Reader, store: StoreDep,
    redacted: Annotated[bool, Query(description=f"false needs the {RAW_SCOPE} scope")] = True,
) -> Response:
    """The redacted (bleeped) audio; the untouched original only with evidence:raw."""
    if not redacted:
        request.state.audit_action = "audio.original.read"
        if not has_scope(key, RAW_SCOPE):
            raise Forbidden(f"the original audio needs the {RAW_SCOPE} scope")
        rec = visible_recording(store, key, recording_id)
        # Re-hashed on every read: an altered original is a 500 (audited), never served.
        fh = store.evidence.open_verified(store.data_dir / rec.evidence_path, rec.sha256)
        audit_event(request, "audio.original.read", "ok", rec.id)
        return _stream_file(fh, rec.content_type, rec.filename)
    rec = visible_recording(store, key, recording_id)
    path = results.output_file(store, rec, "audio.redacted.wav")
    audit_event(request, "audio.read", "ok", rec.id)
    return FileResponse(path, media_type="audio/wav", filename=f"{rec.id}.redacted.wav")


def _stream_file(fh: BinaryIO, media_type: str, filename: str) -> StreamingResponse:
    """Serve the already-verified handle itself (not the path, which could be swapped)."""
    size = os.fstat(fh.fileno()).st_size

    def chunks() -> Iterator[bytes]:
        with fh:
            while chunk := fh.read(STREAM_CHUNK):
                yield chunk

    quoted = quote(filename)
    disposition = (f'attachment; filename="{filename}"' if quoted == filename
                   else f"attachment; filename*=utf-8''{quoted}")
    return StreamingResponse(chunks(), media_type=media_type,
                             headers={"content-length": str(size),
                                      "content-disposition": disposition})


def _summarizer(pool: PoolDep) -> Any:
    if not pool.ready.is_set() or pool.pipeline is None:
        raise ServiceUnavailable("the models are still loading; retry shortly")
    return pool.pipeline.summarizer
