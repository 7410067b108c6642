"""Scoring functions shared by every evaluation suite (pure Python, no models).

Why our own: the metrics are small, and owning them keeps the definitions in one
place the tests pin down (jiwer/rouge-score would add dependencies and their own
tokenisation). Text is normalised the way Whisper papers report WER, so a model
writing "Mr." or "twenty-five" is not charged for spelling a word differently.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# British -> American spellings, a small stand-in for Whisper's english.json (which is
# not shipped offline). Only words likely in our data; both sides then compare equal.
SPELLING_MAP: dict[str, str] = {
    "colour": "color", "colours": "colors", "favourite": "favorite",
    "favourites": "favorites", "licence": "license", "licences": "licenses",
    "centre": "center", "centres": "centers", "metre": "meter", "metres": "meters",
    "organise": "organize", "organised": "organized", "realise": "realize",
    "realised": "realized", "recognise": "recognize", "recognised": "recognized",
    "neighbour": "neighbor", "neighbours": "neighbors", "neighbourhood": "neighborhood",
    "behaviour": "behavior", "honour": "honor", "labour": "labor", "travelled": "traveled",
    "travelling": "traveling", "counselled": "counseled", "counselling": "counseling",
    "cancelled": "canceled", "jewellery": "jewelry", "grey": "gray", "tyre": "tire",
    "tyres": "tires", "kerb": "curb", "programme": "program", "defence": "defense",
    "offence": "offense", "offences": "offenses", "practise": "practice", "cheque": "check",
    "theatre": "theater", "analyse": "analyze", "apologise": "apologize",
    "apologised": "apologized", "harbour": "harbor", "rumour": "rumor", "vapour": "vapor",
}

_BASIC_DROP = re.compile(r"[<\[][^>\]]*[>\]]|\([^)]*\)")
_NON_WORD = re.compile(r"[^\w\s']|_")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _whisper_normalizer() -> Callable[[str], str] | None:
    """transformers ships Whisper's EnglishTextNormalizer; it needs only a spelling map."""
    try:
        from transformers.models.whisper.english_normalizer import EnglishTextNormalizer
    except ImportError:
        return None
    return EnglishTextNormalizer(SPELLING_MAP)


