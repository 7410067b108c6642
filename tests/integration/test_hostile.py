"""A corrupt corpus, generated with a fixed seed, through the CLI and the REST upload.

Truncations at random offsets for every format we read, header lies (a WAV claiming 10 h
over 3 s, a WAV header over an HTML page), random bytes behind valid magic numbers and a
codec tag no decoder knows. Every file must be refused with a typed one-line error:
0 tracebacks, 0 5xx, 0 outputs. All are refused before ASR, so no model loads.
"""

from __future__ import annotations

import io
import json
import random
import struct
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.api.app import create_app
from service.cli import cli
from service.store import open_store

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = 1616
SOURCES = {"wav": DATA / "formats" / "clip.wav", "flac": DATA / "encounter.flac",
           "mp3": DATA / "formats" / "clip.mp3", "ogg": DATA / "formats" / "clip.ogg",
           "opus": DATA / "formats" / "clip.opus", "m4a": DATA / "formats" / "clip.m4a",
           "mov": DATA / "formats" / "clip.mov"}
MAGIC = {"wav": b"RIFF\x24\x00\x01\x00WAVEfmt ", "flac": b"fLaC\x00\x00\x00\x22",
         "mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00", "mp3-frame": b"\xff\xfb\x90\x64",
         "ogg": b"OggS\x00\x02\x00\x00", "m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00"}
CUTS_PER_FORMAT = 4


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    kind: str  # truncated | header_lie | not_audio | magic_noise | bad_codec


def _wav_header(data_bytes: int) -> bytes:
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16)
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVEfmt " + fmt + b"data"
            + struct.pack("<I", data_bytes))


def corpus(seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    for fmt, source in SOURCES.items():
        data = source.read_bytes()
        for i in range(CUTS_PER_FORMAT):
            cut = rng.randint(int(len(data) * 0.05), len(data) - 1)
            cases.append(Case(f"cut{i}.{fmt}", data[:cut], "truncated"))
    pcm = SOURCES["wav"].read_bytes()[44:]
    cases.append(Case("ten_hours.wav", _wav_header(10 * 3600 * 32000) + pcm[: 3 * 32000],
                      "header_lie"))
    cases.append(Case("double.wav", _wav_header(2 * len(pcm)) + pcm, "header_lie"))
    html = b"<!DOCTYPE html><html><head><title>404</title></head><body>" + b"x" * 3000 + \
        b"</body></html>"
    cases.append(Case("page.wav", _wav_header(len(html)) + html, "not_audio"))
    cases.append(Case("page_long.wav", _wav_header(len(pcm)) + html, "not_audio"))
    for fmt, magic in MAGIC.items():
        for i in range(2):
            cases.append(Case(f"noise{i}.{fmt.split('-')[0]}",
                              magic + rng.randbytes(rng.randint(200, 6000)), "magic_noise"))
    odd = bytearray(SOURCES["wav"].read_bytes())
    odd[20:22] = struct.pack("<H", 0x1234)
    cases.append(Case("codec.wav", bytes(odd), "bad_codec"))
    return cases


CORPUS = corpus()


def test_corpus_is_reproducible() -> None:
    assert [c.data for c in corpus()] == [c.data for c in CORPUS]
    assert Counter(c.kind for c in CORPUS)["truncated"] == CUTS_PER_FORMAT * len(SOURCES)


def test_cli_refuses_every_file(tmp_path: Path) -> None:
    runner = CliRunner()
    codes: Counter[str] = Counter()
    for i, case in enumerate(CORPUS):
        path = tmp_path / "in" / str(i) / case.name
        path.parent.mkdir(parents=True)
        path.write_bytes(case.data)
        out = tmp_path / "out" / str(i)
        result = runner.invoke(cli, ["process", str(path), "--out", str(out), "--quiet"],
                               catch_exceptions=False)  # an escaping exception fails here
        stderr = result.stderr.strip()
        assert result.exit_code == 2, (case.name, case.kind, stderr)
        assert "Traceback" not in result.output + stderr
        assert len(stderr.splitlines()) == 1 and stderr.startswith("error: "), stderr
        assert not out.exists() or not any(out.iterdir()), case.name  # 0 outputs
        assert path.read_bytes() == case.data  # the original untouched
        codes[case.kind] += 1
    assert sum(codes.values()) == len(CORPUS)


@pytest.fixture(scope="module")
def rest(tmp_path_factory: pytest.TempPathFactory, api_settings, make_keys,
         serve) -> Iterator[tuple]:
    data_dir = tmp_path_factory.mktemp("hostile")
    store = open_store(data_dir)
    keys = make_keys(store)
    app = create_app(api_settings(data_dir, max_duration_s=4 * 3600.0), start_workers=False)
    for client in serve(app):
        yield client, keys, store


def test_rest_refuses_every_file(rest: tuple) -> None:
    client, keys, store = rest
    statuses: Counter[int] = Counter()
    for case in CORPUS:
        response = client.post("/v1/recordings", files={"file": (case.name,
                                                                 io.BytesIO(case.data))},
                               headers={"Authorization": f"Bearer {keys.officer}"})
        statuses[response.status_code] += 1
        assert response.status_code in (415, 422), (case.name, response.text)
        body = response.json()
        assert set(body) == {"error"} and "Traceback" not in json.dumps(body)
        assert "\n" not in body["error"]["message"]
    assert sum(statuses.values()) == len(CORPUS) and not any(s >= 500 for s in statuses)
    assert store.recordings.get("0" * 16) is None
    assert list(store.evidence.incoming_dir.iterdir()) == []  # nothing half-stored
    stored = [p for p in store.data_dir.rglob("*") if p.is_file() and "evidence" in p.parts]
    assert stored == []  # 0 outputs: no rejected upload became evidence


def test_truncations_are_named_as_such(tmp_path: Path) -> None:
    """Every cut and every header lie is ``truncated_media``, not a vaguer error."""
    from service.errors import TruncatedError
    from service.media import decode as media

    for i, case in enumerate(c for c in CORPUS if c.kind in ("truncated", "header_lie")):
        path = tmp_path / f"{i}-{case.name}"
        path.write_bytes(case.data)
        with pytest.raises(TruncatedError):
            media.load(path)
