"""Verified near-duplicate pairs: LSH candidates confirmed with rapidfuzz."""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from rapidfuzz.distance import Indel

from .minhash_lsh import MAX_SKETCH_CHARS, candidate_pairs, signatures

# A similarity that equals the threshold counts; floating point must not decide that.
_EPSILON = 1e-6
# Below this many texts every pair is compared directly: exact, and still fast.
ALL_PAIRS_LIMIT = 2_000


def similarity(a: str, b: str) -> float:
    """Normalized Indel similarity (rapidfuzz's fuzz.ratio / 100) on normalized text.

    1 - (insertions + deletions) / (len(a) + len(b)): a dropped or doubled word costs
    its length once, a typo costs 2, whatever the script.
    """
    return Indel.normalized_similarity(a[:MAX_SKETCH_CHARS], b[:MAX_SKETCH_CHARS])


def verified_near_pairs(texts: list[str], threshold: float,
                        progress: Optional[Callable[[str, int, Optional[int]], None]] = None
                        ) -> list[tuple[int, int, float]]:
    progress = progress or (lambda stage, advance, total: None)
    lengths = [min(len(t), MAX_SKETCH_CHARS) for t in texts]
    if len(texts) <= ALL_PAIRS_LIMIT:
        return _all_pairs(texts, threshold)
    else:
        progress("near-duplicate sketches", 0, len(texts))
        sigs = signatures(texts, on_progress=lambda n: progress("near-duplicate sketches", n, None))
        progress("near-duplicate candidates", 0, None)
        candidates = candidate_pairs(sigs)
        # Length filter, vectorized: most LSH candidates fail it before any string work.
        length_array = np.asarray(lengths, dtype=np.int64)
        la, lb = length_array[candidates[:, 0]], length_array[candidates[:, 1]]
        reachable = 1 - np.abs(la - lb) / np.maximum(la + lb, 1) >= threshold - _EPSILON
        candidates = candidates[reachable]
        progress("near-duplicate verification", 0, len(candidates))
    pairs = []
    cutoff = threshold - _EPSILON
    step = 100_000
    for start in range(0, len(candidates), step):
        for i, j in candidates[start : start + step].tolist():
            sim = Indel.normalized_similarity(texts[i][:MAX_SKETCH_CHARS], texts[j][:MAX_SKETCH_CHARS],
                                              score_cutoff=cutoff)
            if sim >= cutoff:
                pairs.append((i, j, round(sim, 4)))
        progress("near-duplicate verification", min(step, len(candidates) - start), None)
    pairs.sort()
    return pairs


def _all_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    from rapidfuzz.process import cdist

    clipped = [t[:MAX_SKETCH_CHARS] for t in texts]
    cutoff = threshold - _EPSILON
    matrix = cdist(clipped, clipped, scorer=Indel.normalized_similarity, score_cutoff=cutoff,
                   dtype=np.float32, workers=1)
    rows, cols = np.nonzero(np.triu(matrix, k=1) >= np.float32(cutoff))
    return [(int(i), int(j), round(similarity(texts[i], texts[j]), 4)) for i, j in zip(rows, cols)]
