"""Per-client limit on failed authentication, and a budget for auditing them.

Every 401 used to append a row to the undeletable audit log, so anyone could grow it
without limit (and, through the path, plant text in it). Failures are now counted per
client address in fixed windows: past ``per_client`` in a window the client gets 429
until the window ends, and only ``audit_budget`` failures per window (all clients
together) are written as rows; the rest are counted and summarised in one entry the
next time a failure is audited, and shown in ``/metrics``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_TRACKED_CLIENTS = 10_000


@dataclass(frozen=True)
class LimitOptions:
    per_client: int = 20
    window_s: float = 60.0
    audit_budget: int = 100


@dataclass(frozen=True)
class Verdict:
    blocked: bool  # answer 429 instead of 401
    audit: bool  # write this failure to the audit log
    retry_after_s: int
    suppressed: int = 0  # failures not written since the last audited one


class AuthFailureLimiter:
    """Thread-safe; memory bounded by ``MAX_TRACKED_CLIENTS``."""

    def __init__(self, options: LimitOptions,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.options = options
        self._clock = clock
        self._lock = threading.Lock()
        self._window = -1
        self._clients: OrderedDict[str, int] = OrderedDict()
        self._audited = 0
        self._suppressed = 0
        self.failures_total = 0
        self.blocked_total = 0
        self.unaudited_total = 0

    def failure(self, client: str | None) -> Verdict:
        """Count one failed authentication from ``client``; say how to answer and log it."""
        with self._lock:
            now = self._clock()
            window = int(now // self.options.window_s)
            if window != self._window:
                self._window, self._audited = window, 0
                self._clients.clear()
            retry = max(1, int((window + 1) * self.options.window_s - now + 0.999))
            key = client or "-"
            count = self._clients.pop(key, 0) + 1
            self._clients[key] = count
            if len(self._clients) > MAX_TRACKED_CLIENTS:
                self._clients.popitem(last=False)
            self.failures_total += 1
            blocked = count > self.options.per_client
            # Per client: the first failure over the limit is audited, later ones are not.
            audit = (count <= self.options.per_client + 1
                     and self._audited < self.options.audit_budget)
            if blocked:
                self.blocked_total += 1
            if not audit:
                self._suppressed += 1
                self.unaudited_total += 1
                return Verdict(blocked, False, retry)
            self._audited += 1
            suppressed, self._suppressed = self._suppressed, 0
            return Verdict(blocked, True, retry, suppressed)
