"""Shared vocabulary of spoken transcripts (not a recognizer).

ASR writes what people say: digits read one by one ("five five five"), numbers with a
thousands comma ("2,210"), letters spelled out ("5 M Q L"), "double x". The recognizers
in this package share the word lists, the digit parser and a base class that turns
regex hits plus context words into Presidio results, so each of them stays small.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Token

DIGIT_WORDS: dict[str, str] = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
TEEN_WORDS: dict[str, str] = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}
TENS_WORDS: dict[str, str] = {
    "twenty": "2", "thirty": "3", "forty": "4", "fourty": "4", "fifty": "5", "sixty": "6",
    "seventy": "7", "eighty": "8", "ninety": "9",
}
REPEAT_WORDS: dict[str, int] = {"double": 2, "triple": 3}

_NUMBER_WORDS = sorted(
    [w for w in DIGIT_WORDS if w != "o"] + list(TEEN_WORDS) + list(TENS_WORDS) + ["hundred"],
    key=len,
    reverse=True,
)
# One spoken number word, longest first so "seventeen" is not read as "seven".
NUMBER_WORD = r"(?:" + "|".join(_NUMBER_WORDS) + r")(?![a-z])"
# A spoken cardinal such as "eighty eight", "four fifteen", "twenty-two ten".
SPOKEN_NUMBER = rf"(?:{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD}){{0,4}})"

# Words that are never part of a name, whatever the case ASR gave them.
COMMON_WORDS: frozenset[str] = frozenset(STOP_WORDS) | frozenset(
    {
        "yes", "yeah", "yep", "no", "nope", "ok", "okay", "sure", "fine", "thanks", "thank",
        "sorry", "um", "uh", "hmm", "well", "right", "alright", "hello", "hi", "hey", "please",
        "sir", "maam", "ma'am", "madam", "officer", "dispatch", "copy", "roger", "good",
        "great", "just", "like", "really", "actually", "basically", "honestly", "listen",
        "look", "wait", "stop", "go", "going", "got", "gonna", "wanna", "said", "told", "know",
        "think", "want", "need", "have", "was", "were", "am", "is", "are", "be", "been",
        "here", "there", "now", "then", "today", "tonight", "tomorrow", "yesterday",
        "morning", "evening", "night", "afternoon", "late", "early", "done", "not", "never",
        "guy", "guys", "man", "woman", "lady", "people", "kid", "kids", "boy", "girl",
        "mom", "dad", "mother", "father", "son", "daughter", "brother", "sister", "wife",
        "husband", "friend", "neighbor", "neighbour", "partner", "boss", "manager",
        "police", "cop", "cops", "fire", "medic", "medics", "ambulance", "unit", "sergeant",
        "street", "road", "avenue", "drive", "lane", "home", "house", "car", "truck",
        "name", "number", "phone", "address", "email", "license", "licence", "plate",
        "birth", "date", "born", "age", "years", "old", "what", "why", "who", "how",
        "correct", "exactly", "nothing", "nobody", "everybody", "somebody", "anybody",
        "everything", "something", "anything", "understood", "understand", "sounds",
        "oh", "ah", "wow", "whatever", "anyway", "also", "too", "very", "much", "lot",
        "let", "me", "call", "called", "calling", "speaking", "talking", "trying", "looking",
        "happy", "sad", "mad", "scared", "afraid", "tired", "drunk", "hurt", "injured",
        "busy", "new", "here's", "that's", "it's", "i'm", "don't", "can't", "won't",
    }
)

# Words people are addressed by that are no name ("buddy, turn it off", "mija, come
# here"): never a name on the vocative path, whatever the name lists say.
ADDRESS_TERMS: frozenset[str] = frozenset(
    {"buddy", "bud", "honey", "hon", "baby", "babe", "dude", "bro", "bruh", "brah", "man",
     "sir", "son", "boss", "chief", "pal", "mate", "love", "dear", "sweetie", "sweetheart",
     "darling", "kiddo", "sis", "cuz", "papi", "mama", "mami", "mijo", "mija", "ma", "pa",
     "grandma", "grandpa", "nana", "granny", "auntie", "doc", "sarge", "partner", "folks",
     "guys", "ladies", "lady", "girl", "boy", "kid", "friend", "brother", "sister",
     "captain", "angel", "sugar", "precious", "sunshine", "princess", "junior", "sport",
     "champ", "homie", "dawg", "fam", "jefe", "amigo", "coach", "teach", "ace", "red",
     "blondie", "shorty", "boo", "bae", "cutie", "handsome", "gorgeous", "miss", "mister",
     "young", "everybody", "everyone", "people", "gentlemen", "y'all", "yall", "mommy",
     "daddy", "mom", "dad", "mum", "papa", "nurse", "doctor", "officer", "deputy", "ma'am"}
)

# Titles: honorifics (may be abbreviated and followed by "." or ",") and ranks/roles.
HONORIFICS: tuple[str, ...] = ("mr", "mrs", "ms", "miss", "mx", "dr", "mister", "missus")
RANKS: tuple[str, ...] = (
    "officer", "deputy", "sergeant", "detective", "lieutenant", "captain", "trooper",
    "agent", "corporal", "sheriff", "chief", "professor", "judge", "doctor", "nurse",
    "pastor", "father", "sister",
)
RANK_ABBREVIATIONS: tuple[str, ...] = ("sgt", "det", "lt", "capt", "cpl", "prof", "insp",
                                       "ofc")
TITLE_WORDS: frozenset[str] = (
    frozenset(HONORIFICS) | frozenset(RANKS) | frozenset(RANK_ABBREVIATIONS) | {"sir", "madam"}
)

# spaCy coarse tags that a name token never has.
NON_NAME_POS: frozenset[str] = frozenset(
    {"VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM",
     "INTJ", "PUNCT", "SYM"}
)


def parse_digits(tokens: Iterable[str]) -> str:
    """Digits spoken or written in ``tokens`` ("double", "oh", "sixty seven", "2,210")."""
    out: list[str] = []
    repeat = 1
    open_tens = False  # the last token was "sixty": a following unit fills its zero
    open_hundred = 0  # digits still to fill after "hundred"
    for raw in tokens:
        tok = raw.lower().strip(".,")
        if not tok:
            continue
        if tok in REPEAT_WORDS:
            repeat = REPEAT_WORDS[tok]
            continue
        if tok.replace(",", "").isdigit():
            out.append(tok.replace(",", "") * repeat)
            repeat, open_tens, open_hundred = 1, False, 0
            continue
        if tok in DIGIT_WORDS:
            digit = DIGIT_WORDS[tok]
            if (open_tens and digit != "0" and repeat == 1) or (open_hundred and repeat == 1):
                out[-1] = out[-1][:-1] + digit
            else:
                out.append(digit * repeat)
            repeat, open_tens, open_hundred = 1, False, 0
            continue
        if tok in TEEN_WORDS:
            if open_hundred == 2:
                out[-1] = out[-1][:-2] + TEEN_WORDS[tok]
            else:
                out.append(TEEN_WORDS[tok])
            repeat, open_tens, open_hundred = 1, False, 0
            continue
        if tok in TENS_WORDS:
            if open_hundred == 2:
                out[-1] = out[-1][:-2] + TENS_WORDS[tok] + "0"
            else:
                out.append(TENS_WORDS[tok] + "0")
            repeat, open_tens, open_hundred = 1, True, 0
            continue
        if tok == "hundred" and out and len(out[-1]) == 1:
            out[-1] += "00"
            repeat, open_tens, open_hundred = 1, False, 2
            continue
        # "hundred" with nothing before it, or anything else, adds no digit.
    return "".join(out)


def luhn_ok(digits: str) -> bool:
    """Credit-card checksum: tells a card number from any other 16 digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return len(digits) >= 12 and total % 10 == 0


