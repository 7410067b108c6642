"""Each project recognizer against a table of (text, entity, start, end).

Positive rows say where the value must be found (start/end computed from the expected
substring, so the table stays readable); negative rows (start/end None) must give no
finding of that entity at or above the policy's threshold. The sentences are written
for these tests, in the ways people and ASR say things, not copied from scenarios.
"""

from __future__ import annotations

from functools import cache

import pytest
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.entities import default_entity_policy
from redaction.pii.recognizers import (
    DateOfBirthRecognizer,
    DriversLicenseRecognizer,
    IntroducedNameRecognizer,
    LicensePlateRecognizer,
    NameGazetteerRecognizer,
    NameSlotRecognizer,
    PersonCueRecognizer,
    SpokenDigitsRecognizer,
    SpokenEmailRecognizer,
    StreetAddressRecognizer,
    all_recognizers,
)
from redaction.pii.recognizers.spoken import find_spelled_ids, luhn_ok, parse_digits

THRESHOLD = default_entity_policy().min_score


def case(text: str, entity: str, value: str | None) -> tuple[str, str, int | None, int | None]:
    """A table row: the span of ``value`` in ``text`` (None, None for a negative row)."""
    if value is None:
        return text, entity, None, None
    start = text.index(value)
    return text, entity, start, start + len(value)


@cache
def _recognizer(cls: type[EntityRecognizer]) -> EntityRecognizer:
    return cls()


@cache
def _artifacts(text: str) -> NlpArtifacts:
    from redaction.pii.redactor import build_analyzer

    return build_analyzer().nlp_engine.process_text(text, "en")


def _check(recognizer: EntityRecognizer, text: str, entity: str, start: int | None,
           end: int | None, nlp: bool = False) -> None:
    artifacts = _artifacts(text) if nlp else None
    results = [r for r in recognizer.analyze(text, recognizer.supported_entities, artifacts)
               if r.entity_type == entity and r.score >= THRESHOLD]
    spans = [(r.start, r.end, text[r.start:r.end]) for r in results]
    if start is None:
        assert not results, f"unexpected {entity}: {spans}"
    else:
        assert (start, end, text[start:end]) in spans, f"wanted {text[start:end]!r}, got {spans}"


ADDRESS = [
    case("We're at 1427 Elm Street right now.", "STREET_ADDRESS", "1427 Elm Street"),
    case("she lives at 3,118 willow creek road", "STREET_ADDRESS", "3,118 willow creek road"),
    case("the house is twenty two ten Cedar Avenue, apartment 5C. Come in.",
         "STREET_ADDRESS", "twenty two ten Cedar Avenue, apartment 5C"),
    case("Send it to 77 Harbor Blvd., Suite 300, Tampa, FL 33602 please",
         "STREET_ADDRESS", "77 Harbor Blvd., Suite 300, Tampa, FL 33602"),
    case("I'm staying at 45 Linden, unit 2 for now", "STREET_ADDRESS", "45 Linden, unit 2"),
    case("my address is 9 orchard now", "STREET_ADDRESS", "9 orchard now"),
    case("mail goes to P.O. Box 5521 in town", "STREET_ADDRESS", "P.O. Box 5521"),
    case("Hun bor i Kongensgade 14 nu.", "STREET_ADDRESS", "Kongensgade 14"),
    case("the bus stops on Via Garibaldi 12 daily", "STREET_ADDRESS", "Via Garibaldi 12"),
    case("my zip code is 60614", "STREET_ADDRESS", "60614"),
    case("Dispatch, unit twelve responding.", "STREET_ADDRESS", None),
    case("we drove 5 miles down the road", "STREET_ADDRESS", None),
    case("it's a one way street over there", "STREET_ADDRESS", None),
    case("about 20 people on the street", "STREET_ADDRESS", None),
    case("we met at the park on Fifth Street", "STREET_ADDRESS", None),
    case("you were doing fifty two in a thirty five zone", "STREET_ADDRESS", None),
    case("my Windows 10 laptop is gone", "STREET_ADDRESS", None),
    case("two guys drive off in a sedan", "STREET_ADDRESS", None),
    # A house number and one of the most common street names, no suffix, then a pause.
    case("the fight was in front of 2210 Lincoln.", "STREET_ADDRESS", "2210 Lincoln"),
    case("it's nine oh nine magnolia, the yellow house", "STREET_ADDRESS",
         "nine oh nine magnolia"),
    case("we'll meet at four fifteen, okay?", "STREET_ADDRESS", None),
    case("at ten thirty church let out", "STREET_ADDRESS", None),
    case("i counted twenty two oak trees out back", "STREET_ADDRESS", None),
    # A house number said and corrected, units before the street, rural routes, park lots.
    case("it was the blue house at six twelve, no, six fourteen birchwood drive",
         "STREET_ADDRESS", "six twelve, no, six fourteen birchwood drive"),
    case("we're at twenty two oh one, um, twenty two oh three harlan avenue", "STREET_ADDRESS",
         "twenty two oh one, um, twenty two oh three harlan avenue"),
    case("it's two forty, building d, unit six, on crestview lane.", "STREET_ADDRESS",
         "two forty, building d, unit six, on crestview lane"),
    case("mail goes to four fifty, rural route two, box nine, okay?", "STREET_ADDRESS",
         "four fifty, rural route two, box nine"),
    case("the farm is rural route 3, box 14 past the silo", "STREET_ADDRESS",
         "rural route 3, box 14"),
    case("his trailer is lot seven, whispering oaks, near the pond", "STREET_ADDRESS",
         "lot seven, whispering oaks"),
    case("take route nine north to the mall", "STREET_ADDRESS", None),
    case("there were four, no, five cars outside", "STREET_ADDRESS", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), ADDRESS)
