"""Word-level diff of the AI draft against the officer's text (difflib, no dependencies).

Words, not characters, because SB 524's question is which words are the AI's and which
the officer's; whitespace changes alone are not edits.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

Op = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class DiffPiece:
    op: Op
    text: str


@dataclass(frozen=True)
class WordDiff:
    pieces: list[DiffPiece]
    added_words: int
    removed_words: int
    same_words: int

    @property
    def changed(self) -> bool:
        return bool(self.added_words or self.removed_words)


def word_diff(before: str, after: str) -> WordDiff:
    """What ``after`` added to and removed from ``before``, word by word."""
    a, b = before.split(), after.split()
    pieces: list[DiffPiece] = []
    added = removed = same = 0
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(DiffPiece("same", " ".join(a[i1:i2])))
            same += i2 - i1
            continue
        if i2 > i1:
            pieces.append(DiffPiece("removed", " ".join(a[i1:i2])))
            removed += i2 - i1
        if j2 > j1:
            pieces.append(DiffPiece("added", " ".join(b[j1:j2])))
            added += j2 - j1
    return WordDiff(pieces, added, removed, same)
