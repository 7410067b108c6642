"""The redactor end to end: policy, pseudonyms, recurring names, spans, real ASR audio."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from redaction.audio import bleep
from redaction.pii.entities import EntityPolicy, default_entity_policy
from redaction.pii.redactor import Pseudonymizer, analyze, audio_span, get_redactor
from redaction.types import AsrInfo, Segment, Transcript, Word

DATA = Path(__file__).resolve().parents[2] / "data"
INFO = AsrInfo(model="test", device="cpu", compute_type="int8", language="en",
               language_probability=1.0, duration_s=30.0)


def transcript(*texts: str) -> Transcript:
    return Transcript(
        segments=[Segment(id=i, start=2.0 * i, end=2.0 * i + 1.8, text=t)
                  for i, t in enumerate(texts)],
        info=INFO,
    )


def redacted_text(*texts: str) -> str:
    return get_redactor().redact(transcript(*texts)).text


# --- policy: what must stay --------------------------------------------------------------

KEPT = [
    "We got the call tonight around nine.",
    "He was gone for four hours.",
    "They ran toward the park.",
    "You were doing fifty two in a thirty five zone.",
    "Dispatch, unit twelve is on scene.",
    "The TV was worth about four hundred dollars, $389.99 with tax.",
    "She says she is twenty years old.",
    "It happened on March third, around ten thirty.",
    "My daughter called because she was worried.",
    "They drove off in a silver Honda Civic.",
    "she was in a gray hyundai elantra",
    "Open CAD 25-204611 for the disturbance.",
    "Vehicle: white Toyota Camry, no damage.",
]


@pytest.mark.parametrize("text", KEPT)
def test_policy_keeps_incident_facts(text: str) -> None:
    assert analyze(text) == [], text


def test_policy_is_configurable() -> None:
    text = "Call me at 312-555-0199, I'm Maya Lindgren."
    no_phone = EntityPolicy(redact=default_entity_policy().redact - {"PHONE_NUMBER"})
    assert {f.entity_type for f in analyze(text)} >= {"PHONE_NUMBER", "PERSON"}
    assert "PHONE_NUMBER" not in {f.entity_type for f in analyze(text, no_phone)}


# --- pseudonyms and recurring names ------------------------------------------------------


def test_same_person_same_label_and_surname_alone_detected() -> None:
    out = redacted_text(
        "Ma'am, who am I speaking with?",
        "This is Renata Okonkwo-Hale, I called it in.",
        "Thank you, Ms. Okonkwo-Hale.",
        "Okay, so okonkwo-hale saw the van leave?",
        "Officer Brandt will take your statement.",
    )
    assert "Okonkwo" not in out and "okonkwo" not in out
    assert out.count("[PERSON_1]") == 3
    assert "Brandt" not in out and "[PERSON_2]" in out


def test_surname_that_is_a_word_keeps_the_thing() -> None:
    out = redacted_text("Can I get your name? Linh Park.", "Ms. Park, was he near the park?")
    assert "Park" not in out
    assert "the park" in out


def test_names_read_as_places_follow_the_person() -> None:
    # spaCy reads "Emmie Ström's" (possessive included) and the lone "Ström" as places;
    # the possessive is trimmed so the gazetteer's full name wins, and the lone surname
    # of a detected person is that person.
    text = "We found the letters in Emmie Ström's bag. Nobody had seen Ström since noon."
    found = [(text[f.start:f.end], f.entity_type) for f in analyze(text)]
    assert found == [("Emmie Ström", "PERSON"), ("Ström", "PERSON")]


def test_given_name_before_a_person_and_its_lone_mentions() -> None:
    # Only the surname is found first ("mister okafor-nwosu"); the given name right before
    # an earlier mention joins the person, and its later lone mentions follow, while the
    # month after "since" stays a month.
    out = redacted_text(
        "dispatch: comes back to an april okafor-nwosu.",
        "officer: ma'am, are you april?",
        "woman: yes, it's been broken since april.",
        "officer: okay mister okafor-nwosu, and you zbigniew?",
        "officer: thank you miss okafor-nwosu, that's o k a f o r.",
    )
    assert "okafor" not in out and "o k a f o r" not in out
    assert "are you [PERSON_1]?" in out
    assert "since april" in out
    assert out.count("april") == 1


def test_unlisted_given_name_before_a_surname() -> None:
    out = redacted_text("driver: uh, radek zbojnicki.", "officer: mister zbojnicki, you radek?")
    assert "radek" not in out and "zbojnicki" not in out
    assert out.count("[PERSON_1]") == 3


def test_pseudonymizer_maps_lone_names_to_full_name() -> None:
    p = Pseudonymizer()
    assert p.label("PERSON", "John Carter") == "PERSON_1"
    assert p.label("PERSON", "Mr. Carter") == "PERSON_1"
    assert p.label("PERSON", "john") == "PERSON_1"
    assert p.label("PERSON", "Ana Ruiz") == "PERSON_2"
    assert p.label("PHONE_NUMBER", "555-867-5309") == p.label("PHONE_NUMBER", "555 867 5309")


def test_mapping_is_not_in_outputs() -> None:
    red = get_redactor().redact(transcript("My name is Ingrid Solberg, call 415-555-0142."))
    dumped = json.dumps(red.to_dict())
    assert "Solberg" not in dumped and "0142" not in dumped
    assert [r.label for r in red.redactions] == ["PERSON_1", "PHONE_NUMBER_1"]


def test_redaction_spans_point_at_placeholders() -> None:
    red = get_redactor().redact(transcript(
        "Hi there.", "I live at 1427 Elm Street, apartment 3, with my dog."))
    (r,) = red.redactions
    seg = red.segments[r.segment_id]
    assert r.segment_id == 1 and r.entity_type == "STREET_ADDRESS"
    assert seg.text[r.start:r.end] == "[STREET_ADDRESS_1]"
    assert seg.start <= r.start_s < r.end_s <= seg.end  # no word timings: inside the segment


def test_redact_text_counts_hits() -> None:
    text, hits = get_redactor().redact_text("Mr. Oduya said to email oduya dot k at mail dot com")
    assert hits == 2 and "Oduya" not in text and "oduya" not in text


def test_audio_span_covers_words_with_padding() -> None:
    words = (Word(0.0, 0.4, " Call", 0.9), Word(0.5, 0.9, " 555,", 0.5),
             Word(1.0, 1.4, " 0199.", 0.99))
    seg = Segment(0, 0.0, 1.5, "Call 555, 0199.", words)
    t0, t1 = audio_span(seg, 5, 14)
    assert t0 < 0.5 and t1 > 1.4
    assert t0 >= 0.0 and 0.5 - t0 > 1.4 - 1.3  # less sure words get more padding


# --- real ASR on the fixture -------------------------------------------------------------


@pytest.fixture(scope="module")
def encounter() -> tuple[object, Transcript, object]:
    from service.asr.whisper import AsrOptions, get_transcriber
    from service.config import get_settings
    from service.media import decode as media

    audio = media.load(DATA / "encounter.flac")
    asr = get_transcriber(AsrOptions(model="base"), get_settings().resolved_cache_dir())
    return audio, asr.transcribe(audio), asr


@pytest.mark.slow
def test_encounter_phone_bleep_covers_spoken_digits(encounter: tuple) -> None:
    from redaction.verify import check_redaction

    audio, raw, asr = encounter
    red = get_redactor().redact(raw)
    assert "Whitfield" not in red.text
    phones = [r for r in red.redactions if r.entity_type == "PHONE_NUMBER"]
    assert len(phones) == 1, red.text
    phone = phones[0]
    seg = next(s for s in raw.segments if s.id == phone.segment_id)
    digit_words = [w for w in seg.words if any(c.isdigit() for c in w.word)
                   or w.word.strip(" ,.").lower() in {"five", "two", "one", "three", "four",
                                                      "six", "eight"}]
    assert len(digit_words) >= 7
    assert phone.start_s <= min(w.start for w in digit_words)
    assert phone.end_s >= max(w.end for w in digit_words)

    # Verified redaction on the part of the audio that holds the number (saves an ASR pass
    # over the whole file): the bleeped number must not be heard again.
    sr = audio.sample_rate
    a, b = int(max(0.0, seg.start - 1.0) * sr), int((seg.end + 1.0) * sr)
    spans = [(phone.start_s - a / sr, phone.end_s - a / sr)]
    clip = replace(audio, samples=audio.samples[a:b])
    clip_raw = replace(raw, segments=[replace(seg, id=0)])
    clip_red = replace(red, segments=[replace(red.segments[seg.id], id=0)],
                       redactions=[replace(phone, segment_id=0)])
    check = check_redaction(asr, clip, bleep(clip.samples, sr, spans), clip_raw, clip_red)
    assert check.checked == 1
    assert check.residual == 0
