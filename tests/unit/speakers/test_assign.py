"""Speakers onto ASR words and segments: splits at changes, labels on words, smoothing."""

from __future__ import annotations

from redaction.types import Segment, Word
from service.speakers.assign import assign_speakers, label_segments
from service.speakers.types import SpeakerTurn


def _seg(i: int, words: list[tuple[float, float, str]]) -> Segment:
    ws = tuple(Word(s, e, f" {w}", 0.9) for s, e, w in words)
    return Segment(i, ws[0].start, ws[-1].end, "".join(w.word for w in ws).strip(), ws)


def test_segment_split_where_the_speaker_changes() -> None:
    seg = _seg(0, [(0.0, 0.4, "where"), (0.4, 0.8, "were"), (0.8, 1.2, "you?"),
                   (2.0, 2.4, "at"), (2.4, 2.9, "home.")])
    turns = [SpeakerTurn(0.0, 1.3, 0), SpeakerTurn(1.9, 3.0, 1)]
    pairs = assign_speakers([seg], turns)
    assert [(s.text, spk) for s, spk in pairs] == [("where were you?", 0), ("at home.", 1)]
    assert [s.id for s, _ in pairs] == [0, 1]
    assert pairs[1][0].start == 2.0 and pairs[1][0].end == 2.9


def test_ids_renumbered_across_segments_in_order() -> None:
    a = _seg(0, [(0.0, 0.5, "one"), (3.0, 3.5, "two")])
    b = _seg(1, [(4.0, 4.5, "three")])
    turns = [SpeakerTurn(0.0, 1.0, 0), SpeakerTurn(2.9, 5.0, 1)]
    pairs = assign_speakers([a, b], turns)
    assert [s.id for s, _ in pairs] == [0, 1, 2]
    assert [spk for _, spk in pairs] == [0, 1, 1]


def test_lone_short_word_between_one_speaker_is_not_a_turn() -> None:
    seg = _seg(0, [(0.0, 0.5, "please"), (0.5, 0.7, "step"), (0.7, 1.2, "back")])
    turns = [SpeakerTurn(0.0, 0.55, 0), SpeakerTurn(0.55, 0.72, 1), SpeakerTurn(0.72, 1.3, 0)]
    pairs = assign_speakers([seg], turns)
    assert len(pairs) == 1 and pairs[0][1] == 0


def test_word_outside_turns_joins_nearest_or_neighbours() -> None:
    seg = _seg(0, [(0.0, 0.4, "okay"), (5.0, 5.3, "thanks")])
    pairs = assign_speakers([seg], [SpeakerTurn(0.0, 0.5, 0)])
    assert [spk for _, spk in pairs] == [0]  # far word inherits from its neighbour


def test_no_turns_leaves_speaker_unknown_and_labels_only_known() -> None:
    seg = _seg(0, [(0.0, 0.4, "hello")])
    pairs = assign_speakers([seg], [])
    assert pairs[0][1] is None
    labelled = label_segments(pairs, {0: "OFFICER"})
    assert labelled[0].speaker is None and labelled[0].words[0].speaker is None


def test_labels_reach_every_word() -> None:
    seg = _seg(0, [(0.0, 0.4, "stop"), (0.4, 0.8, "there")])
    labelled = label_segments(assign_speakers([seg], [SpeakerTurn(0, 1, 3)]), {3: "SPEAKER_2"})
    assert labelled[0].speaker == "SPEAKER_2"
    assert {w.speaker for w in labelled[0].words} == {"SPEAKER_2"}


def test_segment_without_words_takes_overlapping_speaker() -> None:
    seg = Segment(0, 1.0, 2.0, "mm")
    pairs = assign_speakers([seg], [SpeakerTurn(0.0, 1.2, 0), SpeakerTurn(1.2, 3.0, 1)])
    assert pairs[0][1] == 1