def test_street_address(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(StreetAddressRecognizer), text, entity, start, end)


PLATE = [
    case("the plate is 7 X Y Z 3 2 1 out of state", "LICENSE_PLATE", "7 X Y Z 3 2 1"),
    case("tag number six double x three three nine", "LICENSE_PLATE",
         "six double x three three nine"),
    case("registration comes back 4GHT218, a gray sedan", "LICENSE_PLATE", "4GHT218"),
    case("white van, plate K as in King 4 7 2 B", "LICENSE_PLATE", "K as in King 4 7 2 B"),
    case("run 9 R T L 5 5 0 for me", "LICENSE_PLATE", "9 R T L 5 5 0"),
    case("apartment unit 3 B on the left", "LICENSE_PLATE", None),
    case("we got there around ten thirty p m", "LICENSE_PLATE", None),
    case("heading north on I-95 now", "LICENSE_PLATE", None),
    case("music from the 1990s and a 2 door car", "LICENSE_PLATE", None),
    case("his license number is B 7 1 9 0 3 6 2", "LICENSE_PLATE", None),
    # After a plate word: grouped plates and spelled plates holding an "a".
    case("the plate on the boat trailer, is that KLM-3390?", "LICENSE_PLATE", "KLM-3390"),
    case("TX plate RZ 55102 on a blue pickup", "LICENSE_PLATE", "RZ 55102"),
    case("tag reads 3 p a w 7 1 8, out of state", "LICENSE_PLATE", "3 p a w 7 1 8"),
    case("the plate is a 2018 toyota corolla", "LICENSE_PLATE", None),
    case("her tag expired in 2019 and the car", "LICENSE_PLATE", None),
    case("plate glass from the 1990s was everywhere", "LICENSE_PLATE", None),
    # Radio alphabet inside a letter+digit run; a code word alone is a name.
    case("running ohio, kilo lima tango four four nine two", "LICENSE_PLATE",
         "kilo lima tango four four nine two"),
    case("Victor said he left at nine thirty five", "LICENSE_PLATE", None),
    case("dispatch, run sierra tango bravo niner one one two", "LICENSE_PLATE",
         "sierra tango bravo niner one one two"),
    case("plate two fife kilo lima seven seven, copy", "LICENSE_PLATE",
         "two fife kilo lima seven seven"),
    case("Evidence tag #E-4471 logged at 0900.", "LICENSE_PLATE", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), PLATE)
def test_license_plate(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(LicensePlateRecognizer), text, entity, start, end)


LICENSE = [
    case("his license number is B 7 1 9 0 3 6 2", "US_DRIVER_LICENSE", "B 7 1 9 0 3 6 2"),
    case("her licence reads S530-4607-8123", "US_DRIVER_LICENSE", "S530-4607-8123"),
    case("driver's license, W4410937", "US_DRIVER_LICENSE", "W4410937"),
    case("my driver's license number is 2270-66-1551", "US_DRIVER_LICENSE", "2270-66-1551"),
    case("the plate reads 8ABC123", "US_DRIVER_LICENSE", None),
    case("license and registration please", "US_DRIVER_LICENSE", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), LICENSE)
