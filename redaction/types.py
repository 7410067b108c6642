"""Transcript types shared by every stage.

``Transcript`` holds what was said, PII included (faster-whisper style plain dataclasses);
it never leaves the process except through ``--include-raw``. Everything downstream of
redaction takes ``RedactedTranscript`` instead, so raw text cannot reach the LLM.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Audio:
    """Decoded audio: 16 kHz mono float32, plus facts about the original file."""

    samples: np.ndarray
    sample_rate: int
    sha256: str
    filename: str
    size_bytes: int
    original_sample_rate: int
    original_channels: int
    container: str
    truncated: bool = False  # the file ended early and the caller accepted it as partial
    declared_duration_s: float | None = None  # what the container says, when it says
    #: Gives back the memory of samples [start, end) after a window was copied (a
    #: file-backed buffer); None for samples held in RAM.
    release: Callable[[int, int], None] | None = field(default=None, repr=False,
                                                       compare=False)

    @property
    def duration_s(self) -> float:
        return float(len(self.samples)) / self.sample_rate

    def window(self, start: int, end: int) -> np.ndarray:
        """A float32 copy of ``samples[start:end]``, releasing a file-backed buffer's pages.

        Long recordings are read this way, window by window, so memory follows the window
        and not the duration.
        """
        start, end = max(0, start), min(len(self.samples), end)
        out = np.array(self.samples[start:end], dtype=np.float32)
        if self.release is not None and end > start:
            self.release(start, end)
        return out

    @property
    def recording_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    word: str
    probability: float
    speaker: str | None = None  # OFFICER, SPEAKER_2, … when diarization ran


@dataclass(frozen=True)
class Segment:
    id: int
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    speaker: str | None = None  # OFFICER, SPEAKER_2, … when diarization ran


@dataclass(frozen=True)
class AsrInfo:
    model: str
    device: str
    compute_type: str
    language: str
    language_probability: float
    duration_s: float


@dataclass
class Transcript:
    """The raw (unredacted) transcript. Handle as evidence."""

    segments: list[Segment]
    info: AsrInfo

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments).strip()

    def to_dict(self) -> dict[str, Any]:
        return {"info": asdict(self.info), "segments": [asdict(s) for s in self.segments]}


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
    # Why, when no recognizer matched the words: "answer to a question for PERSON".
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {
            "segment_id": self.segment_id,
            "entity_type": self.entity_type,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "score": round(self.score, 3),
        }
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class RedactedSegment:
    id: int
    start: float
    end: float
    text: str  # with placeholders such as "[PERSON_1]"
    speaker: str | None = None


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
