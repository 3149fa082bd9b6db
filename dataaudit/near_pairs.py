"""Verified near-duplicate pairs: LSH candidates confirmed with rapidfuzz."""

from __future__ import annotations

from typing import Callable, Optional

from rapidfuzz.distance import Indel

from .minhash_lsh import MAX_SKETCH_CHARS, candidate_pairs, signatures

# Below this many texts every pair is compared directly: exact, and still fast.
ALL_PAIRS_LIMIT = 2_000


def similarity(a: str, b: str) -> float:
    """Normalized Indel similarity (rapidfuzz's fuzz.ratio / 100) on normalized text.

    1 - (insertions + deletions) / (len(a) + len(b)): a dropped or doubled word costs
    its length once, a typo costs 2, whatever the script.
    """
    return Indel.normalized_similarity(a[:MAX_SKETCH_CHARS], b[:MAX_SKETCH_CHARS])


def _could_reach(len_a: int, len_b: int, threshold: float) -> bool:
    # Indel distance is at least the length difference, so similarity is at most this.
    return 1 - abs(len_a - len_b) / max(len_a + len_b, 1) >= threshold


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
        candidates = candidate_pairs(sigs)
    pairs = []
    for i, j in candidates:
        if not _could_reach(lengths[i], lengths[j], threshold):
            continue
        sim = Indel.normalized_similarity(texts[i][:MAX_SKETCH_CHARS], texts[j][:MAX_SKETCH_CHARS],
                                          score_cutoff=threshold)
        if sim >= threshold:
            pairs.append((i, j, round(sim, 4)))
    pairs.sort()
    return pairs


def _all_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    import numpy as np
    from rapidfuzz.process import cdist

    clipped = [t[:MAX_SKETCH_CHARS] for t in texts]
    matrix = cdist(clipped, clipped, scorer=Indel.normalized_similarity, score_cutoff=threshold,
                   dtype=np.float32, workers=1)
    rows, cols = np.nonzero(np.triu(matrix, k=1) >= threshold)
    return [(int(i), int(j), round(similarity(texts[i], texts[j]), 4)) for i, j in zip(rows, cols)]
