"""Deadlines for slow clients: request headers (at the protocol) and request bodies (ASGI).

uvicorn's only timer is the idle keep-alive one, and any byte cancels it, so a client
that trickles headers (slowloris) or stalls mid-body held a connection and an upload
slot forever. Headers must be complete within ``header_timeout_s`` of the connection
(or of the request's first byte on a kept-alive one), else a 408 and the socket is
closed. Each body chunk must arrive within ``body_idle_timeout_s`` and the whole body
within ``body_timeout_s``, else the route gets ``RequestTimeout`` (408; an upload's
partial file is deleted on the way out).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import h11
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from service.errors import BodycamError


class RequestTimeout(BodycamError):
    code = "request_timeout"
    http_status = 408


@dataclass(frozen=True)
class TimeoutOptions:
    header_timeout_s: float = 10.0
    body_idle_timeout_s: float = 30.0
    body_timeout_s: float = 3600.0
    keep_alive_s: float = 5.0


def _timeout_response() -> bytes:
    body = json.dumps({"error": {"code": RequestTimeout.code,
                                 "message": "the request headers took too long"}}).encode()
    return (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
            b"connection: close\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n"
            + body)


def header_timeout_protocol(header_timeout_s: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a deadline for a complete request head."""
    response = _timeout_response()

    class HeaderDeadlineProtocol(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is h11.IDLE:
                self._arm()  # waiting for (the rest of) a request head
            else:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._deadline is None and not self.transport.is_closing():
                self._deadline = self.loop.call_later(header_timeout_s, self._expired)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expired(self) -> None:
            self._deadline = None
            if self.conn.their_state is not h11.IDLE or self.transport.is_closing():
                return
            if self.conn.our_state is h11.IDLE:
                self.transport.write(response)
            self.transport.close()

    return HeaderDeadlineProtocol


class BodyTimeout:
    """ASGI middleware: a deadline per body chunk and for the whole body."""

    def __init__(self, app: ASGIApp, idle_s: float, total_s: float) -> None:
        self.app = app
        self.idle_s = idle_s
        self.total_s = total_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        body_done = False

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:
                return await receive()  # e.g. waiting for a disconnect while streaming
            left = self.total_s - (time.monotonic() - started)
            try:
                message: dict[str, Any] = await asyncio.wait_for(
                    receive(), timeout=max(0.0, min(self.idle_s, left)))
            except TimeoutError:
                raise RequestTimeout("the request body arrived too slowly") from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await self.app(scope, timed_receive, send)
