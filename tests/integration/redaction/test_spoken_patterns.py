"""Redaction v2 through the real analyzer: spoken forms, answer slots, the entity-policy rules.

Each row is (text, entity, start, end) with start/end taken from an expected substring so
the table stays readable; a positive row needs a finding of that type covering the span,
a negative row (``None``) needs no finding of that type overlapping it. The sentences
are written for these tests, not taken from any evaluation set.
"""

from __future__ import annotations

import pytest

from redaction.pii.redactor import analyze, get_redactor
from redaction.types import AsrInfo, Segment, Transcript


def _row(text: str, entity: str, value: str | None, where: str | None = None):
    """(text, entity, start, end): the span of ``value`` (or of ``where`` for negatives)."""
    target = value if value is not None else where
    assert target is not None and target in text, target
    start = text.index(target)
    return (text, entity, start if value else None, start + len(target), target)


POSITIVE = [
    # spoken plates and licences, whole and partial after a cue
    _row("The tag on the hatchback was four double u k, seven seven niner.", "LICENSE_PLATE",
         "four double u k, seven seven niner"),
    _row("Dispatch, plate is ZK-4-0-2 on a grey pickup.", "LICENSE_PLATE", "ZK-4-0-2"),
    _row("I only caught part of the plate, something like seven seven three.", "LICENSE_PLATE",
         "seven seven three"),
    _row("Her licence reads Q R 4 4 0 1 9 3 8 T.", "US_DRIVER_LICENSE",
         "Q R 4 4 0 1 9 3 8 T"),
    # last four and a whole SSN said in groups
    _row("Give me the last four of your social. Eight one, zero three.", "US_SSN",
         "Eight one, zero three"),
    _row("Social security is two one four, six six, nine zero eight one.", "US_SSN",
         "two one four, six six, nine zero eight one"),
    # a full date a decade or more back is a date of birth without any birth cue
    _row("Okay, and that was the fourth of February, nineteen eighty seven, right?",
         "DATE_OF_BIRTH", "fourth of February, nineteen eighty seven"),
    _row("Paperwork says 07/22/1969 for him.", "DATE_OF_BIRTH", "07/22/1969"),
    _row("Date of birth, uh, sorry, 1991 November.", "DATE_OF_BIRTH", "1991 November"),
    # house number and a street name without a suffix
    _row("Right now I'm staying at 2290 Quillfeather with my aunt.", "STREET_ADDRESS",
         "2290 Quillfeather"),
    _row("she lives at eight eighteen larkmoor, the blue one", "STREET_ADDRESS",
         "eight eighteen larkmoor"),
    # named schools and workplaces of a person
    _row("Her son is a freshman at Calloway Ridge High School.", "ORGANIZATION",
         "Calloway Ridge High School"),
    _row("He works at Pemberly Tool and Die Company on weekends.", "ORGANIZATION",
         "Pemberly Tool and Die Company"),
    _row("my daughter goes to saint brigid academy", "ORGANIZATION", "saint brigid academy"),
    _row("He's employed by Quarrow Lumen since May.", "ORGANIZATION", "Quarrow Lumen"),
]

NEGATIVE = [
    _row("We were there until 10 pm on March 3, 2025, then we left.", "DATE_OF_BIRTH", None,
         "March 3, 2025"),
    _row("The last four years she has lived alone.", "US_SSN", None, "four"),
    _row("I got here at 1030 and the plate glass window was broken.", "LICENSE_PLATE", None,
         "1030"),
    _row("He said he was out at 9 with friends.", "STREET_ADDRESS", None, "9 with"),
    _row("The kids walked to the school and then to the bank.", "ORGANIZATION", None,
         "the school"),
    _row("She teaches at the local high school.", "ORGANIZATION", None, "local high school"),
    _row("I work at night mostly.", "ORGANIZATION", None, "night"),
    _row("That was back in June 2019 when the fence went up.", "DATE_OF_BIRTH", None,
         "June 2019"),
]


@pytest.mark.parametrize(("text", "entity", "start", "end", "value"), POSITIVE)
def test_found(text: str, entity: str, start: int, end: int, value: str) -> None:
    found = [(f.start, f.end) for f in analyze(text) if f.entity_type == entity]
    assert any(s <= start and e >= end for s, e in found), (value, found)


@pytest.mark.parametrize(("text", "entity", "start", "end", "value"), NEGATIVE)
def test_kept(text: str, entity: str, start: int | None, end: int, value: str) -> None:
    begin = text.index(value)
    found = [(f.start, f.end) for f in analyze(text) if f.entity_type == entity]
    assert not any(s < end and e > begin for s, e in found), (value, found)


@pytest.mark.parametrize(
    ("said", "valid"),
    [("2 1 4 6 6 9 0 8 1", True), ("214 66 9081", True), ("214669081", True),
     ("312 555 018", False), ("666 12 3456", False), ("4 4 1", True), ("12", False)],
)
def test_ssn_shapes(said: str, valid: bool) -> None:
    from redaction.pii.recognizers import SpokenSsnRecognizer

    assert SpokenSsnRecognizer().invalidate_result(said) is not valid


def _transcript(lines: list[tuple[str | None, str]]) -> Transcript:
    segments = [Segment(i, i * 3.0, i * 3.0 + 2.5, text, speaker=speaker)
                for i, (speaker, text) in enumerate(lines)]
    return Transcript(segments, AsrInfo("test", "cpu", "-", "en", 1.0, len(lines) * 3.0))


def test_answer_slot_redacts_a_misheard_name_and_records_why() -> None:
    redacted = get_redactor().redact(_transcript([
        ("OFFICER", "Can I get your last name?"),
        ("SPEAKER_2", "Then the bell rang over."),
        ("OFFICER", "Thanks, stay by the car."),
    ]))
    assert redacted.segments[1].text == "[PERSON_1]."
    assert redacted.segments[2].text == "Thanks, stay by the car."
    [r] = redacted.redactions
    assert r.entity_type == "PERSON" and r.reason.startswith("answer to a question")
    assert r.to_dict()["reason"] == r.reason
    assert redacted.segments[1].speaker == "SPEAKER_2"


def test_answer_slot_is_typed_by_the_question() -> None:
    redacted = get_redactor().redact(_transcript([
        (None, "What's a good phone number for you?"),
        (None, "Uh, it's the four four, garbled, seven oh."),
    ]))
    assert redacted.segments[1].text == "Uh, it's the [PHONE_NUMBER_1]."
    assert "seven" not in redacted.segments[1].text


def test_labels_follow_reading_order() -> None:
    text, hits = get_redactor().redact_text(
        "Call Ifeoma Brandtner at 415 555 0188 or Mr. Tobiah Quense at 415 555 0142.")
    assert hits == 4
    assert text.index("[PERSON_1]") < text.index("[PERSON_2]")
    assert text.index("[PHONE_NUMBER_1]") < text.index("[PHONE_NUMBER_2]")
