"""Scoring functions shared by every evaluation suite (no models).

WER/CER come from jiwer and ROUGE from Google's rouge-score (stemmed, as papers
report it), so the figures are comparable with published ones; this module only adds
the Whisper-style normalisation (a model writing "Mr." or "twenty-five" is not charged
for spelling a word differently), corpus pooling, and the PII/fact checks.
"""

from __future__ import annotations

import re
import unicodedata
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


def edit_counts(ref: Sequence[str], hyp: Sequence[str]) -> EditCounts:
    """Minimum-edit alignment of two token sequences (jiwer's Levenshtein alignment)."""
    import jiwer

    if not ref:
        return EditCounts(0, 0, len(hyp), 0)
    # jiwer aligns words; tokens are passed pre-split, so join on a separator that
    # cannot occur inside one and let jiwer split on it again.
    out = jiwer.process_words(
        "\x1f".join(ref), "\x1f".join(hyp) if hyp else "",
        reference_transform=_SPLIT_ON_UNIT_SEPARATOR,
        hypothesis_transform=_SPLIT_ON_UNIT_SEPARATOR,
    )
    return EditCounts(out.substitutions, out.deletions, out.insertions, out.hits)


class _SplitOnUnitSeparator:
    """A jiwer transform: one string -> [[tokens]] split on ``\\x1f`` (empty -> [[]])."""

    def __call__(self, sentences: str | list[str]) -> list[list[str]]:
        items = [sentences] if isinstance(sentences, str) else sentences
        return [[t for t in item.split("\x1f") if t] for item in items]


_SPLIT_ON_UNIT_SEPARATOR = _SplitOnUnitSeparator()


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
    """ROUGE tokenisation as in rouge-score: lowercase alphanumeric runs (before stemming)."""
    return _TOKEN.findall(text.lower())


@lru_cache(maxsize=2)
def _scorer(stem: bool) -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=stem)


def rouge(pred: str, ref: str, stem: bool = True) -> dict[str, dict[str, float]]:
    """ROUGE-1/2/L with rouge-score (Porter-stemmed by default): {"rouge1": {p, r, f}, …}."""
    scores = _scorer(stem).score(ref, pred)  # rouge-score takes (target, prediction)
    return {k: {"p": v.precision, "r": v.recall, "f": v.fmeasure} for k, v in scores.items()}


def rouge_n(pred: str, ref: str, n: int = 1, stem: bool = True) -> dict[str, float]:
    """ROUGE-N (n = 1 or 2): clipped n-gram overlap, precision over the prediction."""
    if n not in (1, 2):
        raise ValueError("rouge_n supports n = 1 or 2")
    return rouge(pred, ref, stem)[f"rouge{n}"]


def rouge_l(pred: str, ref: str, stem: bool = True) -> dict[str, float]:
    """ROUGE-L (sentence level): longest common subsequence, F with beta = 1."""
    return rouge(pred, ref, stem)["rougeL"]


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
