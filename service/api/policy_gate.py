"""The identification-refusal gate for API inputs (instructions, questions, form options).

It runs before anything is stored or computed; a refusal is an ``IdentificationRefused``
(403), which the error handler writes to the audit trail by category only.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.concurrency import run_in_threadpool

from service.errors import IdentificationRefused


def check(options: Mapping[str, object]) -> None:
    """Refuse identifying options or text (blocking: embeddings may run)."""
    if not options:
        return
    from redaction.policy.gate import check_options
    from service.pipeline import get_policy

    decision = check_options(dict(options), get_policy())
    if not decision.allowed:
        raise IdentificationRefused(decision.reason, decision.category or "identity")


async def check_async(options: Mapping[str, object]) -> None:
    await run_in_threadpool(check, options)