def test_drivers_license(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(DriversLicenseRecognizer), text, entity, start, end)


SLOTS = [
    # A word repeated before a surname, a surname asked for, "who is …?", a pair of names,
    # a name checked aloud, "that's …, she's …", a clause opened by a name.
    case("yeah, i'm bryce, bryce halvorsen.", "PERSON", "bryce halvorsen"),
    case("yeah, i'm bryce, bryce halvorsen.", "PERSON", "bryce"),
    case("uh, i'm losa.\nlosa taufa.", "PERSON", "losa taufa"),
    case("her name is ember, ember whitlock.", "PERSON", "ember whitlock"),
    case("officer: brook what?\nman: brook halloran.", "PERSON", "brook halloran"),
    case("sorry, who is itzel?", "PERSON", "itzel"),
    case("how many kids? three, daisy and tunde.", "PERSON", "daisy"),
    case("how many kids? three, daisy and tunde.", "PERSON", "tunde"),
    case("okay, temitope adeyemi, is that how you say it?", "PERSON", "temitope adeyemi"),
    case("that's ayodele, he's in the kitchen", "PERSON", "ayodele"),
    case("no, she did, chidinma did.", "PERSON", "chidinma"),
    case("no, fola's at the hospital", "PERSON", "fola"),
    case("no, dylan pushed me first", "PERSON", "dylan"),
    case("i'm tired, tired of this.", "PERSON", None),
    case("hope, that's all i want.", "PERSON", None),
    case("sorry, sorry about that", "PERSON", None),
    case("who is there? who's driving?", "PERSON", None),
    case("salt and pepper, please.", "PERSON", None),
    case("okay, sounds good, thanks.", "PERSON", None),
    case("water leaked everywhere. rain hit us hard.", "PERSON", None),
    case("help, help me out here", "PERSON", None),
    case("Owens, Duran and Oneal is the firm", "PERSON", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), SLOTS)
def test_name_slot(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(NameSlotRecognizer), text, entity, start, end, nlp=True)


DIGITS = [
    case("call me at five five five, eight six seven, five three oh nine", "PHONE_NUMBER",
         "five five five, eight six seven, five three oh nine"),
    case("my cell is 4, 1, 5, 9, 2, 0, 7, 7, 3, 1.", "PHONE_NUMBER",
         "4, 1, 5, 9, 2, 0, 7, 7, 3, 1"),
    case("it's eight sixty seven fifty three oh nine", "PHONE_NUMBER",
         "eight sixty seven fifty three oh nine"),
    case("reach her at 312-555-0199 tonight", "PHONE_NUMBER", "312-555-0199"),
    case("the number is 773, 555,014 I think", "PHONE_NUMBER", "773, 555,014"),
    case("phone is double two three, four four five, six one nine nine", "PHONE_NUMBER",
         "double two three, four four five, six one nine nine"),
    case("social security number is one two three, four five, six seven eight nine",
         "US_SSN", "one two three, four five, six seven eight nine"),
    case("card number 4111 1111 1111 1111 expired", "CREDIT_CARD", "4111 1111 1111 1111"),
    case("you were doing fifty two in a thirty five zone", "PHONE_NUMBER", None),
    case("Forty five dollars and ninety eight cents", "PHONE_NUMBER", None),
    case("the bail is $1,250,000 cash", "PHONE_NUMBER", None),
    case("he moved in 1999, 2004 and 2010", "PHONE_NUMBER", None),
    case("case number 2024 00817 for your records", "PHONE_NUMBER", None),
    case("I waited four hours, until around ten thirty", "PHONE_NUMBER", None),
    case("she is twenty years old", "PHONE_NUMBER", None),
    case("CAD 25-204611 was closed out", "PHONE_NUMBER", None),
    case("event number 4417 2290 for this call", "PHONE_NUMBER", None),
    # A record word that ends its own sentence does not explain the next number.
    case("and your social, for the report. four four one, two seven, nine nine oh three",
         "US_SSN", "four four one, two seven, nine nine oh three"),
    case("that goes in the incident report. call me on five five five, two one two, "
         "three four four one", "PHONE_NUMBER", "five five five, two one two, three four four one"),
    # Four digits after "last four" / "ending in" and an SSN, card or account word.
    case("and the last four of your social?\nuh, three oh one seven", "US_SSN",
         "three oh one seven"),
    case("card ending in 4 4 0 9, the visa", "CREDIT_CARD", "4 4 0 9"),
    case("last 4 of the account are 7 7 1 2", "US_BANK_NUMBER", "7 7 1 2"),
    case("the last four years my social worker came by, since 2019", "US_SSN", None),
    case("last four of the case number is 2210", "US_SSN", None),
    case("my social security check was four twenty two", "US_SSN", None),
    # "four" of "last four" is no digit; "card ending 4417" without "in".
    case("she wanted my social, so i read her the last four, two nine one eight.", "US_SSN",
         "two nine one eight"),
    case("Paid with his visa ending 4417 on 3/2.", "CREDIT_CARD", "4417"),
    case("the card game ended at 2230 last night", "CREDIT_CARD", None),
    case("Report taken. Incident no. 24-771903, copy to the victim.", "PHONE_NUMBER", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), DIGITS)
