"""The audio encounter harness's pure parts: reading speech lines, speakers, totals."""

from __future__ import annotations

from eval.encounter_audio import AudioResult, _with_speakers, speech_lines, summarize
from redaction.types import AsrInfo, Segment, Transcript


def test_speech_lines_in_every_shape() -> None:
    assert speech_lines({"lines": [["OFFICER", "Hi."], ["SPEAKER_2", "Hello."]]}) == [
        ("OFFICER", "Hi."), ("SPEAKER_2", "Hello.")]
    assert speech_lines({"turns": [{"role": "deputy", "line": "Stop."}]}) == [("deputy", "Stop.")]
    assert speech_lines({"text": "officer: your name? man: dov. officer: thanks."}) == [
        ("officer", "your name?"), ("man", "dov."), ("officer", "thanks.")]


def test_segments_take_the_speaker_of_the_turn_they_overlap() -> None:
    info = AsrInfo("t", "cpu", "-", "en", 1.0, 4.0)
    transcript = Transcript([Segment(0, 0.1, 1.4, "a"), Segment(1, 1.9, 3.5, "b")], info)
    turns = [{"speaker": "OFFICER", "start": 0.0, "end": 1.5},
             {"speaker": "SPEAKER_2", "start": 2.0, "end": 3.6}]
    out = _with_speakers(transcript, turns)
    assert [s.speaker for s in out.segments] == ["OFFICER", "SPEAKER_2"]


def test_summary_counts_by_type_only() -> None:
    s = summarize([AudioResult("a", 3, 2, ["PERSON"], ["PERSON", "US_SSN"], ["PERSON"], 10.0),
                   AudioResult("b", 1, 0, [], [], [], 5.0)])
    assert s["gold"] == 4 and s["heard_by_asr"] == 2 and s["audio_s"] == 15.0
    assert s["text_leaks_by_type"] == {"PERSON": 1}
    assert s["audio_leaks"] == 2 and s["audio_leaks_by_type"] == {"PERSON": 1, "US_SSN": 1}
