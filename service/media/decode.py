"""Decode an audio or video file into 16 kHz mono float32, without touching the original.

The original is evidence: it is opened read-only, hashed as it is read, and never
written. Every way a file can be unusable maps to one typed error with a one-line
message, so the CLI and the API can answer without a traceback.

A file that ends before it says it does (cut off in transfer, or a header that lies)
is a ``truncated_media`` error unless the caller accepts partial files; then the audio
that decoded is returned with ``truncated=True``. Three things are compared: the
container's own structure (``integrity``), the duration it declares against what
decoded, and the frame count it declares against the frames demuxed.

Decoding streams: blocks go to a sink, so ``open_audio`` keeps a 4-hour file in a
memory-mapped temporary file (released window by window) instead of in RAM.
"""

from __future__ import annotations

import hashlib
import logging
import mmap
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from redaction.types import Audio
from service.errors import (
    EmptyFileError,
    MediaError,
    NoAudioStreamError,
    NotMediaError,
    TooLongError,
    TruncatedError,
    ZeroDurationError,
)
from service.media.integrity import declares_frame_count, inspect_structure, mpeg_frame_length

logger = logging.getLogger("bodycam.media")

SAMPLE_RATE = 16000
_CHUNK = 1 << 20
_HEAD = 4096
#: What PyAV raises on hostile bytes: FFmpeg errors, plus odd values in broken headers.
AV_ERRORS = (av.error.FFmpegError, UnicodeDecodeError, ValueError, OverflowError, IndexError)
#: Decoded audio may fall this far short of the declared duration (codec priming and
#: padding are a few ms; a cut is at least a frame): 0.25 s plus 0.1 %.
SHORTFALL_S, SHORTFALL_FRACTION = 0.25, 0.001
#: Containers whose FFmpeg duration is measured from the bytes present (WAV), read from
#: the last page found (Ogg) or estimated from a bitrate (MPEG audio without a Xing
#: header): comparing it with what decoded proves nothing, ``integrity`` checks them.
_MEASURED_DURATION = frozenset({"wav", "ogg", "mp3", "aac"})

Sink = Callable[[np.ndarray], None]


@dataclass(frozen=True)
class DecodeOptions:
    """How to decode: the duration limit, a channel, and whether a cut file is usable."""

    max_duration_s: float | None = None
    channel: str | None = None  # "left" / "right" of a stereo file; None averages
    accept_partial: bool = False


@dataclass(frozen=True)
class MediaFacts:
    """What reading the file established, apart from the samples themselves."""

    container: str
    original_sample_rate: int
    original_channels: int
    samples: int
    declared_s: float | None
    truncated: bool = False
    truncation: str | None = None  # one-line reason when truncated

    @property
    def decoded_s(self) -> float:
        return self.samples / SAMPLE_RATE


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in chunks (files can be hours of video)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _open_container(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), mode="r")
    except AV_ERRORS as exc:
        raise NotMediaError(f"{path.name}: not an audio or video file") from exc


def _audio_stream(path: Path, container: av.container.InputContainer) -> av.AudioStream:
    streams = container.streams.audio
    if not streams:
        raise NoAudioStreamError(f"{path.name}: the file has no audio stream")
    stream = streams[0]
    if stream.codec_context is None:  # PyAV then fails on any attribute ('rate', ...)
        raise MediaError(f"{path.name}: the audio codec is unknown or its header is corrupt")
    return stream


def _declared(container: av.container.InputContainer, stream: av.AudioStream) -> float | None:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def probe_duration(path: Path) -> float | None:
    """Container-level duration in seconds, without decoding (None when unknown)."""
    with _open_container(path) as container:
        try:
            return _declared(container, _audio_stream(path, container))
        except AV_ERRORS as exc:
            raise MediaError(f"{path.name}: the media header cannot be read") from exc


def _check_file(path: Path) -> bytes:
    if not path.exists():
        raise MediaError(f"{path.name}: no such file")
    if not path.is_file():
        raise MediaError(f"{path.name}: not a regular file")
    if path.stat().st_size == 0:
        raise EmptyFileError(f"{path.name}: the file is empty")
    with open(path, "rb") as fh:
        return fh.read(_HEAD)