def test_spoken_digits(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(SpokenDigitsRecognizer), text, entity, start, end)


DOB = [
    case("date of birth is the fourth of July, nineteen seventy six.", "DATE_OF_BIRTH",
         "the fourth of July, nineteen seventy six"),
    case("I was born on 11/02/1990 in Ohio", "DATE_OF_BIRTH", "11/02/1990"),
    case("DOB: Sept. 21, 2001", "DATE_OF_BIRTH", "Sept. 21, 2001"),
    case("When were you born? October twelfth, two thousand and four.", "DATE_OF_BIRTH",
         "October twelfth, two thousand and four"),
    case("and your birthday? june 2nd, 88", "DATE_OF_BIRTH", "june 2nd, 88"),
    case("It happened on March third around nine.", "DATE_OF_BIRTH", None),
    case("we got the call tonight around nine", "DATE_OF_BIRTH", None),
    case("court date is August 14, 2025", "DATE_OF_BIRTH", None),
    case("it's my birthday party, we'll keep it down", "DATE_OF_BIRTH", None),
    case("she is twenty years old", "DATE_OF_BIRTH", None),
    case("And your date of birth?\nthree, nine, seventy-one.", "DATE_OF_BIRTH",
         "three, nine, seventy-one"),
    case("dob is oh two, twenty, ninety eight", "DATE_OF_BIRTH", "oh two, twenty, ninety eight"),
    case("we saw three, nine, maybe ten kids out there", "DATE_OF_BIRTH", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), DOB)
def test_date_of_birth(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(DateOfBirthRecognizer), text, entity, start, end)


EMAIL = [
    case("email is jane dot doe at gmail dot com, thanks", "EMAIL_ADDRESS",
         "jane dot doe at gmail dot com"),
    case("reach me at j underscore smith 42 at outlook dot org", "EMAIL_ADDRESS",
         "j underscore smith 42 at outlook dot org"),
    case("My e-mail is Sam.Ortiz7 at sample.net if needed", "EMAIL_ADDRESS",
         "Sam.Ortiz7 at sample.net"),
    case("my email is bea, uh, quinn at mail dot co dot uk", "EMAIL_ADDRESS",
         "bea, uh, quinn at mail dot co dot uk"),
    case("I'll meet you at the station at noon", "EMAIL_ADDRESS", None),
    case("look at that dot on the map", "EMAIL_ADDRESS", None),
    case("the park closes at ten. It's almost midnight.", "EMAIL_ADDRESS", None),
    case("she was at home. In the morning she left.", "EMAIL_ADDRESS", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), EMAIL)
def test_spoken_email(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(SpokenEmailRecognizer), text, entity, start, end)


