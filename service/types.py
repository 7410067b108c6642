"""Typed results of the application layer (the transcript types live in ``redaction.types``)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
