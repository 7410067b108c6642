"""Names known by the slot they sit in, whatever the word: "wade, wade sorensen".

Many names on camera are in no list (Yoruba, Tongan, Mayan names, nicknames) or are
English words too ("faith", "hunter", "joy"). The way they are said still gives them
away: a word said and then repeated with a surname ("i'm wade, wade sorensen"), a
question for the surname ("hunter what? hunter bellweather"), "who is ixchel?", a pair
of names in a list ("joy and miguel"), a vocative full name the officer checks ("okay,
olumide adebayo, is that how you say it?"), and a word no dictionary knows opening a
clause with a finite verb ("he did, dayo did", "siosaia's at work"). A listed given
name that is a noun too is a name in that last slot only when the verb has a person as
object ("tyler shoved me"). Weak slots ("i'm tired, tired of this", "hope, that's all
i want") stay words: the word after a repeat must be a surname, not an everyday word.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc

from redaction.pii.recognizers.name_lists import NameLists, fold, name_lists
from redaction.pii.recognizers.spoken import (
    ADDRESS_TERMS,
    CALENDAR_WORDS,
    COMMON_WORDS,
    DIGIT_WORDS,
    NAME_WORD,
    ROLE_WORDS,
    TEEN_WORDS,
    TITLE_WORDS,
    SpokenRecognizer,
    TokenIndex,
)

NUMBERS = frozenset(DIGIT_WORDS) | frozenset(TEEN_WORDS)
_W = NAME_WORD
_LABEL = r"(?:[^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?[ \t]*:[ \t]*)?"


class NameSlotRecognizer(SpokenRecognizer):
    """PERSON in slots that only a name fills, in any case ASR gives."""

    ENTITY = "PERSON"
    SCORES: ClassVar[dict[str, float]] = {
        "repeat": 0.8, "surname_question": 0.8, "who_is": 0.7, "pair": 0.65,
        "checked": 0.75, "clause": 0.65, "kin_that": 0.65,
    }
    CONTEXT = ("name", "called")
    # "wade, wade sorensen" / "mele. mele fifita": a word, then the same word and more.
    REPEAT = re.compile(rf"(?<![\w'’-])(?P<a>{_W})[ \t]*[,.]\s*(?P<b>(?P=a))[ \t]+"
                        rf"(?P<rest>{_W}(?:[ \t]+{_W})?)", re.IGNORECASE)
    # "hunter what? hunter bellweather": asked for the surname, the reply repeats it.
    SURNAME_QUESTION = re.compile(
        rf"(?<![\w'’-])(?P<a>{_W})[ \t]+what[ \t]*\?\s*{_LABEL}(?P<b>(?P=a))[ \t]+"
        rf"(?P<rest>{_W})", re.IGNORECASE)
    WHO_IS = re.compile(rf"\bwho(?:['’]s|[ \t]+is|[ \t]+was)[ \t]+(?P<a>{_W})[ \t]*\?",
                        re.IGNORECASE)
    PAIR = re.compile(rf"(?:^|(?<=[,:.?!][ \t])|(?<=\n))(?P<a>{_W})[ \t]+and[ \t]+"
                      rf"(?P<b>{_W})(?=[ \t]*[.,?!\n])", re.IGNORECASE)
    # "okay, olumide adebayo, is that how you say it?" / "thanks, ngozi okafor."
    CHECKED = re.compile(
        rf"\b(?:okay|ok|alright|all[ \t]+right|thanks|thank[ \t]+you|sorry|hi|hello|hey|yes"
        rf"|yeah)[ \t]*,?[ \t]+(?P<a>{_W})[ \t]+(?P<b>{_W})(?=[ \t]*[,?.!])", re.IGNORECASE)
    SAY_IT = re.compile(r"[ \t]*,?[ \t]*(?:is[ \t]+that[ \t]+how[ \t]+you[ \t]+say|did[ \t]+i"
                        r"[ \t]+say[ \t]+(?:it|that)|am[ \t]+i[ \t]+saying|is[ \t]+that"
                        r"[ \t]+right)", re.IGNORECASE)
    # "that's nomvula, she's inside": a person pointed at, then a pronoun for them.
    KIN_THAT = re.compile(rf"\bthat['’]s[ \t]+(?P<a>{_W})[ \t]*,[ \t]*(?:she|he|they)"
                          rf"(?:['’](?:s|re|ll)|[ \t]+(?:is|was|will|lives|works))\b",
                          re.IGNORECASE)
    WORD_BEFORE_COMMA = re.compile(r"([^\W\d_]+)[ \t]*,[ \t]*$")
    CLAUSE_MARKS = frozenset({".", ",", "!", "?", ":", ";", "\n"})
    OBJECT_PRONOUNS = frozenset({"me", "him", "her", "us", "them", "my", "his"})

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        index = TokenIndex(nlp_artifacts)
        lists = name_lists()
        out: list[RecognizerResult] = []

        def add(start: int, end: int, kind: str) -> None:
            out.append(self.result(self.ENTITY, start, end, self.SCORES[kind], kind))

        for pattern, kind in ((self.REPEAT, "repeat"), (self.SURNAME_QUESTION,
                                                        "surname_question")):
            for m in pattern.finditer(text):
                rest = list(re.finditer(_W, m.group("rest")))
                if not self._slot_word(m.group("a"), lists, strong=True):
                    continue
                taken = 0
                for r in rest:
                    if not self._surname_word(r.group(0), m.start("rest") + r.start(), index,
                                              lists, loose=kind == "surname_question"
                                              and taken == 0):
                        break
                    taken = r.end()
                if taken:
                    add(m.start("a"), m.end("a"), kind)
                    add(m.start("b"), m.start("rest") + taken, kind)
        for m in self.WHO_IS.finditer(text):
            if self._slot_word(m.group("a"), lists, strong=False, index=index,
                               start=m.start("a")):
                add(m.start("a"), m.end("a"), "who_is")
        for m in self.PAIR.finditer(text):
            a, b = m.group("a"), m.group("b")
            before = self.WORD_BEFORE_COMMA.search(text, max(0, m.start() - 30), m.start())
            if before and before.group(1).lower() not in COMMON_WORDS | NUMBERS:
                continue  # "Owens, Duran and Oneal": the end of a longer list (a firm)
            if (all(lists.is_given(w) and self._plain(w) for w in (a, b))
                    and any(not lists.is_word_form(w) for w in (a, b))
                    and not any(index.pos(m.start(g)) in ("VERB", "AUX", "ADP")
                                for g in ("a", "b"))):
                add(m.start("a"), m.end("a"), "pair")
                add(m.start("b"), m.end("b"), "pair")
        for m in self.CHECKED.finditer(text):
            words = (m.group("a"), m.group("b"))
            unknown = all(not lists.is_word_form(w) and self._plain(w) for w in words)
            if unknown or (self.SAY_IT.match(text, m.end())
                           and all(self._plain(w) for w in words)):
                add(m.start("a"), m.end("b"), "checked")
        for m in self.KIN_THAT.finditer(text):
            if self._slot_word(m.group("a"), lists, strong=False, index=index,
                               start=m.start("a")):
                add(m.start("a"), m.end("a"), "kin_that")
        if nlp_artifacts is not None and nlp_artifacts.tokens is not None:
            for start, end in self._clause_subjects(nlp_artifacts.tokens, lists):
                add(start, end, "clause")
        return out

    @staticmethod
    def _plain(word: str) -> bool:
        low = word.lower().replace("’", "'")
        return (len(low) >= 2 and low not in COMMON_WORDS and low not in TITLE_WORDS
                and low not in ADDRESS_TERMS and low not in ROLE_WORDS
                and low not in CALENDAR_WORDS)

    def _slot_word(self, word: str, lists: NameLists, strong: bool,
                   index: TokenIndex | None = None, start: int = 0) -> bool:
        """A word that can be a name in this slot: any plain word in a strong slot; else
        one no dictionary knows or a listed given name that is no verb or adjective."""
        if not self._plain(word):
            return False
        if strong:
            return True
        pos = index.pos(start) if index is not None else None
        if pos in ("VERB", "AUX", "ADP", "DET", "PRON"):
            return False
        if not lists.is_word_form(word):
            return True
        return lists.is_given(word) and fold(word) not in lists.non_nouns

    def _surname_word(self, word: str, start: int, index: TokenIndex, lists: NameLists,
                      loose: bool) -> bool:
        """After a repeated given name: a surname, not "tired of this" or "hope that's"."""
        if not self._plain(word) or index.pos(start) in ("VERB", "AUX", "ADP", "PRON"):
            return False
        if not lists.is_word_form(word) and not any(
                lists.is_word_form(p) for p in re.split(r"['’-]", word) if len(p) > 2):
            return True
        if loose:  # "hunter what? hunter …": the reply is the surname
            return True
        return (lists.is_surname(word) and fold(word) not in lists.non_nouns
                and index.pos(start) in ("PROPN", "NOUN", None))

    def _clause_subjects(self, doc: Doc, lists: NameLists) -> list[tuple[int, int]]:
        """"he did, dayo did" / "siosaia's at work" / "tyler shoved me": a name opening a
        clause with a finite verb; a word no dictionary knows, or a listed given name that
        is a noun too when the verb has a person as its object."""
        out: list[tuple[int, int]] = []
        for i in range(len(doc) - 2):
            tok = doc[i]
            text = tok.text
            if not (text.isalpha() and text.islower() and len(text) >= 3 and self._plain(text)):
                continue
            if i > 0 and not (doc[i - 1].text in self.CLAUSE_MARKS or doc[i - 1].is_space):
                continue
            if self._unknown_subject(doc, i, lists) or self._named_agent(doc, i, lists):
                out.append((tok.idx, tok.idx + len(text)))
        return out

    @staticmethod
    def _unknown_subject(doc: Doc, i: int, lists: NameLists) -> bool:
        tok, nxt, third = doc[i], doc[i + 1], doc[i + 2]
        lemma = tok.lemma_.lower()
        if (lists.is_word_form(tok.text) or (lemma != tok.lower_ and lists.is_word_form(lemma))
                or tok.pos_ in ("VERB", "AUX", "INTJ", "ADV", "ADP", "DET")):
            return False
        if nxt.lower_ in ("'s", "’s"):  # "siosaia's at work", not "siosaia's car"
            return (third.pos_ in ("ADP", "ADJ") or third.tag_ == "VBG"
                    or third.lower_ in ("not", "gonna", "still", "always"))
        return nxt.tag_ in ("VBD", "VBZ") and nxt.pos_ in ("VERB", "AUX")

    def _named_agent(self, doc: Doc, i: int, lists: NameLists) -> bool:
        tok, nxt, third = doc[i], doc[i + 1], doc[i + 2]
        return (lists.is_given(tok.text) and fold(tok.text) not in lists.non_nouns
                and nxt.tag_ == "VBD" and nxt.pos_ == "VERB"
                and third.lower_ in self.OBJECT_PRONOUNS)
