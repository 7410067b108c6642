"""Typed results passed between stages (faster-whisper style: plain dataclasses).

``Transcript`` holds what was said, PII included; it never leaves the process except
through ``--include-raw``. Everything downstream of redaction takes
``redaction.types.RedactedTranscript`` instead, so raw text cannot reach the LLM.
"""

from __future__ import annotations

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

    @property
    def duration_s(self) -> float:
        return float(len(self.samples)) / self.sample_rate

    @property
    def recording_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    word: str
    probability: float


@dataclass(frozen=True)
class Segment:
    id: int
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0


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


@dataclass
class Timings:
    decode_s: float = 0.0
    asr_s: float = 0.0
    redact_s: float = 0.0
    summarize_s: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, float]:
        out = {
            "decode_s": round(self.decode_s, 3),
            "asr_s": round(self.asr_s, 3),
            "redact_s": round(self.redact_s, 3),
            "summarize_s": round(self.summarize_s, 3),
        }
        out.update({k: round(v, 3) for k, v in self.extra.items()})
        return out