def nearest_family(
    text: str,
    start: int,
    families: Mapping[str, re.Pattern[str]],
    window: int,
    end: int | None = None,
    after: int = 0,
) -> str | None:
    """The context family whose keyword sits closest before ``start`` (or just after ``end``).

    Spoken transcripts put the question in one sentence and the answer in the next, so
    the window is in characters and crosses sentence and segment boundaries.
    """
    lo = max(0, start - window)
    before = text[lo:start]
    best: tuple[int, str] | None = None
    for name, pattern in families.items():
        last = None
        for m in pattern.finditer(before):
            last = m
        if last is not None and (best is None or last.end() > best[0]):
            best = (last.end(), name)
    if best is not None:
        return best[1]
    if after and end is not None:
        tail = text[end : end + after]
        hits = [(m.start(), name) for name, p in families.items() if (m := p.search(tail))]
        if hits:
            return min(hits)[1]
    return None


def keyword_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive whole-word alternation of ``words`` (longest first)."""
    alts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


class TokenIndex:
    """Char offset -> spaCy token lookup (POS of a word found by regex), built once per text."""

    def __init__(self, nlp_artifacts: NlpArtifacts | None) -> None:
        self.doc = nlp_artifacts.tokens if nlp_artifacts is not None else None
        self.starts: list[int] = list(nlp_artifacts.tokens_indices) if nlp_artifacts else []

    def token(self, char_start: int) -> Token | None:
        """The spaCy token that holds ``char_start``, if any."""
        if self.doc is None or not self.starts:
            return None
        i = bisect_right(self.starts, char_start) - 1
        if i < 0:
            return None
        token = self.doc[i]
        if token.idx <= char_start < token.idx + len(token.text):
            return token
        return None

    def pos(self, char_start: int) -> str | None:
        token = self.token(char_start)
        return token.pos_ if token is not None else None

    def lemma(self, char_start: int) -> str | None:
        """spaCy's lemma ("seen" -> "see"): irregular forms are in no lemma list."""
        token = self.token(char_start)
        return token.lemma_ if token is not None else None


