"""Run the finished draft through the PII redactor again, keeping existing labels intact.

Why: the model only ever saw redacted text, but a model can still produce something
that reads as personal data (a plausible name, a number). Whatever the redactor finds
in the output is replaced and counted in ``pii_hits``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from service.summary.check import PLACEHOLDER

if TYPE_CHECKING:
    from service.summary.writer import Summary

REDACTED = "[REDACTED]"


class TextRedactor(Protocol):
    def redact_text(self, text: str) -> tuple[str, int]: ...


def redact_text(redactor: TextRedactor, text: str) -> tuple[str, int]:
    """Redact the text between the transcript's labels, never the labels themselves.

    Presidio reads "[STREET_ADDRESS_1]" as a location and numbers what it finds from 1
    again, which would collide with the transcript's own labels; so each stretch between
    labels is redacted on its own and whatever it finds there becomes ``[REDACTED]``.
    """
    parts = PLACEHOLDER.split(text)
    labels = PLACEHOLDER.findall(text)
    hits = 0
    out: list[str] = []
    for i, part in enumerate(parts):
        if part.strip():
            redacted, n = redactor.redact_text(part)
            if n:
                hits += n
                part = PLACEHOLDER.sub(REDACTED, redacted)
        out.append(part)
        if i < len(labels):
            out.append(labels[i])
    return "".join(out), hits


def redact_summary(summary: Summary, redactor: TextRedactor) -> None:
    """Redact every fact, rebuild the narrative from them, redact the first draft too."""
    hits = 0
    for f in summary.facts:
        f.text, n = redact_text(redactor, f.text)
        hits += n
    kept = [f.text for f in summary.facts if f.in_narrative]
    if kept:  # rebuilt from the redacted facts so the two always agree
        bullets = summary.layout == "bullets"
        summary.narrative = ("\n" if bullets else " ").join(
            f"- {t}" if bullets else t for t in kept)
    else:
        summary.narrative, n = redact_text(redactor, summary.narrative)
        hits += n
    summary.first_draft, n = redact_text(redactor, summary.first_draft)
    summary.pii_hits = hits + n
