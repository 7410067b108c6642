"""Decode an audio or video file into 16 kHz mono float32, without touching the original.

The original is evidence: it is opened read-only, hashed as it is read, and never
written. Every way a file can be unusable maps to one typed error with a one-line
message, so the CLI and the API can answer without a traceback.
"""

from __future__ import annotations

import hashlib
import os
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

SAMPLE_RATE = 16000
_CHUNK = 1 << 20


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
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise NotMediaError(f"{path.name}: not an audio or video file") from exc


def probe_duration(path: Path) -> float | None:
    """Container-level duration in seconds, without decoding (None when unknown)."""
    with _open_container(path) as container:
        streams = container.streams.audio
        if not streams:
            raise NoAudioStreamError(f"{path.name}: the file has no audio stream")
        stream = streams[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        if container.duration is not None:
            return container.duration / av.time_base
    return None


def load(
    path: str | os.PathLike[str],
    *,
    max_duration_s: float | None = None,
    channel: str | None = None,
) -> Audio:
    """Read, hash and decode ``path``.

    ``channel`` picks ``"left"`` or ``"right"`` of a stereo file (evaluation sets use it);
    by default channels are averaged.
    """
    path = Path(path)
    if not path.exists():
        raise MediaError(f"{path.name}: no such file")
    if not path.is_file():
        raise MediaError(f"{path.name}: not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError(f"{path.name}: the file is empty")
    sha = sha256_file(path)

    declared = probe_duration(path)
    if max_duration_s is not None and declared is not None and declared > max_duration_s:
        raise TooLongError(
            f"{path.name}: {declared:.0f} s is over the {max_duration_s:.0f} s limit"
        )

    samples, orig_rate, orig_channels, fmt = _decode(path, channel, max_duration_s)
    if samples.size == 0:
        raise ZeroDurationError(f"{path.name}: the audio stream has no samples")
    decoded = samples.size / SAMPLE_RATE
    if declared is not None and decoded < 0.9 * declared - 1.0:
        raise TruncatedError(
            f"{path.name}: truncated or corrupt (decoded {decoded:.1f} s of {declared:.1f} s)"
        )
    return Audio(
        samples=samples,
        sample_rate=SAMPLE_RATE,
        sha256=sha,
        filename=path.name,
        size_bytes=size,
        original_sample_rate=orig_rate,
        original_channels=orig_channels,
        container=fmt,
    )


def _decode(
    path: Path, channel: str | None, max_duration_s: float | None
) -> tuple[np.ndarray, int, int, str]:
    layout = "stereo" if channel in ("left", "right") else "mono"
    resampler = av.AudioResampler(format="s16", layout=layout, rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    total = 0
    limit = None if max_duration_s is None else int(max_duration_s * SAMPLE_RATE)
    with _open_container(path) as container:
        if not container.streams.audio:
            raise NoAudioStreamError(f"{path.name}: the file has no audio stream")
        stream = container.streams.audio[0]
        orig_rate = int(stream.rate or stream.codec_context.sample_rate or 0)
        orig_channels = int(stream.codec_context.channels or 0)
        fmt = container.format.name
        try:
            for frame in container.decode(stream):
                frame.pts = None  # resample by sample count; broken pts must not stall it
                for out in resampler.resample(frame):
                    arr = out.to_ndarray().reshape(-1)
                    chunks.append(arr)
                    total += arr.size // (2 if layout == "stereo" else 1)
                if limit is not None and total > limit:
                    raise TooLongError(
                        f"{path.name}: longer than the {max_duration_s:.0f} s limit"
                    )
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as exc:
            if not chunks:
                raise MediaError(f"{path.name}: the audio stream cannot be decoded") from exc
            # A truncated file: keep what decoded cleanly rather than failing the recording.
    if not chunks:
        return np.zeros(0, dtype=np.float32), orig_rate, orig_channels, fmt
    pcm = np.concatenate(chunks).astype(np.float32) / 32768.0
    if layout == "stereo":
        pcm = pcm.reshape(-1, 2)[:, 0 if channel == "left" else 1].copy()
    return pcm, orig_rate, orig_channels, fmt
