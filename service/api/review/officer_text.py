"""Officer-written text (an edit or a recollection) on its way into the store.

Two steps, both on the main path: the identification-refusal gate reads what the officer
added (sentences found in no earlier version of this recording's draft; re-checking the
AI's own sentences would refuse the unchanged draft whenever the gate dislikes report
wording), then the redactor replaces any personal value. Placeholders already in the
text (``[PERSON_1]``) are kept; a value the redactor finds gets a new label numbered
after the recording's own, since the value -> label table of the recording is never kept
and a new name must not silently merge with an existing person.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from redaction.pii.redactor import Redactor
from redaction.policy.base import Decision, RequestPolicy

PLACEHOLDER = re.compile(r"\[([A-Z][A-Z_]*?)_(\d+)\]")
_SENT = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class AcceptedText:
    text: str
    redacted: int  # values the redactor replaced
    checked_sentences: int  # sentences the gate read


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text.strip()) if s.strip()]


def new_sentences(text: str, earlier: Iterable[str]) -> list[str]:
    """Sentences of ``text`` that appear in none of the ``earlier`` texts."""
    seen = {" ".join(s.split()) for e in earlier for s in sentences(e)}
    return [s for s in sentences(text) if " ".join(s.split()) not in seen]


def gate(policy: RequestPolicy, text: str, earlier: Iterable[str]) -> tuple[Decision | None, int]:
    """The gate's decision on the officer's new sentences (None when nothing is new)."""
    added = new_sentences(text, earlier)
    if not added:
        return None, 0
    return policy.check(" ".join(added)), len(added)


def highest_labels(labels: Iterable[str]) -> dict[str, int]:
    """Entity type -> highest label number in use (``PERSON_3`` -> {"PERSON": 3})."""
    top: dict[str, int] = {}
    for label in labels:
        m = PLACEHOLDER.fullmatch(label if label.startswith("[") else f"[{label}]")
        if m:
            top[m.group(1)] = max(top.get(m.group(1), 0), int(m.group(2)))
    return top


def redact(redactor: Redactor, text: str, taken: Iterable[str]) -> tuple[str, int]:
    """Redact ``text``; new placeholders are renumbered after every label in ``taken``."""
    out, found = redactor.redact_text(text)
    if not found:
        return text, 0
    top = highest_labels([*taken, *(m.group(0) for m in PLACEHOLDER.finditer(text))])
    renamed: dict[str, str] = {}

    def relabel(m: re.Match[str]) -> str:
        if m.group(0) not in renamed:
            kind = m.group(1)
            top[kind] = top.get(kind, 0) + 1
            renamed[m.group(0)] = f"[{kind}_{top[kind]}]"
        return renamed[m.group(0)]

    before, after = re.split(r"(\s+)", text), re.split(r"(\s+)", out)
    pieces: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        chunk = "".join(after[j1:j2])
        pieces.append(chunk if tag == "equal" else PLACEHOLDER.sub(relabel, chunk))
    return "".join(pieces), found
