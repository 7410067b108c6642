"""Every metric on tiny cases whose answer was worked out by hand."""

from __future__ import annotations

import pytest

from eval.metrics import (
    EditCounts,
    cer,
    corpus_rate,
    edit_counts,
    fact_coverage,
    find_leaks,
    mask_value,
    normalize_english,
    prf,
    rouge_l,
    rouge_n,
    wer,
    word_edits,
)


def test_wer_one_substitution_in_three_words_is_one_third() -> None:
    assert wer("the cat sat", "the cat sit") == pytest.approx(1 / 3)


def test_wer_counts_each_edit_kind() -> None:
    # ref: the cat sat on the mat | hyp: the sat on a mat now
    # "cat" deleted, "the"->"a" substituted, "now" inserted: 3 edits / 6 words.
    counts = word_edits("the cat sat on the mat", "the sat on a mat now")
    assert counts == EditCounts(substitutions=1, deletions=1, insertions=1, hits=4)
    assert counts.rate == pytest.approx(0.5)


def test_wer_is_normalised_whisper_style() -> None:
    # Case, punctuation, "Mr."/"mister", contractions and spelled numbers do not count.
    assert wer("Mr. Carter won't pay twenty five dollars!", "mister carter will not pay $25") == 0
    assert normalize_english("It's [inaudible] (laughs) OK, Mr. Smith.") == "it is ok mister smith"


def test_wer_empty_reference() -> None:
    assert wer("", "") == 0.0
    assert wer("", "hello") == 1.0


def test_cer_one_character_in_four() -> None:
    assert cer("abcd", "abed", normalize=False) == pytest.approx(0.25)
    # Normalised: "colour" -> "color" on both sides, so "the color cat" vs "the color cut"
    # is 1 edit over 13 characters (spaces count).
    assert cer("The colour cat", "the color cut") == pytest.approx(1 / 13)


def test_corpus_rate_is_total_edits_over_total_words() -> None:
    a = word_edits("red green blue black", "red green blue black")  # 0 / 4
    b = word_edits("white gray", "white")  # 1 / 2
    # Mean of rates would be 0.25; corpus rate is 1 / 6.
    assert corpus_rate([a, b]) == pytest.approx(1 / 6)


def test_edit_counts_on_tokens() -> None:
    assert edit_counts(list("kitten"), list("sitting")).errors == 3


def test_rouge_l_hand_case() -> None:
    # pred: police found the car (4) | ref: the police found a car (5)
    # LCS = police found car = 3 -> P 3/4, R 3/5, F = 2PR/(P+R) = 2/3.
    score = rouge_l("Police found the car.", "The police found a car")
    assert score["p"] == pytest.approx(0.75)
    assert score["r"] == pytest.approx(0.6)
    assert score["f"] == pytest.approx(2 / 3)


def test_rouge_is_stemmed_by_default() -> None:
    # "stopped"/"stopping" share the Porter stem "stop": 2 of 2 unigrams match stemmed.
    assert rouge_n("officers stopped", "officer stopping", 1)["f"] == pytest.approx(1.0)
    assert rouge_n("officers stopped", "officer stopping", 1, stem=False)["f"] == 0.0


def test_rouge_n_hand_case() -> None:
    # bigrams pred {the cat, cat sat}; ref {the cat, cat sat, sat down}: P 1, R 2/3.
    score = rouge_n("the cat sat", "the cat sat down", 2)
    assert score["p"] == pytest.approx(1.0)
    assert score["r"] == pytest.approx(2 / 3)
    assert score["f"] == pytest.approx(0.8)
    # Clipped counts: "the the the" vs "the cat": 1 overlapping unigram.
    assert rouge_n("the the the", "the cat", 1)["p"] == pytest.approx(1 / 3)


def test_f2_on_hand_counts() -> None:
    # tp 6, fp 4, fn 2: P 0.6, R 0.75, F2 = 5*0.6*0.75 / (4*0.6 + 0.75) = 2.25 / 3.15.
    score = prf(6, 4, 2)
    assert score["precision"] == pytest.approx(0.6)
    assert score["recall"] == pytest.approx(0.75)
    assert score["f"] == pytest.approx(2.25 / 3.15)
    assert prf(6, 4, 2, beta=1.0)["f"] == pytest.approx(2 * 0.6 * 0.75 / 1.35)


def test_prf_empty_denominators() -> None:
    assert prf(0, 0, 0) == {"precision": 1.0, "recall": 1.0, "f": 1.0}
    assert prf(0, 3, 0)["precision"] == 0.0
    assert prf(0, 0, 2)["f"] == 0.0


PII = [
    ("PERSON", "John Carter"),
    ("LOCATION", "415 Maple Street"),
    ("PHONE_NUMBER", "555 867 5309"),
    ("DATE_OF_BIRTH", "March third, nineteen eighty five"),
]


def test_find_leaks_surname_alone_is_a_leak() -> None:
    text = "Okay Mr. Carter, what happened at [LOCATION_1]?"
    assert find_leaks(text, PII) == ["Carter"]


def test_find_leaks_spoken_and_written_forms() -> None:
    text = "Call 555-867-5309; born March 3rd, 1985; lives at 415 maple street"
    assert find_leaks(text, PII) == [
        "415 Maple Street", "555 867 5309", "March third, nineteen eighty five"
    ]
    assert find_leaks("five five five eight six seven five three oh nine", PII) == [
        "555 867 5309"
    ]


def test_find_leaks_clean_text_and_word_boundaries() -> None:
    clean = "[PERSON_1] reported that a carter's van was seen near [LOCATION_1]."
    # "carter's" normalises to "carter s": the surname as a word is still a leak.
    assert find_leaks(clean, PII) == ["Carter"]
    assert find_leaks("[PERSON_1] called from [PHONE_NUMBER_1].", PII) == []
    assert find_leaks("The cartersville office", [("PERSON", "John Carter")]) == []


def test_mask_value_hides_the_value() -> None:
    assert mask_value("Carter") == "C…(6)"


def test_fact_coverage_covered_and_uncovered() -> None:
    facts = [
        {"fact": "a laptop bag was stolen", "any": ["laptop"]},
        {"fact": "no one was injured", "any": ["nobody was hurt", "no injur"]},
    ]
    assert fact_coverage("A LAPTOP bag was taken from the car.", facts) == (1, 2)
    assert fact_coverage("No injuries; the laptop was taken.", facts) == (2, 2)
    assert fact_coverage("", facts) == (0, 2)
