"""Street addresses as spoken and as ASR writes them, with unit, city, state and ZIP.

Presidio has no street-address recognizer and spaCy only tags the odd city. On camera
an address is a house number (digits, "2,210" with a thousands comma, or words:
"eighty eight") followed by a street name and a suffix ("Drive"), often lower-cased,
sometimes misheard so that only "..., apartment 4" or "I live at ..." gives it away.
A match is extended over a following unit ("apartment 4", "unit 3 B") and a written
tail (", Springfield, IL 62704"). Without a house number a street is a generic place
("the park on Fifth Street") and is kept.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.recognizers.spoken import (
    COMMON_WORDS,
    SPOKEN_NUMBER,
    SpokenRecognizer,
    keyword_pattern,
    nearest_family,
)


def _alts(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


class StreetAddressRecognizer(SpokenRecognizer):
    """House number + street name + suffix / unit, or after "I live at"."""

    ENTITY = "STREET_ADDRESS"
    SUFFIXES = (
        "street", "st", "avenue", "ave", "av", "road", "rd", "drive", "dr", "lane", "ln",
        "boulevard", "blvd", "court", "ct", "place", "pl", "way", "terrace", "ter", "circle",
        "cir", "parkway", "pkwy", "highway", "hwy", "trail", "trl", "square", "sq", "loop",
        "alley", "row", "crescent", "close", "path", "pike", "plaza", "heights", "hts",
        "crossing", "xing", "run", "walk", "expressway", "freeway", "turnpike", "commons",
        "grove", "gardens", "estates", "ridge", "hollow", "bend", "point", "manor", "mews",
        "passage", "promenade", "causeway", "cove", "glen", "landing", "meadows", "station",
        "junction", "route", "broadway", "esplanade", "wynd",
    )
    # Suffixes that are also everyday words: lower-cased they need more evidence.
    AMBIGUOUS_SUFFIXES = frozenset(
        {"way", "place", "court", "drive", "circle", "row", "square", "point", "loop", "path",
         "close", "trail", "run", "walk", "bend", "station", "route", "cove", "glen",
         "landing", "crossing", "dr", "st", "pl", "ct", "ter", "av"}
    )
    # The most common US street names (trees, presidents, landscape words), said without
    # a suffix after a house number and before a pause: "nine oh nine magnolia,"
    COMMON_STREET_NAMES = (
        "oak", "maple", "pine", "cedar", "elm", "birch", "walnut", "chestnut", "sycamore",
        "willow", "cherry", "hickory", "magnolia", "poplar", "spruce", "aspen", "dogwood",
        "juniper", "laurel", "cypress", "redwood", "linden", "beech", "hemlock", "locust",
        "mulberry", "hawthorn", "alder", "acacia", "pecan", "peachtree", "main", "park",
        "lake", "hill", "highland", "ridge", "sunset", "river", "mill", "meadow", "forest",
        "prospect", "pleasant", "fairview", "riverside", "hillside", "woodland", "lakeview",
        "orchard", "washington", "lincoln", "jefferson", "madison", "jackson", "franklin",
        "adams", "monroe", "wilson", "kennedy", "roosevelt", "grant", "harrison",
    )
    # Last words of mobile-home and trailer park names ("Shady Pines", "Sunset Acres").
    PARK_WORDS = ("pines", "oaks", "acres", "village", "estates", "meadows", "manor",
                  "gardens", "court", "terrace", "park", "mobile home park", "trailer park",
                  "mhp", "hills", "springs", "woods", "grove", "palms", "homes", "ranch")
    UNITS = ("apartment", "apt", "unit", "suite", "ste", "room", "rm", "space", "lot",
             "building", "bldg", "floor", "fl", "flat", "#")
    # Foreign street words seen in written addresses ("Sludevej 13", "Via Franscini 71").
    # ... as the end of a capitalised compound ("Sludevej", "Puruntie", "Hafnarstraeti")
    INTL_SUFFIXES = ("vej", "gade", "gatan", "gata", "katu", "kuja", "tie", "polku", "weg",
                     "straße", "strasse", "straeti", "str", "allee", "platz", "laan", "straat",
                     "gracht", "plein", "väg", "vägen", "veien", "vegen", "utca", "ulica",
                     "braut", "gata", "stræde", "vænget", "bakken", "haugen")
    # ... or as a word of their own ("Kálmán Imre u. 12.", "Trenerys gate 232").
    INTL_WORDS = ("u", "utca", "út", "útja", "tér", "krt", "rkp", "gate", "gata", "vei",
                  "veien", "vej", "str", "straße", "strasse", "weg", "ul", "ulica", "al")
    INTL_PREFIXES = ("rue", "via", "viale", "calle", "avenida", "avenue", "rua", "praça",
                     "piazza", "plaza", "strada", "ulica", "ul", "chemin", "carrer", "paseo",
                     "camino", "largo", "corso", "boulevard")
    # Lower-case words inside foreign street names ("Rua Cidade de Maracajá").
    PARTICLES = frozenset({"de", "do", "da", "dos", "das", "del", "della", "di", "la", "le",
                           "van", "von", "der", "den", "ten", "ter", "al", "el", "y"})
    STATES = ("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL",
              "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
              "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
              "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC")
    CONTEXT = ("live", "lives", "living", "lived", "reside", "resides", "residing",
               "staying", "address", "located", "moved to", "home", "house", "apartment",
               "on scene at", "located at", "mailing", "billing")
    # Words that never belong to a street name (they mark ordinary speech).
    NOT_STREET = frozenset(
        {"the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and",
         "or", "but", "is", "are", "was", "were", "be", "been", "i", "you", "he", "she",
         "it", "we", "they", "me", "him", "her", "us", "them", "my", "your", "his", "their",
         "our", "its", "this", "that", "these", "those", "there", "here", "not", "no", "yes",
         "so", "as", "if", "then", "than", "when", "where", "what", "who", "how", "about",
         "into", "over", "under", "up", "down", "out", "off", "around", "across", "along",
         "through", "past", "toward", "towards", "near", "like", "just", "all", "some",
         "any", "more", "most", "other", "do", "did", "does", "have", "has", "had", "will",
         "would", "can", "could", "should", "people", "persons", "guys", "men", "women",
         "kids", "times", "minutes", "hours", "years", "days", "weeks", "months", "miles",
         "blocks", "feet", "dollars", "bucks", "cars", "calls", "units", "officers",
         "percent", "mph", "o'clock", "am", "pm", "way", "one", "ago", "later", "each",
         "every", "sir", "ma'am", "officer", "okay", "ok"}
    )

    _HOUSE_DIGITS = r"\d{1,3}(?:,\d{3})+|\d{1,6}(?:-\d{1,4})?[A-Za-z]?"
    _NAME_WORD = r"(?:[^\W\d_][\w'’.-]*|\d+(?:st|nd|rd|th))"
    SCORE_NUMBER_STREET = 0.75
    SCORE_NUMBER_UNIT = 0.6
    SCORE_CONTEXT = 0.6
    SCORE_BARE_STREET = 0.55
    SCORE_INTL = 0.6
    SCORE_PO_BOX = 0.75
    SCORE_STATE_ZIP = 0.5
    CONTEXT_BOOST = 0.1
    AMBIGUOUS_PENALTY = 0.2
    WINDOW = 60

    def __init__(self) -> None:
        # A house number: digits ("2,210", "12B", "4 15" as ASR splits "four fifteen") or words.
        house = (rf"(?P<house>(?:{self._HOUSE_DIGITS})(?:[ \t]+\d{{1,5}}(?![\w,]))?"
                 rf"|{SPOKEN_NUMBER})")
        word = rf"(?!(?:{_alts(sorted(self.NOT_STREET))})(?![\w'’]))(?i:{self._NAME_WORD})"
        name = rf"(?P<name>{word}(?:\s+{word}){{0,3}})"
        unit_value = (rf"(?:\d+[A-Za-z]?|[A-Za-z]\d*|{SPOKEN_NUMBER})"
                      r"(?:(?-i:[\s-]?[A-Z])(?![\w]))?")
        self._unit = rf"(?:{_alts(self.UNITS)})\.?\s*#?\s*{unit_value}"
        lead = r"(?<![\w,.$#@/-])"
        i = re.IGNORECASE
        self._street = re.compile(
            rf"{lead}{house}\s+{name}\s+(?P<suffix>{_alts(self.SUFFIXES)})(?![\w])", i
        )
        self._house_unit = re.compile(
            rf"{lead}{house}\s+{name}(?:\s+\d{{1,5}}[A-Za-z]?\.?)?\s*,?\s*"
            rf"(?={self._unit}(?![\w]))",
            i,
        )
        self._bare_street = re.compile(
            rf"{lead}{house}[ \t]+(?P<name>{_alts(list(self.COMMON_STREET_NAMES))})"
            rf"(?=[ \t]*(?:[,.;!?\n]|$|and\b|{self._unit}))",
            i,
        )
        self._after_context = re.compile(
            r"\b(?:live|lives|living|lived|reside|resides|residing|staying|stays|"
            r"address\s+is|address|moved\s+to|located)\s+(?:here\s+|now\s+|over\s+)?"
            rf"(?:at|on|in)?\s*,?\s*{house}\s+{name}(?![\w])",
            i,
        )
        # Written "Street Name 12" forms (most of Europe): found from the number backwards,
        # capitals checked in code.
        self._written_number = re.compile(r"(?<![\w.,/-])\d{1,5}[A-Za-z]?\.?(?![\w])")
        self._words_before = re.compile(r"(?:[^\W\d_][\w'’-]*\.?[ \t]+){1,4}$")
        self._lead_number = re.compile(r"(?<![\w.,/-])(\d{1,6})[ \t]+$")
        self._intl_word = re.compile(
            rf"^(?:{_alts(self.INTL_WORDS)}|{_alts(self.INTL_PREFIXES)})\.?$", re.IGNORECASE
        )
        self._intl_compound = re.compile(rf"\w(?:{_alts(self.INTL_SUFFIXES)})\.?$", re.I)
        self._us_suffix_first = re.compile(
            rf"{lead}\d{{1,6}}\s+(?i:avenue|rue|via|calle)\s+[^\W\d_][\w'’.-]+"
        )
        self._po_box = re.compile(r"\bP\.?\s*O\.?\s*Box\s+\d+", i)
        self._zip = re.compile(
            r"\b(?:zip|postal|post)(?:\s*code)?(?:\s+is|\s*:)?\s+(\d{3,5}(?:[- ]\d{2,4})?)\b", i
        )
        self._military = re.compile(
            r"\b(?:PSC|CMR|Unit)\s+\d{3,5},?\s+Box\s+\d{3,5}"
            r"(?:\s*,?\s*[ADF]PO\s+A[AEP]\s+\d{5})?"
        )
        states = _alts(self.STATES)
        self._state_zip = re.compile(rf"\b(?:{states})\s+\d{{5}}(?:-\d{{4}})?\b")
        self._unit_ext = re.compile(rf"\.?(?:\s*[,\n>|]+\s*|\s*){self._unit}(?![\w])", i)
        self._tail = re.compile(
            r"\.?(?:\s*[,\n>|]+\s*|[ \t]{2,}|[ \t]+(?=(?:" + states + r")\b|\d{5}\b))"
            rf"(?P<part>(?:{states})(?![\w])|\d{{4,5}}(?:-\d{{4}})?(?![\w])"
            r"|[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,2})"
        )
        # "three twenty one, building c, apartment nine, on sycamore terrace": the units
        # said between the house number and the street.
        self._units_then_street = re.compile(
            rf"{lead}{house}[ \t]*,?[ \t]*(?:{self._unit}[ \t]*,?[ \t]*){{1,3}}(?:on[ \t]+)?"
            rf"{name}[ \t]+(?P<suffix>{_alts(self.SUFFIXES)})(?![\w])", i
        )
        num = rf"(?:\d{{1,5}}|{SPOKEN_NUMBER})"
        # "six ninety two, rural route four, box eleven" / "rural route 2, box 18".
        self._rural = re.compile(
            rf"{lead}(?:{house}[ \t]*,?[ \t]*)?(?:rural[ \t]+route|r\.?[ \t]?r\.?)[ \t]+{num}"
            rf"(?:[ \t]*,?[ \t]*box[ \t]+{num})?(?![\w])", i
        )
        # "lot twenty three, shady pines": a lot in a mobile-home park.
        self._lot = re.compile(
            rf"(?<!parking )(?<!the )\blot[ \t]+(?:number[ \t]+)?{num}[ \t]*,?[ \t]*"
            rf"(?:[^\W\d_]+[ \t]+){{0,2}}(?:{_alts(list(self.PARK_WORDS))})(?![\w])", i
        )
        # "four eighteen, no, four sixteen …": a house number said and then corrected.
        self._corrected = re.compile(
            rf"{lead}(?:\d{{1,6}}|{SPOKEN_NUMBER})[ \t]*,[ \t]*(?:no|uh|um|er|sorry|i[ \t]+mean"
            rf"|wait|actually|no[ \t]+wait|no[ \t]+sorry)(?:[ \t]*,[ \t]*|[ \t]+)$", i
        )
        self._families = {"address": keyword_pattern(self.CONTEXT)}
        super().__init__()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []

        def add(start: int, end: int, score: float, why: str) -> None:
            end = self._extend(text, end)
            fix = self._corrected.search(text, max(0, start - 60), start)
            if fix is not None:
                start = fix.start()
            if nearest_family(text, start, self._families, self.WINDOW):
                score += self.CONTEXT_BOOST
            results.append(self.result(self.ENTITY, start, end, score, why))

        for m in self._street.finditer(text):
            if not self._plausible(m, text):
                continue
            score = self.SCORE_NUMBER_STREET
            suffix = m.group("suffix")
            if suffix.lower() in self.AMBIGUOUS_SUFFIXES and suffix.islower():
                score -= self.AMBIGUOUS_PENALTY
            add(m.start(), m.end(), score, "number street suffix")
        for m in self._house_unit.finditer(text):
            if self._plausible(m, text):
                add(m.start(), m.end(), self.SCORE_NUMBER_UNIT, "number street unit")
        for m in self._bare_street.finditer(text):
            if self._plausible(m, text):
                add(m.start(), m.end(), self.SCORE_BARE_STREET, "number common street name")
        for m in self._units_then_street.finditer(text):
            if self._plausible(m, text):
                add(m.start(), m.end(), self.SCORE_NUMBER_STREET, "number units street")
        for pattern, why in ((self._rural, "rural route"), (self._lot, "park lot")):
            for m in pattern.finditer(text):
                add(m.start(), m.end(), self.SCORE_NUMBER_UNIT, why)
        for m in self._after_context.finditer(text):
            if self._plausible(m, text, single_word_number_ok=True):
                add(m.start("house"), m.end(), self.SCORE_CONTEXT, "after address word")
        for m in self._written_number.finditer(text):
            start = self._written_start(text, m.start())
            if start is not None:
                add(start, m.end(), self.SCORE_INTL, "written street and number")
        for m in self._zip.finditer(text):
            add(m.start(1), m.end(1), self.SCORE_STATE_ZIP + self.CONTEXT_BOOST, "zip code")
        for pattern, score, why in (
            (self._us_suffix_first, self.SCORE_INTL, "number avenue name"),
            (self._po_box, self.SCORE_PO_BOX, "po box"),
            (self._military, self.SCORE_PO_BOX, "military address"),
            (self._state_zip, self.SCORE_STATE_ZIP, "state and zip"),
        ):
            for m in pattern.finditer(text):
                add(m.start(), m.end(), score, why)
        return results

    def _written_start(self, text: str, num_start: int) -> int | None:
        """Start of "Sludevej 13" / "Via Franscini 71" / "20789 Allika 46" ending here.

        Not "Windows 10" or "unit 12": the words must be capitalised and contain a
        street word, or follow a house number of three or more digits.
        """
        lo = max(0, num_start - 80)
        m = self._words_before.search(text, lo, num_start)
        if m is None:
            return None
        all_words = list(re.finditer(r"\S+", m.group(0)))
        # The longest run of street-name words ending at the number ("bor i Kongensgade").
        words: list[re.Match[str]] = []
        for w in reversed(all_words):
            if not self._street_word_ok(w.group(0)):
                break
            words.insert(0, w)
        while words and words[0].group(0).lower().rstrip(".") in self.PARTICLES:
            words.pop(0)
        if not words:
            return None
        start = m.start() + words[0].start()
        intl = any(self._intl_word.match(w.group(0)) or self._intl_compound.search(w.group(0))
                   for w in words)
        lead = self._lead_number.search(text, max(0, start - 10), start)
        if lead is not None and len(lead.group(1)) >= 3:
            return lead.start(1)
        return start if intl else None

    def _street_word_ok(self, word: str) -> bool:
        low = word.lower().rstrip(".")
        if self._intl_word.match(word) or low in self.PARTICLES:
            return True
        return word[0].isupper() and low not in COMMON_WORDS and low not in self.NOT_STREET

    def _plausible(self, m: re.Match[str], text: str, single_word_number_ok: bool = False) -> bool:
        """Reject matches whose 'street name' is ordinary speech ("2 guys drive")."""
        words = m.group("name").lower().split()
        if any(w.strip(".,") in self.NOT_STREET for w in words):
            return False
        if all(w in COMMON_WORDS for w in words):
            return False
        house = m.group("house")
        if not any(c.isdigit() for c in house):
            # "one way street": one spoken number word is too weak without context.
            return single_word_number_ok or len(house.split()) >= 2
        return True

    def _extend(self, text: str, end: int) -> int:
        """Take in following units and a written city / state / country / ZIP tail."""
        for _ in range(6):
            m = self._unit_ext.match(text, end)
            if m is None:
                m = self._tail.match(text, end)
                if m is None or not self._tail_ok(m.group("part")):
                    break
            end = m.end()
        return end

    @staticmethod
    def _tail_ok(part: str) -> bool:
        """City and country words are capitalised and not everyday words ("Sir", "Okay")."""
        if part[0].isdigit():
            return True
        return all(w[0].isupper() and w.lower().strip(".,") not in COMMON_WORDS
                   for w in part.split())