def scan(path: str | os.PathLike[str], sink: Sink,
         options: DecodeOptions | None = None) -> MediaFacts:
    """Decode ``path`` into ``sink`` (16 kHz mono float32 blocks) and check it is whole.

    Raises the typed error for each way the file is unusable; a short file raises
    ``TruncatedError`` unless ``options.accept_partial``.
    """
    path = Path(path)
    options = options or DecodeOptions()
    head = _check_file(path)
    structure = inspect_structure(path, head)
    if structure.not_audio:
        raise NotMediaError(f"{path.name}: {structure.not_audio}")
    if structure.short and not options.accept_partial:
        raise TruncatedError(f"{path.name}: truncated: {structure.short}")
    try:
        container = _open_container(path)
        stream = _audio_stream(path, container)
    except MediaError as exc:
        if structure.short:  # nothing before the cut is readable
            raise TruncatedError(f"{path.name}: truncated: {structure.short}") from exc
        raise
    with container:
        try:
            declared = _declared(container, stream)
            limit = options.max_duration_s
            if declared is not None and limit is not None and declared > limit \
                    and not structure.short:
                raise TooLongError(f"{path.name}: {declared:.0f} s is over the {limit:.0f} s limit")
            facts = _decode(path, container, stream, sink, options)
        except AV_ERRORS as exc:
            raise MediaError(f"{path.name}: the audio stream cannot be decoded") from exc
    if facts.samples == 0:
        raise ZeroDurationError(f"{path.name}: the audio stream has no samples")
    reason = structure.short or facts.truncation or _shortfall(path, facts, declared)
    if reason and not options.accept_partial:
        raise TruncatedError(f"{path.name}: truncated: {reason}")
    return MediaFacts(facts.container, facts.original_sample_rate, facts.original_channels,
                      facts.samples, structure.declared_s or declared,
                      truncated=reason is not None, truncation=reason)


def _shortfall(path: Path, facts: MediaFacts, declared: float | None) -> str | None:
    fmt = facts.container.split(",")[0]
    if declared is None or (fmt in _MEASURED_DURATION
                            and not (fmt == "mp3" and declares_frame_count(path))):
        return None
    missing = declared - facts.decoded_s
    if missing > SHORTFALL_S + SHORTFALL_FRACTION * declared:
        return f"the container declares {declared:.2f} s, {facts.decoded_s:.2f} s decoded"
    return None


def _decode(path: Path, container: av.container.InputContainer, stream: av.AudioStream,
            sink: Sink, options: DecodeOptions) -> MediaFacts:
    """The demux/decode loop: counts packets, stops at the first broken one."""
    stereo = options.channel in ("left", "right")
    resampler = av.AudioResampler(format="s16", layout="stereo" if stereo else "mono",
                                  rate=SAMPLE_RATE)
    limit = None if options.max_duration_s is None else int(options.max_duration_s * SAMPLE_RATE)
    fmt = container.format.name
    declared_frames = int(stream.frames or 0)
    total = packets = 0
    last_packet = b""
    truncation = None

    def emit(frames: list[av.AudioFrame]) -> None:
        nonlocal total
        for out in frames:
            pcm = out.to_ndarray().reshape(-1).astype(np.float32) / 32768.0
            if stereo:
                pcm = pcm.reshape(-1, 2)[:, 0 if options.channel == "left" else 1].copy()
            total += pcm.size
            sink(pcm)
        if limit is not None and total > limit:
            raise TooLongError(
                f"{path.name}: longer than the {options.max_duration_s:.0f} s limit")

    try:
        for packet in container.demux(stream):
            if packet.size:
                packets += 1
                if packet.is_corrupt and fmt != "wav":  # WAV: its header sizes decide
                    truncation = "the last packet is incomplete"
                if fmt == "mp3":
                    last_packet = bytes(packet)
            for frame in packet.decode():
                frame.pts = None  # resample by sample count; broken pts must not stall it
                emit(resampler.resample(frame))
        emit(resampler.resample(None))
    except AV_ERRORS as exc:
        if total == 0:
            raise
        truncation = f"decoding stopped at {total / SAMPLE_RATE:.2f} s ({type(exc).__name__})"
    if truncation is None and last_packet:
        expected = mpeg_frame_length(last_packet[:4])
        if expected is not None and len(last_packet) < expected:
            truncation = "the last MPEG audio frame is incomplete"
    if truncation is None and declared_frames and packets < declared_frames:
        truncation = f"the container declares {declared_frames} frames, {packets} are present"
    return MediaFacts(fmt, int(stream.codec_context.sample_rate or 0),
                      int(stream.codec_context.channels or 0), total, None,
                      truncation is not None, truncation)


