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
from service.api.errors import install_error_handlers
from service.api.review import router as review_router
from service.api.routes import audit, health, jobs, recordings, versions
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
        store = open_store(resolved.data_dir)
        pool = WorkerPool(store, resolved, pipeline=pipeline,
                          workers=int(getattr(resolved, "api_workers", 1)))
        app.state.store, app.state.pool = store, pool
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
    install_error_handlers(app)
    for module in (versions, recordings, jobs, audit, health):
        app.include_router(module.router)
    app.include_router(review_router)
    return app
