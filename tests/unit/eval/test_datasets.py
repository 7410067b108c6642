"""Dataset readers on tiny temp files, plus the bundled eval data parsing cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.datasets import (
    BUNDLED_DATA,
    DataLayout,
    DatasetError,
    read_asr_manifest,
    read_conll,
    read_dialogsum,
    read_presidio_synth,
    read_qmsum,
    read_requests,
    read_scenario,
    read_scenarios,
)


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n", encoding="utf-8")
    return path


def test_asr_manifest_with_stereo_channel(tmp_path: Path) -> None:
    manifest = _jsonl(tmp_path / "manifest.jsonl", [
        {"file": "a.wav", "reference": "hello there"},
        {"file": "st.wav", "reference": "left words", "channel": "left", "duration_s": 5},
        {"file": "st.wav", "reference": "right words", "channel": "right"},
    ])
    items = read_asr_manifest(manifest)
    assert [i.channel for i in items] == [None, "left", "right"]
    assert items[1].file == (tmp_path / "st.wav").resolve()
    assert items[1].duration_s == 5.0
    assert [i.key for i in items] == ["a.wav", "st.wav:left", "st.wav:right"]


def test_asr_manifest_rejects_bad_channel(tmp_path: Path) -> None:
    manifest = _jsonl(tmp_path / "m.jsonl", [{"file": "a.wav", "reference": "x", "channel": 2}])
    with pytest.raises(DatasetError, match="channel"):
        read_asr_manifest(manifest)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad\.jsonl:1"):
        read_asr_manifest(bad)


SCENARIO = {
    "id": "t01", "incident_type": "test", "audio": "t01.flac", "duration_s": 3.0,
    "lines": [["officer", "Your name?"], ["caller", "Ann Lee."]],
    "timings": [{"speaker": "officer", "text": "Your name?", "start": 0.5, "end": 1.2},
                {"speaker": "caller", "text": "Ann Lee.", "start": 1.7, "end": 2.4}],
    "pii": [["PERSON", "Ann Lee"]],
    "facts": [{"fact": "a name was asked", "any": ["name"]}],
    "reference_summary": "The officer asked for a name.",
}


def test_scenario_reader(tmp_path: Path) -> None:
    (tmp_path / "t01.json").write_text(json.dumps(SCENARIO), encoding="utf-8")
    (tmp_path / "other.json").write_text("{}", encoding="utf-8")
    scenarios = read_scenarios(tmp_path)
    assert len(scenarios) == 1
    s = scenarios[0]
    assert s.audio == (tmp_path / "t01.flac").resolve()
    assert s.reference_transcript == "Your name? Ann Lee."  # joined lines when absent
    assert s.pii_pairs == [("PERSON", "Ann Lee")]
    assert s.facts[0].any == ("name",)
    assert s.timings[1].start == 1.7


def test_scenario_missing_pii_is_an_error(tmp_path: Path) -> None:
    broken = {k: v for k, v in SCENARIO.items() if k != "pii"}
    (tmp_path / "b.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(DatasetError, match="pii"):
        read_scenario(tmp_path / "b.json")


def test_requests_reader(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "r.jsonl", [
        {"text": "Who is he?", "label": "refuse", "category": "identity"},
        {"text": "What happened?", "label": "allow"},
    ])
    rows = read_requests(path)
    assert [r.should_refuse for r in rows] == [True, False]
    assert rows[0].category == "identity" and rows[1].category is None
    bad = _jsonl(tmp_path / "bad.jsonl", [{"text": "x", "label": "maybe"}])
    with pytest.raises(DatasetError):
        read_requests(bad)


def test_dialogsum_dev_and_test_formats(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "d.jsonl", [
        {"fname": "dev_0", "dialogue": "#Person1#: Hi", "summary": "A greeting.", "topic": "hi"},
        {"fname": "test_0", "dialogue": "#Person1#: Yo", "summary1": "S1", "summary2": "S2",
         "summary3": "S3", "topic1": "t"},
    ])
    items = read_dialogsum(path)
    assert items[0].summary == "A greeting."
    assert items[1].summaries == ("S1", "S2", "S3") and items[1].topic == "t"


def test_qmsum_reader(tmp_path: Path) -> None:
    path = tmp_path / "M1.json"
    path.write_text(json.dumps({
        "meeting_transcripts": [{"speaker": "PM", "content": "Let us start."},
                                {"speaker": "UI", "content": "Okay."}],
        "general_query_list": [{"query": "Summarize the whole meeting.", "answer": "They met."}],
        "specific_query_list": [{"query": "Q?", "answer": "A.", "relevant_text_span": []}],
    }), encoding="utf-8")
    meeting = read_qmsum(path)
    assert meeting.id == "M1"
    assert meeting.general_summary == "They met."
    assert meeting.transcript == "PM: Let us start.\nUI: Okay."
    assert meeting.queries == (("Q?", "A."),)


def test_presidio_synth_reader(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    text = "Call Ann at 555-0100"
    path.write_text(json.dumps([{"full_text": text, "spans": [
        {"entity_type": "PERSON", "entity_value": "Ann", "start_position": 5, "end_position": 8},
    ], "template_id": 3}]), encoding="utf-8")
    sample = read_presidio_synth(path)[0]
    assert text[sample.spans[0].start:sample.spans[0].end] == "Ann"
    path.write_text(json.dumps([{"full_text": "x", "spans": [
        {"entity_type": "PERSON", "start_position": 0, "end_position": 9}]}]), encoding="utf-8")
    with pytest.raises(DatasetError, match="outside"):
        read_presidio_synth(path)


def test_conll_reader(tmp_path: Path) -> None:
    path = tmp_path / "w.conll"
    path.write_text("Ann\tB-person\nLee\tI-person\nin\tO\nParis\tB-location\n\nhi\tO\n",
                    encoding="utf-8")
    sentences = read_conll(path)
    assert len(sentences) == 2
    s = sentences[0]
    assert s.text == "Ann Lee in Paris"
    assert s.token_offsets()[3] == (11, 16)
    assert [s.entity_of(i) for i in range(4)] == ["person", "person", None, "location"]
    path.write_text("Ann\tPERSON\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="BIO"):
        read_conll(path)


def test_bundled_data_is_complete_and_small() -> None:
    layout = DataLayout.discover()
    assert layout.root == BUNDLED_DATA.resolve()
    assert layout.asr_manifest is not None and layout.bodycam_dir is not None
    items = read_asr_manifest(layout.asr_manifest)
    assert all(i.file.exists() for i in items)
    assert {i.channel for i in items} >= {"left", "right"}
    scenarios = read_scenarios(layout.bodycam_dir)
    assert len(scenarios) >= 2
    for s in scenarios:
        assert s.audio.exists() and s.pii and s.facts and s.timings and s.reference_summary
        assert len(s.timings) == len(s.lines)
    audio = [p for p in BUNDLED_DATA.rglob("*") if p.suffix in (".flac", ".wav", ".ogg")]
    assert sum(p.stat().st_size for p in audio) < 1.5e6
