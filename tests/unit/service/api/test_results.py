"""Rebuilding the typed redacted transcript from result.json keeps what the writer needs."""

from __future__ import annotations

from service.api.results import redacted_transcript


def test_speaker_labels_survive_the_round_trip_through_result_json() -> None:
    result = {
        "redacted_transcript": {"segments": [
            {"id": 0, "start": 0.0, "end": 2.0, "speaker": "OFFICER", "text": "Step out."},
            {"id": 1, "start": 2.0, "end": 3.5, "speaker": None, "text": "Why?"},
        ]},
        "redactions": [],
        "asr": {"language": "en"},
        "recording": {"duration_s": 3.5},
    }
    segments = redacted_transcript(result).segments
    assert [s.speaker for s in segments] == ["OFFICER", None]
