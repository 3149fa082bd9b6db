"""Pair lists remembered on disk, so a re-scan of an unchanged file skips its pair searches:
the semantic neighbours (an O(n^2) product) and the near-duplicate pairs (MinHash sketches,
LSH bands and rapidfuzz verification: ~18 s of a 100k-row re-scan).

An entry is keyed by everything its pairs depend on: what the caller's CachedResult declares
(cache/keys.py: the code that computes them, derived from the source; the settings and values
they read, such as the model's cache key and the threshold; package versions) and the texts in
order.
Entries sit beside the embedding cache (`pairs/KEY.npz`, `near_pairs/KEY.npz`), written
atomically; a damaged or implausible entry is recomputed and rewritten, never an error,
and a read-only cache folder only means nothing is written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from .files import default_cache_dir, read_arrays, text_key, write_arrays

Pairs = list[tuple[int, int, float]]


def cached_pairs(result, texts: Sequence[str], settings, compute: Callable[[], Pairs], **values) -> Pairs:
    """compute()'s pairs, from the cache when it has them (never with --no-cache, or for under
    two texts, which have no pairs to save). `result` is the CachedResult declaring what they
    depend on; `values` are the values it declares."""
    if not settings.use_cache or len(texts) < 2:
        return compute()
    path = _entry(result, texts, settings, values)
    stored = _read(path, len(texts))
    if stored is not None:
        return stored
    pairs = compute()
    _store(path, pairs)
    return pairs


def cached_arrays(result, texts: Sequence[str], settings, names: tuple[str, ...],
                  compute: Callable[[], dict[str, np.ndarray]], plausible: Callable[[dict[str, np.ndarray]], bool],
                  **values) -> dict[str, np.ndarray]:
    """compute()'s arrays (named `names`), from the cache when it has them and `plausible`
    accepts them (an entry of another shape is recomputed and rewritten); keyed as cached_pairs."""
    if not settings.use_cache or len(texts) < 2:
        return compute()
    path = _entry(result, texts, settings, values)
    stored = read_arrays(path, *names)
    if stored is not None and plausible(stored):
        return stored
    arrays = compute()
    write_arrays(path, **arrays)
    return arrays


def _entry(result, texts: Sequence[str], settings, values: dict) -> Path:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{result.key(settings, **values)}|".encode())
    for text in texts:
        digest.update(text_key(text))
    return Path(settings.cache_dir or default_cache_dir()) / result.folder / f"{digest.hexdigest()}.npz"


def _read(path: Path, rows: int) -> Optional[Pairs]:
    """A stored entry, or None when there is none or it cannot be this file's pairs: truncated,
    empty, garbage, or indices out of range."""
    stored = read_arrays(path, "pairs", "sims")
    if stored is None:
        return None
    pairs, sims = stored["pairs"], stored["sims"]
    if (pairs.ndim != 2 or pairs.shape[1] != 2 or pairs.dtype.kind not in "iu" or sims.shape != (len(pairs),)
            or sims.dtype.kind != "f" or not np.isfinite(sims).all()):
        return None
    if len(pairs) and (pairs.min() < 0 or pairs.max() >= rows or (pairs[:, 0] == pairs[:, 1]).any()):
        return None
    return [(int(i), int(j), float(s)) for (i, j), s in zip(pairs.tolist(), sims.tolist())]


def _store(path: Path, pairs: Pairs) -> None:
    # float64: near-duplicate similarities are compared with the threshold again on the way out,
    # so a re-scan must see the very numbers the cold scan saw.
    write_arrays(path, pairs=np.asarray([(i, j) for i, j, _ in pairs], dtype=np.int64).reshape(-1, 2),
                 sims=np.asarray([s for _, _, s in pairs], dtype=np.float64))
