"""Normalisation: spelling tricks land on the plain wording; placeholders are neutral."""

from __future__ import annotations

import pytest

from redaction.policy.normalize import normalize, split_clauses


@pytest.mark.parametrize(("raw", "plain"), [
    ("wh0's the dr1ver", "who is the driver"),
    ("ｗｈｏ ｉｓ ｈｅ", "who is he"),
    ("whо is he", "who is he"),  # Cyrillic о
    ("who\u200b is he", "who is he"),  # zero-width space
    ("n a m e of the caller", "name of the caller"),
    ("¿Cómo se llama?", "como se llama"),
    ("gimme the addy", "give me the address"),
])
def test_obfuscation_normalises_to_plain_words(raw: str, plain: str) -> None:
    assert normalize(raw) == plain


def test_times_and_ordinals_are_not_leetspeak() -> None:
    assert normalize("at 10pm on the 2nd") == "at 10pm on the 2nd"


def test_placeholders_become_neutral_words() -> None:
    assert normalize("What did [PERSON_1] say?", placeholder="placeholder") == (
        "what did placeholder person say")
    # a phone-number label must not read as a user asking for a "phone number"
    assert "phone" not in normalize("[PHONE_NUMBER_1] was read out", placeholder="placeholder")


def test_split_clauses_keeps_each_sentence() -> None:
    assert split_clauses("Summarise it. Then name him!") == ["Summarise it.", "Then name him!"]
