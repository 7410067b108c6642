"""Capitalised names found in lists of real given names and surnames.

spaCy's small model knows common Anglo names in prose; "Faina D. Yefremova", "Sigrid
Nyström" or "Miklós Hajdu" it misses or calls a place. Lists of real names from many
countries (``name_lists``) find them without a cue: a known given name followed by
capitalised name words is a person, and so, standing alone, is a known given name or a
census surname that is no English word (a very common given name that the dictionary
knows only as a noun, like "Scott", too). An unlisted proper noun next to a person in
a list ("Kónya, Becker and Vasquez") is one as well.

Mostly capitalised words are looked at: ASR text is often lower case, where "rose",
"hunter", "may" or "park" are words far more often than names. In lower case a listed
given name that is no English word is a name before a surname ("terrence hollis",
"rashida baker") or with a person cue ("dmitri locked himself in", "tariq, put it
down!"); a name that is a noun too only when given an order, and one that is a verb or
adjective too ("will", "mark", "frank") never; other lower-case names are left to the
introduction and title cues and to the recurring-name pass. Months,
weekdays, titles, stop words, capitalised words after a determiner ("the Rose"), runs
that end in a place or organisation word ("Grant Park", "Hunter College") and words
spaCy tags as dates, numbers or events are never names here.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from redaction.pii.recognizers.name_lists import NameLists, fold, name_lists
from redaction.pii.recognizers.spoken import (
    ADDRESS_TERMS,
    COMMON_WORDS,
    NAME_WORD,
    ROLE_WORDS,
    TITLE_WORDS,
    VEHICLE_MAKES,
    SpokenRecognizer,
)


class NameGazetteerRecognizer(SpokenRecognizer):
    """PERSON for capitalised known given names (with what follows) and surnames."""

    ENTITY = "PERSON"
    SCORES: ClassVar[dict[str, float]] = {
        # Above spaCy's 0.85 so a full name it read as a place is redacted as a person.
        "full": 0.9,
        # A lone given name that is no English word, place or famous person in WordNet
        # ("Franciska", "Ján"): a person even where spaCy says place.
        "given": 0.9,
        # A lone very common given name that is also a noun ("Scott"); below spaCy's place
        # reading ("Virginia").
        "common_given": 0.7,
        # A lone census surname that is no word ("Becker"); below spaCy's place reading.
        "surname": 0.6,
        # An unlisted first word and a census surname ("Calquín Cazares").
        "surname_pair": 0.7,
        # An unlisted proper noun in a list with a person ("Kónya, Becker and Vasquez").
        "list": 0.9,
        # Lower case: a given name that is no word and a surname ("terrence hollis").
        "lower_full": 0.8,
        # Lower case: a given name that is no word, with a person cue ("dmitri locked").
        "lower_cue": 0.7,
        # Lower case: a noun-only given name given an order ("dominic, get inside").
        "vocative": 0.7,
    }
    MIN_LOWER_LETTERS = 3
    MAX_TOKENS = 4
    CONTEXT = ("name", "said", "told", "mr", "mrs", "ms")
    # Capitalised, but never a name on its own.
    NOT_NAMES = frozenset(
        {"january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december", "monday", "tuesday", "wednesday",
         "thursday", "friday", "saturday", "sunday", "god", "christmas", "easter", "i",
         "ok", "okay", "mom", "dad", "sir", "ma'am", "english", "spanish", "american",
         "christ", "lord", "allah", "buddha", "prince", "princess", "queen", "duke",
         "duchess"}
    )
    # A run opening with one of these is a place ("Santa Ana", "San Jose", "Fort Myers").
    PLACE_PREFIXES = frozenset({"santa", "san", "saint", "los", "las", "el", "fort", "port",
                                "new", "north", "south", "east", "west", "lake", "mount"})
    # A run ending in one of these is a place, an organisation or a thing.
    NON_PERSON_HEADS = frozenset(
        {"street", "st", "avenue", "ave", "road", "rd", "drive", "dr", "lane", "ln",
         "boulevard", "blvd", "way", "court", "ct", "place", "pl", "terrace", "circle",
         "route", "alley", "trail", "pike", "turnpike", "crossing", "row",
         "highway", "parkway", "park", "square", "plaza", "bridge", "river", "lake",
         "creek", "mountain", "mount", "hill", "hills", "valley", "beach", "island", "bay",
         "county", "city", "town", "village", "state", "college", "university", "school",
         "academy", "institute", "hospital", "clinic", "church", "chapel", "cathedral",
         "center", "centre", "hall", "library", "museum", "theater", "theatre", "stadium",
         "arena", "mall", "market", "store", "shop", "hotel", "inn", "motel", "restaurant",
         "cafe", "bar", "club", "station", "airport", "company", "co", "corp",
         "corporation", "inc", "llc", "ltd", "group", "partners", "associates", "bank",
         "foundation", "trust", "orchestra", "band", "records", "studios", "media", "news",
         "press", "solutions", "systems", "technologies", "services", "holdings",
         "industries", "international", "enterprises", "investments", "capital",
         "consulting", "labs", "software", "data", "markets", "networks", "health",
         "energy", "insurance", "communications", "motors", "airlines", "foods",
         "pharmaceuticals", "garden", "gardens", "day", "award", "prize", "act", "law",
         "high", "elementary", "middle", "junior"}
    )
    # A lower-case particle or an initial inside a name ("Willem van Dijk", "Faina D.").
    PARTICLES = frozenset({"van", "von", "de", "der", "den", "ten", "ter", "da", "di", "del",
                           "la", "le", "bin", "al", "dos", "das", "du"})
    # A capitalised word after these is a thing ("the Rose", "a Hunter").
    DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our",
                             "their", "its", "every", "each", "no"})
    # spaCy labels that a name never has (a known name inside one is not one).
    BLOCKING_LABELS = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY",
                                 "PERCENT", "EVENT", "LAW", "LANGUAGE"})
    # spaCy labels that keep an unlisted first word from making a full name ("Puerto Rico").
    PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
    LIST_WORDS = frozenset({",", "and", "or", "&"})
    NAME_POS = frozenset({"PROPN", "NOUN", "X", "ADJ"})
    # Lower-case person cues: a verb or greeting before the name, a finite verb after it,
    # a clause of its own (after these marks or interjections, before "," "!" "?").
    LOWER_CUES_BEFORE = frozenset(
        {"told", "tell", "asked", "ask", "call", "called", "text", "texted", "met", "meet",
         "saw", "hey", "hi", "hello", "thanks", "with", "dear", "married", "visit",
         "visited", "bye"}
    )
    FINITE_TAGS = frozenset({"VBD", "VBZ", "MD"})
    POSSESSIVES = frozenset({"my", "your", "his", "her", "our"})
    CLAUSE_MARKS = frozenset({".", "!", "?", ":", ";", "...", "…"})
    INTERJECTIONS = frozenset({"okay", "ok", "hey", "hi", "hello", "yeah", "yes", "no",
                               "thanks", "sorry", "alright", "please", "bye", "listen",
                               "look", "so", "well", "oh", "uh", "um"})
    VOCATIVE_ENDS = frozenset({",", "!", "?"})
    # After "name," these make it an order or a question to that person.
    ORDER_WORDS = frozenset({"you", "your", "please", "don't", "do", "can", "could", "would",
                             "are", "we", "let's", "stop", "come", "get", "go"})

    _INITIAL = re.compile(r"[A-Z]\.?")
    _WORD = re.compile(NAME_WORD)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc: Doc = nlp_artifacts.tokens
        lists = name_lists()
        labels: dict[int, tuple[str, int, int]] = {}
        for ent in doc.ents:
            for k in range(ent.start, ent.end):
                labels[k] = (ent.label_, ent.start, ent.end)
        found: list[tuple[int, int, str]] = []
        leftover: list[tuple[int, int]] = []
        for a, b in self._runs(doc, labels):
            hit = self._classify(doc, a, b, lists, labels)
            if hit is None:
                leftover.append((a, b))
            else:
                found.append(hit)
        starts = {s for s, _, _ in found} | {ent.start for ent in doc.ents
                                              if ent.label_ == "PERSON"}
        ends = {e for _, e, _ in found} | {ent.end for ent in doc.ents if ent.label_ == "PERSON"}
        leftover = [(a, b) for a, b in leftover
                    if self._listed_name(doc, a, b, lists)
                    and not self._names_a_thing(doc, a, b, labels)]
        grew = True
        while grew and leftover:  # "Kónya, Becker and Vasquez": spread along the list
            grew = False
            for a, b in list(leftover):
                if self._in_person_list(doc, a, b, starts, ends):
                    found.append((a, b, "list"))
                    starts.add(a)
                    ends.add(b)
                    leftover.remove((a, b))
                    grew = True
        found.extend(self._lower_case_names(doc, lists, labels))
        return [
            self.result(self.ENTITY, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text),
                        self.SCORES[kind], f"name gazetteer ({kind})")
            for s, e, kind in found
        ]

    def _lower_case_names(
        self, doc: Doc, lists: NameLists, labels: dict[int, tuple[str, int, int]]
    ) -> list[tuple[int, int, str]]:
        """Lower-case names ("this guy, terrence hollis, he's …", "dmitri locked himself in").

        A listed given name that is no English word, followed by a surname (a word no
        dictionary knows, or a census surname the dictionary knows only as a noun:
        "rashida baker"), or alone with a person cue: a finite verb after it, a verb
        or greeting that takes a person before it, or a clause of its own ("tariq, …").
        A name that is also a noun only ("dominic") needs an order after it ("dominic,
        get inside"); "rose", "hunter", "may", "grant", "mark" or "will" never count here.
        """
        out: list[tuple[int, int, str]] = []
        n = len(doc)
        for i in range(n):
            first = doc[i]
            if not self._lower_word(first) or labels.get(i, ("",))[0] in self.BLOCKING_LABELS:
                continue
            if (not lists.is_given(first.text) or first.text in self.PARTICLES
                    or first.text in ROLE_WORDS or first.text in VEHICLE_MAKES
                    or self._irregular_form(first, lists)):
                continue
            if lists.is_word_form(first.text):
                if self._ordered(doc, i, lists):
                    out.append((i, i + 1, "vocative"))
                continue
            if (i + 1 < n and first.whitespace_ and self._lower_word(doc[i + 1])
                    and labels.get(i + 1, ("",))[0] not in self.BLOCKING_LABELS
                    and self._lower_surname(doc[i + 1], lists)):
                out.append((i, self._hyphen_end(doc, i + 2), "lower_full"))
            elif self._person_cue(doc, i):
                out.append((i, i + 1, "lower_cue"))
        return out

    def _lower_surname(self, token: Token, lists: NameLists) -> bool:
        """A lower-case word after a given name that is a surname ("hollis", "baker")."""
        if not lists.is_word_form(token.text):
            return True
        return (lists.is_surname(token.text) and fold(token.text) not in lists.non_nouns
                and token.pos_ not in ("VERB", "AUX") and token.text not in ADDRESS_TERMS
                and not self._irregular_form(token, lists))

    @staticmethod
    def _irregular_form(token: Token, lists: NameLists) -> bool:
        """"ran", "bitten", "kept": a form of a dictionary word (spaCy's lemma says so)."""
        lemma = token.lemma_.lower()
        return lemma != token.lower_ and lists.is_word_form(lemma)

    @staticmethod
    def _hyphen_end(doc: Doc, e: int) -> int:
        """Grow a lower-case name over hyphenated parts ("nowak-lis")."""
        while (e + 1 < len(doc) and doc[e].text == "-" and not doc[e - 1].whitespace_
               and not doc[e].whitespace_ and doc[e + 1].text.isalpha()
               and doc[e + 1].text.islower()):
            e += 2
        return e

    def _clause_start(self, doc: Doc, i: int) -> bool:
        """Does token ``i`` open a clause: line or sentence start, speaker label, "okay,"?"""
        k = i - 1
        if k >= 1 and doc[k].text == "," and doc[k - 1].lower_ in self.INTERJECTIONS:
            return True
        return (k < 0 or doc[k].is_space or doc[k].text in self.CLAUSE_MARKS
                or doc[k].lower_ in self.INTERJECTIONS)

    def _person_cue(self, doc: Doc, i: int) -> bool:
        """A cue that the word at ``i`` is somebody: "dmitri locked", "told dmitri", "tariq,".

        Not after a determiner ("my iban is …"), nor a city before a ZIP code.
        """
        if i > 0 and doc[i - 1].lower_ in self.DETERMINERS | self.POSSESSIVES:
            return False
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.tag_ in self.FINITE_TAGS and nxt.pos_ in ("VERB", "AUX"):
            return True
        if i > 0 and doc[i - 1].lower_ in self.LOWER_CUES_BEFORE:
            return True
        return (nxt is not None and nxt.text in self.VOCATIVE_ENDS and self._clause_start(doc, i)
                and not any(re.fullmatch(r"\d{5}", t.text) for t in doc[i + 2 : i + 5]))

    def _ordered(self, doc: Doc, i: int, lists: NameLists) -> bool:
        """"dominic, get inside": a given name the dictionary knows only as a noun, addressed."""
        word = doc[i].lower_
        if fold(word) in lists.non_nouns or word in ADDRESS_TERMS or i + 2 >= len(doc):
            return False
        order = doc[i + 2]
        return (doc[i + 1].text == "," and self._clause_start(doc, i)
                and (order.tag_ == "VB" or order.lower_ in self.ORDER_WORDS))

    def _lower_word(self, token: Token) -> bool:
        text = token.text
        return (
            text.islower() and text.isalpha() and len(text) >= self.MIN_LOWER_LETTERS
            and text not in COMMON_WORDS and text not in TITLE_WORDS
            and text not in self.NOT_NAMES and text not in ADDRESS_TERMS
        )

    # --- runs ------------------------------------------------------------------------

    def _name_shaped(self, token: Token, labels: dict[int, tuple[str, int, int]]) -> bool:
        text = token.text
        low = text.lower()
        return (
            len(text) > 1
            and text[0].isupper()
            and not text.isupper()
            and self._WORD.fullmatch(text) is not None
            and low not in COMMON_WORDS
            and low not in TITLE_WORDS
            and low not in self.NOT_NAMES
            and labels.get(token.i, ("",))[0] not in self.BLOCKING_LABELS
        )

    def _runs(self, doc: Doc, labels: dict[int, tuple[str, int, int]]) -> list[tuple[int, int]]:
        """Token ranges of capitalised words, with initials and particles inside."""
        runs: list[tuple[int, int]] = []
        i, n = 0, len(doc)
        while i < n:
            if not self._name_shaped(doc[i], labels):
                i += 1
                continue
            j = i + 1
            while j < n and j - i < self.MAX_TOKENS:
                if self._name_shaped(doc[j], labels):
                    j += 1
                    continue
                inner = (self._INITIAL.fullmatch(doc[j].text) is not None
                         or doc[j].text in self.PARTICLES
                         or self._joins(doc, j))
                if inner and j + 1 < n and self._name_shaped(doc[j + 1], labels):
                    j += 2
                    continue
                break
            runs.append((i, min(j, n)))
            i = j
        return runs

    @staticmethod
    def _joins(doc: Doc, j: int) -> bool:
        """Is token ``j`` a hyphen inside a double name ("Dias-Lima", "Mayo-Walters")?"""
        return (doc[j].text == "-" and j > 0 and not doc[j - 1].whitespace_
                and not doc[j].whitespace_)

    # --- decisions -------------------------------------------------------------------

    def _classify(
        self, doc: Doc, a: int, b: int, lists: NameLists,
        labels: dict[int, tuple[str, int, int]],
    ) -> tuple[int, int, str] | None:
        """(start, end, kind) of the person in run [a, b), or None."""
        if self._names_a_thing(doc, a, b, labels) or doc[a].lower_ in self.PLACE_PREFIXES:
            return None
        words = [k for k in range(a, b) if self._WORD.fullmatch(doc[k].text)
                 and doc[k].text not in self.PARTICLES and len(doc[k].text) > 1]
        # A given name opens a full name; one inside a double name ("Valentine-Murray",
        # mostly firms) does not.
        given = next((k for k in words if lists.is_given(doc[k].text)
                      and not (k + 1 < b and self._joins(doc, k + 1))), None)
        tail = doc[b - 1].text
        if given is not None and given != words[-1]:
            if lists.is_surname(tail) or not lists.is_word_form(tail):
                return given, b, "full"
            return None
        if (len(words) == 2 and words[0] == a and words[1] == b - 1
                and not self._joins(doc, a + 1)
                and lists.is_surname(tail) and not lists.is_word(tail)
                and doc[a].pos_ == "PROPN" and not lists.is_word(doc[a].text)
                and labels.get(a, ("",))[0] not in self.PLACE_LABELS):
            return a, b, "surname_pair"  # "Calquín Cazares": unlisted given name
        if b - a != 1 or not self._lone_name_slot(doc, a):
            return None
        token = doc[a]
        if lists.is_word(token.text):
            # "Rose", "Hunter", "Jordan", "Grant": a word or a place as often as a name;
            # alone, only a very common name known to the dictionary as a noun alone.
            if token.pos_ == "PROPN" and lists.is_common_given(token.text):
                return a, b, "common_given"
            return None
        if lists.is_given(token.text):
            return a, b, "given"
        if lists.is_surname(token.text) and not lists.is_word_form(token.text):
            return a, b, "surname"
        return None

    def _lone_name_slot(self, doc: Doc, a: int) -> bool:
        """Can the single capitalised word at ``a`` be a name on its own here?

        Not after a determiner ("the Rose"), not inside a hyphenated compound ("X-Files",
        "Mo-bot"), not tagged as anything but a noun, and at least three letters.
        """
        token = doc[a]
        return (
            len(token.text) >= 3
            and token.pos_ in self.NAME_POS
            and not (a > 0 and doc[a - 1].lower_ in self.DETERMINERS)
            and not (a > 0 and self._joins(doc, a - 1))
            and not (a + 1 < len(doc) and self._joins(doc, a + 1))
        )

    def _names_a_thing(
        self, doc: Doc, a: int, b: int, labels: dict[int, tuple[str, int, int]]
    ) -> bool:
        """Does the run name a place, a firm or a thing ("Grant Park", "Conway Inc.")?"""
        last = doc[b - 1].lower_
        nxt = doc[b].lower_.rstrip(".") if b < len(doc) else ""
        return (last in self.NON_PERSON_HEADS or nxt in self.NON_PERSON_HEADS
                or self._inside_named_thing(doc, a, b, labels))

    def _inside_named_thing(
        self, doc: Doc, a: int, b: int, labels: dict[int, tuple[str, int, int]]
    ) -> bool:
        """Is the run part of a longer organisation or place ("Williamson Orchestra")?

        spaCy often calls unfamiliar names (and lists of them) an organisation, so only
        an entity that goes on with a place or organisation word or a lower-case word
        (not "and", "'s" or white space) makes the run a part of something else.
        """
        for k in range(a, b):
            label, s, e = labels.get(k, ("", k, k))
            if label not in ("ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"):
                continue
            for j in (*range(s, a), *range(b, e)):
                word = doc[j].text
                low = word.lower()
                if not word.isalpha() or low in self.LIST_WORDS:
                    continue
                if low in self.NON_PERSON_HEADS or word[0].islower():
                    return True
        return False

    def _listed_name(self, doc: Doc, a: int, b: int, lists: NameLists) -> bool:
        """Could the run be an unlisted name: proper nouns only, no dictionary word?"""
        return all(
            doc[k].pos_ == "PROPN" and not lists.is_word_form(doc[k].text)
            for k in range(a, b)
            if self._WORD.fullmatch(doc[k].text) and doc[k].text not in self.PARTICLES
        )

    def _in_person_list(self, doc: Doc, a: int, b: int, starts: set[int],
                        ends: set[int]) -> bool:
        """Is run [a, b) one or two list words ("," / "and") away from a person?"""
        for gap in (1, 2):
            before = range(a - gap, a)
            if a - gap in ends and all(doc[k].lower_ in self.LIST_WORDS for k in before):
                return True
            after = range(b, b + gap)
            if (b + gap in starts and b + gap <= len(doc)
                    and all(doc[k].lower_ in self.LIST_WORDS for k in after)):
                return True
        return False
