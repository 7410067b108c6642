"""Every error leaves the API as ``{"error": {"code", "message"}}``, and nothing else.

Domain exceptions carry their own code and status; FastAPI's HTTP and validation errors
are translated; anything unexpected becomes a generic 500 whose message names no path,
no exception text and no evidence. Refusals, role denials and not-found answers on
audited routes are written to the audit trail here, so no route can forget to.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from service.errors import BodycamError, IdentificationRefused, NotFoundError

log = logging.getLogger("bodycam.api")


class Unauthorized(BodycamError):
    code = "unauthorized"
    http_status = 401


class Forbidden(BodycamError):
    """The key's role or scopes do not allow this action."""

    code = "forbidden"
    http_status = 403


class NotReady(BodycamError):
    """The recording exists but its job has not produced this output (yet)."""

    code = "not_ready"
    http_status = 409


class TooManyRequests(BodycamError):
    """A client failed authentication too often in this window (see ratelimit.py)."""

    code = "too_many_requests"
    http_status = 429

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ServiceUnavailable(BodycamError):
    code = "unavailable"
    http_status = 503


NOT_FOUND_RECORDING = "no such recording"
NOT_FOUND_JOB = "no such job"

_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
               413: "too_large", 415: "unsupported_media_type", 422: "invalid_request",
               429: "too_many_requests", 503: "unavailable"}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _audit_failure(request: Request, exc: BodycamError) -> None:
    """Record refusals, denials and misses on routes that declared an audit action."""
    action = getattr(request.state, "audit_action", None)
    if isinstance(exc, Unauthorized | TooManyRequests):
        return  # get_principal already logged the failed authentication
    if action is None and not isinstance(exc, IdentificationRefused):
        return
    if isinstance(exc, IdentificationRefused):
        outcome, detail = "refused", exc.category
    elif isinstance(exc, Forbidden):
        outcome, detail = "forbidden", exc.code
    elif isinstance(exc, NotFoundError):
        outcome, detail = "not_found", None
    else:
        outcome, detail = "error", exc.code
    from service.api.deps import audit_event

    audit_event(request, action or "request", outcome, detail=detail)


async def _domain_error(request: Request, exc: BodycamError) -> JSONResponse:
    await run_in_threadpool(_audit_failure, request, exc)  # an fsync; keep it off the loop
    headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
    if isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.retry_after_s)}
    if exc.http_status >= 500:
        log.error("%s on %s %s", exc.code, request.method, _route_path(request))
    return error_response(exc.http_status, exc.code, exc.message, headers)


async def _client_disconnect(request: Request, exc: Exception) -> JSONResponse:
    """A client that hangs up mid-upload is routine, not a server error: INFO, a 400."""
    log.info("client disconnected during %s %s", request.method, _route_path(request))
    return error_response(400, "client_disconnected", "the client disconnected")


def _route_path(request: Request) -> str:
    """The route template (``/v1/recordings/{recording_id}``), never the raw path."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "?"))


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400:
        # FastAPI's "error parsing the body" (bad JSON or encoding): a bad parameter, 422.
        return error_response(422, "invalid_request", "the request body cannot be parsed")
    code = _HTTP_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return error_response(exc.status_code, code, message, getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(422, "invalid_request", describe_validation(exc.errors()))


def describe_validation(errors: Any) -> str:
    """One line naming the bad parameter; never echoes the submitted value."""
    parts = []
    for err in list(errors)[:3]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


class CatchAll:
    """Outermost guard: an unhandled exception becomes a generic JSON 500, never a traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            # Type and route only: exception text may quote evidence or paths.
            route = scope.get("route")
            log.error("unhandled %s on %s %s", type(exc).__name__, scope.get("method"),
                      getattr(route, "path", "?"))
            if not started:
                response = error_response(500, "internal_error", "internal server error")
                await response(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(BodycamError, _domain_error)
    app.add_exception_handler(ClientDisconnect, _client_disconnect)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(CatchAll)