def basic_normalize(text: str) -> str:
    """Lowercase, drop bracketed asides and punctuation, collapse spaces (no number rules)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _BASIC_DROP.sub(" ", text)
    text = text.replace("'", " ").replace("-", " ")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalize_english(text: str) -> str:
    """Whisper-style English normalisation for WER/CER.

    Lowercases; removes [bracketed]/(parenthesised) asides, fillers (uh, um) and
    punctuation; standardises contractions ("won't" -> "will not"), titles ("Mr." ->
    "mister"), hyphens, British spellings and spelled-out numbers ("twenty five" -> "25").
    Falls back to :func:`basic_normalize` if transformers is not importable.
    """
    normalizer = _whisper_normalizer()
    if normalizer is None:
        return basic_normalize(text)
    return _SPACES.sub(" ", normalizer(text)).strip()


# ---------------------------------------------------------------------------------------
# Edit distance: WER / CER
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditCounts:
    """Levenshtein alignment counts; errors / ref_len is the error rate."""

    substitutions: int
    deletions: int
    insertions: int
    hits: int

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def ref_len(self) -> int:
        return self.substitutions + self.deletions + self.hits

    def __add__(self, other: EditCounts) -> EditCounts:
        return EditCounts(
            self.substitutions + other.substitutions,
            self.deletions + other.deletions,
            self.insertions + other.insertions,
            self.hits + other.hits,
        )

    @property
    def rate(self) -> float:
        """errors / reference length; an empty reference gives 0 (or 1 if anything was said)."""
        if self.ref_len == 0:
            return 0.0 if self.insertions == 0 else 1.0
        return self.errors / self.ref_len


def edit_counts(ref: Sequence[Any], hyp: Sequence[Any]) -> EditCounts:
    """Minimum-edit alignment of two token sequences (ties prefer hits, then substitutions)."""
    n, m = len(ref), len(hyp)
    # Each cell: (cost, subs, dels, ins). Two rows keep memory O(m).
    prev = [(j, 0, 0, j) for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [(i, 0, i, 0)]
        for j in range(1, m + 1):
            if ref[i - 1] == hyp[j - 1]:
                diag = prev[j - 1]
            else:
                c, s, d, a = prev[j - 1]
                diag = (c + 1, s + 1, d, a)
            c, s, d, a = prev[j]
            dele = (c + 1, s, d + 1, a)
            c, s, d, a = cur[j - 1]
            ins = (c + 1, s, d, a + 1)
            cur.append(min(diag, dele, ins, key=lambda t: t[0]))
        prev = cur
    _cost, subs, dels, ins = prev[m]
    return EditCounts(subs, dels, ins, n - subs - dels)


def word_edits(ref: str, hyp: str, normalize: bool = True) -> EditCounts:
    """Word-level edit counts, after :func:`normalize_english` unless ``normalize=False``."""
    if normalize:
        ref, hyp = normalize_english(ref), normalize_english(hyp)
    return edit_counts(ref.split(), hyp.split())


def char_edits(ref: str, hyp: str, normalize: bool = True) -> EditCounts:
    """Character-level edit counts over the normalised text, spaces between words kept."""
    if normalize:
        ref, hyp = normalize_english(ref), normalize_english(hyp)
    return edit_counts(list(ref), list(hyp))


def wer(ref: str, hyp: str, normalize: bool = True) -> float:
    """Word error rate: (substitutions + deletions + insertions) / reference words."""
    return word_edits(ref, hyp, normalize).rate


def cer(ref: str, hyp: str, normalize: bool = True) -> float:
    """Character error rate on the normalised text."""
    return char_edits(ref, hyp, normalize).rate


def corpus_rate(counts: Iterable[EditCounts]) -> float:
    """Corpus-level error rate: total edits over total reference tokens (not a mean of rates)."""
    total = EditCounts(0, 0, 0, 0)
    for c in counts:
        total = total + c
    return total.rate


# ---------------------------------------------------------------------------------------
# ROUGE
# ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")


def rouge_tokens(text: str) -> list[str]:
    """ROUGE tokenisation as in rouge-score: lowercase alphanumeric runs, no stemming."""
    return _TOKEN.findall(text.lower())


def _prf_from_overlap(overlap: int, pred_len: int, ref_len: int) -> dict[str, float]:
    p = overlap / pred_len if pred_len else 0.0
    r = overlap / ref_len if ref_len else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f}


def rouge_n(pred: str, ref: str, n: int = 1) -> dict[str, float]:
    """ROUGE-N: clipped n-gram overlap; precision over the prediction, recall over the ref."""
    def grams(tokens: list[str]) -> Counter[tuple[str, ...]]:
        return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))

    p_grams, r_grams = grams(rouge_tokens(pred)), grams(rouge_tokens(ref))
    overlap = sum((p_grams & r_grams).values())
    return _prf_from_overlap(overlap, sum(p_grams.values()), sum(r_grams.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (O(len(a)*len(b)) time, O(len(b)) memory)."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, start=1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def rouge_l(pred: str, ref: str) -> dict[str, float]:
    """ROUGE-L (sentence level): LCS over tokens; F is the harmonic mean (beta = 1)."""
    p_tok, r_tok = rouge_tokens(pred), rouge_tokens(ref)
    return _prf_from_overlap(lcs_length(p_tok, r_tok), len(p_tok), len(r_tok))


# ---------------------------------------------------------------------------------------
# Detection scores
# ---------------------------------------------------------------------------------------


def prf(tp: int, fp: int, fn: int, beta: float = 2.0) -> dict[str, float]:
    """Precision, recall and F-beta (F2 by default: missing PII costs more than over-redacting).

    Empty denominators score 1.0 (nothing predicted means no false positive; nothing to
    find means nothing missed), so a clean negative example is not a failure.
    """
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": precision, "recall": recall, "f": f_beta(precision, recall, beta)}


def f_beta(precision: float, recall: float, beta: float = 2.0) -> float:
    """Weighted harmonic mean; beta=2 weighs recall four times as much as precision."""
    b2 = beta * beta
    denom = b2 * precision + recall
    return (1 + b2) * precision * recall / denom if denom else 0.0


# ---------------------------------------------------------------------------------------
# Summary facts and PII leaks
# ---------------------------------------------------------------------------------------


def _keywords(fact: Any) -> list[str]:
    if isinstance(fact, Mapping):
        return list(fact.get("any", []))
    keywords = getattr(fact, "any", None)
    if keywords is None:
        keywords = getattr(fact, "keywords", ())
    return list(keywords)


def fact_covered(text: str, fact: Any) -> bool:
    """A fact is covered when any of its keywords occurs in ``text`` (case-insensitive)."""
    low = text.lower()
    return any(k.lower() in low for k in _keywords(fact) if k)


def fact_coverage(text: str, facts: Iterable[Any]) -> tuple[int, int]:
    """(covered, total) facts; a fact is a ``{"fact", "any": [...]}`` dict or has ``.any``."""
    facts = list(facts)
    return sum(fact_covered(text, f) for f in facts), len(facts)


_PERSON_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mister", "missus", "dr", "doctor", "officer", "sir", "madam",
     "sergeant"}
)


def _leak_forms(value: str) -> tuple[str, str]:
    return basic_normalize(value), normalize_english(value)


def _digit_runs(normalized: str) -> list[str]:
    """Concatenate consecutive numeric tokens ("555 867 5309" -> "5558675309")."""
    runs: list[str] = []
    current = ""
    for tok in normalized.split():
        if tok.isdigit():
            current += tok
        else:
            if current:
                runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def _contains_words(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def leak_candidates(values: Iterable[str | tuple[str, str] | Sequence[str]]) -> list[str]:
    """Expand gold PII into the strings that must not appear: a person's surname alone too."""
    out: list[str] = []
    for item in values:
        if isinstance(item, str):
            etype, value = "", item
        else:
            etype, value = str(item[0]), str(item[1])
        out.append(value)
        if etype.upper() == "PERSON":
            tokens = [t for t in basic_normalize(value).split() if t not in _PERSON_TITLES]
            if len(tokens) >= 2 and len(tokens[-1]) >= 3:
                out.append(value.split()[-1].strip(".,;:!?"))
    return list(dict.fromkeys(out))


