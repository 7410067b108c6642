"""Sentence embeddings with the bundled all-MiniLM-L6-v2, loaded once per process.

Used by the request policy (similarity to refusal exemplars) and by the summary
grounding check (paraphrase support). Vectors are L2-normalised, so a dot product is
the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

from service.models import embedding_model_dir

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(embedding_model_dir()), device="cpu")


def embed(texts: list[str]) -> np.ndarray:
    """Embed ``texts`` into an ``(n, 384)`` float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    with _lock:
        vecs = _model().encode(
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
    return np.asarray(vecs, dtype=np.float32)
