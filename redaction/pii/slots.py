"""Answer slots: what someone says right after being asked for a name, a number, an address.

Why: when an officer asks for a name, a date of birth, a phone number, an address, a
plate, a licence, an e-mail or a social security number, the answer is personal data
whatever ASR made of it ("then you'll look at her" for a surname it did not know). The
slot is found from the question, not from the words of the answer: it runs from the
end of the question to the end of the answering turn (the next speaker change when
speakers are known, else the end of that segment or the next question), bounded in
words so a long answer does not swallow the encounter, and typed by the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# (entity type, words that ask for it), most specific first: "license plate" is a plate.
SLOT_CUES: tuple[tuple[str, str], ...] = (
    ("EMAIL_ADDRESS", r"e-?\s?mail(?:\s+address)?"),
    ("US_SSN", r"social(?:\s+security)?(?:\s+number)?|ssn|s\s?s\s?n"),
    ("DATE_OF_BIRTH", r"date\s+of\s+birth|birth\s?date|birthday|d\.?\s?o\.?\s?b\.?"
                      r"|when\s+were\s+you\s+born|what\s+year\s+were\s+you\s+born"),
    ("LICENSE_PLATE", r"(?:license\s+|licence\s+)?plates?(?:\s+number)?|tag\s+number"),
    ("US_DRIVER_LICENSE", r"(?:driver'?s?\s+)?licen[cs]e(?:\s+number)?|dl\s+number"),
    ("PHONE_NUMBER", r"(?:phone|cell|callback|call\s?back|contact|telephone|mobile)"
                     r"(?:\s+number)?|number\s+(?:to|where)\s+(?:i\s+can\s+)?(?:reach|call)"),
    ("STREET_ADDRESS", r"(?:home\s+|current\s+|street\s+)?address|where\s+do\s+you\s+(?:live|stay)"
                       r"|where\s+are\s+you\s+(?:staying|living)"),
    ("PERSON", r"(?:full\s+|first\s+|last\s+|middle\s+|legal\s+)?names?|who\s+am\s+i\s+speaking"
               r"\s+(?:to|with)|spell\s+(?:it|that|your)"),
)
_CUE = re.compile("|".join(rf"(?P<g{i}>\b(?:{rx})\b)" for i, (_, rx) in enumerate(SLOT_CUES)),
                  re.IGNORECASE)
# A sentence that asks: ends with "?" or opens with a request ASR left unpunctuated.
_REQUEST = re.compile(
    r"^\W*(?:(?:okay|ok|alright|and|so|now|sir|ma'am|maam)\W+)*(?:can|could|may|would)\s+i\s+"
    r"(?:get|have|see|grab)|^\W*(?:(?:okay|ok|and|so)\W+)*(?:what'?s|what\s+is|give\s+me|"
    r"i\s+(?:need|'ll\s+need|will\s+need)|tell\s+me|let\s+me\s+(?:get|have)|spell|your\b)",
    re.IGNORECASE,
)
# "Did you get a plate?" asks whether, not what: its answer is a value only when it holds
# digits ("yeah, six w x…"); a name is then left to the recognizers.
_YES_NO = re.compile(
    r"^\W*(?:(?:okay|ok|and|so|now)\W+)*(?:did|do|does|is|are|was|were|have|has|had|you|"
    r"anybody|anyone|somebody|someone|any|got|is\s+there)\b(?!.*\b(?:can|could|may)\s+i\b)",
    re.IGNORECASE,
)
_NUMBERISH = re.compile(
    r"\d|\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|niner)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.?!]*[.?!]+|[^.?!]+$")
# Words that open an answer without being the value ("yeah, it's …").
_LEAD = re.compile(
    r"^(?:\W*\b(?:uh+|um+|yeah|yes|yep|sure|okay|ok|so|well|oh|right|it's|it’s|its|it\s+is|it|my|"
    r"name|name's|names|is|i'm|im|i\s+am|this\s+is|that's|that\s+is|the|number|address|plate|"
    r"i\s+live\s+at|i\s+was\s+born\s+(?:on|in)|born|on|at|of\s+course)\b)+\W*",
    re.IGNORECASE,
)
# An answer that gives nothing.
_NO_VALUE = re.compile(
    r"^\W*(?:no\b|nope|i\s+don'?t|i\s+do\s+not|i\s+can'?t|i'?m\s+not|not\b|none|nothing|why|"
    r"what\b|huh|who\b|i\s+(?:have|got)\s+no|we\s+don'?t|don'?t|i'?d\s+rather|rather\s+not|"
    r"i\s+won'?t|not\s+telling|none\s+of\s+your)",
    re.IGNORECASE,
)
_ROLE_LABEL = re.compile(r"^\s*([A-Za-z][\w .'-]{0,30}?)\s*:\s+")
_WORD = re.compile(r"\S+")
# Most words an answer of each type takes (a name is short; a phone number read digit by
# digit is long); beyond it the slot ends.
MAX_WORDS: dict[str, int] = {
    "PERSON": 5, "DATE_OF_BIRTH": 9, "PHONE_NUMBER": 16, "US_SSN": 14,
    "STREET_ADDRESS": 12, "LICENSE_PLATE": 12, "US_DRIVER_LICENSE": 18, "EMAIL_ADDRESS": 12,
}
# Types whose answers run on over a full stop ASR put between digit groups.
_RUNS_ON = frozenset({"PHONE_NUMBER", "US_SSN", "LICENSE_PLATE", "US_DRIVER_LICENSE",
                      "DATE_OF_BIRTH", "EMAIL_ADDRESS"})
# An answer ends where a new clause starts ("…, he's five").
_NAME_END = re.compile(
    r",\s+(?:he|she|i|we|they|it|that|this|and|but|so|because|he's|she's|i'm|we're|"
    r"they're|it's|that's)\b|\s+(?:and|but|so|because)\s+(?:i|he|she|we|they)\b",
    re.IGNORECASE,
)
# A role label inside an unpunctuated line ("… officer: okay"): the turn ends there.
_INLINE_LABEL = re.compile(r"\s[A-Za-z][\w'-]{1,20}:\s")
_ONLY_NUMBERS = re.compile(
    r"^(?:\W*(?:\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|years?|old)\b)+"
    r"\W*$", re.IGNORECASE,
)
# Types whose value is digits and letters; their span is trimmed to those.
_NUMERIC = frozenset({"PHONE_NUMBER", "US_SSN", "LICENSE_PLATE", "US_DRIVER_LICENSE",
                      "DATE_OF_BIRTH", "STREET_ADDRESS"})
_ID_WORD = re.compile(
    r"\d|^\W*(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|niner|double|"
    r"triple|[a-z])\W*$",
    re.IGNORECASE,
)
_DATE_WORD = re.compile(
    r"^\W*(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|\w+(?:st|nd|rd|th))\W*$",
    re.IGNORECASE,
)
MAX_SLOT_SECONDS = 12.0
MAX_PAUSE_S = 3.0


@dataclass(frozen=True)
class SlotTurn:
    """One segment as the slot finder sees it."""

    text: str
    speaker: str | None = None
    start: float = 0.0
    end: float = 0.0


@dataclass(frozen=True)
class Slot:
    """An answer span: turn index, character span inside that turn's text, type, why."""

    turn: int
    start: int
    end: int
    entity_type: str
    reason: str


