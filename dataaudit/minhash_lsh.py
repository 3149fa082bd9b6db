"""Candidate pairs of similar texts: character 3-gram MinHash + LSH banding (datasketch).

Why character 3-grams: typos and small edits leave most 3-grams intact, short
texts still yield a usable set, and no word segmentation is needed, so Hindi,
Devanagari and code-mixed text work the same as English.

LSH only proposes candidates; the caller verifies each with an exact string
similarity, so a false candidate costs time, never a wrong finding.
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

import numpy as np

NUM_PERM = 128
# Bands x rows per band. With r=4 a pair whose 3-gram sets have Jaccard J becomes a
# candidate with probability 1-(1-J^4)^32: 0.96 at J=0.45, 0.9995 at J=0.6, and
# 0.03 at J=0.1 (unrelated short texts), which keeps buckets small.
BANDS, ROWS_PER_BAND = 32, 4
SHINGLE = 3
# Texts longer than this are sketched from this many leading characters: enough to
# tell near-copies apart, and bounded memory for a pasted document.
MAX_SKETCH_CHARS = 20_000
_SEED = 1
MAX_BUCKET = 2_000


def shingles(text: str, size: int = SHINGLE) -> list[str]:
    text = text[:MAX_SKETCH_CHARS]
    if len(text) <= size:
        return [text]
    return [text[i : i + size] for i in range(len(text) - size + 1)]


def _shingle_hash(value: str) -> int:
    # Stable across processes (unlike hash()), so reports are reproducible.
    import zlib

    return zlib.crc32(value.encode("utf-8"))


def signatures(texts: list[str], on_progress: Optional[Callable[[int], None]] = None) -> np.ndarray:
    """A (len(texts), NUM_PERM) uint32 matrix of MinHash signatures."""
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=_shingle_hash)
    out = np.empty((len(texts), NUM_PERM), dtype=template.hashvalues.dtype)
    for index, text in enumerate(texts):
        sketch = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=_shingle_hash,
                         permutations=template.permutations, scheme=template.scheme)
        grams = list(dict.fromkeys(shingles(text)))
        for start in range(0, len(grams), 4096):  # bounded memory for long texts
            sketch.update_batch(grams[start : start + 4096])
        out[index] = sketch.hashvalues
        if on_progress is not None and index % 2000 == 1999:
            on_progress(2000)
    if on_progress is not None:
        on_progress(len(texts) % 2000)
    return out


def candidate_pairs(sigs: np.ndarray) -> np.ndarray:
    """Index pairs (i < j) that share at least one LSH band, each once, as an (n, 2) array.

    Banding is done with numpy over the datasketch signatures: datasketch's
    MinHashLSH stores and queries key by key in Python dicts, which took 20 s for
    100k rows here; sorting each band's hashes finds the same buckets in about 2 s.
    """
    count = len(sigs)
    if count < 2:
        return np.empty((0, 2), dtype=np.int64)
    found = []
    for band in range(BANDS):
        block = sigs[:, band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].astype(np.uint64)
        key = np.zeros(count, dtype=np.uint64)
        for column in range(ROWS_PER_BAND):  # an order-sensitive mix of the band's values
            key = (key * np.uint64(0x9E3779B97F4A7C15)) ^ block[:, column]
        # Pairs are kept as single int64 codes i * count + j: half the memory of (i, j)
        # rows, and duplicates across bands drop out with one sort.
        found.append(_sorted_unique(_pair_codes_in_buckets(key, count)))
    codes = _sorted_unique(np.concatenate(found))
    del found
    return np.stack([codes // count, codes % count], axis=1)


def _pair_codes_in_buckets(key: np.ndarray, count: int) -> np.ndarray:
    """i * count + j for all i < j whose keys are equal."""
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    pieces = []
    # A bucket of thousands of distinct texts is a shared boilerplate shingle run, not
    # one duplicate group; all its pairs would not fit in memory. Other bands still
    # pair up the real near-duplicates inside it.
    for size in np.unique(sizes[(sizes > 1) & (sizes <= MAX_BUCKET)]):
        # Every bucket of this size at once: members as a (buckets, size) matrix.
        members = order[starts[sizes == size][:, None] + np.arange(size)]
        first, second = np.triu_indices(size, k=1)
        a, b = members[:, first].ravel().astype(np.int64), members[:, second].ravel().astype(np.int64)
        pieces.append(np.minimum(a, b) * count + np.maximum(a, b))
    if not pieces:
        return np.empty(0, dtype=np.int64)
    return np.concatenate(pieces)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # np.unique on numpy 2.x takes a hash-based path that was 8x slower than sorting here.
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values
