"""Redacted transcript types: the only transcript type the summarizer accepts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Redaction:
    """One redacted value. Carries no original text, only where it was and what kind."""

    segment_id: int
    entity_type: str
    label: str  # e.g. "PERSON_1"; the same value keeps the same label within a recording
    start: int  # character span of the placeholder in the redacted segment text
    end: int
    start_s: float  # audio span to bleep
    end_s: float
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "segment_id": self.segment_id,
            "entity_type": self.entity_type,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class RedactedSegment:
    id: int
    start: float
    end: float
    text: str  # with placeholders such as "[PERSON_1]"


@dataclass
class RedactedTranscript:
    segments: list[RedactedSegment]
    redactions: list[Redaction] = field(default_factory=list)
    language: str = "en"
    duration_s: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments).strip()

    def segments_dict(self) -> list[dict[str, Any]]:
        return [
            {"id": s.id, "start": round(s.start, 3), "end": round(s.end, 3), "text": s.text}
            for s in self.segments
        ]

    def to_dict(self) -> dict[str, Any]:
        return {"segments": self.segments_dict(), "language": self.language,
                "duration_s": self.duration_s, "redactions": [asdict(r) for r in self.redactions]}
