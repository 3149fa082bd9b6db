"""Candidate pairs of similar texts: character 3-gram MinHash + LSH banding (datasketch).

Why character 3-grams: typos and small edits leave most 3-grams intact, short
texts still yield a usable set, and no word segmentation is needed, so Hindi,
Devanagari and code-mixed text work the same as English.

LSH only proposes candidates; the caller verifies each with an exact string
similarity, so a false candidate costs time, never a wrong finding.
"""

from __future__ import annotations

from typing import Callable, Iterator, Optional

import numpy as np

NUM_PERM = 128
# Bands x rows per band. With r=4 a pair whose 3-gram sets have Jaccard J becomes a
# candidate with probability 1-(1-J^4)^32: 0.74 at J=0.45, 0.99 at J=0.6, 0.9999 at
# J=0.75, and 0.003 at J=0.1 (unrelated short texts), which keeps buckets small. A
# 1-3-typo copy of a text of 40+ characters keeps J >= 0.6; short texts go lower (J is
# about (n-3k)/(n+3k) for k scattered typos among n 3-grams), so LSH misses some of
# them: measured, 3 of BANKING77's 589 injected typo pairs at >= 0.88 ("help me link my
# card" / "help m lnki my card") and 0-0.5% per language in
# benchmarks/multilingual_typos.py (Devanagari no worse than Latin). r=3 with 42 bands
# would propose more of them (0.98 at J=0.45) but made 5x the candidates and the
# near-duplicate step 2.5x slower on 100k BANKING77-like rows (17 s -> 43 s).
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


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """One uint64 bucket key per (text, band): an order-sensitive mix of the band's values."""
    keys = np.zeros((len(sigs), BANDS), dtype=np.uint64)
    for band in range(BANDS):
        block = sigs[:, band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].astype(np.uint64)
        key = np.zeros(len(sigs), dtype=np.uint64)
        for column in range(ROWS_PER_BAND):
            key = (key * np.uint64(0x9E3779B97F4A7C15)) ^ block[:, column]
        keys[:, band] = key
    return keys


def candidate_batches(sigs: np.ndarray, batch_pairs: int = 1_000_000,
                      on_band: Optional[Callable[[int], None]] = None) -> Iterator[np.ndarray]:
    """Index pairs (i < j) sharing at least one LSH band, each exactly once, in (k, 2) batches.

    Banding is done with numpy over the datasketch signatures: datasketch's
    MinHashLSH stores and queries key by key in Python dicts, which took 20 s for
    100k rows here; sorting each band's keys finds the same buckets in a fraction of
    that. A pair is yielded only for the first band it collides in (checked against
    the earlier bands' keys), so nothing is verified twice, and pairs stream in
    bounded batches instead of being collected: memory stays flat however many
    candidates a large or repetitive file produces.
    """
    if len(sigs) < 2:
        return
    keys = band_keys(sigs)
    for band in range(BANDS):
        for first, second in _bucket_pairs(keys[:, band], batch_pairs):
            if band:
                seen = np.zeros(len(first), dtype=bool)
                for earlier in range(band):
                    seen |= keys[first, earlier] == keys[second, earlier]
                first, second = first[~seen], second[~seen]
            if len(first):
                yield np.stack([first, second], axis=1)
        if on_band is not None:
            on_band(1)


def _bucket_pairs(key: np.ndarray, batch_pairs: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(i, j) arrays, i < j, for all items with equal keys, about batch_pairs at a time."""
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    # A bucket of thousands of distinct texts is a shared boilerplate shingle run, not
    # one duplicate group; its millions of pairs are nearly all false. Other bands
    # still pair up the real near-duplicates inside it.
    for size in np.unique(sizes[(sizes > 1) & (sizes <= MAX_BUCKET)]):
        bucket_starts = starts[sizes == size]
        first_index, second_index = np.triu_indices(size, k=1)
        per_chunk = max(1, batch_pairs // len(first_index))
        for chunk in range(0, len(bucket_starts), per_chunk):
            # Every bucket of this size at once: members as a (buckets, size) matrix.
            members = order[bucket_starts[chunk : chunk + per_chunk][:, None] + np.arange(size)]
            a = members[:, first_index].ravel().astype(np.int64)
            b = members[:, second_index].ravel().astype(np.int64)
            yield np.minimum(a, b), np.maximum(a, b)
