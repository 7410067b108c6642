"""Run the finished draft through the PII redactor again, keeping existing labels intact.

Why: the model only ever saw redacted text, but a model can still produce something
that reads as personal data (a plausible name, a number). Whatever the redactor finds
in the output is replaced and counted in ``pii_hits``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from service.summary.check import PLACEHOLDER

if TYPE_CHECKING:
    from service.summary.writer import Summary


class TextRedactor(Protocol):
    def redact_text(self, text: str) -> tuple[str, int]: ...


def _letters(i: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "ba": a digit-free tag no recognizer reads as PII."""
    out = ""
    while True:
        i, r = divmod(i, 26)
        out = chr(97 + r) + out
        if not i:
            return out


def redact_text(redactor: TextRedactor, text: str) -> tuple[str, int]:
    """Presidio reads "[STREET_ADDRESS_1]" as a location: hide labels while it looks."""
    labels: list[str] = []

    def hide(m: re.Match[str]) -> str:
        labels.append(m.group())
        return f"xqzlabel{_letters(len(labels) - 1)}"

    masked = PLACEHOLDER.sub(hide, text)
    out, n = redactor.redact_text(masked)
    for i, label in enumerate(labels):
        out = out.replace(f"xqzlabel{_letters(i)}", label)
    return out, n


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
