"""Decoding every promised format, and one typed error per way a file can be unusable."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from service.errors import (
    EmptyFileError,
    MediaError,
    NoAudioStreamError,
    NotMediaError,
    TooLongError,
    TruncatedError,
    ZeroDurationError,
)
from service.media import decode as media

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("name", ["clip.wav", "clip.mp3", "clip.ogg", "clip.opus", "clip.m4a",
                                  "clip.mov"])
def test_decodes_every_supported_format(name: str) -> None:
    audio = media.load(DATA / "formats" / name)
    assert audio.sample_rate == 16000
    assert audio.samples.dtype == np.float32
    assert audio.duration_s == pytest.approx(4.0, abs=0.1)
    assert np.abs(audio.samples).max() > 0.01  # real speech, not silence


def test_video_audio_track_and_identity() -> None:
    path = DATA / "encounter_short.mp4"
    audio = media.load(path)
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    assert audio.sha256 == expected
    assert audio.recording_id == expected[:16]
    assert audio.filename == "encounter_short.mp4"
    assert 11.5 < audio.duration_s < 12.5


def test_stereo_channel_selection(tmp_path: Path) -> None:
    import soundfile as sf

    t = np.arange(16000, dtype=np.float32) / 16000
    left = 0.5 * np.sin(2 * np.pi * 440 * t)
    stereo = np.stack([left, np.zeros_like(left)], axis=1)
    path = tmp_path / "stereo.wav"
    sf.write(path, stereo, 16000)
    assert np.abs(media.load(path, channel="left").samples).max() > 0.4
    assert np.abs(media.load(path, channel="right").samples).max() < 0.01


def _bad(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyFileError, match="empty"):
        media.load(_bad(tmp_path, "empty.wav", b""))


def test_text_named_wav_is_not_media(tmp_path: Path) -> None:
    with pytest.raises(NotMediaError):
        media.load(_bad(tmp_path, "notes.wav", b"this is a text file, not audio\n" * 20))


def test_random_bytes_are_not_media(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(MediaError):
        media.load(_bad(tmp_path, "noise.mp3", rng.bytes(4096)))


def test_video_without_audio() -> None:
    with pytest.raises(NoAudioStreamError):
        media.load(DATA / "video_only.mp4")


def test_zero_duration(tmp_path: Path) -> None:
    import soundfile as sf

    path = tmp_path / "zero.wav"
    sf.write(path, np.zeros(0, dtype=np.float32), 16000)
    with pytest.raises(ZeroDurationError):
        media.load(path)


def test_truncated_file(tmp_path: Path) -> None:
    data = (DATA / "encounter.flac").read_bytes()
    with pytest.raises((TruncatedError, MediaError)):
        media.load(_bad(tmp_path, "cut.flac", data[: len(data) // 20]))


def test_over_long(tmp_path: Path) -> None:
    with pytest.raises(TooLongError, match="limit"):
        media.load(DATA / "encounter.flac", max_duration_s=10)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no such file"):
        media.load(tmp_path / "absent.wav")


def test_error_messages_are_one_line_without_paths(tmp_path: Path) -> None:
    path = _bad(tmp_path, "notes.wav", b"plain text")
    with pytest.raises(MediaError) as info:
        media.load(path)
    assert "\n" not in info.value.message
    assert str(tmp_path) not in info.value.message


def test_original_untouched_even_when_read_only(tmp_path: Path) -> None:
    path = tmp_path / "evidence.flac"
    shutil.copy(DATA / "encounter.flac", path)
    os.chmod(path, 0o444)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    media.load(path)
    after = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    assert before == after
    assert (path.stat().st_mode & 0o777) == 0o444
