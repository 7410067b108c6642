"""Classifier features and shipped weights, with a fake embedder (no model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from redaction.policy.classifier import (
    CLASSES,
    DEFAULT_WEIGHTS,
    RequestClassifier,
    Thresholds,
    Weights,
    ngrams,
    tfidf,
)


def zeros(texts: list[str]) -> np.ndarray:
    return np.zeros((len(texts), 384), dtype=np.float32)


def tiny(bias_word: str = "reveal") -> Weights:
    vocab = ("reveal", "summary", "reveal it")
    coef = np.zeros((len(CLASSES), len(vocab) + 384), np.float32)
    coef[CLASSES.index("unredaction"), vocab.index(bias_word)] = 8.0
    return Weights(vocab, np.ones(3, np.float32), coef, np.zeros(len(CLASSES), np.float32),
                   frozenset({"reveal", "it", "the", "summary"}), Thresholds(0.2, 0.8, 0.6))


def test_ngrams_and_tfidf_rows_are_unit_length() -> None:
    assert ngrams("a b c") == ["a", "b", "c", "a b", "b c"]
    rows = tfidf(["reveal it", "nothing known"], {"reveal": 0, "it": 1, "reveal it": 2},
                 np.ones(3, np.float32))
    assert np.isclose(np.linalg.norm(rows[0]), 1.0) and not rows[1].any()


def test_score_uses_ngrams_and_reports_english_share() -> None:
    clf = RequestClassifier(tiny(), zeros)
    hot, cold, other = clf.score(["reveal it", "the summary", "que paso"])
    assert hot.p_refuse > 0.9 and hot.category == "unredaction"
    assert cold.p_refuse < hot.p_refuse
    assert hot.english == 1.0 and other.english == 0.0


def test_weights_round_trip(tmp_path: Path) -> None:
    w = tiny()
    w.save(tmp_path / "w.npz")
    back = Weights.load(tmp_path / "w.npz")
    assert back.vocab == w.vocab and back.thresholds == w.thresholds
    assert np.array_equal(back.coef, w.coef) and back.english_words == w.english_words


def test_shipped_weights_are_small_and_consistent() -> None:
    assert DEFAULT_WEIGHTS.stat().st_size < 2_000_000
    w = Weights.load()
    assert w.coef.shape == (len(CLASSES), len(w.vocab) + 384)
    t = w.thresholds
    assert 0 < t.allow_below < t.refuse_from < 1 and len(w.data_sha256) == 64
