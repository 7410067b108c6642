"""Evidence intake: streamed hashing and size limit, content addressing, sniffing, validation."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from service.errors import (
    MediaError,
    NotMediaError,
    TooLargeError,
    TooLongError,
    TruncatedError,
)
from service.store import open_store
from service.store.ingest import ingest, safe_filename
from service.store.intake import sniff, validate

DATA = Path(__file__).resolve().parents[3] / "data"


def _receive(store, data: bytes, limit: int = 1 << 30, chunk: int = 7000):
    incoming = store.evidence.begin(limit)
    for i in range(0, len(data), chunk):
        incoming.write(data[i : i + chunk])
    return incoming


def test_upload_is_hashed_while_streamed_and_stored_read_only_once(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    data = (DATA / "encounter_short.mp4").read_bytes()
    first = ingest(store, _receive(store, data), filename="../../etc/a.mp4", owner="key_a",
                   instructions=None, max_duration_s=3600)
    sha = hashlib.sha256(data).hexdigest()
    assert first.recording_id == sha[:16] and not first.duplicate
    path = store.evidence.path_for(sha)
    assert path.read_bytes() == data
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444
    rec = store.recordings.get(first.recording_id)
    assert rec is not None and rec.filename == "a.mp4"

    again = ingest(store, _receive(store, data), filename="b.mp4", owner="key_b",
                   instructions=None, max_duration_s=3600)
    assert again.duplicate and (again.recording_id, again.job_id) == (first.recording_id,
                                                                       first.job_id)
    assert store.recordings.can_access(first.recording_id, "key_b")
    assert list(store.evidence.incoming_dir.iterdir()) == []


def test_size_limit_stops_the_stream(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    incoming = store.evidence.begin(10_000)
    incoming.write(b"\0" * 9_000)
    with pytest.raises(TooLargeError):
        incoming.write(b"\0" * 2_000)
    incoming.abort()
    assert not incoming.path.exists()


@pytest.mark.parametrize(("head", "kind"), [
    (b"fLaC\0\0\0\x22", "media"), (b"RIFF\0\0\0\0WAVEfmt ", "media"),
    (b"\0\0\0\x20ftypisom", "media"), (b"\x1a\x45\xdf\xa3\x01", "media"), (b"OggS\0\x02", "media"),
    (b"%PDF-1.7\n", "other"), (b"\x89PNG\r\n\x1a\n", "other"), (b"hello, plain text\n", "other"),
    (b"PK\x03\x04zip", "other"), (b"\x00\x01\x02\x03\xfe\xfd", "unknown"),
])
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head).kind == kind


def test_validate_classifies_bad_media(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("officer notes, not audio\n" * 20)
    with pytest.raises(NotMediaError):
        validate(text, text.read_bytes()[:4096], 3600)

    cut = tmp_path / "cut.mp4"
    cut.write_bytes((DATA / "encounter_short.mp4").read_bytes()[:4000])
    with pytest.raises(MediaError) as err:
        validate(cut, cut.read_bytes(), 3600)
    assert err.value.http_status == 422

    half = tmp_path / "half.flac"
    full = (DATA / "encounter.flac").read_bytes()
    half.write_bytes(full[: len(full) // 2])
    with pytest.raises(TruncatedError):
        validate(half, half.read_bytes()[:4096], 3600)

    with pytest.raises(TooLongError):
        validate(DATA / "encounter.flac", full[:4096], 10)

    info = validate(DATA / "encounter.flac", full[:4096], 3600)
    assert info.container == "flac" and 40 < info.duration_s < 50


def test_safe_filename_strips_paths_and_controls() -> None:
    assert safe_filename("C:\\evidence\\cam\x07 1.mp4") == "cam 1.mp4"
    assert safe_filename("../.hidden") == "hidden"
    assert safe_filename(None) == "upload"
