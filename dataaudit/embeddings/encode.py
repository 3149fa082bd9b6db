"""Embed texts through the cache: only texts the cache has not seen are encoded."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from ..settings import Settings
from .cache import EmbeddingCache, default_cache_dir, text_key
from .models import load_embedder


def embed_texts(texts: list[str], settings: Settings,
                progress: Optional[Callable[[str, int, Optional[int]], None]] = None) -> np.ndarray:
    progress = progress or (lambda stage, advance, total: None)
    embedder = load_embedder(settings.embedder)
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
            for start in range(0, len(missing), 4_096):
                chunk = missing[start : start + 4_096]
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
