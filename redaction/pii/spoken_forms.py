"""Spoken forms, normalised once: what people say and ASR writes, as one canonical string.

Why: a plate, a phone number or a date reaches the transcript as "two double u k, seven
five niner", "5, 5, 5 - 2 1 2" or "june ninth nineteen seventy one". Rather than each
recognizer parsing speech its own way, the text is normalised once into a canonical
string (digits in words become digits, "double u" is W, "double five" is 55, radio
words and "F as in Frank" are letters, spelled letters are upper-case letters) with a
map from every canonical character back to the transcript, so Presidio
``PatternRecognizer``s with validators and context words can run over it and their
hits land on the words that were said.

Each run of identifier tokens becomes groups separated by one space, one group per
chunk the speaker made ("6 W X 339", "555 212 3434"); text outside runs is copied as
it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from redaction.pii.recognizers.spoken import (
    DIGIT_WORDS,
    MONTHS,
    PHONETIC_LETTERS,
    REPEAT_WORDS,
    TEEN_WORDS,
    TENS_WORDS,
    parse_digits,
)

# Ordinals name a day of the month ("june ninth"); read as their cardinal.
ORDINAL_WORDS: dict[str, str] = {
    "first": "one", "second": "two", "third": "three", "fourth": "four", "fifth": "five",
    "sixth": "six", "seventh": "seven", "eighth": "eight", "ninth": "nine", "tenth": "ten",
    "eleventh": "eleven", "twelfth": "twelve", "thirteenth": "thirteen",
    "fourteenth": "fourteen", "fifteenth": "fifteen", "sixteenth": "sixteen",
    "seventeenth": "seventeen", "eighteenth": "eighteen", "nineteenth": "nineteen",
    "twentieth": "twenty", "thirtieth": "thirty",
}
# Radio-procedure digits ("niner") and ASR's spellings of "double u".
RADIO_DIGIT_WORDS: dict[str, str] = {"niner": "nine", "fife": "five"}
_DOUBLE_U = frozenset({"u", "you", "yu"})
_FILLERS = frozenset({"uh", "um", "uhm", "er", "erm", "ah", "hmm", "like"})
_NUMBER_WORDS = frozenset(DIGIT_WORDS) | frozenset(TEEN_WORDS) | frozenset(TENS_WORDS) | {
    "hundred"}
_TOKEN = re.compile(r"(?i:x-ray)|[A-Za-z0-9]+(?:[’'][A-Za-z]+)*|\S")
# "F as in Frank"; "Z like zebra" and "B for boy" only when the word starts with the letter.
_AS_IN = re.compile(r"\b(?:([A-Za-z])\s+as\s+in\s+[A-Za-z]+|(?![AaIi]\b)([A-Za-z])\s+(?:like|for)"
                    r"\s+(?=\2)[A-Za-z]+)", re.IGNORECASE)
_SEPARATORS = frozenset({",", "-", "–", "—"})


@dataclass(frozen=True)
class SpokenForm:
    """The canonical string and, per canonical character, its span in the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The transcript span a canonical span ``[start, end)`` came from."""
        return self.starts[start], self.ends[max(start, end - 1)]


@dataclass
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    for m in _AS_IN.finditer(text):  # "F as in Frank" is one token: the letter
        out += [_Tok(t.group(0), t.start() + pos, t.end() + pos)
                for t in _TOKEN.finditer(text[pos : m.start()])]
        out.append(_Tok((m.group(1) or m.group(2)) + "~", m.start(), m.end()))
        pos = m.end()
    out += [_Tok(t.group(0), t.start() + pos, t.end() + pos)
            for t in _TOKEN.finditer(text[pos:])]
    return out


def _kind(toks: list[_Tok], i: int) -> str | None:
    """What an identifier token is: num (number word), dig, id, letter, radio, repeat."""
    t = toks[i]
    low = t.low
    if t.text.endswith("~"):
        return "letter"
    if low in RADIO_DIGIT_WORDS or (low in _NUMBER_WORDS and low not in ("o", "oh")):
        return "num"
    if low in ("o", "oh"):
        near = [toks[j].low for j in (i - 1, i + 1) if 0 <= j < len(toks)]
        return "num" if any(w in _NUMBER_WORDS or w.isdigit() for w in near) else None
    if low in ORDINAL_WORDS:
        prev = toks[i - 1].low if i > 0 else ""
        nxt = [toks[j].low for j in (i + 1, i + 2) if j < len(toks)]
        return "ord" if prev in MONTHS or (nxt[-1:] and nxt[0] == "of" and nxt[-1] in MONTHS) \
            else None
    if t.text.replace(",", "").isdigit() and not t.text.startswith(","):
        return "dig"
    if t.text.isalnum() and any(c.isdigit() for c in t.text):
        return "id"
    if low in REPEAT_WORDS:
        return "repeat"
    if low in PHONETIC_LETTERS:
        return "radio"
    if len(t.text) == 1 and t.text.isalpha():
        return "letter" if low not in ("a", "i") else "weak"
    if t.text.isalpha() and t.text.isupper() and 2 <= len(t.text) <= 4:
        return "caps"
    return None


def _groups(
    toks: list[_Tok], kinds: list[str | None], lo: int, hi: int
) -> list[tuple[str, int, int]]:
    """Canonical groups (value, start, end) of the run toks[lo:hi]."""
    groups: list[tuple[str, int, int]] = []
    nums: list[_Tok] = []

    def flush() -> None:
        if not nums:
            return
        words = [RADIO_DIGIT_WORDS.get(n.low, ORDINAL_WORDS.get(n.low, n.low)) for n in nums]
        if all(w in DIGIT_WORDS or w in REPEAT_WORDS for w in words):
            # Digits said one by one stay one chunk each ("seven seven three"), as a
            # speaker spelling a plate says them; "double five" is one chunk.
            k = 0
            while k < len(nums):
                step = 2 if words[k] in REPEAT_WORDS and k + 1 < len(nums) else 1
                groups.append((parse_digits(words[k : k + step]), nums[k].start,
                               nums[k + step - 1].end))
                k += step
        else:
            groups.append((parse_digits(words), nums[0].start, nums[-1].end))
        nums.clear()

    i = lo
    while i < hi:
        t, k = toks[i], kinds[i]
        if k is None:  # separator or filler
            flush()
        elif k == "repeat":
            nxt = i + 1 if i + 1 < hi else None
            if nxt is not None and toks[nxt].low in _DOUBLE_U:
                flush()
                groups.append(("W", t.start, toks[nxt].end))
                i += 2
                continue
            if nxt is not None and kinds[nxt] in ("letter", "radio", "caps", "weak"):
                flush()
                letter = toks[nxt].text[0].upper()
                groups.append((letter * REPEAT_WORDS[t.low], t.start, toks[nxt].end))
                i += 2
                continue
            nums.append(t)
        elif k in ("num", "ord"):
            nums.append(t)
            if k == "ord":
                flush()
        else:
            flush()
            value = t.text.replace(",", "")
            if k in ("letter", "radio", "weak"):
                value = t.text[0]
            groups.append((value.upper(), t.start, t.end))
        i += 1
    flush()
    return [g for g in groups if g[0]]


def _in_run(kinds: list[str | None], toks: list[_Tok], i: int) -> bool:
    k = kinds[i]
    if k is None:
        return False
    if k in ("weak", "caps", "radio", "repeat"):
        # Needs an identifier token on both sides ("7 a 4") or one strong neighbour.
        strong = ("num", "dig", "id", "letter", "ord")
        prev = next((kinds[j] for j in range(i - 1, -1, -1) if kinds[j] is not None
                     or (toks[j].text not in _SEPARATORS and toks[j].low not in _FILLERS)),
                    None)
        nxt = next((kinds[j] for j in range(i + 1, len(kinds)) if kinds[j] is not None
                    or (toks[j].text not in _SEPARATORS and toks[j].low not in _FILLERS)),
                   None)
        if k == "weak":
            return prev in strong and nxt in strong
        if k == "radio":
            # "charlie victor nine", not "November 1991": a year is no plate chunk.
            years = [j for j in (i - 1, i + 1) if 0 <= j < len(kinds) and kinds[j] == "dig"
                     and len(toks[j].text) == 4]
            return (prev is not None or nxt is not None) and not years
        if k == "repeat":
            return nxt is not None
        return prev is not None or nxt is not None
    return True


@lru_cache(maxsize=16)
def spoken_form(text: str) -> SpokenForm:
    """Normalise ``text`` once (cached: every canonical recognizer asks for the same text)."""
    toks = _tokens(text)
    kinds = [_kind(toks, i) for i in range(len(toks))]
    member = [_in_run(kinds, toks, i) for i in range(len(toks))]
    pieces: list[tuple[str, int, int]] = []  # canonical piece, original start, end
    cursor = 0
    i = 0
    n = len(toks)
    while i < n:
        if not member[i]:
            i += 1
            continue
        j = i
        last = i
        while j < n:
            if member[j]:
                last = j
                j += 1
            elif toks[j].text in _SEPARATORS or toks[j].low in _FILLERS:
                j += 1
            else:
                break
        run_kinds = {kinds[k] for k in range(i, last + 1) if member[k]}
        if run_kinds & {"num", "dig", "id", "letter", "ord"}:
            groups = _groups(toks, [kinds[k] if member[k] else None for k in range(n)],
                             i, last + 1)
            start = toks[i].start
            pieces.append((text[cursor:start], cursor, start))  # verbatim before the run
            for g, (value, gs, ge) in enumerate(groups):
                if g:
                    pieces.append((" ", gs, gs))
                pieces.append((value, gs, ge))
            cursor = toks[last].end
        i = last + 1
    pieces.append((text[cursor:], cursor, len(text)))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for value, s, e in pieces:
        if not value:
            continue
        if e - s == len(value):  # verbatim: one to one
            chars.append(value)
            starts.extend(range(s, e))
            ends.extend(range(s + 1, e + 1))
        else:
            chars.append(value)
            starts.extend([s] * len(value))
            ends.extend([max(e, s)] * len(value))
    return SpokenForm("".join(chars), tuple(starts), tuple(ends))
