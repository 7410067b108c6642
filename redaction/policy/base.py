"""The gate's interface: what a decision is and what every request policy must offer.

Why a module of its own: callers (CLI, REST, pipeline) and test doubles depend on this
small surface, never on how a gate decides. A ``Decision.reason`` is one line built from
the category and the deciding layer only, so it can be logged and returned without ever
echoing the request.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

CATEGORIES: tuple[str, ...] = (
    "injection",
    "unredaction",
    "biometric",
    "personal_data",
    "profiling",
    "identity",
)

#: What each category means, used in one-line reasons ("asks to ... (category)").
CATEGORY_DESCRIPTIONS: dict[str, str] = {
    "biometric": "identify a person by face, voice, gait or accent",
    "identity": "find out who a person is",
    "personal_data": "obtain a person's contact details, identifiers or records",
    "unredaction": "undo or see behind the redaction",
    "profiling": "track, profile or single out a person",
    "injection": "switch off the privacy rules",
}

#: The layers, in the order the gate consults them (``Decision.layer``).
LAYERS: tuple[str, ...] = ("empty", "rule", "allow-list", "classifier", "judge", "fail-closed")


@dataclass(frozen=True)
class Decision:
    """The outcome of a policy check. ``reason`` never contains the request text."""

    allowed: bool
    category: str | None
    reason: str
    score: float
    layer: str = ""

    def to_dict(self, text: str) -> dict[str, Any]:
        """The public JSON shape (CLI ``policy check``): the caller supplies its own text."""
        return {
            "text": text,
            "allowed": self.allowed,
            "category": self.category,
            "reason": self.reason,
            "score": round(float(self.score), 3),
            "layer": self.layer,
        }


def refusal(category: str, layer: str, score: float, detail: str = "") -> Decision:
    """A refusal whose reason names the category and layer, never the request."""
    cat = category if category in CATEGORY_DESCRIPTIONS else "identity"
    extra = f"; {detail}" if detail else ""
    reason = f"asks to {CATEGORY_DESCRIPTIONS[cat]} ({cat}); layer: {layer}{extra}"
    return Decision(False, cat, reason, score, layer)


def allowance(layer: str, score: float, detail: str) -> Decision:
    """An allowed decision with a one-line reason that says which layer let it through."""
    return Decision(True, None, f"{detail}; layer: {layer}", score, layer)


class RequestPolicy(ABC):
    """Interface so a remote classifier or a test double can stand in for the default."""

    @abstractmethod
    def check(self, text: str) -> Decision:
        """Decide whether ``text`` may be acted on."""
