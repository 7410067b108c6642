"""Who-spoke-when results. Nothing here can hold a voice embedding, by construction.

A ``Diarization`` carries turns, per-speaker facts used to decide roles (speech time,
level, spectral balance) and the roles themselves. The speaker vectors that clustering
used live only inside the diarizer's call and are dropped before it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OFFICER = "OFFICER"
DISPATCH = "DISPATCH"
UNSURE_OFFICER = "SPEAKER_1"  # the likeliest wearer when the evidence is too weak to say


@dataclass(frozen=True)
class SpeakerTurn:
    """A stretch of audio attributed to one in-recording speaker (``speaker`` is 0, 1, …)."""

    start: float
    end: float
    speaker: int

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class SpeakerCues:
    """Non-identifying evidence about one speaker, used only to decide the role.

    ``level_db`` is the median frame level of the speaker's speech (a near talker, the
    camera's wearer, is louder); ``high_band`` the share of energy above 3.4 kHz (low
    for radio traffic, which passes a telephone band); ``question_share`` comes from
    what the speaker said (see ``roles``).
    """

    speaker: int
    speech_s: float
    first_start: float
    level_db: float
    high_band: float
    low_band: float
    question_share: float = 0.0


@dataclass(frozen=True)
class SpeakerInfo:
    """One entry of result.json ``speakers``."""

    label: str
    role: str  # "officer", "dispatch" or "other"
    confidence: float
    speech_s: float

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "role": self.role,
                "confidence": round(self.confidence, 3), "speech_s": round(self.speech_s, 2)}


@dataclass
class Diarization:
    """Turns plus the cues per speaker; ``labels`` maps speaker index to its output label."""

    turns: list[SpeakerTurn]
    cues: dict[int, SpeakerCues] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    speakers: list[SpeakerInfo] = field(default_factory=list)
    method: str = ""

    @property
    def n_speakers(self) -> int:
        return len({t.speaker for t in self.turns})