def _asked_type(sentence: str) -> tuple[str, bool] | None:
    """The type a sentence asks for and whether it is a yes/no question, or None."""
    sentence = _ROLE_LABEL.sub("", sentence, count=1)
    asks = sentence.rstrip().endswith("?") or _REQUEST.search(sentence) is not None
    if not asks:
        return None
    m = _CUE.search(sentence)
    if m is None:
        return None
    etype = next(SLOT_CUES[int(k[1:])][0] for k, v in m.groupdict().items() if v)
    return etype, _YES_NO.match(sentence) is not None


def _speaker(turn: SlotTurn) -> str | None:
    if turn.speaker:
        return turn.speaker
    m = _ROLE_LABEL.match(turn.text)
    return m.group(1).lower() if m else None


EMPTY = (-1, -1)  # only fillers: the value may follow in the speaker's next segment


def _answer_span(text: str, lo: int, entity_type: str,
                 yes_no: bool = False) -> tuple[int, int] | None:
    """The value's span in ``text[lo:]``: leading fillers off, ended by bounds.

    None when the answer gives no value ("no", "I'd rather not say"), ``EMPTY`` when it
    holds only fillers.
    """
    label = _ROLE_LABEL.match(text, lo)
    if label:
        lo = label.end()
    body = text[lo:]
    if _NO_VALUE.match(body):
        return None
    lead = _LEAD.match(body)
    start = lo + (lead.end() if lead else 0)
    while start < len(text) and not text[start].isalnum():
        start += 1
    end = len(text)
    q = text.find("?", start)
    if q >= 0:
        end = q
    if entity_type not in _RUNS_ON:
        m = re.search(r"[.!](?:\s|$)", text[start:end])
        if m:
            end = start + m.start()
    m = _NAME_END.search(text, start, end) or _INLINE_LABEL.search(text, start, end)
    if m:
        end = m.start()
    if entity_type == "PERSON" and _ONLY_NUMBERS.match(text[start:end]):
        return None  # an age or a count said where a name was asked
    words = list(_WORD.finditer(text, start, end))
    if not words:
        return EMPTY
    if yes_no and (entity_type not in _NUMERIC or entity_type == "STREET_ADDRESS"
                   or not _NUMBERISH.search(text, start, end)):
        return None
    words = words[: MAX_WORDS[entity_type]]
    if entity_type in _NUMERIC:
        # The value is the digits and letters said: from the first to the last of them.
        said = [w for w in words if _ID_WORD.search(w.group(0)) or (
            entity_type == "DATE_OF_BIRTH" and _DATE_WORD.match(w.group(0)))]
        if said:
            start, words = said[0].start(), [w for w in words if w.start() <= said[-1].start()]
    end = words[-1].end()
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if end > start else EMPTY