class SpokenRecognizer(EntityRecognizer):
    """Base for the project recognizers: regex hits scored by our own context windows.

    Results are marked as already context-scored so Presidio's lemma enhancer does not
    boost them a second time (and does not spend time looking for their tokens).
    """

    ENTITY: ClassVar[str] = ""
    CONTEXT: ClassVar[Sequence[str]] = ()

    def __init__(self, entities: Sequence[str] | None = None,
                 context: Sequence[str] | None = None) -> None:
        """One entity (``ENTITY``) and ``CONTEXT`` words unless a subclass says otherwise."""
        super().__init__(
            supported_entities=list(entities or [self.ENTITY]), name=type(self).__name__,
            context=list(self.CONTEXT if context is None else context),
        )

    def load(self) -> None:  # nothing to load: patterns compile at import
        return None

    def result(self, entity: str, start: int, end: int, score: float, why: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=score, textual_explanation=why
        )
        return RecognizerResult(
            entity_type=entity,
            start=start,
            end=end,
            score=min(1.0, score),
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
            },
        )


# --- spelled identifiers (plates, licence numbers) -------------------------------------

# The radio (NATO) alphabet dispatch uses for plates: "charlie victor nine three two".
# A code word only counts inside a letter+digit run, so "Victor" alone stays a name.
PHONETIC_LETTERS: frozenset[str] = frozenset(
    {"alpha", "alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
     "india", "juliet", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa",
     "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "whisky",
     "x-ray", "xray", "yankee", "zulu"}
)
_PHONETIC = "|".join(sorted((re.escape(w) for w in PHONETIC_LETTERS), key=len, reverse=True))
# A single spelled letter; "a", "i" and "I" are words far more often than letters.
_LETTER = rf"(?:[A-Za-z]\s+as\s+in\s+[A-Za-z]+|(?i:{_PHONETIC})(?![\w'’-])|[A-HJ-Zb-hj-z])"
_COMPACT = r"[A-Za-z0-9]*\d[A-Za-z0-9]*"
# Radio words for digits inside a spelled identifier ("romeo niner zero"); "tree" for
# three is an everyday word too and is left out.
RADIO_DIGITS: dict[str, str] = {"niner": "9", "fife": "5"}
_ID_TOKEN = (rf"(?:(?i:{NUMBER_WORD}|double|triple|niner|fife)(?![\w'’-])|{_COMPACT}"
             rf"|{_LETTER})")
