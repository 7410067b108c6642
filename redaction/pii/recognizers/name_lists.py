"""Given names, surnames and English dictionary words for the name gazetteer (not a recognizer).

spaCy's small model misses unfamiliar names; lists of real names do not. Sources, all
installed from PyPI and read from their package files (nothing is downloaded):

* given names: ``nam_dict.txt`` of the ``gender-guesser`` package (Jörg Michael's list of
  about 48,000 first names from 50+ countries, GNU FDL; read as data, its GPL code is
  not imported) and the US Census 1990 first-name lists of the ``names`` package (MIT);
* surnames: the US Census 1990 surname list of the ``names`` package (88,799 names);
* dictionary words: the WordNet lemma index that ships inside the bundled spaCy model's
  lemmatizer. The census surname list holds "Park", "Street" and "Church", so a surname
  standing alone only counts when it is no English word.

Loaded on first use and cached once per process (about 0.3 s, a few MB).
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from redaction.pii.nlp import SPACY_MODEL

_NAM_DICT = ("gender_guesser", "data/nam_dict.txt")
_CENSUS_GIVEN = (("names", "dist.male.first"), ("names", "dist.female.first"))
_CENSUS_SURNAMES = ("names", "dist.all.last")
_WORDNET_POS = ("noun", "verb", "adj", "adv")
COMMON_GIVEN_PERCENT = 0.1


def fold(word: str) -> str:
    """Lower case without accents ("Elínborg" -> "elinborg"): lists spell names either way."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


@dataclass(frozen=True)
class NameLists:
    """Folded given names, surnames and dictionary words; ``words`` may be empty."""

    given: frozenset[str]
    surnames: frozenset[str]
    words: frozenset[str]
    # Given names borne by at least COMMON_GIVEN_PERCENT of the US population ("Scott").
    common_given: frozenset[str] = frozenset()
    # Dictionary verbs, adjectives and adverbs ("mark", "rose", "grant", "frank").
    non_nouns: frozenset[str] = frozenset()

    # WordNet lists lemmas; a capitalised plural or verb form is a word as well.
    _INFLECTIONS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss"), ("xes", "x"), ("s", ""),
        ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
    )

    def is_given(self, word: str) -> bool:
        return fold(word) in self.given

    def is_surname(self, word: str) -> bool:
        return fold(word) in self.surnames

    def is_common_given(self, word: str) -> bool:
        """A frequent given name the dictionary knows only as a noun ("Scott", "Teresa")."""
        w = fold(word)
        return w in self.common_given and w not in self.non_nouns

    def is_word(self, word: str) -> bool:
        """A dictionary lemma (WordNet also lists famous people and places: "Jones")."""
        return fold(word) in self.words

    def is_word_form(self, word: str) -> bool:
        """A dictionary word or a regular inflection of one ("Wars", "Sports")."""
        w = fold(word)
        if w in self.words:
            return True
        return any(
            w.endswith(suffix) and len(w) - len(suffix) >= 3
            and w[: len(w) - len(suffix)] + repl in self.words
            for suffix, repl in self._INFLECTIONS
        )


def _read(package: str, resource: str) -> str:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return ""
    for base in spec.submodule_search_locations:
        path = Path(base) / resource
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


def _nam_dict_names(text: str) -> set[str]:
    """First names of nam_dict.txt: ``<gender> <name> <country frequencies>`` lines.

    A ``+`` joins the parts of Arabic, Chinese and Korean names ("Jun+Wei" is "Jun-Wei",
    "Jun Wei" and "Junwei"); only the joined form is kept: a lone part ("Yo", "Mo") is a
    word more often than a name.
    """
    out: set[str] = set()
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        out.add(fold(parts[1].replace("+", "")))
    return out


def _census_names(text: str, min_percent: float = 0.0) -> set[str]:
    """Names of a census list (``NAME  percent  cumulative  rank`` lines)."""
    out: set[str] = set()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and float(parts[1]) >= min_percent:
            out.add(fold(parts[0]))
    return out


def _wordnet_words() -> dict[str, set[str]]:
    """The WordNet lemma index bundled with the spaCy model, by part of speech."""
    spec = importlib.util.find_spec(SPACY_MODEL)
    if spec is None or not spec.submodule_search_locations:
        return {}
    from spacy.lookups import Lookups

    for root in spec.submodule_search_locations:
        for path in Path(root).glob("*/lemmatizer/lookups"):
            lookups = Lookups().from_disk(path)
            if not lookups.has_table("lemma_index"):
                continue
            index = lookups.get_table("lemma_index")
            return {pos: {fold(w) for w in index.get(pos, []) if "_" not in w}
                    for pos in _WORDNET_POS}
    return {}


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    """The lists, loaded once per process."""
    given = _nam_dict_names(_read(*_NAM_DICT))
    common: set[str] = set()
    for source in _CENSUS_GIVEN:
        text = _read(*source)
        given |= _census_names(text)
        common |= _census_names(text, COMMON_GIVEN_PERCENT)
    surnames = _census_names(_read(*_CENSUS_SURNAMES))
    wordnet = _wordnet_words()
    words = set().union(*wordnet.values()) if wordnet else set()
    non_nouns = set().union(*(v for k, v in wordnet.items() if k != "noun")) if wordnet else set()
    return NameLists(
        given=frozenset(w for w in given if len(w) >= 2),
        surnames=frozenset(w for w in surnames if len(w) >= 2),
        words=frozenset(words),
        common_given=frozenset(common),
        non_nouns=frozenset(non_nouns),
    )
