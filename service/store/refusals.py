"""Process-local audit hook for policy refusals.

Why: every refusal must leave a trace, but the trace must never contain the request
text (it may itself carry names or numbers). Refusals are appended to the hash-chained
audit log in ``DATA_DIR`` (the one the REST service writes) and mirrored to the
``bodycam.audit`` logger.
"""

from __future__ import annotations

import logging
import sqlite3

logger = logging.getLogger("bodycam.audit")


def record_refusal(category: str, source: str) -> None:
    """Audit one ``identification_refused`` event: category and where it came from only."""
    from service.store.audit import record_audit

    try:
        record_audit("identification_refused", "refused", actor=source, detail=category)
    except (OSError, sqlite3.Error) as exc:
        # The refusal itself must still happen; say loudly that it could not be stored.
        logger.error("could not write the audit log (%s); refusal not persisted",
                     type(exc).__name__)
    logger.info(
        "event=identification_refused category=%s source=%s",
        category,
        source,
        extra={"event": "identification_refused", "category": category, "source": source},
    )