def _goes_on(text: str, entity_type: str) -> bool:
    """Does the speaker's next segment carry on the value (more digits, the street)?"""
    if entity_type in ("PERSON", "EMAIL_ADDRESS"):
        return False
    body = _LEAD.sub("", _ROLE_LABEL.sub("", text, count=1), count=1)
    first = body.split(maxsplit=1)[0] if body.split() else ""
    return bool(_NUMBERISH.match(first) or (len(first.strip(",.")) == 1 and first.isalpha())
                or (entity_type == "STREET_ADDRESS" and first[:1].isupper()))


def find_slots(turns: Sequence[SlotTurn]) -> list[Slot]:
    """Answer slots in a transcript (spans in each turn's text)."""
    slots: list[Slot] = []
    for i, turn in enumerate(turns):
        for m in _SENTENCE.finditer(turn.text):
            asked = _asked_type(m.group(0))
            if asked is None:
                continue
            etype, yes_no = asked
            reason = f"answer to a question for {etype}"
            asker = _speaker(turn)
            rest = turn.text[m.end():]
            if rest.strip() and asker is None:
                # the answer in the same segment
                span = _answer_span(turn.text, m.end(), etype, yes_no)
                if span and span != EMPTY:
                    slots.append(Slot(i, span[0], span[1], etype, reason))
                continue
            if i + 1 >= len(turns):
                continue
            nxt = turns[i + 1]
            if nxt.start and turn.end and nxt.start - turn.end > MAX_PAUSE_S:
                continue  # a long pause: no answer followed
            if asker is not None and _speaker(nxt) == asker:
                continue  # the asker goes on talking: no answer turn
            j = i + 1
            # With speakers, the answering turn may span segments of the same speaker.
            answer_speaker = _speaker(nxt)
            words_left = MAX_WORDS[etype]
            while j < len(turns):
                span = _answer_span(turns[j].text, 0, etype, yes_no)
                if span is None:
                    break
                cut = False
                if span != EMPTY:
                    slots.append(Slot(j, span[0], span[1], etype, reason))
                    words_left -= len(_WORD.findall(turns[j].text[span[0]:span[1]]))
                    cut = span[1] < len(turns[j].text.rstrip(" .,!?"))
                j += 1
                if (cut or words_left <= 0 or answer_speaker is None or j >= len(turns)
                        or _speaker(turns[j]) != answer_speaker
                        or turns[j].start - turns[i + 1].start > MAX_SLOT_SECONDS
                        or (span != EMPTY and not _goes_on(turns[j].text, etype))):
                    break
            break  # one question per segment asks for one slot
    return slots
