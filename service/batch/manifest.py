"""The batch manifest (``DIR/manifest.jsonl``): an append-only chain-of-custody log.

One JSON object per line per source file per run. Each line goes out in a single
``write`` followed by ``fsync``, so a batch killed at any moment leaves a file whose
complete lines are all valid; a torn last line is skipped on reading and terminated
before the next append. The newest line for a file's content (its SHA-256) that carries
output hashes is what a rerun verifies before skipping the file.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service import logger
from service.errors import BadRequestError

MANIFEST_NAME = "manifest.jsonl"
MANIFEST_VERSION = "1"
LOCK_NAME = ".batch.lock"
_CHUNK = 1 << 20


class ManifestWriter:
    """Appends one record per call: one write, then flush to disk (fsync)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        existed = path.exists()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if existed:
            self._terminate_torn_line()
        else:
            _fsync_dir(path.parent)

    def _terminate_torn_line(self) -> None:
        """A kill mid-write can leave a partial last line; end it so the next one parses."""
        size = os.fstat(self._fd).st_size
        if size == 0:
            return
        with open(self.path, "rb") as fh:
            fh.seek(size - 1)
            last = fh.read(1)
        if last != b"\n":
            self._write(b"\n")

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        os.fsync(self._fd)

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
        self._write((line + "\n").encode("utf-8"))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> ManifestWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """Every complete, valid record; torn or foreign lines are skipped (and counted)."""
    if not path.exists():
        return []
    records: list[dict[str, Any]] = []
    bad = 0
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.endswith("\n"):
                bad += 1  # torn by a kill mid-write
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(record, dict):
                records.append(record)
    if bad:
        logger.warning("manifest: ignored %d incomplete line(s)", bad)
    return records


@dataclass(frozen=True)
class Prior:
    """What the newest good record says about one recording's outputs."""

    path: str
    recording_id: str
    outputs: dict[str, str]
    config: dict[str, Any]
    models: dict[str, Any] = field(default_factory=dict)
    software: dict[str, Any] = field(default_factory=dict)
    duration_s: float | None = None
    run_id: str | None = None


def build_index(records: list[dict[str, Any]]) -> dict[str, Prior]:
    """SHA-256 → the newest record with verified outputs; a later failure clears it.

    A failure after a success (e.g. a ``--force`` rerun that crashed mid-way) means the
    folder may hold a mix of two runs, so that file must be redone.
    """
    index: dict[str, Prior] = {}
    for rec in records:
        sha = rec.get("sha256")
        if not isinstance(sha, str):
            continue
        status = rec.get("status")
        outputs = rec.get("outputs") or {}
        if status == "failed":
            index.pop(sha, None)
        elif status in ("done", "skipped") and outputs and "result.json" in outputs:
            index[sha] = Prior(
                path=str(rec.get("path", "")),
                recording_id=str(rec.get("recording_id", "")),
                outputs=dict(outputs),
                config=dict(rec.get("config") or {}),
                models=dict(rec.get("models") or {}),
                software=dict(rec.get("software") or {}),
                duration_s=rec.get("duration_s"),
                run_id=rec.get("produced_by_run") or rec.get("run_id"),
            )
    return index


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hash_outputs(folder: Path) -> dict[str, str]:
    """SHA-256 of every finished output file (temp files start with a dot)."""
    return {
        p.name: sha256_of(p)
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def verify_outputs(folder: Path, outputs: dict[str, str]) -> bool:
    """True when result.json exists and every recorded output still has its hash."""
    if "result.json" not in outputs or not (folder / "result.json").is_file():
        return False
    for name, digest in outputs.items():
        target = folder / name
        if "/" in name or not target.is_file() or sha256_of(target) != digest:
            return False
    return True


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a killed run left (``.<name>.tmp``); returns how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    for p in folder.iterdir():
        if p.name.startswith(".") and p.name.endswith(".tmp") and p.is_file():
            p.unlink()
            removed += 1
    return removed


@contextmanager
def exclusive(out_dir: Path, token: str = "") -> Iterator[None]:
    """One batch per output folder: two writers would interleave and double the work.

    The holder writes ``<pid> <token>`` into the lock file once it holds the lock, so
    its workers can check it is still theirs (``lifeline.holds_lock``) before writing.
    """
    fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BadRequestError(
                f"another batch is already writing to {out_dir.name}; wait for it to finish"
            ) from exc
        os.ftruncate(fd, 0)  # only now: truncating before the lock would wipe the holder's
        os.pwrite(fd, f"{os.getpid()} {token}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)
