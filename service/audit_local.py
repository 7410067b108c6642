"""Process-local audit hook for policy refusals.

Why: every refusal must leave a trace, but the trace must never contain the request
text (it may itself carry names or numbers). Until the lead routes this into the audit
database, refusals go to the ``bodycam.audit`` logger as a structured event.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("bodycam.audit")


def record_refusal(category: str, source: str) -> None:
    """Log one ``identification_refused`` event: category and where it came from only."""
    logger.info(
        "event=identification_refused category=%s source=%s",
        category,
        source,
        extra={"event": "identification_refused", "category": category, "source": source},
    )
