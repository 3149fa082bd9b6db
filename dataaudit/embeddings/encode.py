"""Embed texts through the cache: only texts the cache has not seen are encoded."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

import numpy as np

from ..config import Settings
from .cache import EmbeddingCache, default_cache_dir, read_arrays, text_key, write_arrays
from .models import cache_key, load_embedder, resolve_info


# Vectors are stored after every this many new texts: what an interrupted scan loses.
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
    import hashlib

    from .neighbours import similar_pairs

    progress = progress or (lambda stage, advance, total: None)
    stage = "semantic neighbours"
    cache_file = None
    if settings.use_cache and len(texts) > 1:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{cache_key(resolve_info(settings.embedder))}|{threshold!r}|".encode())
        for text in texts:
            digest.update(text_key(text))
        folder = Path(settings.cache_dir or default_cache_dir()) / "pairs"
        cache_file = folder / f"{digest.hexdigest()}.npz"
        stored = _read_pairs(cache_file, len(texts))
        if stored is not None:
            return stored
    progress(stage, 0, len(texts))
    pairs = similar_pairs(vectors, threshold, on_progress=lambda n: progress(stage, n, None))
    if cache_file is not None:
        _store_pairs(cache_file, pairs)
    return pairs


def _read_pairs(path: Path, rows: int) -> Optional[list[tuple[int, int, float]]]:
    """A stored entry, or None when there is none or it is damaged (then it is recomputed and
    rewritten): truncated, empty, garbage, or arrays that cannot be this file's pairs."""
    stored = read_arrays(path, "pairs", "sims")
    if stored is None:
        return None
    pairs, sims = stored["pairs"], stored["sims"]
    if (pairs.ndim != 2 or pairs.shape[1] != 2 or pairs.dtype.kind not in "iu" or sims.shape != (len(pairs),)
            or sims.dtype.kind != "f" or not np.isfinite(sims).all()):
        return None
    if len(pairs) and (pairs.min() < 0 or pairs.max() >= rows or (pairs[:, 0] == pairs[:, 1]).any()):
        return None
    return [(int(i), int(j), float(s)) for (i, j), s in zip(pairs, sims)]


def _store_pairs(path: Path, pairs: list[tuple[int, int, float]]) -> None:
    write_arrays(path, pairs=np.asarray([(i, j) for i, j, _ in pairs], dtype=np.int64).reshape(-1, 2),
                 sims=np.asarray([s for _, _, s in pairs], dtype=np.float32))
