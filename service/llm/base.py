"""The one interface every language-model engine implements: chat messages in, text out.

Why a Protocol: the summarizer, ``ask`` and the refusal judge only need ``chat``; a
llama.cpp model, a transformers model, an HTTP endpoint or a test double stand in for
each other without sharing a base class. Decoding is greedy everywhere, because a draft
that changes between runs cannot be audited. With ``json_schema`` the reply is JSON that
parses and matches the schema (llama.cpp enforces it with a grammar; the other engines
validate and raise ``LLMError`` when the model did not comply).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

Messages = list[dict[str, str]]


class LLMError(Exception):
    """The model produced no usable answer (endpoint down, reply off-schema). Callers fall back."""


class TruncatedReply(LLMError):
    """``max_tokens`` ran out before the JSON closed; ``text`` is what was generated."""

    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.text = text


@runtime_checkable
class ChatModel(Protocol):
    """A chat LLM. Engines also expose ``engine`` ("llama.cpp", …) for provenance."""

    name: str

    def chat(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int = 256,
        json_schema: dict | None = None,
        stop: list[str] | None = None,
    ) -> str: ...


@dataclass
class ChatStats:
    """Token and time totals of one engine, for benchmarks and result provenance."""

    calls: int = 0
    prompt_tokens: int = 0
    cached_prompt_tokens: int = 0  # prompt tokens served from the reused KV prefix
    completion_tokens: int = 0
    seconds: float = 0.0


def engine_name(model: object) -> str:
    """The engine behind a ChatModel, ``"unknown"`` for doubles that do not say."""
    return str(getattr(model, "engine", "unknown"))
