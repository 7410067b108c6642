"""The engines officer text goes through, taken from the worker pool's pipeline.

Passed in, not fetched from module globals: the pipeline (built in the composition root
from Settings) supplies the redactor and, where it has one, the refusal policy; a test
double or a remote classifier can stand in for either.
"""

from __future__ import annotations

from typing import Any

from redaction.pii.redactor import Redactor
from redaction.policy.gate import RequestPolicy, get_policy
from service.api.errors import ServiceUnavailable


def officer_engines(pool: Any) -> tuple[RequestPolicy, Redactor]:
    """(refusal policy, redactor); 503 while the models are loading."""
    pipeline = getattr(pool, "pipeline", None)
    if pipeline is None or not pool.ready.is_set():
        raise ServiceUnavailable("the models are still loading; retry shortly")
    policy = getattr(pipeline, "policy", None) or get_policy()
    return policy, pipeline.redactor