NAMES = [
    case("hi, my name is darnell washington and i live nearby", "PERSON",
         "darnell washington"),
    case("This is Officer Reyes with the county.", "PERSON", "Reyes"),
    case("thank you mrs. okafor, that helps", "PERSON", "okafor"),
    case("Sgt. Novak is on the way", "PERSON", "Novak"),
    case("Mr.Lindqvist, step over here", "PERSON", "Lindqvist"),
    case("thank you, MS, Abernathy.", "PERSON", "Abernathy"),
    case("What's your name? Priya Raman.", "PERSON", "Priya Raman"),
    case("Can I get your full name, sir? uh, Tobias Grant.", "PERSON", "Tobias Grant"),
    case("I'm Tobias, her neighbor.", "PERSON", "Tobias"),
    case("last name is spelled K O W A L S K I", "PERSON", "K O W A L S K I"),
    case("I'm sorry officer, I didn't see it", "PERSON", None),
    case("I'm going home now", "PERSON", None),
    case("Understood, officer. Moving on.", "PERSON", None),
    case("What's your name? Yeah, no.", "PERSON", None),
    case("I miss the old days", "PERSON", None),
    case("the officer said to wait", "PERSON", None),
    # Spelled letters after a spell or name cue, in the same segment or the one before.
    case("can you spell the surname?\nq u i n t e r o.", "PERSON", "q u i n t e r o"),
    case("first name? spell it. m a r i dash e l l e", "PERSON", "m a r i dash e l l e"),
    case("and the last name was dahl?\nyes, d a h l.", "PERSON", "d a h l"),
    case("name on the permit is beatriz oyelowo, right?", "PERSON", "beatriz oyelowo"),
    case("everybody calls me dre", "PERSON", "dre"),
    case("can you spell check the report before filing", "PERSON", None),
    case("what's his name?\nhe's with the f b i.", "PERSON", None),
    case("first name? it was a d u i stop", "PERSON", None),
    case("i i i don't know his name", "PERSON", None),
    # A relative or friend named after "my …", in lower case; nicknames in quotes.
    case("no, that's my nephew, dawit bekele. he's sixteen.", "PERSON", "dawit bekele"),
    case("my girlfriend oksana was driving", "PERSON", "oksana"),
    case("my husband works nights at the plant", "PERSON", None),
    case("that's my brother's truck, not mine", "PERSON", None),
    case("my son is at school today", "PERSON", None),
    case('the clerk said he goes by "Tiny" around here', "PERSON", "Tiny"),
    case("everyone calls me 'k-dog' on the block", "PERSON", "k-dog"),
    case('we met at a place known as "the yard" by the tracks', "PERSON", None),
    # "my cousin is …", "my sister's, …", a role before a name, in lower case.
    case("my cousin is ikechukwu, he drives the van", "PERSON", "ikechukwu"),
    case("that bag is my sister's, yetunde, she left it here", "PERSON", "yetunde"),
    case("i'm the landlord, gustavo ferreira", "PERSON", "gustavo ferreira"),
    case("this is my supervisor, anand", "PERSON", "anand"),
    case("my daughter is sick, she's at home", "PERSON", None),
    case("my husband was bitten by the dog", "PERSON", None),
    case("my wife's car is the blue one", "PERSON", None),
    case("the manager, she said to call you", "PERSON", None),
    case("the manager is mark, he's inside", "PERSON", None),
    # An answer after a speaker label, to "your son's name", repeated in full.
    case("officer: and your son's name?\nmother: kwabena, kwabena asante.", "PERSON",
         "kwabena, kwabena asante"),
    case("what's her name\nneighbor: solveig, we call her sol", "PERSON", "solveig"),
    case("and your dog's name?\nwoman: uh, sorry, what?", "PERSON", None),
    # A bare "name?" / "full names", a relative before the answer, relatives named by
    # someone else, "we call him …", 'known to him only as "…"'.
    case("officer: name?\ndriver: ngozi okafor, from the second car", "PERSON",
         "ngozi okafor"),
    case("okay, full names, please.\nteen: chukwuemeka obi.", "PERSON", "chukwuemeka obi"),
    case("what's her name? that's my niece, ivy.", "PERSON", "ivy"),
    case("his sister, lupita, drove him home", "PERSON", "lupita"),
    case("your son, tevita, was at the park", "PERSON", "tevita"),
    case("rafael's aunt, heather, picked him up", "PERSON", "heather"),
    case("my son kai was upstairs the whole time", "PERSON", "kai"),
    case("we call her nunu, she's the youngest", "PERSON", "nunu"),
    case('a man known to us only as "Smokey" sold it', "PERSON", "Smokey"),
    case("your daughter, honestly, she's fine", "PERSON", None),
    case("my son, he's fine now", "PERSON", None),
    case("we'll call him back tomorrow", "PERSON", None),
    case("the short one, everybody calls her peaches, she ran", "PERSON", "peaches"),
    case("he's big, they call him moose around here", "PERSON", "moose"),
    case("they'll call him back in the morning", "PERSON", None),
    case("it's mom, she's outside", "PERSON", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), NAMES)
