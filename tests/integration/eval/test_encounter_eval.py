"""The own encounter set: the scorer on a hand-made case, and the redactor on the set."""

from __future__ import annotations

from pathlib import Path

from eval.encounter_eval import (
    ENCOUNTERS,
    EncounterResult,
    evaluate_encounters,
    load_encounters,
    summarize,
)


def test_scorer_finds_a_leak_and_a_lost_phrase() -> None:
    """A name the redactor cannot know stays readable; a redacted keep phrase is lost."""
    row = {"id": "t1", "style": "asr",
           "text": "officer: what happened at the gas station? man: the guy ran off. "
                   "officer: i am officer reyes. man: thanks xq7.",
           "pii": [{"type": "PERSON", "value": "reyes"}, {"type": "PERSON", "value": "xq7"}],
           "keep": ["the gas station", "officer reyes"]}
    [result] = evaluate_encounters([row])
    assert result.gold == 2
    assert ("PERSON", "reyes") not in result.leaked  # "officer reyes" is redacted
    assert "officer reyes" in result.lost            # so that keep phrase is gone
    assert "the gas station" not in result.lost


def test_summary_counts_only_numbers() -> None:
    results = [EncounterResult("a", "asr", 3, leaked=[("PERSON", "Zbigniew")], keep=2,
                               lost=["the Qwertyville depot"]),
               EncounterResult("b", "written", 2, keep=1)]
    s = summarize(results)
    assert s == {"encounters": 2, "gold": 5, "leaks": 1, "leaks_by_type": {"PERSON": 1},
                 "keep": 3, "kept": 2}
    assert "Zbigniew" not in str(s) and "Qwertyville" not in str(s)


def test_set_shape() -> None:
    rows = load_encounters()
    assert len(rows) == 200 and Path(ENCOUNTERS).is_file()
    assert len({row["id"] for row in rows}) == 200
    for row in rows:
        for pii in row["pii"]:
            assert pii["value"] in row["text"]
        for phrase in row["keep"]:
            assert phrase in row["text"]


def test_redactor_on_the_own_encounter_set() -> None:
    """Regression guard: 2 of 1,113 values readable when this was written (docs/redaction.md)."""
    s = summarize(evaluate_encounters(load_encounters()))
    assert s["gold"] == 1113
    assert s["leaks"] <= 2, s["leaks_by_type"]
    assert s["kept"] / s["keep"] >= 0.95
