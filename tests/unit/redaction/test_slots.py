"""Answer slots: the span after a question for a name, a number, an address..."""

from __future__ import annotations

import pytest

from redaction.pii.slots import SlotTurn, find_slots


def _slots(lines: list[str], speakers: list[str | None] | None = None) -> list[tuple[str, str]]:
    turns = [SlotTurn(t, speakers[i] if speakers else None, i * 4.0, i * 4.0 + 3.0)
             for i, t in enumerate(lines)]
    return [(s.entity_type, turns[s.turn].text[s.start:s.end]) for s in find_slots(turns)]


# (lines, speakers or None, expected (type, answer span) list)
CASES = [
    (["Could I get your name?", "Uh, yeah, it's Marisol Etxeberria."], None,
     [("PERSON", "Marisol Etxeberria")]),
    (["What's your date of birth?", "The twelfth of June, eighty nine."], None,
     [("DATE_OF_BIRTH", "twelfth of June, eighty nine")]),
    (["Best callback number? Four one five. Two two eight. Nine zero one one."], None,
     [("PHONE_NUMBER", "Four one five. Two two eight. Nine zero one one")]),
    (["And the plate on the hatchback?", "I think, like, garble vex nine one."], None,
     [("LICENSE_PLATE", "I think, like, garble vex nine one")]),
    # With speakers the answering turn runs over segments of the same speaker...
    (["Where are you staying right now?", "Forty two", "Larkspur Row.", "Thanks."],
     ["OFFICER", "SPEAKER_2", "SPEAKER_2", "OFFICER"],
     [("STREET_ADDRESS", "Forty two"), ("STREET_ADDRESS", "Larkspur Row")]),
    # ... and the asker going on talking is no answer.
    (["What's your e-mail?", "Actually never mind, later.", "Sure."],
     ["OFFICER", "OFFICER", "SPEAKER_2"], []),
    # Role labels written into the text stand for speakers.
    (["deputy: full name for me?", "caller: wren talbot-achebe.", "deputy: thanks."], None,
     [("PERSON", "wren talbot-achebe")]),
    # Bounded: a long answer does not swallow what follows.
    (["Your name, sir?", "Bo Lindqvist and I was only walking the dog past the shop here"],
     None, [("PERSON", "Bo Lindqvist")]),
    (["Your name, sir?", "Bo Anselm Lindqvist Okoro Varga Hale Brandt"], None,
     [("PERSON", "Bo Anselm Lindqvist Okoro Varga")]),
    # Digits are the value: the span runs from the first to the last of them.
    (["And your social?", "It's two one two, four four, nine nine nine one, and that was it."],
     None, [("US_SSN", "two one two, four four, nine nine nine one")]),
    (["Name?", "Twenty-three."], None, []),  # an age where a name was asked
]


@pytest.mark.parametrize(("lines", "speakers", "expected"), CASES)
def test_answer_slots(lines: list[str], speakers: list[str | None] | None,
                      expected: list[tuple[str, str]]) -> None:
    assert _slots(lines, speakers) == expected


@pytest.mark.parametrize(
    "lines",
    [
        ["Did you see a plate?", "No, it was too dark."],  # no value given
        ["Did anyone get the plate?", "Yeah, it was a grey van."],  # yes/no, no digits
        ["Can I have your address?", "I'd rather not say."],
        ["I wrote his name down already.", "Okay good."],  # a statement, not a question
        ["What happened to your arm?", "I fell off the ladder."],  # asks for no slot
        ["What's your phone number?"],  # nothing after it
    ],
)
def test_no_slot(lines: list[str]) -> None:
    assert _slots(lines) == []


def test_a_long_pause_ends_the_slot() -> None:
    turns = [SlotTurn("What's your name?", None, 0.0, 1.0),
             SlotTurn("The car came from the left.", None, 9.0, 11.0)]
    assert find_slots(turns) == []
