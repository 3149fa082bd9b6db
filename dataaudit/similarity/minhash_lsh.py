"""Candidate pairs of similar texts: character 3-gram MinHash + LSH banding (datasketch).

Why character 3-grams: typos and small edits leave most 3-grams intact, short
texts still yield a usable set, and no word segmentation is needed, so Hindi,
Devanagari and code-mixed text work the same as English.

LSH only proposes candidates; the caller verifies each with an exact string
similarity, so a false candidate costs time, never a wrong finding.
"""

from __future__ import annotations

from typing import Callable, Iterator, Optional, Sequence

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
    """A (len(texts), NUM_PERM) uint32 matrix of MinHash signatures: datasketch's MinHash of each
    text's 3-gram set, the same values bit for bit (tests/test_minhash_sketch.py), computed for
    many texts at once. datasketch's update_batch costs ~60 us of numpy overhead per text: 6 s of
    100k spliced BANKING77 rows, over a minute at 1M on 2 cores; this takes a fraction of that."""
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=_shingle_hash)
    if getattr(template, "scheme", None) != "affine32":  # a datasketch whose maths this does not copy
        return _signatures_one_by_one(texts, template, on_progress)
    a, b = (np.asarray(p, dtype=np.uint32)[:, None] for p in template.permutations)
    out = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    buffer = np.empty((NUM_PERM, _ROUND), dtype=np.uint32)
    for first in range(0, len(texts), _TEXTS_HASHED):
        group = [t[:MAX_SKETCH_CHARS] for t in texts[first : first + _TEXTS_HASHED]]
        hashes, counts = _shingle_hashes(group)
        hashes = _fmix32(hashes)
        ends = np.cumsum(counts)
        starts = ends - counts
        k = 0
        while k < len(group):
            # Whole texts, about _ROUND 3-grams a round: a small buffer, reused, stays in cache
            # (one 600 MB product for 20k texts took 80x as long).
            stop = max(int(np.searchsorted(ends, starts[k] + _ROUND, side="right")), k + 1)
            values = hashes[starts[k] : ends[stop - 1]]
            if len(values) > buffer.shape[1]:
                buffer = np.empty((NUM_PERM, len(values)), dtype=np.uint32)
            work = buffer[:, : len(values)]
            np.multiply(a, values[None, :], out=work)  # uint32 arithmetic wraps, as datasketch's does
            np.add(work, b, out=work)
            out[first + k : first + stop] = np.minimum.reduceat(work, starts[k:stop] - starts[k], axis=1).T
            k = stop
        if on_progress is not None:
            on_progress(len(group))
    return out


# Texts whose 3-grams are hashed in one go, and 3-grams permuted per round (8k x 128 x 4 bytes).
_TEXTS_HASHED = 20_000
_ROUND = 8_192


