"""Train the policy classifier's weights (``redaction/policy/weights.npz``) deterministically.

Why a script and shipped weights: training needs the embedder over ~1,800 requests
(tens of seconds on two cores) and scikit-learn; serving needs neither, only a small
``.npz``. The run is deterministic (fixed splits by text hash, lbfgs without random
state), so anyone can rebuild the file and compare its ``data_sha256``.

    python -m eval.policy_train            # rewrites redaction/policy/weights.npz

Only the ``train`` split is fitted; thresholds are calibrated on ``dev``; the frozen
``test`` split is never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import math
from collections import Counter
from pathlib import Path

import numpy as np

from eval.policy_eval import load_own_set, split_of
from redaction.policy.classifier import (
    CLASSES,
    DEFAULT_WEIGHTS,
    Embedder,
    RequestClassifier,
    Thresholds,
    Weights,
    ngrams,
)
from redaction.policy.normalize import normalize

C = 4.0  #: inverse regularisation; chosen on dev among 4, 16, 64 (judge share vs errors)
MIN_DF = 2  #: n-grams seen once are noise at this data size


def data_sha256(rows: list[dict]) -> str:
    """Hash of a split's rows (text, label, category), order-independent."""
    lines = sorted(f"{r['text']}\t{r['label']}\t{r.get('category') or ''}" for r in rows)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def fit(train: list[dict], embed: Embedder) -> Weights:
    """Vocabulary, IDF and a multinomial logistic regression over the training rows."""
    from sklearn.linear_model import LogisticRegression

    texts = [normalize(r["text"]) for r in train]
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(ngrams(t)))
    vocab = tuple(sorted(g for g, n in df.items() if n >= MIN_DF))
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in vocab], dtype=np.float32)
    english = frozenset(w for r, t in zip(train, texts, strict=True)
                        if r.get("lang", "en") == "en" for w in t.split())
    draft = Weights(vocab, idf, np.zeros((len(CLASSES), len(vocab) + 384), np.float32),
                    np.zeros(len(CLASSES), np.float32), english, Thresholds())
    x = RequestClassifier(draft, embed).features(texts)
    y = np.array([CLASSES.index(r.get("category") or "allow") for r in train])
    model = LogisticRegression(C=C, max_iter=5000).fit(x, y)
    coef = np.zeros((len(CLASSES), x.shape[1]), np.float32)
    intercept = np.zeros(len(CLASSES), np.float32)
    coef[model.classes_] = model.coef_
    intercept[model.classes_] = model.intercept_
    return Weights(vocab, idf, coef, intercept, english, Thresholds(), data_sha256(train))


def calibrate(weights: Weights, dev: list[dict], embed: Embedder,
              budget: int = 1) -> Thresholds:
    """The band outside which the classifier makes at most ``budget`` errors per class on
    English dev rows (a stricter band sends more to the judge; measured in docs/policy.md)."""
    base = Thresholds()
    clf = RequestClassifier(weights, embed)
    scores = clf.score([normalize(r["text"]) for r in dev])
    en = [(r, s) for r, s in zip(dev, scores, strict=True) if s.english >= base.english_from]
    refuse = [s.p_refuse for r, s in en if r["label"] == "refuse"]
    allow = [s.p_refuse for r, s in en if r["label"] == "allow"]
    refuse, allow = sorted(refuse), sorted(allow, reverse=True)
    low = min(0.5, max(0.02, refuse[min(budget, len(refuse) - 1)] - 0.005)) if refuse else 0.5
    high = max(0.5, min(0.98, allow[min(budget, len(allow) - 1)] + 0.005)) if allow else 0.5
    return Thresholds(round(low, 3), round(high, 3), base.english_from)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.policy_train", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_WEIGHTS)
    args = parser.parse_args(argv)
    from service.embeddings import embed

    rows = load_own_set()
    train = [r for r in rows if split_of(r["text"]) == "train"]
    dev = [r for r in rows if split_of(r["text"]) == "dev"]
    weights = fit(train, embed)
    thresholds = calibrate(weights, dev, embed)
    final = Weights(weights.vocab, weights.idf, weights.coef, weights.intercept,
                    weights.english_words, thresholds, weights.data_sha256)
    final.save(args.out)
    print(f"train {len(train)} dev {len(dev)}; vocab {len(final.vocab)}; thresholds "
          f"{thresholds}; train sha256 {final.data_sha256}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
