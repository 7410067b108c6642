"""Clustering groups by cosine threshold and folds groups with too little speech."""

from __future__ import annotations

import numpy as np

from service.speakers.clustering import cluster


def _around(centre: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    vecs = centre + 0.05 * rng.normal(size=(n, centre.size))
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def test_two_voices_two_clusters_numbered_by_appearance() -> None:
    rng = np.random.default_rng(1)
    a, b = np.eye(16)[0], np.eye(16)[1]
    vecs = np.concatenate([_around(b, 4, rng), _around(a, 5, rng)])
    labels = cluster(vecs, threshold=0.3)
    assert labels.tolist() == [0] * 4 + [1] * 5


def test_small_cluster_folds_into_nearest() -> None:
    rng = np.random.default_rng(2)
    a, b = np.eye(16)[0], np.eye(16)[1]
    vecs = np.concatenate([_around(a, 5, rng), _around(b, 1, rng)])
    weights = np.array([2.0] * 5 + [0.5])
    assert set(cluster(vecs, 0.3, weights, min_weight=1.5).tolist()) == {0}
    assert set(cluster(vecs, 0.3, weights, min_weight=0.0).tolist()) == {0, 1}


def test_degenerate_inputs() -> None:
    assert cluster(np.zeros((0, 4)), 0.3).tolist() == []
    assert cluster(np.ones((1, 4)), 0.3).tolist() == [0]
