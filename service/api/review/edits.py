"""Store the officer's own text as a summary version: gate, redact, hash, append.

Shared by the review page's forms and ``POST /v1/recordings/{id}/summary/versions``, so
both paths apply the same checks. Refusals raise ``IdentificationRefused`` (HTTP 403,
audited by category); the boundary maps errors to pages or JSON.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from redaction.pii.redactor import Redactor
from redaction.policy.base import RequestPolicy
from service.api.review import officer_text
from service.errors import BadRequestError, IdentificationRefused
from service.store import Store
from service.store.keys import ApiKey
from service.store.recordings import Recording
from service.store.versions import DRAFT_KINDS, Version

log = logging.getLogger("bodycam.api.review")

MAX_CHARS = 20_000
OFFICER_KINDS = ("officer_edit", "recollection")


@dataclass(frozen=True)
class OfficerText:
    """What the officer submitted: the text, its kind, and whether they sign it."""

    text: str
    kind: str = "officer_edit"
    sign: bool = False


def validate(submission: OfficerText) -> str:
    text = submission.text.replace("\r\n", "\n").strip()
    if not text:
        raise BadRequestError("narrative: the text is empty")
    if len(text) > MAX_CHARS:
        raise BadRequestError(f"narrative: at most {MAX_CHARS} characters")
    if submission.kind not in OFFICER_KINDS:
        raise BadRequestError("kind: must be officer_edit or recollection")
    if submission.sign and submission.kind != "officer_edit":
        raise BadRequestError("sign: only an edit of the narrative can be signed")
    return text


def save(store: Store, rec: Recording, key: ApiKey, submission: OfficerText, *,
         result: dict[str, Any], policy: RequestPolicy, redactor: Redactor) -> Version:
    """Gate the officer's new sentences, redact, and append a version."""
    text = validate(submission)
    versions = store.versions.list(rec.id)
    if submission.kind == "recollection" and any(
            v.kind == "recollection" and v.author == key.id for v in versions):
        raise BadRequestError("a recollection by this officer is already stored; "
                              "edit the narrative instead")
    earlier = [v.narrative for v in versions if v.kind in DRAFT_KINDS]
    decision, checked = officer_text.gate(policy, text, earlier)
    if decision is not None and not decision.allowed:
        raise IdentificationRefused(decision.reason, decision.category or "identity")
    taken = [r.get("label", "") for r in result.get("redactions", [])]
    taken += [m.group(0) for v in versions for m in officer_text.PLACEHOLDER.finditer(v.narrative)]
    clean, replaced = officer_text.redact(redactor, text, taken)
    log.info("officer text: %d sentences checked, %d values redacted", checked, replaced)
    ai = next((v for v in versions if v.kind == "ai_draft"), None)
    summary = _summary(ai.summary if ai else {}, clean, submission.kind, replaced)
    return store.versions.add(rec.id, submission.kind, summary, key.id,  # type: ignore[arg-type]
                              signed=submission.sign)


def _summary(ai: dict[str, Any], narrative: str, kind: str, redacted: int) -> dict[str, Any]:
    """A summary record for an officer version: their text, none of the AI's statements."""
    if kind == "recollection":
        return {"narrative": narrative, "facts": [], "model": "officer",
                "prompt_sha256": "", "redacted_values": redacted,
                "disclosure": "The officer's own account, written before the AI draft "
                              "was shown."}
    kept = {k: ai[k] for k in ("model", "prompt_sha256", "prompt_version", "backend",
                               "disclosure") if k in ai}
    return {"model": "officer", "prompt_sha256": "", "disclosure": "Written by the officer.",
            **kept, "narrative": narrative, "facts": [], "redacted_values": redacted,
            "edited_from_version": 1}