def test_introduced_name(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(IntroducedNameRecognizer), text, entity, start, end, nlp=True)


CUES = [
    case("Then I told Efimiya to wait outside.", "PERSON", "Efimiya"),
    case("Halldór said the door was open.", "PERSON", "Halldór"),
    case("Speaker notes\nOkonkwo: I was not there.", "PERSON", "Okonkwo"),
    case("Name: Leena Sasi", "PERSON", None),  # a field label, not a speaker
    case("We went to Walmart after that.", "PERSON", None),
    case("Monday was quiet.", "PERSON", None),
    case("Caller Ngozika Adeyinka reports a loud party.", "PERSON", "Ngozika Adeyinka"),
    case("Caller States the door was open.", "PERSON", None),
    case("Ofc. Reyes interviewed victim Tsering Wangmo at the ER.", "PERSON", "Tsering Wangmo"),
    case("Spoke with the victim Monday about the car.", "PERSON", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), CUES)
def test_person_cue(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(PersonCueRecognizer), text, entity, start, end, nlp=True)


GAZETTEER = [
    case("The report was signed by Sigrid Nyström yesterday.", "PERSON", "Sigrid Nyström"),
    case("Have you met Faina D. Yefremova before?", "PERSON", "Faina D. Yefremova"),
    case("Willem van Dijk was at the door.", "PERSON", "Willem van Dijk"),
    case("I saw Miklós Hajdu near the gas station.", "PERSON", "Miklós Hajdu"),
    case("Ana Dias-Lima called it in.", "PERSON", "Ana Dias-Lima"),
    case("Franciska was standing by the car.", "PERSON", "Franciska"),
    case("We talked to Becker after that.", "PERSON", "Becker"),
    case("Calquín Cazares left before we arrived.", "PERSON", "Calquín Cazares"),
    case("The owners were Kónya, Becker and Vasquez.", "PERSON", "Kónya"),
    case("Scott was already outside.", "PERSON", "Scott"),
    # Places, firms, things, dates and titles that hold name words.
    case("We met at Grant Park by the fountain.", "PERSON", None),
    case("He ran toward Hunter College.", "PERSON", None),
    case("She went to the Rose Garden on Monday.", "PERSON", None),
    case("The Jordan River trip was in May.", "PERSON", None),
    case("We drove past Jordan Lake on Friday.", "PERSON", None),
    case("It happened on Tuesday near Jordan.", "PERSON", None),
    case("They live in Santa Ana near Costa Mesa.", "PERSON", None),
    case("During 1971, Valentine-Murray invested heavily.", "PERSON", None),
    case("Conway Inc. was hiring.", "PERSON", None),
    case("The X-Files started again.", "PERSON", None),
    case("Star Wars is on tonight.", "PERSON", None),
    case("Oh my God, he hit the Honda Civic.", "PERSON", None),
    # Words that are names too: alone, the gazetteer leaves them to cues and spaCy.
    case("Officer Park asked him to wait.", "PERSON", None),
    case("Hunter said he saw it.", "PERSON", None),
    case("Rose bushes were trampled near the fence.", "PERSON", None),
    case("May I see your license?", "PERSON", None),
    case("Mark the spot for me.", "PERSON", None),
    case("Will you step out of the car?", "PERSON", None),
    case("I was at the park on Fifth Street with Hunter and Rose.", "PERSON", None),
    case("OFFICER REYES is here.", "PERSON", None),
    # Lower case (ASR): never from the lists alone.
    case("i was at the park with hunter and rose on may fifth", "PERSON", None),
    # Lower case: a given name that is no word before a word no dictionary knows.
    case("then this lady, agnieszka wisniewska, started yelling", "PERSON",
         "agnieszka wisniewska"),
    case("run a check on a bogdan wierzbicki", "PERSON", "bogdan wierzbicki"),
    # Alone, a listed name that is no word needs a cue: a verb after or before it.
    case("sigrid was there", "PERSON", "sigrid"),
    case("we saw dimitri running", "PERSON", "dimitri"),
    case("grant park was packed and mark parked", "PERSON", None),
    case("rose hunter may will come", "PERSON", None),
    # Lower case: a given name that is no word before a census surname the dictionary
    # knows as a noun only ("baker", "moss"), and hyphenated surnames.
    case("then rashida baker came out of the back room", "PERSON", "rashida baker"),
    case("the note was signed by a tadeusz moss", "PERSON", "tadeusz moss"),
    case("he sold it to wojciech nowak-lis last week", "PERSON", "wojciech nowak-lis"),
    case("they ran home after school", "PERSON", None),
    # Lower case, alone, with a person cue: a finite verb, a verb or greeting before it,
    # a clause of its own; a noun-only name ("dominic") needs an order after it.
    case("officer: who's inside?\nwoman: dmitri locked himself in the bathroom", "PERSON",
         "dmitri"),
    case("i already texted gustavo about it", "PERSON", "gustavo"),
    case("tariq, put the bat down!", "PERSON", "tariq"),
    case("okay svetlana, stay right there", "PERSON", "svetlana"),
    case("neighbor: farouk? he left an hour ago", "PERSON", "farouk"),
    case("dominic, get back inside", "PERSON", "dominic"),
    case("dominic, the store is closed", "PERSON", None),
    case("will, turn that thing off", "PERSON", None),
    case("summer, you know how it is", "PERSON", None),
    case("mark, you need to see this", "PERSON", None),
    case("frank, come look at this", "PERSON", None),
    case("hope, you never know with him", "PERSON", None),
    case("honey, sit down for me", "PERSON", None),
    case("buddy, get in the car", "PERSON", None),
    case("my iban is on the form", "PERSON", None),
    case("the vic said he was hit twice", "PERSON", None),
    case("po box 12\ndelmas, nc 27514", "PERSON", None),
]


