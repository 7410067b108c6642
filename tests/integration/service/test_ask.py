"""``bodycam ask`` and ``answer_question``: cited answers from the redacted transcript only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from service.cli.ask import ask
from service.summary.ask import NOT_STATED, answer_question, format_answer
from service.summary.extractive import ExtractiveSummarizer

cli.add_command(ask)  # what the lead's registration does

SEGMENTS = [
    (0.6, "Dispatch, unit 12, I am on scene at [LOCATION_1]."),
    (9.5, "My name is [PERSON_1]."),
    (24.8, "Somebody smashed the rear window of my car and took my laptop bag off the back "
           "seat."),
    (30.6, "I saw a man in a red jacket running toward the park around 10:30."),
    (35.7, "Was anyone hurt?"),
    (37.6, "No, nobody was hurt. I was inside when it happened."),
    (42.1, "Okay, I am going to write this up as a vehicle burglary."),
]
RAW_ONLY = "Quillfeather"  # appears only in transcript.raw.json


@pytest.fixture(scope="module")
def result_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out") / "0123456789abcdef"
    folder.mkdir()
    segments = [{"id": i, "start": s, "end": s + 4.0, "text": t}
                for i, (s, t) in enumerate(SEGMENTS)]
    result = {
        "schema_version": "1",
        "recording": {"id": folder.name, "sha256": folder.name + "0" * 48,
                      "filename": "x.flac", "duration_s": 50.0},
        "redacted_transcript": {"segments": segments},
        "redactions": [],
        "summary": {},
    }
    (folder / "result.json").write_text(json.dumps(result))
    raw = [{**s, "text": s["text"].replace("[PERSON_1]", f"John {RAW_ONLY}")}
           for s in segments]
    (folder / "transcript.raw.json").write_text(json.dumps({"segments": raw}))
    return folder


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_answer_with_citation(result_dir: Path) -> None:
    code, out, err = run("ask", str(result_dir), "Was anyone injured?")
    assert code == 0, err
    assert "[00:37]" in out
    assert "hurt" in out.lower() or "injur" in out.lower()
    assert RAW_ONLY not in out


def test_json_output(result_dir: Path) -> None:
    code, out, err = run("ask", str(result_dir), "What was taken from the car?", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"question", "answer", "citations", "supported"}
    assert data["question"] == "What was taken from the car?"
    assert data["supported"] is True
    assert {"segment_id": 2, "start": 24.8} in data["citations"]
    assert "laptop" in data["answer"].lower()
    assert RAW_ONLY not in out


def test_nothing_relevant_is_not_stated(result_dir: Path) -> None:
    code, out, _ = run("ask", str(result_dir), "What is the boiling point of mercury?",
                       "--json")
    assert code == 0
    data = json.loads(out)
    assert data["answer"] == NOT_STATED and data["citations"] == []


def test_identification_question_is_refused(result_dir: Path) -> None:
    code, out, err = run("ask", str(result_dir), "What is the caller's real name?")
    assert code == 3
    assert out == "" and RAW_ONLY not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("what", ["missing", "empty", "broken"])
def test_missing_or_bad_result_is_exit_2(tmp_path: Path, what: str) -> None:
    target = tmp_path / "rec"
    if what != "missing":
        target.mkdir()
    if what == "broken":
        (target / "result.json").write_text("{not json")
    code, _out, err = run("ask", str(target), "What happened?")
    assert code == 2
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_answer_question_contract_without_llm(result_dir: Path) -> None:
    result = json.loads((result_dir / "result.json").read_text())
    extractive = ExtractiveSummarizer()
    ans = answer_question(result, "Which way did the man run?", extractive)
    assert ans["supported"] and ans["citations"][0]["segment_id"] == 3
    assert "park" in ans["answer"]
    assert format_answer(ans).endswith("[00:30]")
    none = answer_question(result, "What colour was the getaway boat?", extractive)
    assert none["answer"] == NOT_STATED and not none["supported"]
