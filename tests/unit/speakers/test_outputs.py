"""Speaker labels in result.json, transcript.txt and transcript.vtt."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from redaction.types import (
    AsrInfo,
    Audio,
    RedactedSegment,
    RedactedTranscript,
    Segment,
    Transcript,
)
from service.outputs import transcript_txt, transcript_vtt
from service.pipeline import build_result, with_speakers
from service.speakers.stage import SpeakerResult
from service.speakers.types import SpeakerInfo, SpeakerTurn
from service.types import Timings

SEGS = [Segment(0, 0.0, 2.0, "What happened here?", speaker="OFFICER"),
        Segment(1, 2.5, 4.0, "My [PERSON_1] fell.", speaker="SPEAKER_2")]


def _redacted(speaker: bool = True) -> RedactedTranscript:
    return RedactedTranscript([RedactedSegment(s.id, s.start, s.end, s.text,
                                               s.speaker if speaker else None) for s in SEGS])


def test_txt_and_vtt_name_the_speaker() -> None:
    txt = transcript_txt(_redacted())
    assert txt.splitlines() == ["[00:00] OFFICER: What happened here?",
                                "[00:02] SPEAKER_2: My [PERSON_1] fell."]
    vtt = transcript_vtt(_redacted())
    assert "<v OFFICER>What happened here?" in vtt and "<v SPEAKER_2>My [PERSON_1] fell." in vtt


def test_without_diarization_no_labels() -> None:
    assert transcript_txt(_redacted(False)).splitlines()[0] == "[00:00] What happened here?"
    assert "<v " not in transcript_vtt(_redacted(False))


def test_redacted_segments_take_the_speakers_of_their_source() -> None:
    info = AsrInfo("base", "cpu", "int8", "en", 1.0, 4.0)
    plain = RedactedTranscript([RedactedSegment(s.id, s.start, s.end, s.text) for s in SEGS])
    labelled = with_speakers(plain, Transcript(SEGS, info))
    assert [s.speaker for s in labelled.segments] == ["OFFICER", "SPEAKER_2"]


def test_result_json_speakers_and_segment_speaker() -> None:
    audio = Audio(np.zeros(16000 * 4, dtype=np.float32), 16000, "ab" * 32, "x.wav", 10,
                  16000, 1, "wav")
    info = AsrInfo("base", "cpu", "int8", "en", 1.0, 4.0)
    found = SpeakerResult(SEGS, [SpeakerInfo("OFFICER", "officer", 0.91, 2.0),
                                 SpeakerInfo("SPEAKER_2", "other", 0.91, 1.5)],
                          "test", [SpeakerTurn(0, 2, 0), SpeakerTurn(2.5, 4, 1)],
                          {0: "OFFICER", 1: "SPEAKER_2"})
    summary = SimpleNamespace(to_dict=lambda: {"narrative": ""})
    result = build_result(audio, Transcript(SEGS, info), _redacted(), summary, Timings(),
                          speakers=found)
    assert result["speakers"] == [
        {"label": "OFFICER", "role": "officer", "confidence": 0.91, "speech_s": 2.0},
        {"label": "SPEAKER_2", "role": "other", "confidence": 0.91, "speech_s": 1.5}]
    assert [s["speaker"] for s in result["redacted_transcript"]["segments"]] == [
        "OFFICER", "SPEAKER_2"]
    assert result["diarization"] == {"method": "test"}
    none = build_result(audio, Transcript(SEGS, info), _redacted(False), summary, Timings())
    assert none["speakers"] == []
