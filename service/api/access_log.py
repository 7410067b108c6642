"""The server's access log, without the request path.

uvicorn's access log prints the raw path, and a path is client text: a request for
``/v1/recordings/<a name and a phone number>`` would write that name and number into
the server log. This one logs the method, the matched route *template*, the status and
the time taken; ``bodycam serve`` turns uvicorn's own access log off. Responses are also
counted by status (``/metrics``), so floods of malformed or unauthenticated requests
show up without one log row each.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("bodycam.api.access")


class StatusCounts:
    """Responses by HTTP status since this process started (thread-safe)."""

    def __init__(self) -> None:
        self._counts: Counter[int] = Counter()
        self._lock = threading.Lock()

    def add(self, status: int) -> None:
        with self._lock:
            self._counts[status] += 1

    def snapshot(self) -> dict[int, int]:
        with self._lock:
            return dict(sorted(self._counts.items()))


class AccessLog:
    def __init__(self, app: ASGIApp, counts: StatusCounts | None = None) -> None:
        self.app = app
        self.counts = counts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def tracking_send(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        finally:
            if self.counts is not None:
                self.counts.add(status)
            route = getattr(scope.get("route"), "path", None) or "(no route)"
            log.info("%s %s %d %.1f ms", scope.get("method"), route, status,
                     (time.perf_counter() - started) * 1000)
