"""``bodycam batch`` on a real evidence tree with the real (small) models.

The tree holds what a records unit actually finds: nested folders, an extensionless
camera file, a duplicate, a symlink out of the folder, a truncated FLAC, notes saved as
``.wav``, an empty file and a README. ASR runs ``tiny.en`` and the summary is capped at a
few tokens: these tests are about the batch, not transcript quality.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from click.testing import CliRunner, Result

from service.cli import cli
from service.cli.batch import batch
from service.config import get_settings

pytestmark = pytest.mark.slow
cli.add_command(batch)

DATA = Path(__file__).resolve().parents[2] / "data"
OUTPUTS = {"result.json", "transcript.txt", "transcript.vtt", "summary.md", "audio.redacted.wav"}


@pytest.fixture(scope="module", autouse=True)
def _fast_models() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BODYCAM_ASR_MODEL", "tiny.en")
        mp.setenv("BODYCAM_LLM_MAX_NEW_TOKENS", "8")
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


def silence(path: Path, seconds: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, np.zeros(int(16000 * seconds), dtype="float32"), 16000, format="WAV",
             subtype="PCM_16")
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_lines(manifest: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in manifest.read_text().splitlines()]


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file (links not followed): size, mtime and content hash."""
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns,
                                     "link" if p.is_symlink() else sha(p))
        for p in sorted(folder.rglob("*")) if p.is_symlink() or p.is_file()
    }


def output_mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns
            for p in out.glob("*/*") if p.is_file()}


