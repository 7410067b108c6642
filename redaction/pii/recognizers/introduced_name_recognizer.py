"""Names introduced the way people introduce them on camera, in any case ASR gives.

spaCy's NER leans on capital letters and written prose. On camera a name comes after
"my name is", "I'm", "Mr."/"Ms."/"Officer", as the answer to "what's your name?", or
spelled out letter by letter, and ASR may lower-case it or glue the title on
("Mr.Tran", "MS, Whitfield"). The title itself is kept (it says nothing about who);
only the name tokens are returned.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.pii.recognizers.name_lists import fold
from redaction.pii.recognizers.spoken import (
    ADDRESS_TERMS,
    COMMON_WORDS,
    HONORIFICS,
    NAME_WORD,
    NON_NAME_POS,
    RANK_ABBREVIATIONS,
    RANKS,
    TITLE_WORDS,
    SpokenRecognizer,
    TokenIndex,
    spelled_letter_runs,
)

_NAME_TOKEN = re.compile(NAME_WORD)
_INITIAL = re.compile(r"[A-Z]\.(?=\s)")
_GAP = re.compile(r"[ \t]+")
_ANSWER_ENDS = ("", ".", ",", "!", "?", ";", "\n")
_COMMA = re.compile(r",[ \t]*")


def _listed_noun_name(word: str) -> bool:
    """A listed given name the dictionary knows as no verb or adjective ("basil")."""
    from redaction.pii.recognizers.name_lists import name_lists

    lists = name_lists()
    return lists.is_given(word) and fold(word) not in lists.non_nouns


def _no_word(word: str, start: int, index: TokenIndex) -> bool:
    """A word no dictionary knows ("asante", "nowak-lis"); not a verb ("flew")."""
    from redaction.pii.recognizers.name_lists import name_lists

    lists = name_lists()
    lemma = (index.lemma(start) or word).lower()
    return (index.pos(start) not in ("VERB", "AUX") and not lists.is_word_form(lemma)
            and not any(lists.is_word_form(p) for p in re.split(r"['’-]", word.lower()) if p))


def _unknown_word(word: str) -> bool:
    """A word no dictionary knows, in any of its hyphenated parts ("oluwadamilare")."""
    from redaction.pii.recognizers.name_lists import name_lists

    lists = name_lists()
    return len(word) >= 3 and word.lower() not in COMMON_WORDS and not any(
        lists.is_word_form(p) for p in re.split(r"['’-]", word.lower()) if p)


def _alts(words: list[str] | tuple[str, ...]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


class IntroducedNameRecognizer(SpokenRecognizer):
    """PERSON after introductions, titles and name questions, capitalised or not."""

    ENTITY = "PERSON"
    # A name always follows these, whatever its case.
    STRONG_INTROS = ("my name is", "my name's", "name is", "names are", "name's", "call me",
                     "calls me", "i go by", "goes by", "name was", "last name is", "first name is",
                     "his name is", "her name is", "their name is", "named", "called",
                     "name:", "names:", "full name:")
    # These precede many other things ("I'm sorry"): only a capitalised name counts.
    WEAK_INTROS = ("i'm", "i am", "this is", "it's", "it is", "speaking with", "talking to",
                   "ask for", "asked for", "friend", "boyfriend",
                   "girlfriend", "husband", "wife", "son", "daughter", "brother", "sister",
                   "mother", "father", "neighbor", "neighbour")
    NAME_QUESTION = (
        r"\b(?:(?:your|his|her|their|the)\s+(?:[a-z]+['’]s\s+)?"
        r"(?:full\s+|first\s+|last\s+|legal\s+)?names?"
        r"|what(?:'s|\s+is)\s+(?:your\s+)?name|who\s+are\s+you"
        r"|names?\s+and\s+(?:date\s+of\s+birth|dob|birthday)"
        # "full names, both of you." / "officer: name? man: …": a bare request.
        r"|(?:full|first\s+and\s+last)\s+names?"
        r"|(?:(?<=^)|(?<=[.?!:,\n]\s)|(?<=\n))names?(?=[ \t]*\?))\b"
    )
    ANSWER_FILLERS = (
        r"(?:(?:uh|um|er|yeah|yes|sure|okay|ok|it's|its|it\s+is|that's|sir|ma'am|"
        r"officer|(?:my|his|her|our|their)\s+(?:[a-z]+\s+)?(?:roommate|husband|wife|son"
        r"|daughter|brother|sister|cousin|friend|boyfriend|girlfriend|partner|neighbou?r"
        r"|mom|dad|mother|father|uncle|aunt|nephew|niece|grandson|granddaughter|coworker"
        r"|boss|kid|baby)\s*,)[,.]?\s+)*"
    )
    # "that's my husband, callum mackenzie", "my cousin is ikechukwu", "my sister's,
    # yetunde", "my brother's plate, burak's": a relative or friend named in lower case. The first
    # word after it must be capitalised or no dictionary word, so "my husband works
    # nights", "my husband is sick" and "my brother's plate" are not names.
    KIN_INTRO = (
        r"(?:\b(?:my|your|his|her|our|their)|(?<![\w'’-])(?P<owner>[^\W\d_]+)['’]s)"
        r"\s+(?:husband|wife|daughter|son|brother|sister|cousin|mom|mum|dad|mother"
        r"|father|boyfriend|girlfriend|friend|uncle|aunt|auntie|nephew|niece|grandson"
        r"|granddaughter|grandma|grandpa|grandmother|grandfather|roommate|neighbou?r|partner"
        r"|fianc[eé]e?|stepson|stepdaughter|kid|baby\s+brother|little\s+sister|ex)"
        r"(?:(?:['’]s(?:[ \t]+[a-z]+)?)?[ \t]*,|[ \t]+(?:is|was)\b)?[\s,:]+"
    )
    # "i'm the landlord, gustavo ferreira": a name after a role, the same way.
    ROLE_INTRO = (
        r"\b(?:the|my|our|your|his|her|their)\s+(?:(?:store|shift|night|general|assistant"
        r"|property|building|floor|day)\s+)?(?:manager|owner|landlord|landlady|supervisor"
        r"|boss|clerk|cashier|guard|bartender|bouncer|doorman|superintendent|super|tenant"
        r"|employee|coworker|co-worker|colleague|roommate|caretaker|babysitter|nanny"
        r"|caseworker|counselor|teacher|coach|lawyer|attorney|sponsor|pastor)"
        r"(?:[ \t]*,|[ \t]+(?:is|was)\b)[\s,:]*"
    )
    # "we call him tyoma", "they called her bibi": the name is taken the way a
    # relative's is (capitalised, no dictionary word, or a listed given name).
    CALL_HIM = r"\b(?:call|calls|called|calling)\s+(?:him|her|them)\s+"
    # "they call him tank", "everybody calls her peaches": with a group as the subject
    # the verb names someone, so the next word is taken even if it is a dictionary word
    # ("we'll call him back" has no such subject and is left to CALL_HIM).
    NAMING_CALL = (r"\b(?:we|they|people|everybody|everyone|folks|y'?all|the\s+(?:guys|kids))"
                   r"\s+(?:all\s+)?(?:just\s+)?(?:call|calls|called)\s+(?:him|her|them|me)"
                   r"\s+(?:just\s+)?(?P<nick>[a-z][a-z'-]{1,20})\b")
    NOT_NICKNAMES = frozenset(
        {"back", "later", "tomorrow", "today", "tonight", "now", "again", "up", "out", "over",
         "a", "an", "the", "that", "this", "it", "when", "if", "and", "but", "to", "on", "in",
         "at", "by", "every", "all", "too", "sometimes", "names", "whatever", "something",
         "nothing", "anything", "for", "about", "because", "so", "or", "yet", "still"}
    )
    # A nickname in quotes after a naming verb: 'known as "Smoke"', 'she called "Junior."'
    NICKNAME = (
        r"\b(?:known\s+as|knows\s+as|knew\s+as|goes\s+by|went\s+by|nicknamed|a\.?k\.?a\.?"
        r"|known\s+(?:to\s+[a-z]+\s+)?(?:only\s+|simply\s+|just\s+)?as"
        r"|alias|identified\s+(?:himself|herself|themselves)\s+as|call(?:s|ed)?\s+(?:himself"
        r"|herself|themselves|him|her|me)?|refer(?:s|red)?\s+to\s+as)\s*[,:]?\s*[\"“‘']"
        r"([^\"”’'\n]{2,30}?)[.,!?]?[\"”’']"
    )
    # "name on it is …", "name on the licence reads …": a name read off a document.
    DOCUMENT_NAME = (r"\bname\s+on\s+(?:it|(?:the|this|that|his|her|my|your)\s+[a-z']+)"
                     r"\s+(?:is|reads|says)|\bname\s+(?:reads|says)")
    # A run of spelled letters is a name when one of these was said in its own line (the
    # same segment) or the one before: "spell the first name?" / "j i dash h o o n".
    SPELL_CUE = r"\bspell(?:ed|s|ing)?\b"
    NAME_CUE = r"\b(?:names?|surname)\b"
    MAX_TOKENS = 3
    SCORES: ClassVar[dict[str, float]] = {
        "strong": 0.85, "title": 0.8, "answer": 0.7, "weak": 0.6, "spelled": 0.8,
        "spelled_name": 0.7, "kin": 0.65, "nickname": 0.8,
    }
    CONTEXT = ("name", "mr", "mrs", "ms", "officer", "called")

    def __init__(self) -> None:
        self._strong = re.compile(
            rf"(?:\b(?:{_alts(self.STRONG_INTROS)})|{self.DOCUMENT_NAME})[\s,:]+", re.IGNORECASE
        )
        self._weak = re.compile(rf"\b(?:{_alts(self.WEAK_INTROS)})\s+", re.IGNORECASE)
        self._honorific = re.compile(
            rf"\b(?:{_alts(HONORIFICS)})(?:\.\s*|\s*,\s*|\s+)", re.IGNORECASE
        )
        self._rank = re.compile(
            rf"\b(?:(?:{_alts(RANKS)})|(?:{_alts(RANK_ABBREVIATIONS)})\.?)[ \t]+", re.IGNORECASE
        )
        self._question = re.compile(self.NAME_QUESTION, re.IGNORECASE)
        self._speaker = re.compile(r"[^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?[ \t]*:[ \t]*")
        self._kin = re.compile(rf"{self.KIN_INTRO}|{self.ROLE_INTRO}", re.IGNORECASE)
        self._nickname = re.compile(self.NICKNAME, re.IGNORECASE)
        self._call_him = re.compile(self.CALL_HIM, re.IGNORECASE)
        self._naming_call = re.compile(self.NAMING_CALL, re.IGNORECASE)
        self._fillers = re.compile(self.ANSWER_FILLERS, re.IGNORECASE)
        self._spell_cue = re.compile(self.SPELL_CUE, re.IGNORECASE)
        self._name_cue = re.compile(self.NAME_CUE, re.IGNORECASE)
        super().__init__()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        index = TokenIndex(nlp_artifacts)
        results: list[RecognizerResult] = []

        def add(span: tuple[int, int] | None, kind: str) -> None:
            if span is not None:
                results.append(self.result(self.ENTITY, span[0], span[1], self.SCORES[kind], kind))

        for m in self._strong.finditer(text):
            add(self._take_name(text, m.end(), index, need_capital=False, first_free=True),
                "strong")
        for m in self._weak.finditer(text):
            add(self._take_name(text, m.end(), index, need_capital=True, strict_pos=True),
                "weak")
        for m in self._honorific.finditer(text):
            add(self._take_name(text, m.end(), index, need_capital=False), "title")
        for m in self._rank.finditer(text):
            add(self._take_name(text, m.end(), index, need_capital=False, strict_pos=True),
                "title")
        for m in self._question.finditer(text):
            add(self._answer(text, m.end(), index), "answer")
        for m in self._kin.finditer(text):
            owner = m.group("owner")
            if owner is None or owner.lower() not in COMMON_WORDS | TITLE_WORDS:
                add(self._kin_name(text, m.end(), index), "kin")
        for m in self._call_him.finditer(text):
            add(self._kin_name(text, m.end(), index), "kin")
        for m in self._naming_call.finditer(text):
            if m.group("nick").lower() not in self.NOT_NICKNAMES:
                add(m.span("nick"), "nickname")
        for m in self._nickname.finditer(text):
            words = _NAME_TOKEN.findall(m.group(1))
            # "known as 'the spot'" names a place or thing; a nickname is capitalised or
            # no common word ("Smoke", "Big Mike", "k-dog").
            if words and words[0].lower() not in COMMON_WORDS and (
                    words[0][0].isupper() or "-" in words[0]):
                add(m.span(1), "nickname")
        for start, end, _word in spelled_letter_runs(text):
            cue = self._spelling_cue(text, start)
            if cue is not None:
                add((start, end), cue)
        return results

    def _spelling_cue(self, text: str, start: int) -> str | None:
        """The kind of cue for spelled letters at ``start``: this line or the one before."""
        line = text.rfind("\n", 0, start)
        lo = text.rfind("\n", 0, line) + 1 if line >= 0 else 0
        window = text[max(lo, start - 200) : start]
        if self._spell_cue.search(window):
            return "spelled"
        if self._name_cue.search(window):
            return "spelled_name"
        return None

    def _kin_name(self, text: str, pos: int, index: TokenIndex) -> tuple[int, int] | None:
        """Name words after "my husband," etc.: capitalised, or no dictionary word.

        The first word is taken whatever spaCy's tag ("my cousin is ikechukwu" may be read
        as an adjective); "my husband is working" and "my son's bike" are no names.
        """
        from redaction.pii.recognizers.name_lists import name_lists

        span = self._take_name(text, pos, index, need_capital=False, strict_pos=True,
                               first_free=True)
        if span is None:
            return None
        lists = name_lists()
        first = _NAME_TOKEN.match(text, span[0])
        word = first.group(0) if first else ""
        lemma = (index.lemma(span[0]) or word).lower()
        if lemma != word.lower() and lists.is_word_form(lemma):
            return None  # "my husband was bitten": a form of a word
        looks_named = word[:1].isupper() or not lists.is_word_form(word.lower())
        if not looks_named and lists.is_given(word) and word.lower() not in ADDRESS_TERMS:
            # A listed given name that is a noun too ("my daughter mei was", "his mom,
            # shannon, is …"); one that is a verb or adjective too only as an appositive
            # closed by a comma or a full stop ("your son, hope, called").
            single = span[1] - span[0] == len(word)
            after = text[span[1] : span[1] + 1]
            closed = single and after in (",", ".", "!", "?") and text[:span[0]].rstrip(
                " \t").endswith(",")
            looks_named = closed or (fold(word) not in lists.non_nouns
                                     and index.pos(span[0]) not in ("VERB", "AUX", "ADV"))
        return span if looks_named else None

    def _answer(self, text: str, pos: int, index: TokenIndex) -> tuple[int, int] | None:
        """A short reply right after the sentence that asked for a name ("Linda Park.").

        A speaker label opening the reply ("kid: …") is skipped, and a repeated or
        longer form after a comma ends it ("kwabena, kwabena asante.").
        """
        stop = re.compile(r"[.?!\n]").search(text, pos, pos + 80)
        if stop is None:
            return None
        start = stop.end()
        while start < len(text) and text[start] in " \t\n.?!":
            start += 1
        label = self._speaker.match(text, start)
        if label and (start == 0 or text[start - 1] == "\n"):
            start = label.end()
        filler = self._fillers.match(text, start)
        if filler:
            start = filler.end()
        # A listed given name that is no verb or adjective is the answer whatever spaCy
        # tags it (a name read as a verb); "will" or "mark" still need a name's tag.
        word = _NAME_TOKEN.match(text, start)
        free = word is not None and (_listed_noun_name(word.group(0))
                                     or _unknown_word(word.group(0)))
        span = self._take_name(text, start, index, need_capital=False, strict_pos=True,
                               first_free=free)
        if span is None or text[span[1] : span[1] + 1] not in _ANSWER_ENDS:
            return None
        comma = _COMMA.match(text, span[1])
        if comma:
            more = self._take_name(text, comma.end(), index, need_capital=False,
                                   strict_pos=True)
            if more is not None and text[more[1] : more[1] + 1] in _ANSWER_ENDS:
                return span[0], more[1]
        return span

    def _take_name(
        self,
        text: str,
        pos: int,
        index: TokenIndex,
        need_capital: bool,
        strict_pos: bool = False,
        first_free: bool = False,
    ) -> tuple[int, int] | None:
        """Up to MAX_TOKENS name-like words starting at ``pos``; None if the first is not.

        ``first_free``: the slot is a name whatever spaCy's tag ("my name is darnell" is
        tagged as an adjective), so the first word is checked against word lists only.
        """
        start = end = -1
        count = 0
        p = pos
        while count < self.MAX_TOKENS:
            m = _NAME_TOKEN.match(text, p)
            # After a name word, one no dictionary knows is a name part whatever spaCy's
            # tag ("kwabena asante" is read as an adverb).
            free = (first_free and count == 0) or (
                count > 0 and m is not None and _no_word(m.group(0), m.start(), index))
            if m is None or not self._is_name_word(m.group(0), m.start(), index,
                                                   need_capital, strict_pos, free):
                initial = _INITIAL.match(text, p) if count else None
                if initial is None:
                    break
                m = initial
            if start < 0:
                start = m.start()
            end = m.end()
            count += 1
            gap = _GAP.match(text, end)
            if gap is None:
                break
            p = gap.end()
        if start < 0:
            return None
        return start, end

    @staticmethod
    def _is_name_word(
        word: str, start: int, index: TokenIndex, need_capital: bool, strict_pos: bool,
        free: bool = False,
    ) -> bool:
        low = word.lower().replace("’", "'")
        if len(low) < 2 or low in COMMON_WORDS or low in TITLE_WORDS:
            return False
        capital = word[0].isupper()
        if need_capital and not capital:
            return False
        if free:
            return True
        pos = index.pos(start)
        return not (pos in NON_NAME_POS and (strict_pos or not capital))
