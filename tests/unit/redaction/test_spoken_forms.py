"""The spoken-form normaliser: canonical strings and the map back to the transcript."""

from __future__ import annotations

import pytest

from redaction.pii.spoken_forms import spoken_form

# (what was said, canonical form)
CASES = [
    ("tag reads four double u k, seven seven niner", "tag reads 4 W K 7 7 9"),
    ("call me on five five five, two three one, eight eight zero zero",
     "call me on 5 5 5 2 3 1 8 8 0 0"),
    ("double six double two", "66 22"),
    ("ninety one twelve", "9112"),
    ("dated 03/11/1977", "dated 03/11/1977"),
    ("born november 1979", "born november 1979"),
    ("q like queen, x-ray, four", "Q X 4"),
    ("b for bravo 9 9", "B 9 9"),
    ("i like it for now", "i like it for now"),
    ("it was P as in Paul, Q, 8 1 3", "it was P Q 8 1 3"),
    ("november tango six six two", "N T 6 6 2"),
    ("born october second, nineteen sixty four", "born october 2 1964"),
    ("the ninth of july 1990", "the 9 of july 1990"),
    ("plate ZK-4-0-2", "plate ZK 4 0 2"),
    ("we left at nine", "we left at 9"),
    ("a dog and a cat", "a dog and a cat"),
    ("oh well, first we talked", "oh well, first we talked"),
]


@pytest.mark.parametrize(("said", "canonical"), CASES)
def test_canonical_form(said: str, canonical: str) -> None:
    assert spoken_form(said).text == canonical


@pytest.mark.parametrize(
    ("said", "canonical_piece", "original_piece"),
    [
        ("tag reads four double u k, seven seven niner", "4 W K 7 7 9",
         "four double u k, seven seven niner"),
        ("my cell is five five five, two three one", "5 5 5 2 3 1",
         "five five five, two three one"),
        ("plate ZK-4-0-2 on a van", "ZK 4 0 2", "ZK-4-0-2"),
        ("K as in kite, 7", "K 7", "K as in kite, 7"),
    ],
)
def test_span_maps_back_to_the_words_said(said: str, canonical_piece: str,
                                          original_piece: str) -> None:
    form = spoken_form(said)
    start = form.text.index(canonical_piece)
    s, e = form.original_span(start, start + len(canonical_piece))
    assert said[s:e] == original_piece
