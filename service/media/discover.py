"""Find the audio and video files under an evidence folder, by content.

Extensions lie (a camera dock renames files, a clerk saves notes as ``.wav``), so a file
is judged by its first bytes; a file whose bytes match nothing known gets a cheap PyAV
probe (header only) before it is called non-media. The walk never leaves the folder:
symlinks are resolved and followed only when the target stays inside, never into FIFOs
or devices (opening a FIFO would block the batch forever), and files are opened
read-only.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

HEAD_BYTES = 4096

#: Extensions that claim to be audio or video. A file with one of these is handed to the
#: decoder even when its bytes disagree, so a text file named ``.wav`` is reported as a
#: failure (the evidence is not what it says) instead of silently ignored.
MEDIA_EXTENSIONS = frozenset(
    {
        ".wav", ".wave", ".flac", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wma",
        ".aif", ".aiff", ".aifc", ".amr", ".au", ".caf", ".mka", ".mp4", ".m4v", ".mov",
        ".3gp", ".3g2", ".avi", ".mkv", ".webm", ".wmv", ".asf", ".flv", ".ts", ".mts",
        ".m2ts", ".mpg", ".mpeg", ".vob", ".mxf", ".avs",
    }
)


class Kind(StrEnum):
    """What the walk found at one path."""

    MEDIA = "media"
    NOT_MEDIA = "not_media"
    OUTSIDE = "symlink_outside"
    BROKEN_LINK = "broken_symlink"
    SPECIAL = "not_regular_file"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Found:
    """One entry under the evidence folder.

    ``path`` is the real (resolved) file to read, always inside the folder; ``rel`` is the
    path as the user sees it, relative to the folder, with ``/`` separators.
    """

    rel: str
    path: Path
    kind: Kind
    how: str  # why it was classified so: "magic:flac", "extension", "probe:wav", ...


def _riff(head: bytes) -> str | None:
    form = head[8:12]
    return {b"WAVE": "wav", b"AVI ": "avi", b"RMP3": "mp3"}.get(form)


def _mp4(head: bytes) -> str | None:
    return "mp4" if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip") else None


def _mpeg_ts(head: bytes) -> str | None:
    if len(head) >= 189 * 3 and all(head[i * 188] == 0x47 for i in range(3)):
        return "mpegts"
    if len(head) >= 192 * 3 and all(head[4 + i * 192] == 0x47 for i in range(3)):
        return "m2ts"
    return None


def _mpeg_audio(head: bytes) -> str | None:
    # MPEG audio / ADTS frame sync: 11 set bits, a valid layer or the ADTS layer 0.
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0:
        return "aac" if (head[1] & 0x06) == 0 else "mp3"
    return None


_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"fLaC", "flac"),
    (b"ID3", "mp3"),
    (b"OggS", "ogg"),
    (b"\x1a\x45\xdf\xa3", "matroska"),
    (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "asf"),
    (b"#!AMR", "amr"),
    (b"caff", "caf"),
    (b".snd", "au"),
    (b"FLV\x01", "flv"),
    (b"\x00\x00\x01\xba", "mpegps"),
    (b"RF64", "wav"),
    (b"wvpk", "wavpack"),
    (b"MAC ", "ape"),
    (b"\x06\x0e\x2b\x34\x02\x05\x01\x01", "mxf"),
)

#: Formats that are certainly not audio or video; saves a probe on every PDF and JPEG.
_NOT_MEDIA_PREFIXES: tuple[bytes, ...] = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF", b"{\\rtf",
    b"\xd0\xcf\x11\xe0", b"SQLite format 3", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf",
)


def sniff(head: bytes) -> str | None:
    """The media format named by the first bytes, or None when they name none we know."""
    for prefix, name in _PREFIXES:
        if head.startswith(prefix):
            return name
    if head.startswith(b"RIFF"):
        return _riff(head)
    if head.startswith(b"FORM") and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    return _mp4(head) or _mpeg_ts(head) or _mpeg_audio(head)


def certainly_not_media(head: bytes) -> bool:
    """Known document/image/archive formats, and text."""
    if head.startswith(_NOT_MEDIA_PREFIXES):
        return True
    return looks_like_text(head)


def looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut at the end of the head is still text.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return printable >= 0.95 * max(1, len(text))


def probe_has_audio(path: Path) -> str | None:
    """Open the container header with PyAV; the format name when it has an audio stream."""
    import av

    try:
        with av.open(str(path), mode="r", options={"probesize": "1000000"}) as container:
            if container.streams.audio:
                return str(container.format.name)
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError, OSError):
        return None
    return None


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """Read the first bytes read-only, refusing to follow a symlink swapped in meanwhile."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def classify(path: Path) -> tuple[Kind, str]:
    """Decide whether a regular file is media: magic bytes, then extension, then a probe."""
    try:
        head = read_head(path)
    except OSError:
        return Kind.UNREADABLE, "cannot be opened for reading"
    claims_media = path.suffix.lower() in MEDIA_EXTENSIONS
    if not head:
        return (Kind.MEDIA, "extension") if claims_media else (Kind.NOT_MEDIA, "empty")
    fmt = sniff(head)
    if fmt is not None:
        return Kind.MEDIA, f"magic:{fmt}"
    if claims_media:
        return Kind.MEDIA, "extension"
    if certainly_not_media(head):
        return Kind.NOT_MEDIA, "content"
    probed = probe_has_audio(path)
    if probed is not None:
        return Kind.MEDIA, f"probe:{probed}"
    return Kind.NOT_MEDIA, "probe"


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def walk(root: Path) -> Iterator[Found]:
    """Every file under ``root`` (deterministic order), classified, never escaping ``root``.

    ``root`` must be a directory. Symlinked directories that stay inside are walked once
    (a link loop cannot recurse); links that point outside, broken links and special
    files are reported, not opened.
    """
    root = Path(os.path.abspath(root))
    real_root = root.resolve()
    seen_dirs: set[Path] = {real_root}
    stack: list[Path] = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            yield Found(_rel(folder, root), folder, Kind.UNREADABLE, "folder cannot be listed")
            continue
        subdirs: list[Path] = []
        for entry in entries:
            here = Path(entry.path)
            rel = _rel(here, root)
            target = here
            if entry.is_symlink():
                target = here.resolve()
                if not target.is_relative_to(real_root):
                    yield Found(rel, here, Kind.OUTSIDE, "symlink")
                    continue
                if not target.exists():
                    yield Found(rel, here, Kind.BROKEN_LINK, "symlink")
                    continue
            try:
                mode = target.stat().st_mode
            except OSError:
                yield Found(rel, here, Kind.UNREADABLE, "cannot be examined")
                continue
            if stat.S_ISDIR(mode):
                real = target.resolve()
                if real not in seen_dirs:
                    seen_dirs.add(real)
                    subdirs.append(here)
                continue
            if not stat.S_ISREG(mode):
                yield Found(rel, here, Kind.SPECIAL, "not a regular file")
                continue
            kind, how = classify(target.resolve())
            yield Found(rel, target.resolve(), kind, how)
        stack.extend(reversed(subdirs))
