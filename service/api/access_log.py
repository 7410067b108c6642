"""The server's access log, without the request path.

uvicorn's access log prints the raw path, and a path is client text: a request for
``/v1/recordings/<a name and a phone number>`` would write that name and number into
the server log. This one logs the method, the matched route *template*, the status and
the time taken; ``bodycam serve`` turns uvicorn's own access log off.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("bodycam.api.access")


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

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
            route = getattr(scope.get("route"), "path", None) or "(no route)"
            log.info("%s %s %d %.1f ms", scope.get("method"), route, status,
                     (time.perf_counter() - started) * 1000)
