"""The CLI's exit codes, in one place (DESIGN.md): scripts and CI branch on them."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    FAILED = 1  # some work failed (batch), a broken audit chain, a missed eval threshold
    USAGE = 2  # bad input or usage: one line, no traceback
    REFUSED = 3  # refused by the identification policy
    INTERRUPTED = 130  # Ctrl-C