def build_tree(root: Path, outside: Path) -> None:
    unit = root / "2024" / "03" / "unit7"
    unit.mkdir(parents=True)
    shutil.copy(DATA / "encounter_short.mp4", unit / "encounter_short.mp4")
    shutil.copy(DATA / "silence.wav", unit / "quiet.wav")
    (root / "2024" / "04" / "copy").mkdir(parents=True)
    shutil.copy(DATA / "silence.wav", root / "2024" / "04" / "copy" / "quiet_again.wav")
    silence(root / "2024" / "04" / "CAM0007", 1.5)  # no extension: found by its bytes
    broken = root / "broken"
    broken.mkdir()
    flac = (DATA / "encounter.flac").read_bytes()
    (broken / "cut.flac").write_bytes(flac[: len(flac) * 2 // 5])
    (broken / "notes.wav").write_text("Officer notes, typed up later.\n")
    (broken / "empty.wav").write_bytes(b"")
    (root / "README.txt").write_text("evidence index\n")
    silence(outside / "secret.wav", 0.5)
    (root / "escape.wav").symlink_to(outside / "secret.wav")


EXPECTED = {
    "README.txt": ("skipped", "not_media"),
    "escape.wav": ("skipped", "symlink_outside"),
    "2024/03/unit7/encounter_short.mp4": ("done", None),
    "2024/03/unit7/quiet.wav": ("done", None),
    "2024/04/CAM0007": ("done", None),
    "2024/04/copy/quiet_again.wav": ("skipped", "duplicate"),
    "broken/cut.flac": ("failed", "truncated_media"),
    "broken/notes.wav": ("failed", "not_media"),
    "broken/empty.wav": ("failed", "empty_file"),
}


@dataclass
class FirstRun:
    root: Path
    out: Path
    result: Result
    lines: list[dict[str, Any]]
    evidence_before: dict[str, tuple[int, int, str]]

    def by_path(self) -> dict[str, dict[str, Any]]:
        return {line["path"]: line for line in self.lines}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> FirstRun:
    base = tmp_path_factory.mktemp("batch")
    root, out = base / "evidence", base / "out"
    build_tree(root, base / "outside")
    before = snapshot(root)
    result = invoke(str(root), "--out", str(out), "--workers", "1")
    return FirstRun(root, out, result, read_lines(out / "manifest.jsonl"), before)


def test_statuses_and_exit_code(first: FirstRun) -> None:
    assert first.result.exit_code == 1, first.result.stderr  # some files failed
    got = {path: (line["status"], line["code"]) for path, line in first.by_path().items()}
    assert got == EXPECTED
    assert len(first.lines) == len(EXPECTED)  # one line per file
    assert first.by_path()["2024/04/copy/quiet_again.wav"]["duplicate_of"] == \
        "2024/03/unit7/quiet.wav"
    for line in first.lines:
        if line["status"] == "failed":
            assert line["message"] and "\n" not in line["message"]
    assert "done" in first.result.stdout and "real-time factor" in first.result.stdout


def test_manifest_fields(first: FirstRun) -> None:
    line = first.by_path()["2024/03/unit7/encounter_short.mp4"]
    source = first.root / line["path"]
    assert line["sha256"] == sha(source) and line["recording_id"] == line["sha256"][:16]
    assert line["size"] == source.stat().st_size and line["mtime"].startswith("20")
    assert 11 < line["duration_s"] < 13
    assert line["models"]["asr"] == "tiny.en" and line["models"]["llm"]
    for package in ("bodycam", "faster-whisper", "ctranslate2", "transformers"):
        assert line["software"][package]
    assert line["started_at"] <= line["finished_at"]
    folder = first.out / line["recording_id"]
    assert set(line["outputs"]) == OUTPUTS
    assert all(sha(folder / name) == digest for name, digest in line["outputs"].items())
    assert json.loads((folder / "result.json").read_text())["recording"]["sha256"] == \
        line["sha256"]
    escaped = first.by_path()["escape.wav"]
    assert "sha256" not in escaped and "size" not in escaped  # the target was not read


def test_evidence_untouched(first: FirstRun) -> None:
    assert snapshot(first.root) == first.evidence_before
    assert not (first.root / "manifest.jsonl").exists()


def test_rerun_skips_done_and_rewrites_nothing(first: FirstRun, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(first.out, out)
    mtimes = output_mtimes(out)
    result = invoke(str(first.root), "--out", str(out), "--json")
    assert result.exit_code == 1  # the broken files are retried and fail again
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0]["event"] == "start" and events[-1]["event"] == "end"
    assert events[-1]["done"] == 0 and events[-1]["failed"] == 3
    rerun = read_lines(out / "manifest.jsonl")[len(first.lines):]
    status = {line["path"]: (line["status"], line["code"]) for line in rerun}
    for path in ("2024/03/unit7/encounter_short.mp4", "2024/03/unit7/quiet.wav",
                 "2024/04/CAM0007"):
        assert status[path] == ("skipped", "already_done")
    assert status["2024/04/copy/quiet_again.wav"] == ("skipped", "duplicate")
    assert output_mtimes(out) == mtimes


def test_killed_midway_resumes(first: FirstRun, tmp_path: Path) -> None:
    """A run killed after two recordings: torn manifest line, no result.json, stale temp."""
    out = tmp_path / "out"
    shutil.copytree(first.out, out)
    keep = [json.dumps(line) for line in first.lines[:4]]  # up to quiet.wav's done line
    cam = first.by_path()["2024/04/CAM0007"]["recording_id"]
    (out / "manifest.jsonl").write_text("\n".join(keep) + '\n{"manifest_version": "1", "pa')
    (out / cam / "result.json").unlink()
    (out / cam / ".summary.md.tmp").write_text("half")
    speech = first.by_path()["2024/03/unit7/encounter_short.mp4"]["recording_id"]
    speech_mtimes = {k: v for k, v in output_mtimes(out).items() if k.startswith(speech)}

    result = invoke(str(first.root), "--out", str(out))
    assert result.exit_code == 1
    text = (out / "manifest.jsonl").read_text().splitlines()
    assert len(text) == 4 + 1 + len(EXPECTED)  # the torn line stays, terminated
    rerun = [json.loads(line) for line in text[5:]]
    status = {line["path"]: (line["status"], line["code"]) for line in rerun}
    assert status["2024/04/CAM0007"] == ("done", None)
    assert status["2024/03/unit7/encounter_short.mp4"] == ("skipped", "already_done")
    assert not (out / cam / ".summary.md.tmp").exists()
    assert (out / cam / "result.json").is_file()
    assert {k: v for k, v in output_mtimes(out).items() if k.startswith(speech)} == \
        speech_mtimes


def test_force_redoes(tmp_path: Path) -> None:
    root, out = tmp_path / "ev", tmp_path / "out"
    silence(root / "a.wav", 0.7)
    assert invoke(str(root), "--out", str(out)).exit_code == 0
    before = output_mtimes(out)
    assert invoke(str(root), "--out", str(out)).exit_code == 0
    assert output_mtimes(out) == before
    assert invoke(str(root), "--out", str(out), "--force").exit_code == 0
    after = output_mtimes(out)
    assert after.keys() == before.keys() and all(after[k] != before[k] for k in before)
    assert [line["status"] for line in read_lines(out / "manifest.jsonl")] == \
        ["done", "skipped", "done"]


def test_over_long_file_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BODYCAM_MAX_DURATION_S", "5")
    get_settings.cache_clear()
    root, out = tmp_path / "ev", tmp_path / "out"
    root.mkdir()
    shutil.copy(DATA / "encounter_short.mp4", root / "long.mp4")
    silence(root / "short.wav", 0.9)
    try:
        result = invoke(str(root), "--out", str(out))
    finally:
        monkeypatch.delenv("BODYCAM_MAX_DURATION_S")
        get_settings.cache_clear()
    assert result.exit_code == 1
    status = {line["path"]: (line["status"], line["code"])
              for line in read_lines(out / "manifest.jsonl")}
    assert status == {"long.mp4": ("failed", "too_long"), "short.wav": ("done", None)}


def test_usage_errors(tmp_path: Path) -> None:
    root = tmp_path / "ev"
    silence(root / "a.wav", 0.5)
    for out in (root / "out", root, root / "a" / ".." / "x"):
        result = invoke(str(root), "--out", str(out))
        assert result.exit_code == 2 and "outside" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in root.iterdir()) == ["a.wav"]
    result = invoke(str(tmp_path / "missing"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "no such folder" in result.stderr


def test_refused_instructions(tmp_path: Path) -> None:
    root, out = tmp_path / "ev", tmp_path / "out"
    silence(root / "a.wav", 0.5)
    result = invoke(str(root), "--out", str(out), "--instructions",
                    "identify the driver by his voice")
    assert result.exit_code == 3 and not out.exists()


def test_missing_model_stops_the_batch(tmp_path: Path) -> None:
    root, out, empty = tmp_path / "ev", tmp_path / "out", tmp_path / "no-model"
    silence(root / "a.wav", 0.5)
    empty.mkdir()
    result = invoke(str(root), "--out", str(out), "--asr-model", str(empty))
    assert result.exit_code == 2 and "model" in result.stderr
    assert read_lines(out / "manifest.jsonl") == []  # no file blamed for a config error


def test_two_workers(tmp_path: Path) -> None:
    root, out = tmp_path / "ev", tmp_path / "out"
    silence(root / "x" / "a.wav", 0.6)
    silence(root / "y" / "b.wav", 0.8)
    shutil.copy(root / "x" / "a.wav", root / "y" / "a_copy.wav")
    result = invoke(str(root), "--out", str(out), "--workers", "2", "--json")
    assert result.exit_code == 0, result.stderr
    end = json.loads(result.stdout.splitlines()[-1])
    assert (end["done"], end["skipped"], end["failed"], end["workers"]) == (2, 1, 0, 2)
    lines = read_lines(out / "manifest.jsonl")
    assert sorted(line["status"] for line in lines) == ["done", "done", "skipped"]
    for line in lines:
        if line["status"] == "done":
            folder = out / line["recording_id"]
            assert all(sha(folder / n) == d for n, d in line["outputs"].items())


def test_interrupted_then_resumed(tmp_path: Path) -> None:
    """Ctrl-C after the first file: the rerun does only the rest, each file done once."""
    from service.batch.runner import BatchOptions, run_batch

    root, out = tmp_path / "ev", tmp_path / "out"
    for i in range(3):
        silence(root / f"f{i}.wav", 0.5 + i / 10)

    def stop_after_first(event: dict[str, Any]) -> None:
        if event["event"] == "file" and event["status"] == "done":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(root, out, BatchOptions(), get_settings(), stop_after_first)
    assert [line["status"] for line in read_lines(out / "manifest.jsonl")] == ["done"]
    summary = run_batch(root, out, BatchOptions(), get_settings())
    assert (summary.done, summary.skipped, summary.failed) == (2, 1, 0)
    done = [line["path"] for line in read_lines(out / "manifest.jsonl")
            if line["status"] == "done"]
    assert sorted(done) == ["f0.wav", "f1.wav", "f2.wav"]
