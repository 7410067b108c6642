"""Proper names that spaCy's small model misses, found from the words around them.

spaCy's small English model knows common Anglo names in prose and misses many others
("Efimiya", "Halldór", "Usamov"), lists of names, and speaker labels. A run of
capitalised proper nouns (spaCy's PROPN tag) that no other NER label claims is taken
as a person when the words around it say so: a verb of speech or address next to it
("Jake said", "told Marcus"), a possessive relative ("Asya's kid"), a "Name:" or
speaker label, or a list that already holds a detected person ("Kónya, Becker and
Vasquez"), or a report role right before it ("Caller Oyelaran Bakare", when the name
words are in no dictionary). Without such a cue a capitalised word is left alone.
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from redaction.pii.recognizers.name_lists import name_lists
from redaction.pii.recognizers.spoken import COMMON_WORDS, ROLE_WORDS, TITLE_WORDS, SpokenRecognizer


class PersonCueRecognizer(SpokenRecognizer):
    """PROPN runs with a person cue before or after them, and lists of people."""

    ENTITY = "PERSON"
    # Words right before a name ("told Marcus", "with Tyler", "dear Ana").
    CUES_BEFORE = frozenset(
        {"told", "tell", "asked", "ask", "called", "call", "met", "meet", "saw", "see", "text",
         "texted", "dear", "hi", "hello", "hey", "thanks", "thank", "with", "by", "named",
         "against", "behind", "beside", "married", "dating", "visit", "visited", "under",
         "love", "loves", "hate", "hates", "kid", "son", "daughter", "wife", "husband",
         "brother", "sister", "friend"}
    )
    # Too weak to call something spaCy tagged as an organisation a person ("with Walmart").
    WEAK_CUES_BEFORE = frozenset({"with", "by", "under", "against", "behind", "beside"})
    # spaCy often tags an unfamiliar name as one of these; a cue can overrule it.
    OVERRIDABLE = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})
    # "shouted at Todd": "at" is a cue only after one of these.
    VERBS_WITH_AT = frozenset({"shouted", "yelled", "screamed", "looked", "pointed", "swung",
                               "lunged", "waved", "laughed", "smiled", "shot"})
    # Words right after a name ("Jake said", "Marcus is from ...").
    CUES_AFTER = frozenset(
        {"said", "says", "told", "asked", "shouted", "yelled", "screamed", "called", "texted",
         "replied", "answered", "whispered", "cried", "laughed", "smiled", "left", "came",
         "went", "ran", "walked", "lives", "lived", "works", "worked", "shot", "hit",
         "punched", "grabbed", "took", "stole", "threatened", "knows", "thinks", "wants"}
    )
    LIST_WORDS = frozenset({",", "and", "or", "&"})
    RELATIVES = frozenset(
        {"daughter", "son", "kid", "kids", "child", "children", "wife", "husband", "mother",
         "father", "mom", "dad", "brother", "sister", "boyfriend", "girlfriend", "friend",
         "partner", "family", "killers", "baby", "cousin", "uncle", "aunt"}
    )
    # Form and chat labels that are not speakers ("Name:", "Date:", "User:").
    FIELD_LABELS = frozenset(
        {"name", "date", "time", "phone", "address", "email", "e-mail", "mobile", "fax",
         "office", "desk", "website", "user", "bot", "agent", "customer", "note", "notes",
         "answer", "question", "subject", "re", "title", "zip", "city", "state", "country",
         "summary", "incident", "location", "officer", "dispatch", "speaker", "narrator"}
    )
    NOT_NAMES = frozenset(
        {"january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december", "monday", "tuesday", "wednesday",
         "thursday", "friday", "saturday", "sunday", "god", "christmas", "easter", "english",
         "spanish", "american", "i", "ok", "okay", "mom", "dad", "sir", "ma'am"}
    )
    PARTICLES = frozenset({"van", "von", "de", "der", "den", "ten", "ter", "da", "di", "del",
                           "la", "le", "bin", "al", "dos", "das"})
    MAX_TOKENS = 4
    SCORE = 0.6
    CONTEXT = ("said", "told", "named", "name")

    _SPEAKER = re.compile(r"(?:^|(?<=[\n>]))[ \t]*([^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?)"
                          r"[ \t]*:[ \t]*(?=\S)", re.MULTILINE)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        blocked: set[int] = set()
        named: set[int] = set()  # tokens spaCy called an organisation or a place
        persons: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                persons.append((ent.start, ent.end))
            elif ent.label_ in self.OVERRIDABLE:
                named.update(range(ent.start, ent.end))
            else:
                blocked.update(range(ent.start, ent.end))
        runs = self._runs(doc, blocked)
        results: list[RecognizerResult] = []
        for a, b in runs:
            role_first = b - a >= 2 and doc[a].lower_ in ROLE_WORDS
            role_before = a > 0 and doc[a - 1].lower_ in ROLE_WORDS
            if (role_first or role_before) and self._unknown_words(doc, a + role_first, b):
                # "Caller Oyelaran Bakare", "interviewed victim Tenzin Dorje": a report
                # role, then name words that no dictionary knows.
                a += role_first
                start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
                results.append(self.result(self.ENTITY, start, end, self.SCORE, "role label"))
                continue
            strong_only = any(k in named for k in range(a, b))
            if self._has_cue(doc, a, b, persons, strong_only):
                start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
                results.append(self.result(self.ENTITY, start, end, self.SCORE, "person cue"))
        for m in self._SPEAKER.finditer(text):
            label = m.group(1)
            words = label.lower().split()
            if all(w not in self.FIELD_LABELS and w not in COMMON_WORDS
                   and w not in TITLE_WORDS for w in words) and label[0].isupper():
                results.append(self.result(self.ENTITY, m.start(1), m.end(1), self.SCORE,
                                           "speaker label"))
        return results

    @staticmethod
    def _unknown_words(doc: Doc, a: int, b: int) -> bool:
        """Are tokens [a, b) proper nouns that no dictionary knows ("Oyelaran Bakare")?"""
        lists = name_lists()
        return all(doc[k].pos_ == "PROPN" and not lists.is_word_form(doc[k].text)
                   for k in range(a, b))

    def _name_token(self, token: Token) -> bool:
        text = token.text
        low = text.lower()
        return (
            len(text) > 1
            and text[0].isupper()
            and not text.isupper()
            and token.pos_ in ("PROPN", "X")
            and low not in COMMON_WORDS
            and low not in TITLE_WORDS
            and low not in self.NOT_NAMES
        )

    def _runs(self, doc: Doc, blocked: set[int]) -> list[tuple[int, int]]:
        """Token ranges of capitalised proper nouns (with initials and particles inside)."""
        runs: list[tuple[int, int]] = []
        i, n = 0, len(doc)
        while i < n:
            if i in blocked or not self._name_token(doc[i]):
                i += 1
                continue
            j = i + 1
            while j < n and j - i < self.MAX_TOKENS and j not in blocked:
                inner = (re.fullmatch(r"[A-Z]\.?", doc[j].text) is not None
                         or doc[j].text.lower() in self.PARTICLES)
                if self._name_token(doc[j]) or (inner and j + 1 < n
                                                and self._name_token(doc[j + 1])):
                    j += 1
                else:
                    break
            runs.append((i, j))
            i = j
        return runs

    def _has_cue(self, doc: Doc, a: int, b: int, persons: list[tuple[int, int]],
                 strong_only: bool) -> bool:
        n = len(doc)
        prev = doc[a - 1].lower_ if a > 0 else ""
        prev2 = doc[a - 2].lower_ if a > 1 else ""
        nxt = doc[b].lower_ if b < n else ""
        after = doc[b + 1].lower_ if b + 1 < n else ""
        if strong_only and prev in self.WEAK_CUES_BEFORE:
            return False
        if prev in self.CUES_BEFORE or (prev == "at" and prev2 in self.VERBS_WITH_AT):
            return True
        if nxt in self.CUES_AFTER:
            return True
        if nxt in ("'s", "’s") and after in self.RELATIVES:
            return True
        if prev in self.LIST_WORDS or nxt in self.LIST_WORDS:
            return self._in_person_list(doc, a, b, persons)
        return False

    def _in_person_list(self, doc: Doc, a: int, b: int, persons: list[tuple[int, int]]) -> bool:
        """Is this run next to a detected person in a comma/"and" list ("A, B and C")?"""
        for s, e in persons:
            gap = range(e, a) if e <= a else range(b, s)
            if 0 < len(gap) <= 2 and all(doc[k].lower_ in self.LIST_WORDS for k in gap):
                return True
        return False
