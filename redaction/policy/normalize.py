"""Normalisation and clause splitting: what every layer of the request policy reads.

Why a module of its own: the deny rules, the allow-list, the classifier and its training
all read text through the same canonical form, so a spelling trick (``n4me``, full-width
letters, Cyrillic look-alikes, ``n a m e``) lands on the plain wording before any layer
decides, and training and serving can never drift apart.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic / Greek letters that look like Latin ones (NFKC leaves them alone).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ɡ": "g", "ɑ": "a", "α": "a", "β": "b", "ε": "e", "η": "n",
        "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
        "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
        "С": "c", "Т": "t", "Х": "x", "І": "i", "Ѕ": "s", "Α": "a", "Β": "b", "Ε": "e",
        "Ι": "i", "Κ": "k", "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Χ": "x",
        "‘": "'", "’": "'", "‛": "'", "`": "'", "´": "'", "ʼ": "'",
    }
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "9": "g", "@": "a", "$": "s", "|": "l", "!": "i", "€": "e"})
_LEET_TOKEN = re.compile(r"^(?=.*[a-z])(?=.*[0-9@$|!€])[a-z0-9@$|!€]+$")
# Tokens that mix letters and digits legitimately: times, ordinals, units, segment ids,
# flat numbers.
_NOT_LEET = re.compile(
    r"^\d+(?:am|pm|st|nd|rd|th|s|mph|kph|km|mi|min|mins|m|h|hr|hrs|k|ft|lbs?|yo|x)$"
    r"|^(?:seg|segment|s|t|id|p|mp|i|us|a|b|c)\d+$"
    r"|^\d+[a-z]$"  # flat and unit numbers: 4b, 12a
)
# Redaction labels: "[PERSON_1]", "<EMAIL>", "[NAME REDACTED]", "[REDACTED: NAME]", and
# runs of block characters ("███").
_PLACEHOLDER = re.compile(
    r"[\[<{]\s*([A-Za-z]+(?:[_ :/-]+[A-Za-z]+){0,3}?)[\s_#-]*\d*\s*[\]>}]"
    r"|[\u2588\u2587\u25a0\u25ae]+"
)
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\bwon'?t\b", "will not"),
        (r"\bcan'?t\b", "cannot"),
        (r"\bain'?t\b", "is not"),
        (r"n't\b", " not"),
        (r"'re\b", " are"),
        (r"'ll\b", " will"),
        (r"'ve\b", " have"),
        (r"'m\b", " am"),
        (r"\bi'd\b", "i would"),
        (r"'d\b", " would"),
        (r"\blet's\b", "let us"),
        (r"\b(who|what|where|when|why|how|that|it|he|she|there|here|this)'s\b", r"\1 is"),
        (r"'s\b", "s"),
        (r"s'(?=\s|$)", "s"),
    )
)
# Apostrophe-less chat spellings, after punctuation is gone.
_SLANG = {
    "whos": "who is", "whois": "who is", "whats": "what is", "wats": "what is", "wuts": "what is",
    "wheres": "where is", "hes": "he is", "shes": "she is",
    "theyre": "they are", "dont": "do not", "doesnt": "does not", "didnt": "did not",
    "cant": "cannot", "wont": "will not", "isnt": "is not", "wasnt": "was not",
    "arent": "are not", "werent": "were not", "hasnt": "has not", "havent": "have not",
    "hadnt": "had not", "couldnt": "could not", "wouldnt": "would not",
    "shouldnt": "should not", "thats": "that is", "theres": "there is",
    "gimme": "give me", "lemme": "let me", "idk": "i do not know",
    "u": "you", "ur": "your", "pls": "please", "plz": "please", "ppl": "people",
    "thx": "thanks", "im": "i am", "ive": "i have", "youre": "you are", "n": "and",
    "addy": "address", "fone": "phone", "nmbr": "number", "num": "number",
    "dob": "date of birth",
    "fb": "facebook", "ig": "instagram", "insta": "instagram", "socials": "social media",
    "addr": "address", "ph": "phone", "tel": "phone",
}
_SPACED_LETTERS = re.compile(r"\b(?:[a-z] ){2,}[a-z]\b")
_CLAUSE_SPLIT = re.compile(r"(?<=[.?!;])\s+|\n+")
_TOKEN_EDGES = re.compile(r"^([\"'(\[{]*)(.*?)([.,?!;:\"')\]}]*)$")


def _deleet(token: str) -> str:
    """``n4me`` -> ``name``, leaving times, ordinals and units (``10pm``, ``2nd``) alone."""
    edges = _TOKEN_EDGES.match(token)
    if edges is None:
        return token
    lead, core, trail = edges.groups()
    if _LEET_TOKEN.match(core) and not _NOT_LEET.match(core):
        return lead + core.translate(_LEET) + trail
    return token


_PERSON_KINDS = frozenset({"person", "name", "names", "speaker", "people", "per", "individual",
                           "surname", "firstname", "lastname", "fullname"})
_NOT_PERSON_KINDS = frozenset({"street", "road", "place", "location", "company", "org",
                               "organization", "organisation", "business", "city", "town"})
# Words that only say *that* something was redacted: "[NAME REDACTED]", "[REDACTED: NAME]".
_REDACTED_WORDS = frozenset({"redacted", "removed", "withheld", "masked", "hidden", "bleeped",
                             "censored", "anonymized", "anonymised"})


def _placeholder(match: re.Match[str], word: str) -> str:
    raw = match.group(1) or ""
    tokens = [t for t in re.split(r"[\s_:/-]+", raw.lower()) if t]
    kinds = [t for t in tokens if t not in _REDACTED_WORDS]
    kind = " ".join(kinds)
    if word == "redacted":
        return f" redacted {kind} " if kind else " redacted "
    # Rules read only whether the label stands for a person, never its kind's words, so
    # "[PHONE_NUMBER_1]" cannot look like a user asking for "phone number".
    person = bool(set(kinds) & _PERSON_KINDS) and not set(kinds) & _NOT_PERSON_KINDS
    return " placeholder person " if person else " placeholder "


def normalize(text: str, placeholder: str = "redacted") -> str:
    """Canonical lowercase word string that the rules and the embedder see.

    Why: obfuscation (``n4me``, ``ｎａｍｅ``, Cyrillic ``а``, ``n.a.m.e``, zero-width
    joiners) must land on the same form as the plain wording. Redaction labels such as
    ``[PERSON_1]`` become ``"<placeholder> person"``: the embedder reads "redacted person";
    the rules read "placeholder person", so a label is not mistaken for a user asking
    about "the redacted address".
    """
    t = unicodedata.normalize("NFKC", text)
    t = _PLACEHOLDER.sub(lambda m: _placeholder(m, placeholder), t)
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Cf")
    t = t.translate(_CONFUSABLES)
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = t.lower()
    for pattern, repl in _CONTRACTIONS:
        t = pattern.sub(repl, t)
    t = " ".join(_deleet(tok) for tok in t.split())
    t = re.sub(r"[#№]", " number ", t)
    t = re.sub(r"[^a-z0-9\s]+", " ", t)
    t = " ".join(_deleet(tok) for tok in t.split())
    t = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), t)
    t = " ".join(_SLANG.get(tok, tok) for tok in t.split())
    return " ".join(t.split())


def split_clauses(text: str) -> list[str]:
    """Sentences/clauses of a request, so one bad ask cannot hide in a long benign one."""
    parts = [p for p in _CLAUSE_SPLIT.split(text) if p and p.strip()]
    return parts or [text]
