"""Content-addressed, write-once storage for originals: ``DATA_DIR/evidence/sha256/ab/<sha256>``.

An upload is streamed into ``evidence/incoming/`` while it is hashed and measured (no
upload is ever held whole in memory), fsynced, made read-only, then hard-linked into
its content address. ``os.link`` never replaces an existing file, so two uploads of
the same bytes race safely and an original is never overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
from pathlib import Path
from typing import BinaryIO

from service.errors import EvidenceIntegrityError, TooLargeError
from service.store.intake import SNIFF_BYTES

READ_ONLY = 0o444
HASH_CHUNK = 1 << 20


class Incoming:
    """An upload being received: a temp file, its running SHA-256, size and first bytes."""

    def __init__(self, path: Path, limit_bytes: int) -> None:
        self.path = path
        self.limit_bytes = limit_bytes
        self.size = 0
        self.head = b""
        self._sha = hashlib.sha256()
        self._fh = open(path, "xb")  # noqa: SIM115 (closed in finish/abort)

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit_bytes:
            raise TooLargeError(f"the upload is over the {self.limit_bytes >> 20} MB limit")
        if len(self.head) < SNIFF_BYTES:
            self.head += data[: SNIFF_BYTES - len(self.head)]
        self._sha.update(data)
        self._fh.write(data)

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()

    def finish(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()

    def abort(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self.path.unlink(missing_ok=True)


class EvidenceStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "evidence"
        self.incoming_dir = self.root / "incoming"
        self.raw_dir = self.root / "raw"
        for folder in (self.root, self.incoming_dir, self.raw_dir):
            folder.mkdir(parents=True, exist_ok=True)

    def begin(self, limit_bytes: int) -> Incoming:
        return Incoming(self.incoming_dir / f"{secrets.token_hex(12)}.part", limit_bytes)

    def path_for(self, sha256: str) -> Path:
        return self.root / "sha256" / sha256[:2] / sha256

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root.parent).as_posix()

    def commit(self, incoming: Incoming) -> tuple[Path, bool]:
        """Move a finished upload to its content address; (path, newly stored)."""
        final = self.path_for(incoming.sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(incoming.path, READ_ONLY)
        try:
            os.link(incoming.path, final)
            created = True
        except FileExistsError:
            created = False
        finally:
            incoming.path.unlink(missing_ok=True)
        if created:
            _fsync_dir(final.parent)
        return final, created

    def open_verified(self, path: Path, sha256: str) -> BinaryIO:
        """The original, open and re-hashed through the same handle that will serve it.

        Hashing the open handle (not the path) means a file swapped in after the check
        is never the one read; a mismatch raises and the handle is closed.
        """
        try:
            fh = open(path, "rb")  # noqa: SIM115 (returned to the caller, who closes it)
        except FileNotFoundError:
            raise EvidenceIntegrityError("the stored original is missing") from None
        try:
            if _hash_handle(fh) != sha256:
                raise EvidenceIntegrityError(
                    "the stored original does not match its recorded SHA-256; not served")
            fh.seek(0)
        except BaseException:
            fh.close()
            raise
        return fh

    def raw_transcript_path(self, recording_id: str) -> Path:
        return self.raw_dir / f"{recording_id}.transcript.json"

    def keep_raw_transcript(self, recording_id: str, source: Path) -> None:
        """Move the pipeline's raw transcript out of the results folder, read-only."""
        target = self.raw_transcript_path(recording_id)
        if target.exists():
            os.chmod(target, 0o644)  # a re-run replaces it with the same derivation
        os.replace(source, target)
        os.chmod(target, READ_ONLY)

    def sweep_incoming(self, older_than_s: float = 3600.0) -> int:
        """Delete partial uploads left by a crash (never acknowledged, so never evidence).

        The server calls this with 0 before it accepts connections: no upload can be in
        flight then, so every ``.part`` file is a leftover.
        """
        removed = 0
        cutoff = time.time() - older_than_s
        for part in self.incoming_dir.glob("*.part"):
            with contextlib.suppress(OSError):
                if part.stat().st_mtime < cutoff:
                    part.unlink()
                    removed += 1
        return removed


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in chunks (originals can be hundreds of MB)."""
    with open(path, "rb") as fh:
        return _hash_handle(fh)


def _hash_handle(fh: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := fh.read(HASH_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