def load(
    path: str | os.PathLike[str],
    *,
    max_duration_s: float | None = None,
    channel: str | None = None,
    accept_partial: bool = False,
) -> Audio:
    """Read, hash and decode ``path`` into memory (evaluation sets and short clips).

    ``channel`` picks ``"left"`` or ``"right"`` of a stereo file (evaluation sets use it);
    by default channels are averaged.
    """
    path = Path(path)
    _check_file(path)
    sha = sha256_file(path)  # before decoding: the hash names the bytes that were read
    blocks: list[np.ndarray] = []
    facts = scan(path, blocks.append, DecodeOptions(max_duration_s, channel, accept_partial))
    samples = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)
    return _audio(path, sha, samples, facts)


def open_audio(
    path: str | os.PathLike[str],
    options: DecodeOptions | None = None,
    work_dir: Path | None = None,
) -> Audio:
    """Decode ``path`` into an unlinked temporary file and map it read-only.

    Memory stays flat whatever the duration: the samples live in the page cache, and
    ``Audio.window`` hands each window's pages back after copying it. The file has no
    name once mapped, so nothing is left behind even after ``kill -9``.
    """
    path = Path(path)
    _check_file(path)
    sha = sha256_file(path)
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".bodycam-pcm-", dir=work_dir)
    os.unlink(tmp_name)
    try:
        with os.fdopen(os.dup(fd), "wb", buffering=_CHUNK) as fh:
            facts = scan(path, lambda block: fh.write(block.tobytes()), options)
        nbytes = facts.samples * 4
        mapping = mmap.mmap(fd, nbytes, prot=mmap.PROT_READ)
    finally:
        os.close(fd)
    samples = np.frombuffer(mapping, dtype=np.float32, count=facts.samples)
    return _audio(path, sha, samples, facts, release=_releaser(mapping))


def _releaser(mapping: mmap.mmap) -> Callable[[int, int], None]:
    page = mmap.PAGESIZE

    def release(start: int, end: int) -> None:
        """Drop the mapped pages of samples [start, end) from this process's memory."""
        a = (start * 4) // page * page
        b = min(len(mapping), -(-(end * 4) // page) * page)
        if b > a and hasattr(mapping, "madvise"):
            mapping.madvise(mmap.MADV_DONTNEED, a, b - a)

    return release


def _audio(path: Path, sha: str, samples: np.ndarray, facts: MediaFacts,
           release: Callable[[int, int], None] | None = None) -> Audio:
    if facts.truncated:
        logger.warning("accepting a truncated file as partial: %s", facts.truncation)
    return Audio(
        samples=samples,
        sample_rate=SAMPLE_RATE,
        sha256=sha,
        filename=path.name,
        size_bytes=path.stat().st_size,
        original_sample_rate=facts.original_sample_rate,
        original_channels=facts.original_channels,
        container=facts.container,
        truncated=facts.truncated,
        declared_duration_s=facts.declared_s,
        release=release,
    )


def inspect(path: str | os.PathLike[str], options: DecodeOptions | None = None) -> MediaFacts:
    """Decode without keeping samples: the checks ``open_audio`` makes, for intake."""
    return scan(path, lambda block: None, options)
