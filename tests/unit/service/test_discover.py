"""Finding media under an evidence folder by content, without ever leaving the folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from service.media.discover import Kind, classify, looks_like_text, sniff, walk

DATA = Path(__file__).resolve().parents[2] / "data"


def _tone(path: Path, fmt: str, seconds: float = 0.2) -> Path:
    sf.write(path, np.zeros(int(16000 * seconds), dtype="float32"), 16000, format=fmt,
             subtype="PCM_16")
    return path


@pytest.mark.parametrize(("name", "fmt"), [("encounter_short.mp4", "mp4"),
                                           ("encounter.flac", "flac"), ("silence.wav", "wav")])
def test_sniff_fixtures(name: str, fmt: str) -> None:
    assert sniff((DATA / name).read_bytes()[:4096]) == fmt


def test_sniff_rejects_text_and_documents() -> None:
    assert sniff(b"Officer notes: arrived 21:04\n") is None
    assert looks_like_text("Notes café 21:04\n".encode())
    assert not looks_like_text(b"\x00\x01RIFF")


def test_content_beats_extension(tmp_path: Path) -> None:
    no_ext = tmp_path / "CAM0007"
    shutil.copy(DATA / "encounter_short.mp4", no_ext)
    assert classify(no_ext) == (Kind.MEDIA, "magic:mp4")
    # An exotic container with no magic in our table is found by the PyAV probe.
    w64 = _tone(tmp_path / "dock_export", "W64")
    assert classify(w64) == (Kind.MEDIA, "probe:w64")
    # A text file that claims to be audio is handed to the decoder (to be reported).
    fake = tmp_path / "notes.wav"
    fake.write_text("not audio\n")
    assert classify(fake) == (Kind.MEDIA, "extension")
    readme = tmp_path / "README"
    readme.write_text("evidence index\n")
    assert classify(readme) == (Kind.NOT_MEDIA, "content")
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 8)
    assert classify(blob) == (Kind.NOT_MEDIA, "probe")


def test_walk_stays_inside(tmp_path: Path) -> None:
    root, outside = tmp_path / "evidence", tmp_path / "outside"
    (root / "a" / "b").mkdir(parents=True)
    outside.mkdir()
    shutil.copy(DATA / "silence.wav", root / "a" / "b" / "one.wav")
    shutil.copy(DATA / "silence.wav", outside / "secret.wav")
    (root / "out.wav").symlink_to(outside / "secret.wav")
    (root / "outdir").symlink_to(outside, target_is_directory=True)
    (root / "inside.wav").symlink_to(root / "a" / "b" / "one.wav")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.wav").symlink_to(root / "gone.wav")
    os.mkfifo(root / "pipe.wav")
    found = {f.rel: f for f in walk(root)}
    assert found["out.wav"].kind is Kind.OUTSIDE
    assert found["outdir"].kind is Kind.OUTSIDE
    assert found["dangling.wav"].kind is Kind.BROKEN_LINK
    assert found["pipe.wav"].kind is Kind.SPECIAL
    assert found["inside.wav"].kind is Kind.MEDIA
    assert found["inside.wav"].path == (root / "a" / "b" / "one.wav").resolve()
    assert found["a/b/one.wav"].kind is Kind.MEDIA
    assert not any(rel.startswith("loop/") for rel in found)  # the loop is walked once
    assert all(f.path.is_relative_to(root.resolve()) for f in found.values()
               if f.kind is Kind.MEDIA)