_ID_SEP = r"(?:\s*[,\-–]\s*|\s+)"
SPELLED_ID = re.compile(rf"(?<![\w'’.@]){_ID_TOKEN}(?:{_ID_SEP}{_ID_TOKEN})*(?![\w'’@])")
_ID_TOKENS = re.compile(_ID_TOKEN)
# Written with a digit but not an identifier: ordinals, decades, units, clock times.
NOT_ID = re.compile(
    r"^\d+(?:st|nd|rd|th|s|am|pm|a|p|mm|cm|km|kg|lb|lbs|mph|k|m|g|ft|in|x|hr|hrs|min)$",
    re.IGNORECASE,
)


def spelled_id_value(tokens: Iterable[str]) -> str:
    """The characters of a spelled identifier ("six double x three" -> "6XX3")."""
    out: list[str] = []
    repeat = 1
    for tok in tokens:
        low = tok.lower()
        if low in REPEAT_WORDS:
            repeat = REPEAT_WORDS[low]
            continue
        if low in RADIO_DIGITS:
            piece = RADIO_DIGITS[low]
        elif re.fullmatch(NUMBER_WORD, low, re.IGNORECASE):
            piece = parse_digits([low])
        elif " " in tok or "\t" in tok or low in PHONETIC_LETTERS:  # "K as in King", "kilo"
            piece = tok[0].upper()
        else:
            piece = tok.upper()
        out.append(piece * repeat if len(piece) == 1 else piece)
        repeat = 1
    return "".join(out)


def find_spelled_ids(text: str, min_len: int = 5, max_len: int = 12) -> list[tuple[int, int, str]]:
    """(start, end, value) of letter+digit identifiers, written or spelled out."""
    found: list[tuple[int, int, str]] = []
    for m in SPELLED_ID.finditer(text):
        tokens = _ID_TOKENS.findall(m.group(0))
        if any(NOT_ID.match(t) for t in tokens):
            continue
        value = spelled_id_value(tokens)
        letters = sum(c.isalpha() for c in value)
        digits = sum(c.isdigit() for c in value)
        if not (min_len <= len(value) <= max_len and letters >= 1 and digits >= 2):
            continue
        if re.search(r"\d(?:AM|PM)$", value):
            continue  # "ten thirty p m"
        found.append((m.start(), m.end(), value))
    return found


# --- calendar words ----------------------------------------------------------------------

MONTHS: frozenset[str] = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"}
)
WEEKDAYS: frozenset[str] = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
CALENDAR_WORDS: frozenset[str] = MONTHS | WEEKDAYS


# One word of a name: letters, with inner apostrophes or hyphens ("o'neil", "reyes-lopez").
NAME_WORD = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"

# --- names spelled letter by letter ------------------------------------------------------

# Words inside a spelled name that stand for a character ("j i dash h o o n").
SPELLED_MARKS: dict[str, str] = {"dash": "-", "hyphen": "-", "apostrophe": "'"}
_SPELL_UNIT = r"(?:[A-Za-z]|(?i:dash|hyphen|apostrophe))(?![\w'’])"
_SPELL_SEP = r"(?:[ \t]*[,.][ \t]*|[ \t]*-[ \t]*|[ \t]+)"
# A run of single letters (marks allowed inside), on one line: "w o z n i a k".
SPELLED_LETTERS = re.compile(
    rf"(?<![\w'’@.-])[A-Za-z](?:{_SPELL_SEP}{_SPELL_UNIT})*(?![\w'’@])"
)
# Police and everyday acronyms read as letters ("d u i", "f b i"): never a name.
SPELLED_ACRONYMS: frozenset[str] = frozenset(
    {"dui", "dwi", "fbi", "atf", "dea", "cia", "cps", "dmv", "ems", "ssn", "dob", "aka",
     "usa", "atm", "suv", "tv", "id", "ok", "ncic", "nypd", "lapd", "cpd", "bolo", "apb",
     "gps", "abc", "cnn", "ups", "usps", "dna", "cpr", "er", "icu", "rv", "pd", "da",
     "ada", "asap", "ice"}
)


