"""Prometheus metrics through prometheus-client.

Counts are collected from SQLite on each scrape (a custom collector), so they survive
restarts and agree with what the API reports; request latency is a histogram kept in
process. Each app has its own registry (tests build many apps in one process). No label
ever carries a recording id, a raw path or any request text: latency is labelled by the
route *template* (``/v1/recordings/{recording_id}``), never the path that was asked for.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator

from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
    SummaryMetricFamily,
)
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

from service.api.access_log import StatusCounts
from service.api.ratelimit import AuthFailureLimiter
from service.store import Store

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
UNMATCHED_ROUTE = "unmatched"


class StoreCollector(Collector):
    """Job, stage, audio, refusal and auth-failure figures read from the store per scrape."""

    def __init__(self, store_for: Callable[[], Store | None],
                 models_loaded: Callable[[], bool],
                 limiter_for: Callable[[], AuthFailureLimiter | None] = lambda: None,
                 http_counts: StatusCounts | None = None) -> None:
        self._store_for = store_for
        self._models_loaded = models_loaded
        self._limiter_for = limiter_for
        self._http_counts = http_counts

    def collect(self) -> Iterator[Metric]:
        yield from self._process_counts()
        store = self._store_for()
        loaded = GaugeMetricFamily("bodycam_models_loaded", "1 once the models are loaded.")
        loaded.add_metric([], int(self._models_loaded()))
        if store is None:
            yield loaded
            return
        jobs = GaugeMetricFamily("bodycam_jobs", "Jobs by status.", labels=["status"])
        for status, count in store.jobs.counts().items():
            jobs.add_metric([status], count)
        yield jobs
        stages = SummaryMetricFamily("bodycam_stage_seconds",
                                     "Time spent per pipeline stage, finished jobs.",
                                     labels=["stage"])
        for stage, (total, count) in sorted(store.jobs.stage_seconds().items()):
            stages.add_metric([stage.removesuffix("_s")], count_value=count, sum_value=total)
        yield stages
        audio = CounterMetricFamily("bodycam_audio_seconds_processed",
                                    "Seconds of audio in recordings whose processing finished.")
        audio.add_metric([], store.recordings.processed_audio_seconds())
        yield audio
        refusals = CounterMetricFamily("bodycam_refusals",
                                       "Requests refused by the identification policy.",
                                       labels=["category"])
        for category, count in sorted(_refusals(store).items()):
            refusals.add_metric([category], count)
        yield refusals
        auth = CounterMetricFamily("bodycam_auth_failures",
                                   "Requests with a missing or unknown key, as audited.")
        auth.add_metric([], _count(store, "auth", "denied"))
        yield auth
        yield loaded

    def _process_counts(self) -> Iterator[Metric]:
        """This process's counts: failures not written to the audit log, 429s, statuses."""
        limiter = self._limiter_for()
        if limiter is not None:
            unaudited = CounterMetricFamily(
                "bodycam_auth_failures_unaudited",
                "Failed authentications counted but not written to the audit log.")
            unaudited.add_metric([], limiter.unaudited_total)
            yield unaudited
            limited = CounterMetricFamily(
                "bodycam_auth_rate_limited",
                "Requests answered 429 after too many failed authentications.")
            limited.add_metric([], limiter.blocked_total)
            yield limited
        if self._http_counts is not None:
            responses = CounterMetricFamily(
                "bodycam_http_responses", "Responses by HTTP status; 4xx include malformed "
                "requests.", labels=["status"])
            for status, count in self._http_counts.snapshot().items():
                responses.add_metric([str(status)], count)
            yield responses


class Metrics:
    """One app's registry: the store collector plus a request-latency histogram."""

    def __init__(self, store_for: Callable[[], Store | None],
                 models_loaded: Callable[[], bool],
                 limiter_for: Callable[[], AuthFailureLimiter | None] = lambda: None,
                 http_counts: StatusCounts | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(StoreCollector(store_for, models_loaded, limiter_for, http_counts))
        self.latency = Histogram(
            "bodycam_http_request_duration_seconds", "HTTP request latency by route template.",
            labelnames=["method", "route", "status"], registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)

    async def middleware(self, request: Request,
                         call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            self.latency.labels(request.method, _route_template(request), str(status)).observe(
                time.perf_counter() - started)


def _route_template(request: Request) -> str:
    """The matched route's path template (routing leaves it in the scope); unknown paths
    share one label, so no raw request text reaches a label."""
    route = request.scope.get("route")
    return str(getattr(route, "path", UNMATCHED_ROUTE)) if route is not None else UNMATCHED_ROUTE


def _refusals(store: Store) -> dict[str, int]:
    rows = store.db.read(
        "SELECT COALESCE(detail, 'unknown') AS c, COUNT(*) AS n FROM audit"
        " WHERE outcome = 'refused' GROUP BY c"
    )
    return {r["c"]: r["n"] for r in rows}


def _count(store: Store, action: str, outcome: str) -> int:
    row = store.db.read_one(
        "SELECT COUNT(*) AS n FROM audit WHERE action = ? AND outcome = ?", (action, outcome)
    )
    return int(row["n"]) if row else 0