@pytest.mark.parametrize(("text", "entity", "start", "end"), GAZETTEER)
def test_name_gazetteer(text: str, entity: str, start: int | None, end: int | None) -> None:
    _check(_recognizer(NameGazetteerRecognizer), text, entity, start, end, nlp=True)


# The whole analyzer: lower-case things spaCy calls a person, a name said before its
# full form.
PIPELINE = [
    case("caller: he ran toward the creek.\nbrown jacket, no hat", "PERSON", None),
    case("caller: she left around noon.\ngrey sweater, red backpack", "PERSON", None),
    case("it's under his name, bogdan, bogdan petrov.", "PERSON", "bogdan"),
    case("it's under his name, bogdan, bogdan petrov.", "PERSON", "bogdan petrov"),
    case("the car's hers, zuzana, zuzana horvathova.", "PERSON", "zuzana"),
    case("officer: it's the fifth.\nand a shrub caught fire, then a bush.", "PERSON", None),
    # A make seen as a car once is a car in the whole text, not a surname to spread.
    case("He sideswiped that silver Subaru and left.\nowner: That's my Subaru!",
         "PERSON", None),
]


def test_role_word_before_a_name_is_no_name_part() -> None:
    from redaction.pii.redactor import analyze

    text = "Landlord Petra Lindqvist on scene. Advised landlord of the law."
    values = {text[f.start:f.end] for f in analyze(text) if f.entity_type == "PERSON"}
    assert "Petra Lindqvist" in values and "landlord" not in values


@pytest.mark.parametrize(("text", "entity", "start", "end"), PIPELINE)
def test_analyze_person_spans(text: str, entity: str, start: int | None,
                              end: int | None) -> None:
    from redaction.pii.redactor import analyze

    spans = [(f.start, f.end) for f in analyze(text) if f.entity_type == entity]
    if start is None:
        assert not spans, f"unexpected {entity}: {[text[a:b] for a, b in spans]}"
    else:
        assert (start, end) in spans, f"wanted {text[start:end]!r}, got {spans}"


@pytest.mark.parametrize(
    ("tokens", "digits"),
    [
        (["five", "five", "five"], "555"),
        (["eight", "sixty", "seven"], "867"),
        (["double", "four", "oh", "nine"], "4409"),
        (["2,210"], "2210"),
        (["four", "hundred", "fifteen"], "415"),
        (["nineteen", "eighty", "five"], "1985"),
    ],
)
def test_parse_digits(tokens: list[str], digits: str) -> None:
    assert parse_digits(tokens) == digits


def test_spelled_ids_and_luhn() -> None:
    assert [v for _, _, v in find_spelled_ids("plate six double x three three nine")] == [
        "6XX339"
    ]
    assert find_spelled_ids("around ten thirty p m") == []
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")


def test_registry_has_one_of_each() -> None:
    names = [r.name for r in all_recognizers()]
    assert len(names) == len(set(names)) >= 8
    for r in all_recognizers():
        assert r.context, f"{r.name} declares no context words"
