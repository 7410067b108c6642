"""Checkpoints of the audit chain's head, appended to a location outside DATA_DIR.

The chain and ``audit.head`` live in DATA_DIR, so whoever can write there can wipe or
rewrite both and recompute every hash. Each new head is therefore also appended, one
JSON line per entry, to ``BODYCAM_AUDIT_ANCHOR_DIR`` (a separate mount the operator
makes append-only: ``chattr +a``, a WORM share, a log shipper). ``audit verify`` then
checks that every anchored ``(seq, hash)`` is still in the chain: a wipe, a truncation
or a rewrite, however carefully re-hashed, no longer matches what was anchored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from service.errors import BodycamError

log = logging.getLogger("bodycam.store.anchor")


class AnchorUnreadable(BodycamError):
    """The anchor exists but cannot be read (permissions, a folder in its place): exit 2."""

    code = "anchor_unreadable"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    ts: str


def anchor_file(anchor_dir: Path, data_dir: Path) -> Path:
    """One file per data dir, so several deployments (or test runs) can share a mount."""
    tag = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(anchor_dir) / f"audit-{tag}.anchor.jsonl"


class Anchor:
    """Appends checkpoints with O_APPEND (never seeks, never truncates) and reads them back."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, seq: int, digest: str, ts: str) -> None:
        line = json.dumps({"seq": seq, "hash": digest, "ts": ts}, separators=(",", ":")) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def exists(self) -> bool:
        return self.path.is_file()

    def checkpoints(self) -> list[Checkpoint]:
        """Every readable checkpoint; a torn last line (crash mid-write) is skipped."""
        out: list[Checkpoint] = []
        try:
            with open(self.path, encoding="ascii", errors="replace") as fh:
                for line in fh:  # streamed: one line per audit entry, ever
                    try:
                        item = json.loads(line)
                        out.append(Checkpoint(int(item["seq"]), str(item["hash"]),
                                              str(item["ts"])))
                    except (ValueError, KeyError, TypeError):
                        continue
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise AnchorUnreadable(f"the audit anchor {self.path.name} cannot be read "
                                   f"({type(exc).__name__})") from exc
        return out
