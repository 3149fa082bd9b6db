"""Verified near-duplicate pairs: LSH candidates confirmed with rapidfuzz."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from rapidfuzz.distance import Indel

from ..workers import Workers, allowed
from .minhash_lsh import BANDS, candidate_batches, signatures

# A similarity that equals the threshold counts; floating point must not decide that.
_EPSILON = 1e-6
# Candidates whose MinHash-estimated 3-gram Jaccard is below this floor are not
# verified. Measured on BANKING77 with 1,500 injected typo copies: the lowest estimate
# among true pairs (similarity >= 0.88) was 0.40, and the floor skips 56% of candidates
# (benchmarks/accuracy.py still reports the same recall). Texts under 20 characters have
# so few 3-grams that one typo moves Jaccard a lot ("helo"/"hello" is 0.25), so they are
# always verified.
_JACCARD_FLOOR = 0.25
_JACCARD_MIN_CHARS = 20
# Below this many texts (and characters in all) every pair is compared directly:
# exact, and still fast. Long texts go through LSH even when few: all-pairs cost
# grows with the square of the text length.
ALL_PAIRS_LIMIT = 2_000
ALL_PAIRS_MAX_CHARS = 400_000
# Texts longer than this are compared on their first and last halves of it: the
# comparison cost grows with the product of the lengths.
MAX_COMPARE_CHARS = 100_000


def undoubled(text: str) -> str:
    """The text with a word or two-word phrase typed twice in a row said once ("what what is",
    "don t don t"): the same example with a typo-level slip."""
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        if out and word == out[-1]:
            continue
        if len(out) >= 3 and [out[-1], word] == out[-3:-1]:
            out.pop()
            continue
        out.append(word)
    return " ".join(out)


def doubled_word_pairs(texts: list[str]) -> list[tuple[int, int, float]]:
    """Pairs of texts that are the same once a doubled word is said once. A doubled word costs its
    length in the similarity, so a short text with one ("weather weather in new york", 0.87) falls
    below the threshold a longer one clears; they are near-duplicates at any length and keep
    their true similarity."""
    collapsed = {index: undoubled(text) for index, text in enumerate(texts)}
    collapsed = {index: key for index, key in collapsed.items() if key != texts[index]}
    if not collapsed:
        return []
    wanted = set(collapsed.values())
    groups: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        key = collapsed.get(index, text)
        if key in wanted:
            groups.setdefault(key, []).append(index)
    return [(i, j, similarity(texts[i], texts[j])) for members in groups.values()
            for k, i in enumerate(members) for j in members[k + 1:]]


def similarity(a: str, b: str) -> float:
    """Normalized Indel similarity (rapidfuzz's fuzz.ratio / 100) on normalized text.

    1 - (insertions + deletions) / (len(a) + len(b)): a dropped or doubled word costs its
    length once, a typo costs 2, whatever the script.
    """
    return _compare(a, b, 0.0)


def _clip(text: str) -> str:
    if len(text) <= MAX_COMPARE_CHARS:
        return text
    half = MAX_COMPARE_CHARS // 2
    return text[:half] + text[-half:]


def _compare(a: str, b: str, cutoff: float) -> float:
    sim = Indel.normalized_similarity(_clip(a), _clip(b), score_cutoff=cutoff)
    # Clipped long texts can agree where the texts do not: never call distinct texts identical.
    return min(sim, 0.9999) if sim >= 1.0 and a != b else sim


def verified_near_pairs(texts: list[str], threshold: float,
                        progress: Optional[Callable[[str, int, Optional[int]], None]] = None,
                        workers: Optional[Workers] = None,
                        sketches: Optional[Callable[[], np.ndarray]] = None,
                        lsh: Optional[Callable] = None) -> list[tuple[int, int, float]]:
    """(i, j, similarity) for every pair of texts at or above the threshold that LSH proposes, and
    every pair one doubled word apart (doubled_word_pairs). `workers`: the processes the bands
    may be verified in (the executor's; every core when None). `sketches`: gives the texts'
    MinHash signatures (near_sketches), when a caller computed them as a step of their own;
    called only when LSH is used. `lsh`: what finds the pairs from the signatures, as
    lsh_pairs does (an executor's own: engine/ray_stages.py groups the bands on Ray)."""
    doubled = doubled_word_pairs(texts)
    if not uses_lsh(texts):
        return _merged(_all_pairs(texts, threshold), doubled)
    sigs = sketches() if sketches is not None else near_sketches(texts, progress)
    return _merged((lsh or lsh_pairs)(texts, sigs, threshold, progress, allowed(workers)), doubled)


def uses_lsh(texts: list[str]) -> bool:
    """Whether verified_near_pairs proposes pairs by LSH (else it compares every pair: small files)."""
    return len(texts) > ALL_PAIRS_LIMIT or sum(map(len, texts)) > ALL_PAIRS_MAX_CHARS


SKETCHING = "near-duplicate sketches"  # the progress line, here and in the scan's stage (stages/near.py)


def near_sketches(texts: list[str], progress: Optional[Callable[[str, int, Optional[int]], None]] = None
                  ) -> np.ndarray:
    """The texts' MinHash signatures (a row-wise step: any slice of texts can be sketched apart)."""
    progress = progress or (lambda stage, advance, total: None)
    progress(SKETCHING, 0, len(texts))
    return signatures(texts, on_progress=lambda n: progress(SKETCHING, n, None))


def _merged(pairs: list[tuple[int, int, float]], doubled: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The verified pairs, and the doubled-word pairs they lack (those below the threshold)."""
    if not doubled:
        return pairs
    found = {pair[:2] for pair in pairs}
    return sorted(pairs + [pair for pair in doubled if pair[:2] not in found])


# From this many texts the LSH bands are verified in worker processes, a share of the bands
# each: a pair is verified only in the first band it collides in, so the shares' pairs are
# disjoint and their union is what one process finds. Interleaved groups balance the work
# (later bands check more earlier ones). Measured in the README (Speed).
PARALLEL_FROM_TEXTS = 100_000
BAND_GROUPS = 4


def lsh_pairs(texts: list[str], sigs: np.ndarray, threshold: float,
               progress: Optional[Callable[[str, int, Optional[int]], None]], workers: Workers
               ) -> list[tuple[int, int, float]]:
    progress = progress or (lambda stage, advance, total: None)
    progress("near-duplicate LSH bands + verification", 0, BANDS)

    def advance(bands: int) -> None:
        progress("near-duplicate LSH bands + verification", bands, None)

    shared = (texts, sigs, *compared_lengths(texts), threshold)
    groups = [list(range(g, BANDS, BAND_GROUPS)) for g in range(BAND_GROUPS)]
    found: dict[int, tuple] = {}
    if len(texts) >= PARALLEL_FROM_TEXTS:
        found = _in_workers(shared, groups, advance, workers)
    for g, bands in enumerate(groups):  # small files, one core, or what a failed pool left
        if g not in found:
            found[g] = verified_in_bands(*shared, bands, advance)
    first, second, sims = (np.concatenate([found[g][k] for g in range(len(groups))]) for k in range(3))
    order = np.lexsort((second, first))
    return list(zip(first[order].tolist(), second[order].tolist(), sims[order].tolist()))


def _in_workers(shared: tuple, groups: list[list[int]], advance, workers: Workers) -> dict[int, tuple]:
    found: dict[int, tuple] = {}
    for g, result in workers.each(verified_in_bands, {g: (*shared, bands) for g, bands in enumerate(groups)}):
        found[g] = result
        advance(len(groups[g]))
    return found


def verified_in_bands(texts: list[str], sigs: np.ndarray, lengths: np.ndarray, counts: tuple, threshold: float,
                      bands, on_band: Optional[Callable[[int], None]] = None
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, second, similarity) arrays of the pairs at or above the threshold among the
    candidates of these LSH bands (each pair in the first band it collides in). `lengths` and
    `counts` (char_counts) are of the texts as compared (_clip)."""
    cutoff = threshold - _EPSILON

    def could_reach(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        # Two exact bounds, vectorized, before any string work (and before LSH's
        # seen-in-an-earlier-band check): Indel distance is at least the length difference,
        # which most candidates fail, and then the shared-characters bound.
        la, lb = lengths[first], lengths[second]
        keep = np.flatnonzero(1 - np.abs(la - lb) / np.maximum(la + lb, 1) >= cutoff)
        pairs = np.stack([first[keep], second[keep]], axis=1)
        keep = keep[_shared_chars_bound(counts, pairs, la[keep] + lb[keep]) >= cutoff]
        mask = np.zeros(len(first), dtype=bool)
        mask[keep] = True
        return mask

    first, second, sims = [], [], []
    for batch in candidate_batches(sigs, on_band=on_band, keep=could_reach, bands=bands):
        shortest = np.minimum(lengths[batch[:, 0]], lengths[batch[:, 1]])
        batch = batch[(shortest < _JACCARD_MIN_CHARS) | (_estimated_jaccard(sigs, batch) >= _JACCARD_FLOOR)]
        for i, j in batch.tolist():
            sim = _compare(texts[i], texts[j], cutoff)
            if sim >= cutoff:
                first.append(i)
                second.append(j)
                sims.append(sim)
    return (np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64),
            np.asarray(sims, dtype=np.float64))


def verify_candidates(texts: list[str], sigs: np.ndarray, lengths: np.ndarray, counts: tuple, threshold: float,
                      keys: np.ndarray, first: np.ndarray, second: np.ndarray, band: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """verified_in_bands' judgement of candidate pairs (first < second) given with the band each
    collides in (keys: minhash_lsh.band_keys): a pair that also collides in an earlier band is left
    to that band, the exact bounds and the Jaccard floor rule out most of the rest, rapidfuzz
    verifies what is left. The same pairs and similarities, whatever grouped the bands."""
    cutoff = threshold - _EPSILON
    la, lb = lengths[first], lengths[second]
    keep = np.flatnonzero(1 - np.abs(la - lb) / np.maximum(la + lb, 1) >= cutoff)
    first, second, band = first[keep], second[keep], band[keep]
    pairs = np.stack([first, second], axis=1)
    keep = _shared_chars_bound(counts, pairs, lengths[first] + lengths[second]) >= cutoff
    first, second, band = first[keep], second[keep], band[keep]
    earlier = (keys[first] == keys[second]) & (np.arange(keys.shape[1])[None, :] < band[:, None])
    keep = ~earlier.any(axis=1)
    first, second = first[keep], second[keep]
    batch = np.stack([first, second], axis=1)
    shortest = np.minimum(lengths[first], lengths[second])
    batch = batch[(shortest < _JACCARD_MIN_CHARS) | (_estimated_jaccard(sigs, batch) >= _JACCARD_FLOOR)]
    out = [(i, j, sim) for i, j in batch.tolist() if (sim := _compare(texts[i], texts[j], cutoff)) >= cutoff]
    return (np.asarray([o[0] for o in out], dtype=np.int64), np.asarray([o[1] for o in out], dtype=np.int64),
            np.asarray([o[2] for o in out], dtype=np.float64))


def compared_lengths(texts: list[str]) -> tuple[np.ndarray, tuple]:
    """The lengths and character counts of the texts as they are compared (clipped): the bounds'
    inputs, for verified_in_bands and verify_candidates."""
    clipped = [_clip(t) for t in texts]
    return np.asarray([len(t) for t in clipped], dtype=np.int64), char_counts(clipped)


# Character counts per text in COUNT_BUCKETS buckets: ASCII letters (either case), digits and
# space get a bucket each, other characters share the rest by code point. Merging characters
# into a bucket only loosens the bound below, never breaks it.
COUNT_BUCKETS = 64
_ASCII_BUCKET = np.array([(c | 32) - ord("a") if chr(c).isalpha() else
                          26 + c - ord("0") if chr(c).isdigit() else
                          36 if c == 32 else 37 + c % 27 for c in range(128)], dtype=np.int64)


def char_counts(texts: list[str], chunk: int = 50_000) -> tuple[np.ndarray, np.ndarray]:
    """(len(texts), COUNT_BUCKETS) uint8 counts, and which texts have more than 255 of one
    bucket: those are past what uint8 holds, and every pair with one of them is verified."""
    out = np.empty((len(texts), COUNT_BUCKETS), dtype=np.uint8)
    over = np.zeros(len(texts), dtype=bool)
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        points = np.frombuffer("".join(part).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        buckets = np.where(points < 128, _ASCII_BUCKET[np.minimum(points, 127)], points % COUNT_BUCKETS)
        rows = np.repeat(np.arange(len(part)), [len(t) for t in part])
        counts = np.bincount(rows * COUNT_BUCKETS + buckets, minlength=len(part) * COUNT_BUCKETS)
        counts = counts.reshape(len(part), COUNT_BUCKETS)
        over[start : start + len(part)] = (counts > 255).any(axis=1)
        out[start : start + len(part)] = np.minimum(counts, 255)
    return out, over


def _shared_chars_bound(counts: tuple[np.ndarray, np.ndarray], pairs: np.ndarray,
                        total_lengths: np.ndarray) -> np.ndarray:
    """An upper bound on each pair's Indel similarity: 2 LCS / (|a| + |b|), and a common
    subsequence uses each character no more often than both texts have it, so
    LCS <= sum over buckets of min(count_a, count_b). Exact: it never drops a pair that
    would verify. On 100k spliced BANKING77 rows it rules out two in three of the candidates
    the length bound leaves."""
    matrix, over = counts
    out = np.empty(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), 200_000):  # bounded temporary memory
        chunk = pairs[start : start + 200_000]
        shared = np.minimum(matrix[chunk[:, 0]], matrix[chunk[:, 1]]).sum(axis=1, dtype=np.int64)
        bound = 2 * shared / np.maximum(total_lengths[start : start + len(chunk)], 1)
        out[start : start + len(chunk)] = np.where(over[chunk[:, 0]] | over[chunk[:, 1]], np.inf, bound)
    return out


def _estimated_jaccard(sigs: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    out = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), 200_000):  # bounded temporary memory
        chunk = pairs[start : start + 200_000]
        out[start : start + len(chunk)] = (sigs[chunk[:, 0]] == sigs[chunk[:, 1]]).mean(axis=1)
    return out


def _all_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    from rapidfuzz.process import cdist

    clipped = [_clip(t) for t in texts]
    cutoff = threshold - _EPSILON
    matrix = cdist(clipped, clipped, scorer=Indel.normalized_similarity, score_cutoff=cutoff,
                   dtype=np.float32, workers=1)
    rows, cols = np.nonzero(np.triu(matrix, k=1) >= np.float32(cutoff))
    return [(int(i), int(j), similarity(texts[i], texts[j])) for i, j in zip(rows, cols)]
