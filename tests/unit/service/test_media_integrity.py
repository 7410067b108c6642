"""Cut-off and lying files: a typed ``truncated_media`` error, or marked partial on request.

Each case is made from the committed format fixtures, cut or rewritten here; the checks
(``service.media.integrity`` and the duration/frame comparisons in ``decode``) read the
container's own declarations, so a cut anywhere must be caught, not only a large one.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from service.errors import MediaError, NotMediaError, TooLongError, TruncatedError
from service.media import decode as media
from service.media.integrity import inspect_structure, mpeg_frame_length

DATA = Path(__file__).resolve().parents[2] / "data"
FORMATS = ["clip.wav", "clip.mp3", "clip.ogg", "clip.opus", "clip.m4a", "clip.mov"]


def _wav_header(data_bytes: int, rate: int = 16000) -> bytes:
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVEfmt " + fmt + b"data"
            + struct.pack("<I", data_bytes))


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", [*FORMATS, "flac"])
@pytest.mark.parametrize("fraction", [0.35, 0.8, 0.97, 0.995])
def test_every_cut_is_truncated_media(tmp_path: Path, name: str, fraction: float) -> None:
    source = DATA / "encounter.flac" if name == "flac" else DATA / "formats" / name
    data = source.read_bytes()
    path = _write(tmp_path, f"cut-{source.name}", data[: int(len(data) * fraction)])
    with pytest.raises(TruncatedError) as err:
        media.load(path)
    assert err.value.code == "truncated_media" and err.value.http_status == 422
    assert "\n" not in err.value.message and str(tmp_path) not in err.value.message


@pytest.mark.parametrize("name", FORMATS)
def test_whole_files_are_not_truncated(name: str) -> None:
    audio = media.load(DATA / "formats" / name)
    assert not audio.truncated


def test_accept_partial_keeps_what_decoded(tmp_path: Path) -> None:
    data = (DATA / "formats" / "clip.wav").read_bytes()
    path = _write(tmp_path, "half.wav", data[: 44 + 2 * 16000 * 2])  # 2 s of the 4
    audio = media.load(path, accept_partial=True)
    assert audio.truncated and audio.duration_s == pytest.approx(2.0, abs=0.01)
    assert audio.declared_duration_s == pytest.approx(4.0)


def test_header_claiming_ten_hours_over_three_seconds(tmp_path: Path) -> None:
    pcm = (DATA / "formats" / "clip.wav").read_bytes()[44 : 44 + 3 * 32000]
    path = _write(tmp_path, "lie.wav", _wav_header(10 * 3600 * 32000) + pcm)
    with pytest.raises(TruncatedError, match=r"36000\.0 s"):
        media.load(path, max_duration_s=4 * 3600)  # truncated, not merely too long
    audio = media.load(path, accept_partial=True)
    assert audio.truncated and audio.duration_s == pytest.approx(3.0, abs=0.01)


def test_wav_header_followed_by_html(tmp_path: Path) -> None:
    html = b"<!DOCTYPE html><html><body>" + b"<p>moved</p>" * 500 + b"</body></html>"
    for declared in (len(html), 64000):
        path = _write(tmp_path, "page.wav", _wav_header(declared) + html)
        with pytest.raises(NotMediaError):
            media.load(path, accept_partial=True)


def test_unknown_codec_is_typed_not_attribute_error(tmp_path: Path) -> None:
    data = bytearray((DATA / "formats" / "clip.wav").read_bytes())
    data[20:22] = struct.pack("<H", 0x1234)  # a format tag no decoder knows
    path = _write(tmp_path, "odd.wav", bytes(data))
    with pytest.raises(MediaError, match="codec"):
        media.load(path)
    with pytest.raises(MediaError, match="codec"):
        media.probe_duration(path)


def test_streamed_wav_without_sizes_is_accepted(tmp_path: Path) -> None:
    pcm = (DATA / "formats" / "clip.wav").read_bytes()[44:]
    header = bytearray(_wav_header(0))
    header[4:8] = b"\xff\xff\xff\xff"
    path = _write(tmp_path, "stream.wav", bytes(header) + pcm)
    assert inspect_structure(path, path.read_bytes()[:4096]).short is None
    assert media.load(path).duration_s == pytest.approx(4.0, abs=0.01)


def test_ogg_cut_on_a_page_boundary(tmp_path: Path) -> None:
    data = (DATA / "formats" / "clip.ogg").read_bytes()
    last = data.rfind(b"OggS")
    path = _write(tmp_path, "pages.ogg", data[:last])  # whole pages, no end-of-stream page
    assert "end-of-stream" in (inspect_structure(path, data[:4096]).short or "")
    with pytest.raises(TruncatedError):
        media.load(path)


def test_mpeg_frame_length() -> None:
    assert mpeg_frame_length(bytes.fromhex("fff348c4")) == 144  # MPEG-2 L3 32 kbit/s 16 kHz
    assert mpeg_frame_length(bytes.fromhex("fffb9064")) == 417  # MPEG-1 L3 128 kbit/s 44.1k
    assert mpeg_frame_length(b"ID3\x04") is None


def test_open_audio_matches_load_and_is_read_only(tmp_path: Path) -> None:
    mapped = media.open_audio(DATA / "encounter.flac", work_dir=tmp_path)
    loaded = media.load(DATA / "encounter.flac")
    assert np.array_equal(mapped.samples, loaded.samples)
    assert mapped.sha256 == loaded.sha256
    assert list(tmp_path.iterdir()) == []  # the scratch file has no name once mapped
    with pytest.raises(ValueError):
        mapped.samples[0] = 1.0
    window = mapped.window(16000, 32000)
    assert np.array_equal(window, loaded.samples[16000:32000])
    window[0] = 1.0  # a copy: the mapping is untouched
    assert mapped.samples[16000] == loaded.samples[16000]


def test_over_long_still_too_long(tmp_path: Path) -> None:
    with pytest.raises(TooLongError):
        media.open_audio(DATA / "encounter.flac", media.DecodeOptions(max_duration_s=10))
