"""The DER used for the speakers figures: mapping-free, missed, false alarm, confusion."""

from __future__ import annotations

import pytest

from eval.speakers_eval import align_reference, der, officer_accuracy, one_speaker

REF = [(0.0, 4.0, "a"), (4.0, 6.0, "b")]


def test_perfect_and_relabelled_hypothesis_score_zero() -> None:
    assert der(REF, REF).der == 0.0
    assert der(REF, [(0.0, 4.0, "x"), (4.0, 6.0, "y")]).der == 0.0


def test_one_speaker_baseline_is_pure_confusion() -> None:
    result = der(REF, one_speaker(REF))
    assert result.confusion == pytest.approx(2 / 6, abs=1e-3)
    assert result.missed == 0.0 and result.false_alarm == 0.0


def test_missed_and_false_alarm() -> None:
    result = der(REF, [(0.0, 3.0, "a"), (4.0, 7.0, "b")])
    assert result.missed == pytest.approx(1 / 6, abs=1e-3)
    assert result.false_alarm == pytest.approx(1 / 6, abs=1e-3)
    assert result.der == pytest.approx(2 / 6, abs=1e-3)


def test_officer_accuracy_by_time() -> None:
    segs = [(0.0, 4.0, "OFFICER"), (4.0, 6.0, "SPEAKER_2")]
    assert officer_accuracy([(0.0, 4.0, "officer"), (4.0, 6.0, "caller")], segs,
                            {"officer"}) == (1.0, 1.0, 1.0)
    strict, lenient, _ = officer_accuracy(REF, [(0.0, 6.0, "SPEAKER_1")], {"a"})
    assert strict == pytest.approx(2 / 6, abs=1e-3) and lenient == pytest.approx(4 / 6, abs=1e-3)


def test_alignment_gives_reference_times_from_asr_words() -> None:
    words = [(0.0, 0.3, " So"), (0.3, 0.6, " it"), (0.6, 0.9, " starts."),
             (1.5, 1.9, " Buckle"), (1.9, 2.2, " up")]
    turns = align_reference(words, [("1", "so it starts"), ("2", "buckle up")])
    assert turns == [(0.0, 0.9, "1"), (1.5, 2.2, "2")]
