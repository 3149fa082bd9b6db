"""Embed texts through the cache: only texts the cache has not seen are encoded."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from ..cache.files import default_cache_dir, text_key
from ..cache.keys import CachedResult
from ..config import Settings
from ..cache.pairs import cached_pairs
from ..workers import Workers
from .cache import EmbeddingCache
from .models import cache_key, encoded_form, load_embedder, resolve_info
from .neighbours import similar_pairs

# Vectors are stored after every this many new texts: what an interrupted scan loses (~3 s of
# work with `use` on 2 cores). The texts are encoded as one stream (the worker pool goes on
# while a slice is written), so the slice size costs little.
STORE_EVERY = 4_096


# Cached vectors are read this many keys at a time and copied into the result as they come:
# a 1M-text scan never holds all of them twice (as SQLite blobs and as the matrix).
READ_EVERY = 20_000


def embed_texts(texts: list[str], settings: Settings,
                progress: Optional[Callable[[str, int, Optional[int]], None]] = None,
                workers: Optional[Workers] = None) -> np.ndarray:
    """One vector per text (normalized), the cached ones read, the rest encoded (in `workers`:
    the executor's processes; every core when None) and stored as they come."""
    progress = progress or (lambda stage, advance, total: None)
    embedder = load_embedder(settings.embedder, settings.cache_dir, progress)
    stage = f"embedding ({embedder.info.name})"
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    keys = [text_key(encoded_form(t)) for t in texts]  # the form the model reads (clipped, blank as " ")
    unique = list(dict.fromkeys(keys))
    out = _Rows(unique)
    cache = EmbeddingCache(settings.cache_dir or default_cache_dir()) if settings.use_cache else None
    try:
        if cache:
            for start in range(0, len(unique), READ_EVERY):
                for key, vector in cache.get(embedder.cache_key, unique[start : start + READ_EVERY]).items():
                    out.put([key], vector[None, :])
        missing = [k for k in unique if not out.has(k)]
        progress(stage, 0, len(missing))
        if missing:
            text_of = dict(zip(keys, texts))
            # One stream of batches, stored in slices as they come: an interrupted scan keeps what
            # it finished, and the worker pool encodes the next batches while a slice is written.
            pending: list[np.ndarray] = []
            stored = 0
            for vectors in embedder.batches([text_of[k] for k in missing], batch_size=min(256, STORE_EVERY),
                                            workers=workers):
                pending.append(vectors)
                progress(stage, len(vectors), None)
                done = stored + sum(map(len, pending))
                if done - stored >= STORE_EVERY or done == len(missing):
                    block = np.vstack(pending)
                    if not out.put(missing[stored:done], block):
                        raise ValueError(f"the embedder returned {block.shape[1]}-d vectors where the cache holds "
                                         f"{out.matrix.shape[1]}-d ones for the same model key")
                    if cache:
                        cache.put(embedder.cache_key, list(zip(missing[stored:done], block)))
                    pending, stored = [], done
    finally:
        if cache:
            cache.close()
    return out.matrix if len(unique) == len(keys) else out.matrix[[out.row[k] for k in keys]]


class _Rows:
    """The result matrix, one row per distinct key, filled as vectors arrive (cache or model)."""

    def __init__(self, keys: list[bytes]):
        self.row = {k: i for i, k in enumerate(keys)}
        self.matrix = np.zeros((len(keys), 1), dtype=np.float32)
        self._filled = np.zeros(len(keys), dtype=bool)
        self._width: Optional[int] = None

    def put(self, keys: list[bytes], vectors: np.ndarray) -> bool:
        """False (and nothing stored) for vectors of another width than those before."""
        if self._width != vectors.shape[1]:
            if self._width is not None:
                return False
            self._width = vectors.shape[1]  # the first vectors tell the model's width
            self.matrix = np.zeros((len(self.row), self._width), dtype=np.float32)
        rows = [self.row[k] for k in keys]
        self.matrix[rows] = vectors
        self._filled[rows] = True
        return True

    def has(self, key: bytes) -> bool:
        return bool(self._filled[self.row[key]])


def similar_text_pairs(texts: list[str], vectors, settings: Settings, threshold: float,
                       progress: Optional[Callable[[str, int, Optional[int]], None]] = None
                       ) -> list[tuple[int, int, float]]:
    """similar_pairs(), remembered on disk for the same model, threshold and texts in the same
    order: a re-scan of an unchanged file skips the O(n^2) neighbour search."""
    progress = progress or (lambda stage, advance, total: None)

    def compute() -> list[tuple[int, int, float]]:
        progress("semantic neighbours", 0, len(texts))
        return similar_pairs(vectors, threshold, on_progress=lambda n: progress("semantic neighbours", n, None))

    return cached_pairs(NEIGHBOUR_PAIRS, texts, settings, compute,
                        model=cache_key(resolve_info(settings.embedder)), threshold=threshold)


# The neighbour search's pairs depend on the vectors (the model's cache key), the threshold and
# the search code; the search runs on torch or numpy, whose versions can move the last digit.
NEIGHBOUR_PAIRS = CachedResult("pairs", code=("dataaudit.embeddings.encode:similar_text_pairs",),
                               values=("model", "threshold"), packages=("numpy", "torch"))