def find_leaks(text: str, values: Iterable[str | tuple[str, str] | Sequence[str]]) -> list[str]:
    """Gold PII values (and surnames of PERSON values) still present in ``text``.

    ``values`` are plain strings or ``(entity_type, value)`` pairs as in the scenario
    ``pii`` lists. A value leaks when it appears as whole words under either simple or
    Whisper normalisation, or when its digits (>= 4) appear as one run of numbers, so
    "555-867-5309", "5558675309" and "five five five ..." all count. Returns the leaked
    strings, deduplicated, in input order.
    """
    text_basic, text_whisper = _leak_forms(text)
    runs = _digit_runs(text_basic) + _digit_runs(text_whisper)
    leaks: list[str] = []
    for value in leak_candidates(values):
        v_basic, v_whisper = _leak_forms(value)
        hit = _contains_words(text_basic, v_basic) or _contains_words(text_whisper, v_whisper)
        if not hit:
            digits = "".join(_digit_runs(v_whisper)) or "".join(_digit_runs(v_basic))
            if len(digits) >= 4:
                hit = any(digits in run for run in runs)
        if hit:
            leaks.append(value)
    return leaks


def mask_value(value: str) -> str:
    """Show a leaked value in reports without repeating it: first letter and length."""
    value = value.strip()
    return f"{value[:1]}…({len(value)})" if value else ""