def spelled_letter_runs(text: str, min_letters: int = 3) -> list[tuple[int, int, str]]:
    """(start, end, word) of runs of single spelled letters ("o apostrophe s u l l i v a n").

    A stutter ("i i i") is no spelling: at least two different letters are needed, and
    letters next to digits belong to an identifier ("6 m a b 2 9 0"), not a name.
    """
    found: list[tuple[int, int, str]] = []
    for m in SPELLED_LETTERS.finditer(text):
        if re.search(r"\d[ \t,-]*$", text[max(0, m.start() - 4) : m.start()]) or re.match(
            r"[ \t,-]*\d", text[m.end() : m.end() + 4]
        ):
            continue
        units = re.findall(r"[A-Za-z]+", m.group(0))
        letters = "".join(u for u in units if len(u) == 1).lower()
        if len(letters) < min_letters or len(set(letters)) < 2:
            continue
        if letters in SPELLED_ACRONYMS or (letters[0] in "ai"
                                           and letters[1:] in SPELLED_ACRONYMS):
            continue  # "a d u i": an article and an acronym
        word = "".join(SPELLED_MARKS.get(u.lower(), u.lower()) for u in units)
        found.append((m.start(), m.end(), word))
    return found


# --- vehicles ----------------------------------------------------------------------------

# Makes and models that NER reads as people ("a gray Hyundai Sonata", "Nissan Altima").
VEHICLE_MAKES: frozenset[str] = frozenset(
    {"acura", "audi", "bmw", "buick", "cadillac", "chevy", "chevrolet", "chrysler", "dodge",
     "fiat", "ford", "gmc", "honda", "hyundai", "infiniti", "jaguar", "jeep", "kia",
     "lexus", "lincoln", "mazda", "mercedes", "mercedes-benz", "benz", "mini", "mitsubishi",
     "nissan", "pontiac", "porsche", "ram", "saturn", "scion", "subaru", "suzuki", "tesla",
     "toyota", "volkswagen", "vw", "volvo", "genesis", "harley", "yamaha", "kawasaki"}
)
VEHICLE_MODELS: frozenset[str] = frozenset(
    {"accord", "civic", "crv", "cr-v", "pilot", "odyssey", "fit", "camry", "corolla",
     "prius", "rav4", "tacoma", "tundra", "highlander", "sienna", "4runner", "altima",
     "sentra", "maxima", "rogue", "pathfinder", "frontier", "versa", "murano", "sonata",
     "elantra", "tucson", "accent", "kona", "optima", "forte", "soul", "sorento",
     "sportage", "malibu", "impala", "cruze", "silverado", "tahoe", "suburban", "equinox",
     "traverse", "express", "colorado", "camaro", "corvette", "f-150", "f150", "f-250",
     "focus", "fusion", "escape", "explorer", "expedition", "mustang", "ranger", "taurus",
     "edge", "transit", "charger", "challenger", "durango", "caravan", "journey", "dart",
     "wrangler", "cherokee", "compass", "liberty", "renegade", "jetta", "passat", "golf",
     "beetle", "tiguan", "outback", "forester", "impreza", "legacy", "crosstrek", "mazda3",
     "cx-5", "miata", "model", "escalade", "sierra", "yukon", "acadia", "300", "1500",
     "2500", "enclave", "lacrosse", "town", "grand"}
)
VEHICLE_WORDS: frozenset[str] = frozenset(
    {"car", "truck", "van", "suv", "sedan", "coupe", "pickup", "minivan", "wagon",
     "hatchback", "motorcycle", "bike", "vehicle", "veh", "jeep", "convertible"}
)
# Report and speaker labels that NER reads as a person ("Vehicle:", "Arrestee:", "Driver").
ROLE_WORDS: frozenset[str] = frozenset(
    {"vehicle", "veh", "driver", "subject", "suspect", "victim", "caller", "arrestee",
     "complainant", "witness", "passenger", "owner", "missing", "person", "reporting",
     "party", "juvenile", "offender", "defendant", "plaintiff", "rp", "narrative",
     "registered", "resident", "tenant", "occupant", "pedestrian", "cyclist", "vic", "perp",
     "landlord", "landlady", "finder", "bartender", "homeowner", "guardian", "addr"}
)
COLOUR_WORDS: frozenset[str] = frozenset(
    {"black", "white", "silver", "gray", "grey", "red", "blue", "green", "gold", "tan",
     "maroon", "brown", "beige", "yellow", "orange", "purple", "burgundy", "charcoal",
     "dark", "light", "navy"}
)
