"""The gate's first, fast layer: a linear model over word n-grams and sentence embeddings.

Why this shape: a logistic regression over TF-IDF word uni/bigrams plus the 384-d
MiniLM embedding trains in seconds, decides in a few milliseconds, and its weights are a
small ``.npz`` shipped in the repo (``weights.npz``), so every install decides alike and
no training runs at start-up. The embedding function is passed in (``Embedder``): this
package never imports the application, which wires the bundled all-MiniLM-L6-v2.

The model is trusted only where it is sure: ``Thresholds`` (calibrated on the dev split)
mark the band in which the gate asks the LLM judge instead. ``english`` measures how
much of a request is English vocabulary seen in training; the n-grams and the English
embedder read other languages poorly, so those requests go to the judge as well.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from redaction.policy.base import CATEGORIES

#: ``texts -> (n, d)`` float32 unit vectors; the application passes MiniLM's ``embed``.
Embedder = Callable[[list[str]], np.ndarray]

#: Class order of the model's outputs: index 0 is "allow", then the refusal categories.
CLASSES: tuple[str, ...] = ("allow", *CATEGORIES)

DEFAULT_WEIGHTS = Path(__file__).with_name("weights.npz")


@dataclass(frozen=True)
class Thresholds:
    """Where the classifier decides alone: allow below ``allow_below``, refuse from
    ``refuse_from``; in between, and for non-English text, the judge decides."""

    allow_below: float = 0.15
    refuse_from: float = 0.85
    english_from: float = 0.6


@dataclass(frozen=True)
class Score:
    """One request's classifier output."""

    p_refuse: float  #: probability that the request should be refused
    category: str  #: most likely refusal category (even when ``p_refuse`` is low)
    english: float  #: share of its words in the English training vocabulary


@dataclass(frozen=True)
class Weights:
    """Everything the classifier needs at run time (the contents of ``weights.npz``)."""

    vocab: tuple[str, ...]  #: word n-grams, in feature order
    idf: np.ndarray  #: (len(vocab),)
    coef: np.ndarray  #: (len(CLASSES), len(vocab) + embedding dim)
    intercept: np.ndarray  #: (len(CLASSES),)
    english_words: frozenset[str]
    thresholds: Thresholds
    data_sha256: str = ""  #: hash of the training split the weights came from

    def save(self, path: Path) -> None:
        """Write a compressed ``.npz`` (no pickles, so loading runs no code)."""
        t = self.thresholds
        np.savez_compressed(
            path, vocab=np.array(self.vocab), idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32),
            english_words=np.array(sorted(self.english_words)),
            thresholds=np.array([t.allow_below, t.refuse_from, t.english_from]),
            data_sha256=np.array(self.data_sha256),
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_WEIGHTS) -> Weights:
        """Read weights written by ``save``."""
        with np.load(path, allow_pickle=False) as z:
            lo, hi, en = (float(x) for x in z["thresholds"])
            return cls(
                vocab=tuple(str(v) for v in z["vocab"]), idf=z["idf"], coef=z["coef"],
                intercept=z["intercept"], english_words=frozenset(str(w) for w in
                                                                  z["english_words"]),
                thresholds=Thresholds(lo, hi, en), data_sha256=str(z["data_sha256"]),
            )


def ngrams(normalised: str) -> list[str]:
    """Word uni- and bigrams of normalised text (the n-gram features' tokens)."""
    words = normalised.split()
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def tfidf(texts: Sequence[str], index: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Sublinear TF-IDF rows, L2-normalised, for normalised ``texts``."""
    out = np.zeros((len(texts), len(index)), dtype=np.float32)
    for row, text in enumerate(texts):
        for gram, count in Counter(ngrams(text)).items():
            col = index.get(gram)
            if col is not None:
                out[row, col] = (1.0 + math.log(count)) * idf[col]
        norm = float(np.linalg.norm(out[row]))
        if norm > 0:
            out[row] /= norm
    return out


class RequestClassifier:
    """Scores normalised requests with shipped ``Weights`` and an injected embedder."""

    def __init__(self, weights: Weights, embed: Embedder) -> None:
        self.weights = weights
        self._embed = embed
        self._index = {gram: i for i, gram in enumerate(weights.vocab)}

    @property
    def thresholds(self) -> Thresholds:
        return self.weights.thresholds

    def features(self, normalised: Sequence[str]) -> np.ndarray:
        """The model's input rows: TF-IDF n-grams then the sentence embedding."""
        vectors = np.asarray(self._embed(list(normalised)), dtype=np.float32)
        return np.hstack([tfidf(normalised, self._index, self.weights.idf), vectors])

    def score(self, normalised: Sequence[str]) -> list[Score]:
        """Class probabilities per text, summarised as refusal probability and category."""
        if not normalised:
            return []
        logits = self.features(normalised) @ self.weights.coef.T + self.weights.intercept
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        out = []
        for text, p in zip(normalised, probs, strict=True):
            words = text.split()
            known = sum(w in self.weights.english_words for w in words)
            out.append(Score(
                p_refuse=float(1.0 - p[0]),
                category=CLASSES[1 + int(np.argmax(p[1:]))],
                english=known / len(words) if words else 1.0,
            ))
        return out
