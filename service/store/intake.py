"""Decide whether an upload is audio/video we can use, before it becomes evidence.

Magic bytes answer most files at once (415 for documents, images, archives, text);
anything unrecognised gets a probe by FFmpeg. A file that claims to be media but
cannot be opened, has no audio, is empty, truncated or longer than MAX_DURATION_S is
a 422. The whole audio stream is decoded once, streaming, without keeping samples,
so truncation is caught at upload rather than hours later in the job (``service.media``
makes the checks; ``accept_partial`` lets a cut-off recording in, marked truncated).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

from service.errors import MediaError, NotMediaError

SNIFF_BYTES = 4096

# (offset, magic, container, content type)
_MEDIA_MAGIC: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"fLaC", "flac", "audio/flac"),
    (0, b"OggS", "ogg", "audio/ogg"),
    (0, b"ID3", "mp3", "audio/mpeg"),
    (0, b"#!AMR", "amr", "audio/amr"),
    (0, b"\x1a\x45\xdf\xa3", "matroska", "video/x-matroska"),
    (0, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "asf", "video/x-ms-asf"),
    (0, b"\x00\x00\x01\xba", "mpeg", "video/mpeg"),
    (0, b"caff", "caf", "audio/x-caf"),
    (0, b".snd", "au", "audio/basic"),
    (4, b"ftyp", "mp4", "video/mp4"),
    (4, b"moov", "mov", "video/quicktime"),
    (4, b"mdat", "mov", "video/quicktime"),
    (4, b"free", "mov", "video/quicktime"),
    (4, b"wide", "mov", "video/quicktime"),
)
_RIFF_KINDS = {b"WAVE": ("wav", "audio/wav"), b"AVI ": ("avi", "video/x-msvideo"),
               b"RF64": ("wav", "audio/wav")}
_AIFF_KINDS = {b"AIFF": ("aiff", "audio/aiff"), b"AIFC": ("aiff", "audio/aiff")}
_OTHER_MAGIC: tuple[bytes, ...] = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b",
    b"7z\xbc\xaf", b"Rar!", b"BM", b"II*\x00", b"MM\x00*", b"{\\rtf", b"\xd0\xcf\x11\xe0",
    b"SQLite format 3", b"MZ",
)
# What PyAV raises on hostile bytes: FFmpeg errors, plus odd values in broken headers.
_AV_ERRORS = (av.error.FFmpegError, UnicodeDecodeError, ValueError, OverflowError, IndexError)
# FFmpeg demuxers that accept almost anything; they never mean "audio".
_DENY_FORMATS = frozenset({"tty", "image2", "lavfi", "data", "bin", "txt", "srt", "webvtt",
                           "ass", "subviewer", "microdvd", "jacosub", "mpl2", "vplayer"})


@dataclass(frozen=True)
class Sniff:
    kind: str  # "media", "other" or "unknown"
    container: str | None = None
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class MediaInfo:
    container: str
    content_type: str
    duration_s: float
    truncated: bool = False  # accepted as partial: the file ends before its declared end


def sniff(head: bytes) -> Sniff:
    """Classify by magic bytes alone."""
    if len(head) >= 12 and head[:4] in (b"RIFF", b"RF64") and head[8:12] in _RIFF_KINDS:
        return Sniff("media", *_RIFF_KINDS[head[8:12]])
    if len(head) >= 12 and head[:4] == b"FORM" and head[8:12] in _AIFF_KINDS:
        return Sniff("media", *_AIFF_KINDS[head[8:12]])
    for offset, magic, container, ctype in _MEDIA_MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return Sniff("media", container, ctype)
    if _mpeg_ts(head):
        return Sniff("media", "mpegts", "video/mp2t")
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # MPEG audio / ADTS
        return Sniff("media", "mp3" if head[1] & 0x06 else "aac", "audio/mpeg")
    if any(head.startswith(m) for m in _OTHER_MAGIC) or _looks_like_text(head):
        return Sniff("other")
    return Sniff("unknown")


def _mpeg_ts(head: bytes) -> bool:
    return len(head) >= 189 * 2 and all(head[i] == 0x47 for i in (0, 188, 376))


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return True
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * len(text)


def validate(path: Path, head: bytes, max_duration_s: float | None,
             accept_partial: bool = False) -> MediaInfo:
    """Open, probe and decode the audio of ``path``; raise the matching typed error.

    Decoding and the truncation checks are ``service.media``'s, the same the pipeline
    runs, so an upload is refused (422 ``truncated_media``) exactly when ``process`` would
    refuse the file, unless the client accepts a partial recording.
    """
    from service.media import decode as media

    sniffed = sniff(head)
    if sniffed.kind == "other":
        raise NotMediaError("the upload is not an audio or video file")
    if sniffed.kind == "unknown":
        _refuse_text_demuxers(path)
    try:
        facts = media.inspect(path, media.DecodeOptions(max_duration_s=max_duration_s,
                                                        accept_partial=accept_partial))
    except NotMediaError as exc:
        if sniffed.kind == "media" and isinstance(exc.__cause__, _AV_ERRORS):
            raise MediaError("the media file cannot be read") from exc  # says media, is not
        raise NotMediaError(_without_name(exc)) from exc
    except MediaError as exc:
        raise type(exc)(_without_name(exc)) from exc
    return MediaInfo(facts.container.split(",")[0],
                     sniffed.content_type if sniffed.kind == "media"
                     else "application/octet-stream", facts.decoded_s,
                     truncated=facts.truncated)


def _without_name(exc: MediaError) -> str:
    """The message without its leading file name: the stored name is internal."""
    return exc.message.split(": ", 1)[-1]


def _refuse_text_demuxers(path: Path) -> None:
    """Bytes no magic number names: refuse what only a catch-all FFmpeg demuxer opens."""
    try:
        container = av.open(str(path), mode="r")
    except _AV_ERRORS as exc:
        raise NotMediaError("the upload is not an audio or video file") from exc
    with container:
        fmt = container.format.name.split(",")[0]
    if fmt in _DENY_FORMATS or fmt.endswith("_pipe"):
        raise NotMediaError("the upload is not an audio or video file")
