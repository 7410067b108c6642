"""Role decision from non-identifying cues: radio band, level, questions, order."""

from __future__ import annotations

from service.speakers.roles import RoleOptions, decide_roles, question_share
from service.speakers.types import SpeakerCues


def _cue(spk: int, speech: float, first: float, level: float, q: float = 0.0,
         high: float = 0.03, low: float = 0.1) -> SpeakerCues:
    return SpeakerCues(spk, speech, first, level, high, low, question_share=q)


def test_question_share_counts_sentences() -> None:
    assert question_share(["Where were you? I see.", "And then?"]) == 2 / 3
    assert question_share(["no punctuation at all"]) == 0.0


def test_loud_questioner_is_officer_others_numbered_by_appearance() -> None:
    cues = {0: _cue(0, 10, 5.0, -30), 1: _cue(1, 14, 1.0, -20, q=0.6), 2: _cue(2, 6, 9.0, -31)}
    labels, speakers = decide_roles(cues)
    assert labels == {1: "OFFICER", 0: "SPEAKER_2", 2: "SPEAKER_3"}
    assert [s.label for s in speakers] == ["OFFICER", "SPEAKER_2", "SPEAKER_3"]
    assert speakers[0].role == "officer" and speakers[0].confidence >= 0.65
    assert all(s.role == "other" for s in speakers[1:])


def test_band_limited_voice_is_dispatch_and_never_officer() -> None:
    cues = {0: _cue(0, 8, 0.0, -10, q=0.9, high=0.001, low=0.002), 1: _cue(1, 12, 3.0, -25)}
    labels, speakers = decide_roles(cues)
    assert labels[0] == "DISPATCH" and labels[1] == "OFFICER"
    assert speakers[0].role == "dispatch"


def test_unsure_when_cues_are_even() -> None:
    cues = {0: _cue(0, 10, 1.0, -25, q=0.3), 1: _cue(1, 10, 1.5, -25, q=0.3)}
    labels, speakers = decide_roles(cues)
    assert sorted(labels.values()) == ["SPEAKER_1", "SPEAKER_2"]
    officer = next(s for s in speakers if s.role == "officer")
    assert officer.label == "SPEAKER_1" and officer.confidence < RoleOptions().sure


def test_single_voice_is_officer_with_moderate_confidence() -> None:
    labels, speakers = decide_roles({4: _cue(4, 30, 0.5, -20)})
    assert labels == {4: "OFFICER"}
    assert speakers[0].confidence == RoleOptions().alone


def test_no_speakers_no_labels() -> None:
    assert decide_roles({}) == ({}, [])


def test_speaker_info_has_only_the_contract_fields() -> None:
    _, speakers = decide_roles({0: _cue(0, 3.21, 0.0, -20)})
    assert set(speakers[0].to_dict()) == {"label", "role", "confidence", "speech_s"}
