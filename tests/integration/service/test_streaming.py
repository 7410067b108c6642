"""Long recordings in windows: same words on the recording's clock, and every surface
says when a file was accepted as partial. Real ``tiny.en``; the LLM writes a few tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.asr.whisper import AsrOptions, get_transcriber
from service.cli import cli
from service.config import get_settings
from service.media import decode as media

pytestmark = pytest.mark.slow
DATA = Path(__file__).resolve().parents[2] / "data"


def _words(segments: list) -> list[str]:
    return ["".join(ch for ch in w.word.lower() if ch.isalnum()) for s in segments
            for w in s.words]


def test_windowed_asr_matches_one_pass() -> None:
    cache = get_settings().resolved_cache_dir()
    audio = media.open_audio(DATA / "encounter.flac")  # 45 s, mapped from a scratch file
    whole = get_transcriber(AsrOptions(model="tiny.en", window_s=600.0), cache)
    windowed = get_transcriber(AsrOptions(model="tiny.en", window_s=12.0), cache)
    one = whole.transcribe(audio).segments
    many = windowed.transcribe(audio).segments
    assert [s.id for s in many] == list(range(len(many)))
    starts = [w.start for s in many for w in s.words]
    assert starts == sorted(starts) and starts[-1] > 30.0  # later windows on the file's clock
    a, b = set(_words(one)), set(_words(many))
    assert len(a & b) >= 0.8 * len(a), (sorted(a - b), sorted(b - a))
    # A word said once sits at the same time whichever way the audio was cut.
    def once(segments: list) -> dict[str, float]:
        words = _words(segments)
        times = [w.start for s in segments for w in s.words]
        return {w: t for w, t in zip(words, times, strict=True)
                if words.count(w) == 1 and len(w) > 4}

    in_one, in_many = once(one), once(many)
    shared = in_one.keys() & in_many.keys()
    assert len(shared) >= 10
    assert all(abs(in_one[w] - in_many[w]) < 1.0 for w in shared)


def test_accept_partial_on_every_surface(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BODYCAM_ASR_MODEL", "tiny.en")
    monkeypatch.setenv("BODYCAM_LLM_MAX_NEW_TOKENS", "8")
    get_settings.cache_clear()
    data = (DATA / "encounter.flac").read_bytes()
    cut = tmp_path / "cut.flac"
    cut.write_bytes(data[: len(data) // 2])
    runner = CliRunner()
    refused = runner.invoke(cli, ["process", str(cut), "--out", str(tmp_path / "o"), "--quiet"])
    assert refused.exit_code == 2 and "truncated" in refused.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
    result = runner.invoke(cli, ["process", str(cut), "--out", str(tmp_path / "o"), "--quiet",
                                 "--accept-partial"], catch_exceptions=False)
    get_settings.cache_clear()
    assert result.exit_code == 0, result.stderr
    assert "truncated" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    folder = next((tmp_path / "o").iterdir())
    saved = json.loads((folder / "result.json").read_text())
    assert saved["truncated"] is True and saved["recording"]["truncated"] is True
    assert saved["recording"]["duration_s"] < saved["recording"]["declared_duration_s"]
    assert "Partial recording" in (folder / "summary.md").read_text()
