"""Embed texts through the cache: only texts the cache has not seen are encoded."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from ..config import Settings
from .cache import EmbeddingCache, default_cache_dir, text_key
from .models import cache_key, load_embedder, resolve_info


# Vectors are stored after every this many new texts: what an interrupted scan loses (~3 s of
# work with `use` on 2 cores). The texts are encoded as one stream (the worker pool goes on
# while a slice is written), so the slice size costs little.
STORE_EVERY = 4_096


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
            # One stream of batches, stored in slices as they come: an interrupted scan keeps what
            # it finished, and the worker pool encodes the next batches while a slice is written.
            pending: list[np.ndarray] = []
            stored = 0
            for vectors in embedder.batches([text_of[k] for k in missing], batch_size=min(256, STORE_EVERY)):
                pending.append(vectors)
                progress(stage, len(vectors), None)
                done = stored + sum(map(len, pending))
                if done - stored >= STORE_EVERY or done == len(missing):
                    fresh = list(zip(missing[stored:done], np.vstack(pending)))
                    known.update(fresh)
                    if cache:
                        cache.put(embedder.cache_key, fresh)
                    pending, stored = [], done
    finally:
        if cache:
            cache.close()
    out = np.empty((len(keys), len(next(iter(known.values())))), dtype=np.float32)
    for row, key in enumerate(keys):
        out[row] = known[key]
    return out


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

    constants = f"{cache_key(resolve_info(settings.embedder))}|{threshold!r}"
    return cached_pairs("pairs", constants, texts, settings, compute)
