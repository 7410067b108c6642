"""What the officer's recollection holds that the AI draft lacks, and the other way round.

Behind a one-method interface (``FactComparer``) so a better comparison (the narrative
writer's claim check, an embedding model, an NLI model) can replace it. The default uses
the summary claim check's support test without the embedding step: a statement is "held"
by the other text when its content words (stemmed) and numbers are found there. Where
that module is unavailable, a plain content-word overlap stands in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

_SENT = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\[[A-Z][A-Z_]*_\d+\]|\d+|[A-Za-z]+(?:'[A-Za-z]+)?")
_STOP_WORDS = """
    a an the and or but if then so of to in on at for with from by as is are was were be
    been it its this that these those i me my we our you your he him his she her they them
    their there here said told asked stated reported
"""
_STOP = frozenset(_STOP_WORDS.split())


class FactComparer(Protocol):
    def holds(self, statement: str, text: str) -> bool:
        """Does ``text`` state what ``statement`` states?"""


@dataclass(frozen=True)
class Comparison:
    recollection_only: list[str]
    draft_only: list[str]
    shared: list[str]


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text.strip()) if s.strip()]


class ContentWordComparer:
    """Held when at least ``min_coverage`` of the statement's content words appear."""

    def __init__(self, min_coverage: float = 0.7) -> None:
        self.min_coverage = min_coverage

    def holds(self, statement: str, text: str) -> bool:
        words = [w.lower() for w in _WORD.findall(statement) if w.lower() not in _STOP]
        if not words:
            return True
        other = {w.lower() for w in _WORD.findall(text)}
        return sum(w in other for w in words) / len(words) >= self.min_coverage


class ClaimCheckComparer:
    """The narrative writer's claim check (numbers, placeholders, stemmed content words)."""

    def __init__(self, min_coverage: float = 0.7) -> None:
        self.min_coverage = min_coverage

    def holds(self, statement: str, text: str) -> bool:
        from service.summary.check import verify

        verdict = verify(statement, [text], similarity=None, min_coverage=self.min_coverage,
                         paraphrase_coverage=self.min_coverage)
        return verdict.supported


def default_comparer() -> FactComparer:
    """The claim check when the summary package provides it, else content-word overlap."""
    try:
        from service.summary import check
    except ImportError:
        return ContentWordComparer()
    return ClaimCheckComparer() if hasattr(check, "verify") else ContentWordComparer()


def compare(recollection: str, draft_facts: Sequence[str], comparer: FactComparer) -> Comparison:
    """Sentence by sentence, in both directions."""
    draft_text = " ".join(draft_facts)
    mine = split_sentences(recollection)
    rec_only = [s for s in mine if not comparer.holds(s, draft_text)]
    draft_only, shared = [], []
    for fact in draft_facts:
        (shared if comparer.holds(fact, recollection) else draft_only).append(fact)
    return Comparison(rec_only, draft_only, shared)
