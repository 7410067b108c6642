"""Group a recording's speaker vectors into speakers: agglomerative, cosine, a threshold.

No number of speakers is assumed; merging stops when the average cosine distance
between two groups exceeds ``threshold``. Vectors come in and labels go out; nothing
about a vector survives the call.
"""

from __future__ import annotations

import numpy as np


def cluster(vectors: np.ndarray, threshold: float, weights: np.ndarray | None = None,
            min_weight: float = 0.0) -> np.ndarray:
    """Cluster labels 0..k-1 (numbered by first appearance in ``vectors``' order).

    A group whose total ``weights`` (seconds of speech) is below ``min_weight`` is folded
    into the nearest larger group: a second of speech is too little to call a new person.
    """
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1:
        return np.zeros(1, dtype=int)
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
    ).fit_predict(vectors)
    if weights is not None and min_weight > 0:
        labels = _fold_small(vectors, labels, weights, min_weight)
    return _renumber(labels)


def _fold_small(vectors: np.ndarray, labels: np.ndarray, weights: np.ndarray,
                min_weight: float) -> np.ndarray:
    labels = labels.copy()
    while True:
        ids = np.unique(labels)
        totals = {c: float(weights[labels == c].sum()) for c in ids}
        big = [c for c in ids if totals[c] >= min_weight]
        small = [c for c in ids if totals[c] < min_weight]
        if not small or not big:
            return labels
        c = min(small, key=lambda s: totals[s])
        centroids = {b: _unit(vectors[labels == b].mean(axis=0)) for b in big}
        mine = _unit(vectors[labels == c].mean(axis=0))
        labels[labels == c] = max(big, key=lambda b: float(centroids[b] @ mine))


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-8)


def _renumber(labels: np.ndarray) -> np.ndarray:
    order: dict[int, int] = {}
    for lab in labels:
        order.setdefault(int(lab), len(order))
    return np.array([order[int(lab)] for lab in labels], dtype=int)
