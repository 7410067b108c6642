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

from service.models import SPACY_MODEL

_NAM_DICT = ("gender_guesser", "data/nam_dict.txt")
_CENSUS_GIVEN = (("names", "dist.male.first"), ("names", "dist.female.first"))
_CENSUS_SURNAMES = ("names", "dist.all.last")
_WORDNET_POS = ("noun", "verb", "adj", "adv")


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

    def is_given(self, word: str) -> bool:
        return fold(word) in self.given

    def is_surname(self, word: str) -> bool:
        return fold(word) in self.surnames

    def is_word(self, word: str) -> bool:
        return fold(word) in self.words


def _read(package: str, resource: str) -> str:
    try:
        return importlib.resources.files(package).joinpath(resource).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


def _nam_dict_names(text: str) -> set[str]:
    """First names of nam_dict.txt: ``<gender> <name> <country frequencies>`` lines.

    A ``+`` joins the parts of Arabic, Chinese and Korean names ("Jun+Wei" is "Jun-Wei",
    "Jun Wei" and "Junwei"); the lists are matched token by token, so each part counts.
    """
    out: set[str] = set()
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        name = parts[1]
        out.add(fold(name.replace("+", "")))
        out.update(fold(p) for p in name.split("+") if len(p) >= 3)
    return out


def _census_names(text: str) -> set[str]:
    return {fold(line.split()[0]) for line in text.splitlines() if line.strip()}


def _wordnet_words() -> set[str]:
    """The WordNet lemma index bundled with the spaCy model (nouns, verbs, adjectives, adverbs)."""
    spec = importlib.util.find_spec(SPACY_MODEL)
    if spec is None or not spec.submodule_search_locations:
        return set()
    from spacy.lookups import Lookups

    for root in spec.submodule_search_locations:
        for path in Path(root).glob("*/lemmatizer/lookups"):
            lookups = Lookups().from_disk(path)
            if not lookups.has_table("lemma_index"):
                continue
            index = lookups.get_table("lemma_index")
            words: set[str] = set()
            for pos in _WORDNET_POS:
                words.update(fold(w) for w in index.get(pos, []) if "_" not in w)
            return words
    return set()


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    """The lists, loaded once per process."""
    given = _nam_dict_names(_read(*_NAM_DICT))
    for source in _CENSUS_GIVEN:
        given |= _census_names(_read(*source))
    surnames = _census_names(_read(*_CENSUS_SURNAMES))
    return NameLists(
        given=frozenset(w for w in given if len(w) >= 2),
        surnames=frozenset(w for w in surnames if len(w) >= 2),
        words=frozenset(_wordnet_words()),
    )
