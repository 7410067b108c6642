"""The harness end to end on the bundled data (real tiny.en), plus its pure helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from eval.cli import eval_cmd
from eval.datasets import ConllSentence, PiiValue, Scenario, TimedLine
from eval.report import write_reports
from eval.runner import (
    ConfigError,
    ConfigResult,
    Limits,
    RunConfig,
    RunOptions,
    RunResult,
    SuiteResult,
    check_thresholds,
    direction,
    load_config,
    parse_suites,
    parse_threshold,
)
from eval.suite_summary import _aggregate
from eval.suites import covered_fraction, pii_audio_spans, score_wnut


@pytest.mark.slow
def test_eval_command_policy_and_small_asr_suite(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from service.config import get_settings
    from service.pipeline import get_policy

    # The policy suite's fast layers only (uncertain requests fail closed): the LLM judge
    # over ~1,800 requests is a benchmark, not a test (tests/integration/policy has it).
    monkeypatch.setenv("BODYCAM_POLICY_JUDGE", "false")
    get_settings.cache_clear()
    get_policy.cache_clear()
    out = tmp_path / "report"
    result = CliRunner().invoke(eval_cmd, [
        "--suite", "policy,asr", "--asr-model", "tiny.en",
        "--limit", "asr=2", "--limit", "bodycam=0",  # the stereo clip's two channels
        "--out", str(out), "--quiet",
        "--fail-under", "policy.refusal_recall=0.5", "--fail-over", "asr.wer=0.9",
    ])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    metrics = data["metrics"]["tiny.en"]
    assert 0.0 <= metrics["asr.wer"] < 0.9
    assert metrics["asr.files"] == 2
    assert 0.5 <= metrics["policy.refusal_recall"] <= 1.0
    files = data["configs"][0]["suites"]["asr"]["details"]["files"]
    assert [f["file"] for f in files] == ["stereo_two_voices.flac:left",
                                              "stereo_two_voices.flac:right"]
    # The two channels carry different sentences: channel selection really happened.
    assert files[0]["hypothesis"] != files[1]["hypothesis"]
    markdown = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    wer_text = f"{metrics['asr.wer']:.3f}"
    recall_text = f"{metrics['policy.refusal_recall']:.3f}"
    for text in (markdown, html):
        assert "asr.wer" in text and wer_text in text
        assert "policy.refusal_recall" in text and recall_text in text
    assert "data:image/png;base64," in html
    assert "asr.wer" in result.output  # the console summary


def test_eval_command_bad_usage_exits_2(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_suite = runner.invoke(eval_cmd, ["--suite", "nope", "--out", str(tmp_path)])
    assert bad_suite.exit_code == 2 and "unknown suite" in bad_suite.output
    bad_threshold = runner.invoke(eval_cmd, ["--fail-under", "asr.wer", "--out", str(tmp_path)])
    assert bad_threshold.exit_code == 2


def test_load_config_json_and_toml(tmp_path: Path) -> None:
    (tmp_path / "tiny.json").write_text('{"asr_model": "tiny.en"}', encoding="utf-8")
    (tmp_path / "b.toml").write_text('name = "base"\nasr_model = "base"\nasr_beam_size = 1\n',
                                     encoding="utf-8")
    assert load_config(tmp_path / "tiny.json") == RunConfig(name="tiny", asr_model="tiny.en")
    assert load_config(tmp_path / "b.toml").asr_beam_size == 1
    (tmp_path / "bad.json").write_text('{"asr": "x"}', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown option"):
        load_config(tmp_path / "bad.json")


def test_parse_suites_and_limits() -> None:
    assert parse_suites("policy,asr") == ("asr", "policy")
    assert parse_suites(("speed", "asr")) == ("asr", "speed")
    assert parse_suites(None)[0] == "asr"
    with pytest.raises(ConfigError):
        parse_suites("asr,bogus")
    assert Limits().with_overrides({"dialogsum": 3}).dialogsum == 3
    with pytest.raises(ConfigError):
        Limits().with_overrides({"nope": 1})


def _fake_run(tmp_path: Path) -> RunResult:
    def config(name: str, wer: float) -> ConfigResult:
        asr = SuiteResult("asr", metrics={"asr.wer": wer, "asr.files": 2.0}, details={
            "files": [{"group": "manifest", "file": "a.wav", "audio_s": 2.0, "asr_s": 1.0,
                       "rtf": 0.5, "wer": wer, "cer": wer / 2}]})
        policy = SuiteResult("policy", status="not available", notes=["helper missing"])
        return ConfigResult(RunConfig(name), {"asr_model": name}, {"asr": asr,
                                                                   "policy": policy}, 1.0)

    options = RunOptions(suites=("asr", "policy"), out=tmp_path, command="bodycam eval")
    return RunResult(options, [config("base", 0.125), config("tiny", 0.25)], "now", 2.0,
                     {"cpu_count": 2})


def test_thresholds_under_and_over(tmp_path: Path) -> None:
    run = _fake_run(tmp_path)
    assert check_thresholds(run, [parse_threshold("asr.wer=0.3", lower_bound=False)]) == []
    failures = check_thresholds(run, [parse_threshold("asr.wer=0.2", lower_bound=False)])
    assert failures == ["tiny: asr.wer = 0.25 is over 0.2"]
    failures = check_thresholds(run, [parse_threshold("asr.files=3", lower_bound=True)])
    assert len(failures) == 2
    assert check_thresholds(run, [parse_threshold("x.y=1", True)]) == [
        "x.y: no such metric in this run"]
    with pytest.raises(ConfigError):
        parse_threshold("asr.wer=abc", True)


def test_report_side_by_side_and_not_available(tmp_path: Path) -> None:
    paths = write_reports(_fake_run(tmp_path), tmp_path)
    markdown = paths.markdown.read_text(encoding="utf-8")
    assert "| ASR word error rate (all clips) | `asr.wer` ↓ | 0.125 | 0.250 |" in markdown
    assert "policy: not available" in markdown
    assert json.loads(paths.json.read_text(encoding="utf-8"))["metrics"]["tiny"]["asr.wer"] \
        == 0.25
    assert "<table>" in paths.html.read_text(encoding="utf-8")


def test_metric_direction() -> None:
    assert direction("asr.wer") == "down"
    assert direction("policy.refusal_recall") == "up"
    assert direction("redaction.bodycam.leaks_asr") == "down"
    assert direction("asr.files") == "none"


@dataclass
class _Finding:
    start: int
    end: int
    entity_type: str


def test_score_wnut_token_level() -> None:
    sentence = ConllSentence(("Ann", "Lee", "visited", "Paris", "today"),
                             ("B-person", "I-person", "O", "B-location", "O"))
    # "Ann" found as PERSON, "Paris" missed, "today" wrongly redacted as PERSON.
    findings = [_Finding(0, 3, "PERSON"), _Finding(22, 27, "PERSON")]
    scores = score_wnut([sentence], lambda text: findings)
    assert (scores["person"]["tp"], scores["person"]["fp"], scores["person"]["fn"]) == (1, 1, 1)
    assert scores["location"]["recall"] == 0.0
    assert scores["any_pii"]["tp"] == 1 and scores["any_pii"]["fn"] == 2


def test_pii_audio_spans_and_coverage() -> None:
    scenario = Scenario(
        id="x", incident_type="", audio=Path("x.flac"), duration_s=4.0,
        lines=(("caller", "I am Ann Lee."),),
        timings=(TimedLine("caller", "I am Ann Lee.", 1.0, 2.3),),
        reference_transcript="I am Ann Lee.", pii=(PiiValue("PERSON", "Ann Lee"),), facts=(),
    )
    [(etype, value, t0, t1)] = pii_audio_spans(scenario)
    assert (etype, value) == ("PERSON", "Ann Lee")
    # 13 characters over 1.3 s: "Ann Lee" is characters 5..12 -> 1.5 s .. 2.2 s.
    assert (t0, t1) == pytest.approx((1.5, 2.2))
    assert covered_fraction((t0, t1), [(1.4, 2.3)]) == pytest.approx(1.0)
    assert covered_fraction((t0, t1), [(1.5, 1.85)]) == pytest.approx(0.5)


def test_summary_aggregate_words_and_compression() -> None:
    """Two summaries: 10 words of a 100-word transcript (10x), 40 of 80 (2x)."""
    base = {"facts_covered": 1, "facts_total": 2, "transcript_facts": 2, "unsupported": 0,
            "statements": 3, "leaks": 0, "rouge1": 0.5, "rouge2": 0.25, "rougeL": 0.5}
    rows = [{**base, "words": 10, "transcript_words": 100},
            {**base, "words": 40, "transcript_words": 80, "unsupported": 3}]
    m: dict[str, float] = {}
    _aggregate(rows, "summary", m)
    assert m["summary.max_words"] == 40
    assert m["summary.mean_words"] == 25
    assert m["summary.compression"] == pytest.approx(6.0)
    assert m["summary.fact_coverage"] == 0.5
    assert m["summary.fact_coverage_of_transcript"] == 0.5
    assert m["summary.unsupported_rate"] == pytest.approx(0.5)
