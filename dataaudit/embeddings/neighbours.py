"""Pairs of vectors at or above a cosine threshold.

Exact blocked matrix products up to EXACT_LIMIT vectors; beyond that an HNSW index
(usearch), whose recall of true pairs is measured in benchmarks/semantic_scale.py.
Why usearch over faiss-cpu: one small wheel with no BLAS/OpenMP conflicts with
torch, an exact-cosine metric on normalized float32, and k-NN search of 100k
vectors in seconds on 2 cores.
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

EXACT_LIMIT = 20_000
BLOCK = 2_048
# Neighbours asked of the index per vector: a text with more near-copies than this
# keeps its closest ones, which is enough to group it.
NEIGHBOURS = 50


def similar_pairs(vectors: np.ndarray, threshold: float,
                  on_progress: Optional[Callable[[int], None]] = None) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j and cosine >= threshold."""
    if len(vectors) < 2:
        return []
    if len(vectors) <= EXACT_LIMIT:
        return _exact(vectors, threshold, on_progress)
    return _approximate(vectors, threshold, on_progress)


def cross_pairs(left: np.ndarray, right: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """(i in left, j in right, cosine) at or above the threshold, exactly, blocked."""
    out = []
    for start in range(0, len(left), BLOCK):
        sims = left[start : start + BLOCK] @ right.T
        rows, cols = np.nonzero(sims >= threshold)
        out.extend((int(start + i), int(j), float(sims[i, j])) for i, j in zip(rows, cols))
    return out


def _exact(vectors, threshold, on_progress):
    out = []
    for start in range(0, len(vectors), BLOCK):
        block = vectors[start : start + BLOCK]
        sims = block @ vectors[start:].T  # only j >= i: the upper triangle
        rows, cols = np.nonzero(sims >= threshold)
        keep = cols > rows
        out.extend((int(start + i), int(start + j), float(sims[i, j])) for i, j in zip(rows[keep], cols[keep]))
        if on_progress is not None:
            on_progress(len(block))
    return out


def _approximate(vectors, threshold, on_progress):
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="ip", dtype="f32", connectivity=32,
                  expansion_add=128, expansion_search=128)
    keys = np.arange(len(vectors), dtype=np.uint64)
    index.add(keys, vectors, threads=0)
    pairs = {}
    for start in range(0, len(vectors), 10_000):
        batch = vectors[start : start + 10_000]
        result = index.search(batch, NEIGHBOURS, threads=0)
        sims = 1.0 - result.distances  # usearch "ip" distance is 1 - dot
        for row in range(len(batch)):
            i = start + row
            for j, sim in zip(result.keys[row], sims[row]):
                j = int(j)
                if j != i and sim >= threshold:
                    pair = (min(i, j), max(i, j))
                    pairs[pair] = float(vectors[pair[0]] @ vectors[pair[1]])  # exact value
        if on_progress is not None:
            on_progress(len(batch))
    return sorted((i, j, sim) for (i, j), sim in pairs.items() if sim >= threshold)
