"""Liveness, readiness and metrics: unauthenticated, and free of evidence or PII."""

from __future__ import annotations

import shutil

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from service.api.deps import PoolDep, SettingsDep, StoreDep
from service.api.metrics import render
from service.api.schemas import Health, Readiness

router = APIRouter(tags=["health"])

DEFAULT_MIN_FREE_MB = 1024


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up and serving."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
def readyz(settings: SettingsDep, store: StoreDep, pool: PoolDep) -> JSONResponse:
    """Ready when the models are loaded, the database takes writes and the disk has room."""
    min_free_mb = int(getattr(settings, "min_free_disk_mb", DEFAULT_MIN_FREE_MB))
    free_mb = shutil.disk_usage(store.data_dir).free // (1024 * 1024)
    checks = {
        "models_loaded": pool.ready.is_set(),
        "database_writable": store.db.writable(),
        "disk_free_mb": free_mb,
        "disk_ok": free_mb >= min_free_mb,
    }
    if pool.load_error:
        checks["models_error"] = pool.load_error
    ok = bool(checks["models_loaded"] and checks["database_writable"] and checks["disk_ok"])
    body = Readiness(status="ready" if ok else "not_ready", checks=checks).model_dump()
    if not ok:
        failing = [k for k in ("models_loaded", "database_writable", "disk_ok") if not checks[k]]
        body["error"] = {"code": "not_ready", "message": "not ready: " + ", ".join(failing)}
    return JSONResponse(body, status_code=200 if ok else 503)


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request, store: StoreDep, pool: PoolDep) -> PlainTextResponse:
    """Prometheus text format."""
    state = request.app.state
    text = render(store, pool.ready.is_set(), getattr(state, "auth_limiter", None),
                  getattr(state, "http_counts", None))
    return PlainTextResponse(text,
                             media_type="text/plain; version=0.0.4; charset=utf-8")
