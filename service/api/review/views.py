"""Turn stored records into what the templates show (no HTML here: Jinja2 escapes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PLACEHOLDER = re.compile(r"\[([A-Z][A-Z_]*?)_(\d+)\]")


def clock(seconds: float) -> str:
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60:02d}:{s % 60:02d}"


@dataclass(frozen=True)
class Part:
    text: str
    chip: bool = False
    kind: str = ""


@dataclass(frozen=True)
class SegmentView:
    id: int
    start: float
    end: float
    label: str
    speaker: str
    parts: list[Part]


@dataclass(frozen=True)
class Cite:
    id: int
    start: float
    label: str


@dataclass(frozen=True)
class SentenceView:
    text: str
    cites: list[Cite]


def chips(text: str) -> list[Part]:
    """Split redacted text into plain runs and placeholder chips (type and number only)."""
    parts: list[Part] = []
    cursor = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > cursor:
            parts.append(Part(text[cursor:m.start()]))
        parts.append(Part(f"{m.group(1)}_{m.group(2)}", chip=True, kind=m.group(1)))
        cursor = m.end()
    if cursor < len(text):
        parts.append(Part(text[cursor:]))
    return parts


def segments(result: dict[str, Any]) -> list[SegmentView]:
    out = []
    for s in result.get("redacted_transcript", {}).get("segments", []):
        out.append(SegmentView(int(s["id"]), float(s["start"]), float(s["end"]),
                               clock(float(s["start"])), s.get("speaker") or "",
                               chips(s.get("text", ""))))
    return out


def _cites(ids: list[int], starts: dict[int, float]) -> list[Cite]:
    return [Cite(i, starts[i], clock(starts[i])) for i in ids if i in starts]


def draft_sentences(result: dict[str, Any], summary: dict[str, Any]
                    ) -> tuple[list[SentenceView], list[SentenceView]]:
    """(the draft's statements with citations, the statements the claim check removed)."""
    starts = {int(s["id"]): float(s["start"])
              for s in result.get("redacted_transcript", {}).get("segments", [])}
    facts = summary.get("facts", [])
    shown = [f for f in facts if f.get("in_narrative")] or [f for f in facts if f.get("supported")]
    kept = [SentenceView(f["text"], _cites(f.get("segment_ids", []), starts)) for f in shown]
    if not kept and summary.get("narrative"):
        kept = [SentenceView(summary["narrative"], [])]
    removed = [SentenceView(f["text"], _cites(f.get("segment_ids", []), starts))
               for f in facts if not f.get("supported")]
    return kept, removed


def duration(seconds: float | None) -> str:
    return clock(seconds) if seconds is not None else "—"
