"""The summary metrics: ROUGE through rouge-score (stemmed) and the quoted-speech share."""

from __future__ import annotations

import pytest

from eval.summary_eval import quoted_words, rouge


def test_rouge_is_stemmed_f1() -> None:
    same = rouge("The officer wrote a report.", "The officer wrote a report.")
    assert same == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}
    stemmed = rouge("officers running", "officer runs")
    assert stemmed["rouge1"] == pytest.approx(1.0)  # Porter stemming joins the forms
    partial = rouge("the dog barked", "the cat sat down")
    assert partial["rouge1"] == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))
    assert rouge("", "something")["rougeL"] == 0.0


def test_quoted_words_count_only_inside_quotes() -> None:
    assert quoted_words('The owner said "it was gone by noon" and left.') == 5
    assert quoted_words("No quotation here.") == 0
    assert quoted_words("He said “two words” and “three more words”.") == 5
