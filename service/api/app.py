"""The FastAPI application: ``create_app(settings)`` wires routers, errors and the worker pool.

The worker pool starts in the lifespan: models load in a background thread, so the
server accepts uploads (and reports ``/readyz`` 503) while they load, and interrupted
jobs from a previous run are queued again before the first request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service import __version__
from service.api.access_log import AccessLog, StatusCounts
from service.api.errors import install_error_handlers
from service.api.metrics import Metrics
from service.api.ratelimit import AuthFailureLimiter, LimitOptions
from service.api.review import router as review_router
from service.api.routes import audit, health, jobs, recordings, versions
from service.api.timeouts import BodyTimeout
from service.api.worker import WorkerPool
from service.config import Settings, get_settings
from service.pipeline import Pipeline
from service.store import open_store

DESCRIPTION = """\
Police body-cam audio → privacy-redacted transcript and a grounded draft summary.
The service refuses, by design, to identify anyone. Originals are evidence: stored once,
read-only, and every access is written to a hash-chained audit log.

Every `/v1` route needs `Authorization: Bearer <api key>` (`bodycam keys create`).
Errors are always `{"error": {"code", "message"}}`.
"""


def create_app(
    settings: Settings | None = None,
    *,
    pipeline: Pipeline | None = None,
    start_workers: bool = True,
) -> FastAPI:
    """Build the app. ``pipeline`` lets tests share one loaded pipeline across apps;
    ``start_workers=False`` serves the API without processing jobs."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = app.dependency_overrides.get(get_settings, get_settings)()
        store = open_store(resolved.data_dir, anchor_dir=resolved.audit_anchor_dir)
        # Nothing is being uploaded before the server listens: every .part is a leftover.
        store.evidence.sweep_incoming(older_than_s=0.0)
        pool = WorkerPool(store, resolved, pipeline=pipeline,
                          workers=resolved.api_workers)
        app.state.store, app.state.pool = store, pool
        app.state.auth_limiter = AuthFailureLimiter(LimitOptions(
            per_client=resolved.auth_fail_limit, window_s=resolved.auth_fail_window_s,
            audit_budget=resolved.auth_audit_budget))
        if start_workers:
            pool.start()
        try:
            yield
        finally:
            pool.stop()

    app = FastAPI(
        title="bodycam",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    if settings is not None:
        app.dependency_overrides[get_settings] = lambda: settings
    configured = settings or get_settings()
    app.add_middleware(BodyTimeout, idle_s=configured.body_idle_timeout_s,
                       total_s=configured.body_timeout_s)
    install_error_handlers(app)

    def models_loaded() -> bool:
        pool = getattr(app.state, "pool", None)
        return pool is not None and pool.ready.is_set()

    app.state.http_counts = StatusCounts()
    app.state.metrics = Metrics(lambda: getattr(app.state, "store", None), models_loaded,
                                lambda: getattr(app.state, "auth_limiter", None),
                                app.state.http_counts)
    app.middleware("http")(app.state.metrics.middleware)
    # Outermost: sees the final status, even a CatchAll 500.
    app.add_middleware(AccessLog, counts=app.state.http_counts)
    for module in (versions, recordings, jobs, audit, health):
        app.include_router(module.router)
    app.include_router(review_router)
    return app
