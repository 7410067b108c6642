"""Is the file as long as it says it is? Structural end-of-file checks per container.

A cut-off or lying file must not become a silently partial transcript: for evidence that
is worse than an error. FFmpeg derives some durations from the bytes actually present
(WAV from the file size, Ogg from the last page found, a CBR MP3 from size and bitrate),
so comparing its duration with what decoded cannot catch those cuts. These checks read
what the container itself *declares* and see whether the bytes are there:

* WAV/RF64: the ``data`` chunk size against the bytes after it (a header claiming 10 h
  over 3 s of samples is a lie), and a payload that is text is no audio at all;
* Ogg: the last page must be whole and carry the end-of-stream flag;
* MP4/MOV/M4A: every top-level box must fit inside the file;
* MPEG audio: the last frame must be as long as its own header says (checked on the
  demuxed packet, in ``decode``).

Each check is a few reads at known offsets; none decodes audio.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from service.media.discover import looks_like_text

#: WAV sizes that mean "not known when the header was written" (streamed recorders).
_UNKNOWN_SIZES = frozenset({0, 0xFFFFFFFF})
_OGG_EOS = 0x04


@dataclass(frozen=True)
class Structure:
    """What the container declares about its own length, and whether the bytes agree."""

    declared_s: float | None = None  # a length the header states, when it states one
    available_s: float | None = None  # how much of it the bytes can hold
    short: str | None = None  # one-line reason when the file ends before its declared end
    not_audio: str | None = None  # one-line reason when the payload is not audio at all


def inspect_structure(path: Path, head: bytes) -> Structure:
    """Run the check that fits the file's first bytes (and nothing for other formats)."""
    size = path.stat().st_size
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return _wav(path, size)
    if head.startswith(b"OggS"):
        return _ogg(path, size)
    if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
        return _mp4(path, size)
    return Structure()


def _wav(path: Path, size: int) -> Structure:
    with open(path, "rb") as fh:
        fh.seek(12)
        byte_rate = 0
        data_size64 = None
        while True:
            header = fh.read(8)
            if len(header) < 8:
                return Structure(short="the WAV file ends before its audio data starts")
            cid, csize = header[:4], struct.unpack("<I", header[4:])[0]
            if cid == b"ds64":
                body = fh.read(csize)
                if len(body) >= 16:
                    data_size64 = struct.unpack("<Q", body[8:16])[0]
                fh.seek(csize % 2, 1)
                continue
            if cid == b"fmt ":
                body = fh.read(csize)
                if len(body) >= 12:
                    byte_rate = struct.unpack("<I", body[8:12])[0]
                fh.seek(csize % 2, 1)
                continue
            if cid == b"data":
                start = fh.tell()
                payload = fh.read(4096)
                break
            fh.seek(csize + csize % 2, 1)
    if payload and looks_like_text(payload[:4096]):
        return Structure(not_audio="the WAV header is followed by text, not audio samples")
    declared_bytes = data_size64 if csize == 0xFFFFFFFF and data_size64 else csize
    present = size - start
    if declared_bytes in _UNKNOWN_SIZES or byte_rate <= 0:
        return Structure()
    declared_s = declared_bytes / byte_rate
    available_s = min(present, declared_bytes) / byte_rate
    if present < declared_bytes:
        return Structure(declared_s, available_s,
                         short=f"the WAV header declares {declared_s:.1f} s, "
                               f"the file holds {available_s:.2f} s")
    return Structure(declared_s, available_s)


def _ogg(path: Path, size: int) -> Structure:
    """Walk the page headers (27 bytes + lacing table each) to the end of the file."""
    pos = 0
    last_flags = 0
    with open(path, "rb") as fh:
        while pos < size:
            fh.seek(pos)
            header = fh.read(27)
            if len(header) < 27 or header[:4] != b"OggS":
                if pos == 0:
                    return Structure()
                return Structure(short="the Ogg stream is cut inside a page")
            nsegs = header[26]
            lacing = fh.read(nsegs)
            if len(lacing) < nsegs:
                return Structure(short="the Ogg stream is cut inside a page")
            last_flags = header[5]
            pos += 27 + nsegs + sum(lacing)
    if pos > size:
        return Structure(short="the Ogg stream is cut inside its last page")
    if not last_flags & _OGG_EOS:
        return Structure(short="the Ogg stream ends without its end-of-stream page")
    return Structure()


def _mp4(path: Path, size: int) -> Structure:
    """Top-level boxes (size, type[, 64-bit size]) must tile the file exactly."""
    pos = 0
    with open(path, "rb") as fh:
        while pos < size:
            fh.seek(pos)
            header = fh.read(16)
            if len(header) < 8:
                return Structure(short="the MP4 file ends inside a box header")
            box = struct.unpack(">I", header[:4])[0]
            if box == 1:
                if len(header) < 16:
                    return Structure(short="the MP4 file ends inside a box header")
                box = struct.unpack(">Q", header[8:16])[0]
            elif box == 0:  # "to the end of the file"
                return Structure()
            if box < 8:
                return Structure(not_audio="the MP4 box structure is corrupt")
            pos += box
    if pos > size:
        return Structure(short=f"the MP4 file ends inside a box ({size} bytes; the box "
                               f"runs to byte {pos})")
    return Structure()


# MPEG audio frame lengths, for the last-frame check. (version, layer) tables, kbit/s.
_BITRATES = {
    (1, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (1, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (1, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (2, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (2, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_BITRATES[(2, 3)] = _BITRATES[(2, 2)]
_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000), 25: (11025, 12000, 8000)}


def mpeg_frame_length(header: bytes) -> int | None:
    """Bytes in the MPEG audio frame that starts with ``header`` (None: not a frame header)."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = {3: 1, 2: 2, 0: 25}.get((header[1] >> 3) & 3)
    layer = {3: 1, 2: 2, 1: 3}.get((header[1] >> 1) & 3)
    index, rate_index = header[2] >> 4, (header[2] >> 2) & 3
    if version is None or layer is None or index in (0, 15) or rate_index == 3:
        return None
    bitrate = _BITRATES[(1 if version == 1 else 2, layer)][index] * 1000
    rate = _RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    per_frame = 144 if layer == 2 or version == 1 else 72
    return per_frame * bitrate // rate + padding


def declares_frame_count(path: Path) -> bool:
    """Whether an MPEG audio file carries a Xing/Info/VBRI header (a stated frame count).

    Without one, FFmpeg estimates the duration from the bitrate and the file size, which
    says nothing about a cut; with one, the duration it reports is a declaration.
    """
    with open(path, "rb") as fh:
        head = fh.read(10)
        if head[:3] == b"ID3" and len(head) == 10:  # skip the tag: its size is syncsafe
            fh.seek(10 + sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(head[6:10])))
        else:
            fh.seek(0)
        first = fh.read(4096)
    return any(tag in first for tag in (b"Xing", b"Info", b"VBRI"))