def _crc_table() -> np.ndarray:
    """The byte table of CRC-32 (reflected polynomial 0xEDB88320), the one zlib.crc32 uses."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0xEDB88320 if crc & 1 else 0)
        table.append(crc)
    return np.array(table, dtype=np.uint32)


_CRC_TABLE = _crc_table()


def _crc32_of_3_bytes(data: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """zlib.crc32 of data[s:s+3] for every s, vectorized (the table-driven CRC-32, byte by byte)."""
    crc = np.full(len(starts), 0xFFFFFFFF, dtype=np.uint32)
    for offset in range(SHINGLE):
        crc = _CRC_TABLE[(crc ^ data[starts + offset]) & 0xFF] ^ (crc >> np.uint32(8))
    return crc ^ np.uint32(0xFFFFFFFF)


def _shingle_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The crc32 of every 3-gram of every text, in text order, and how many each text has. A
    pure-ASCII text's 3-grams are its 3-byte windows, hashed all at once; other texts (and
    those of 3 characters or fewer) go through zlib one 3-gram at a time."""
    import zlib

    counts = np.array([max(len(t) - SHINGLE + 1, 1) for t in texts], dtype=np.int64)
    offsets = np.r_[0, np.cumsum(counts)]
    out = np.empty(int(offsets[-1]), dtype=np.uint32)
    is_fast = [len(t) > SHINGLE and t.isascii() for t in texts]
    fast = [k for k, flag in enumerate(is_fast) if flag]
    if fast:
        data = np.frombuffer("".join(texts[k] for k in fast).encode("ascii"), dtype=np.uint8)
        lengths = np.array([len(texts[k]) for k in fast], dtype=np.int64)
        windows = counts[fast]
        # Window starts in the joined bytes, and where each window's hash goes in `out`.
        text_starts = np.r_[0, np.cumsum(lengths)[:-1]]
        step = np.arange(int(windows.sum()), dtype=np.int64) - np.repeat(np.r_[0, np.cumsum(windows)[:-1]], windows)
        out[np.repeat(offsets[fast], windows) + step] = _crc32_of_3_bytes(data, np.repeat(text_starts, windows) + step)
    for k, flag in enumerate(is_fast):
        if not flag:
            out[offsets[k] : offsets[k + 1]] = [zlib.crc32(g.encode("utf-8")) for g in shingles(texts[k])]
    return out, counts


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each hash."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def _signatures_one_by_one(texts: list[str], template, on_progress) -> np.ndarray:
    from datasketch import MinHash

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
                      on_band: Optional[Callable[[int], None]] = None,
                      keep: Optional[Callable[[np.ndarray, np.ndarray], np.ndarray]] = None,
                      bands: Optional[Sequence[int]] = None) -> Iterator[np.ndarray]:
    """Index pairs (i < j) sharing at least one LSH band, each exactly once, in (k, 2) batches.

    Banding is done with numpy over the datasketch signatures: datasketch's
    MinHashLSH stores and queries key by key in Python dicts, which took 20 s for
    100k rows here; sorting each band's keys finds the same buckets in a fraction of
    that. A pair is yielded only for the first band it collides in (checked against
    the earlier bands' keys), so nothing is verified twice, and pairs stream in
    bounded batches instead of being collected: memory stays flat however many
    candidates a large or repetitive file produces. `keep(first, second)`, a boolean mask,
    drops pairs the caller can rule out cheaply before that check (it must judge a pair the
    same way in every band). `bands`: only these bands' pairs (all by default), still each
    only if no earlier band has it, so disjoint sets of bands give disjoint pairs.
    """
    if len(sigs) < 2:
        return
    keys = band_keys(sigs)
    for band in (range(BANDS) if bands is None else bands):
        for first, second in _bucket_pairs(keys[:, band], batch_pairs):
            if keep is not None:
                wanted = keep(first, second)
                first, second = first[wanted], second[wanted]
            if band:
                # One gather of each pair's earlier keys (contiguous in a row), not one per band.
                seen = (keys[first, :band] == keys[second, :band]).any(axis=1)
                first, second = first[~seen], second[~seen]
            if len(first):
                yield np.stack([first, second], axis=1)
        if on_band is not None:
            on_band(1)


def oversized_buckets(sigs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The LSH buckets too large to pair (more than MAX_BUCKET texts share a band's key: candidate
    pairs left unverified in that band): each one's size, and the texts in any of them, sorted.
    Those texts are still paired through their other bands; a text whose every band is in such
    a bucket is compared with none."""
    if len(sigs) <= MAX_BUCKET:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = band_keys(sigs)
    sizes, members = [], []
    for band in range(BANDS):
        order = np.argsort(keys[:, band], kind="stable")
        ordered = keys[order, band]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        counts = np.diff(np.r_[starts, len(ordered)])
        for start, count in zip(starts[counts > MAX_BUCKET].tolist(), counts[counts > MAX_BUCKET].tolist()):
            sizes.append(count)
            members.append(order[start : start + count])
    texts = np.unique(np.concatenate(members)) if members else np.zeros(0, dtype=np.int64)
    return np.asarray(sizes, dtype=np.int64), texts.astype(np.int64)


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
