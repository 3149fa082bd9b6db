"""Embed texts through the cache: only texts the cache has not seen are encoded."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from ..config import Settings
from .cache import EmbeddingCache, default_cache_dir, text_key
from .models import cache_key, load_embedder, resolve_info


# Vectors are stored after every this many new texts: what an interrupted scan loses (~10 s of
# work with `use` on 2 cores). Each slice is one round of the worker pool, so fewer, bigger
# slices keep the pool busy: 24,576 texts 23.5 s at 4,096 a slice, 19.4 s at 16,384.
STORE_EVERY = 16_384


def embed_texts(texts: list[str], settings: Settings,
                progress: Optional[Callable[[str, int, Optional[int]], None]] = None) -> np.ndarray:
    progress = progress or (lambda stage, advance, total: None)
    embedder = load_embedder(settings.embedder, settings.cache_dir, progress)
    stage = f"embedding ({embedder.info.name})"
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    keys = [text_key(t) for t in texts]
    cache = EmbeddingCache(settings.cache_dir or default_cache_dir()) if settings.use_cache else None
    try:
        known = cache.get(embedder.cache_key, list(dict.fromkeys(keys))) if cache else {}
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        progress(stage, 0, len(missing))
        if missing:
            text_of = dict(zip(keys, texts))
            # Encode and store in slices: an interrupted scan keeps what it finished.
            for start in range(0, len(missing), STORE_EVERY):
                chunk = missing[start : start + STORE_EVERY]
                vectors = embedder.encode([text_of[k] for k in chunk],
                                          on_progress=lambda n: progress(stage, n, None))
                fresh = list(zip(chunk, vectors))
                known.update(fresh)
                if cache:
                    cache.put(embedder.cache_key, fresh)
    finally:
        if cache:
            cache.close()
    return np.vstack([known[k] for k in keys]).astype(np.float32, copy=False)


def similar_text_pairs(texts: list[str], vectors: np.ndarray, settings: Settings, threshold: float,
                       progress: Optional[Callable[[str, int, Optional[int]], None]] = None
                       ) -> list[tuple[int, int, float]]:
    """similar_pairs(), remembered on disk for the same model, threshold and texts in the same
    order: a re-scan of an unchanged file skips the O(n^2) neighbour search."""
    from ..pair_cache import cached_pairs
    from .neighbours import similar_pairs

    progress = progress or (lambda stage, advance, total: None)

    def compute() -> list[tuple[int, int, float]]:
        progress("semantic neighbours", 0, len(texts))
        return similar_pairs(vectors, threshold, on_progress=lambda n: progress("semantic neighbours", n, None))

    if not settings.use_cache or len(texts) < 2:
        return compute()
    constants = f"{cache_key(resolve_info(settings.embedder))}|{threshold!r}"
    return cached_pairs("pairs", constants, texts, settings.cache_dir, compute)
