"""The engines officer text goes through, as FastAPI dependencies.

Passed in, not fetched inside the routes: the redactor is the worker pool's pipeline's
(built in the composition root from Settings); the refusal policy is the pipeline's when
it carries one, else the process-wide gate. Tests and deployments swap either with
``app.dependency_overrides``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from redaction.pii.redactor import Redactor
from redaction.policy.base import RequestPolicy
from service.api.deps import PoolDep
from service.api.errors import ServiceUnavailable
from service.pipeline import get_policy


async def request_policy(pool: PoolDep) -> RequestPolicy:
    found = getattr(pool.pipeline, "policy", None)
    return found if found is not None else get_policy()


async def officer_redactor(pool: PoolDep) -> Redactor | None:
    """The loaded pipeline's redactor, or None while the models load (the route says 503
    in its own way: a page for the review forms, JSON for ``/v1``)."""
    if pool.pipeline is None or not pool.ready.is_set():
        return None
    return pool.pipeline.redactor


def require_redactor(redactor: Redactor | None) -> Redactor:
    if redactor is None:
        raise ServiceUnavailable("the models are still loading; retry shortly")
    return redactor


PolicyDep = Annotated[RequestPolicy, Depends(request_policy)]
RedactorDep = Annotated[Redactor | None, Depends(officer_redactor)]
