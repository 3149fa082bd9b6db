"""Pairs of vectors at or above a cosine threshold.

Exact blocked matrix products up to EXACT_LIMIT vectors; beyond that an HNSW index
(usearch). Measured (benchmarks/semantic_scale.py, 2 cores, 384-d MiniLM vectors of
40,000 BANKING77-derived texts): exact 5.0 s, HNSW 18 s with recall 1.0000 of the
8,283 pairs above the threshold. Exact wins until its n^2 cost passes the index
build, around 100k vectors here (exact ~30 s); past that, HNSW.
The index holds 8-bit quantized vectors with 16 links a node (expansion 64 to build and to
search); the pairs it finds are then scored on the float32 vectors, so quantization only
decides which candidates are looked at. Measured on 200,000 real USE vectors (spliced
BANKING77 rows, 2 cores; recall of the 4,310 pairs >= 0.89 among the first 40,000): the
earlier float32 / 32 links / expansion 128 built 1,479 vectors/s with recall 1.0 (at 1M rows
the build took 661 s and the search 738 s); float32 / 16 / 64: 3,615/s, recall 1.0; int8 / 16
/ 64: 9,409/s, search 6x faster, recall 0.9998 (one pair missed); int8 / 8 / 32: 22,794/s but
recall 0.994.
From SCREEN_FROM vectors the exact search screens first in a SCREEN_DIMS-dimensional
subspace (the top principal directions of a sample) and verifies survivors on the full
vectors. It stays exact: for any orthogonal split x = p + r, x.y = p_x.p_y + r_x.r_y and
|r_x.r_y| <= |r_x| |r_y|, so a pair whose screened cosine plus that bound is below the
threshold cannot reach it. 64 of 512 dimensions cut the products 8x; the bound passes
~8 candidates per real pair on 40k USE vectors of BANKING77-derived text.
Why usearch over faiss-cpu: one small wheel with no BLAS/OpenMP conflicts with
torch, an exact-cosine metric on normalized float32, and k-NN search of 100k
vectors in seconds on 2 cores.
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

EXACT_LIMIT = 100_000
# Rows per matrix block: a 512 x 100k float32 block is 200 MB; 2,048 rows was 4x that
# (and no faster: 4.1 s vs 4.9 s on 40k vectors).
BLOCK = 512
# Neighbours asked of the index per vector: a text with more near-copies than this
# keeps its closest ones, which is enough to group it.
NEIGHBOURS = 50
# The screened exact search (see above): below SCREEN_FROM vectors a plain product is a
# second or two and the screen's set-up would not pay; SLACK absorbs float32 rounding in
# the bound, so a pair at the threshold is never screened out.
SCREEN_FROM = 20_000
SCREEN_DIMS = 64
SCREEN_SAMPLE = 8_192
SLACK = 1e-4
# The HNSW index past EXACT_LIMIT (module docstring).
INDEX_DTYPE = "i8"
CONNECTIVITY = 16
EXPANSION = 64
# Queries whose neighbours are scored at once: 1,000 x 50 neighbours x 512 floats is ~100 MB.
_RESCORE_QUERIES = 1_000
# Vectors handed to the index at once (50,000 x 512 float32 is 100 MB).
_ADD_ROWS = 50_000


class StoredRows:
    """Rows `at` of `matrix` (the vector store's), copied only a slice at a time when read: past
    EXACT_LIMIT the index is fed and its candidates scored from slices, so DA103 never holds a
    second copy of its texts' vectors (1.6 GB for 800k 512-d vectors)."""

    def __init__(self, matrix: np.ndarray, at: np.ndarray):
        self.matrix, self.at = matrix, np.asarray(at, dtype=np.int64)
        self.shape = (len(self.at), matrix.shape[1])

    def __len__(self) -> int:
        return len(self.at)

    def __getitem__(self, index) -> np.ndarray:
        return self.matrix[self.at[index]]

    def whole(self) -> np.ndarray:
        return self.matrix[self.at]


def similar_pairs(vectors, threshold: float,
                  on_progress: Optional[Callable[[int], None]] = None) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j and cosine >= threshold. `vectors`: an array or StoredRows."""
    if len(vectors) < 2:
        return []
    if len(vectors) <= EXACT_LIMIT:
        return _exact(vectors.whole() if isinstance(vectors, StoredRows) else vectors, threshold, on_progress)
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
    if len(vectors) >= SCREEN_FROM and vectors.shape[1] >= 2 * SCREEN_DIMS:
        return _screened(vectors, threshold, on_progress)
    out = []
    for start in range(0, len(vectors), BLOCK):
        block = vectors[start : start + BLOCK]
        sims = block @ vectors[start:].T  # only j >= i: the upper triangle
        rows, cols = _at_least(sims, threshold)
        keep = cols > rows
        out.extend((int(start + i), int(start + j), float(sims[i, j])) for i, j in zip(rows[keep], cols[keep]))
        if on_progress is not None:
            on_progress(len(block))
    return out


def _screened(vectors, threshold, on_progress):
    """The pairs _exact's plain products find, screened in a subspace first (module docstring)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    basis = _principal_basis(vectors, SCREEN_DIMS)
    low = vectors @ basis
    # |r| from |x|^2 = |p|^2 + |r|^2 (rows are unit length); rounding is covered by SLACK.
    residual = np.sqrt(np.maximum(np.einsum("ij,ij->i", vectors, vectors) - np.einsum("ij,ij->i", low, low), 0.0))
    # |r_x| |r_y| rides in the product as one more coordinate: [p_x, |r_x|] . [p_y, |r_y|] is the bound.
    screen = np.ascontiguousarray(np.hstack([low, residual[:, None]]), dtype=np.float32)
    out = []
    for start in range(0, len(vectors), BLOCK):
        stop = min(start + BLOCK, len(vectors))
        rows, cols = _at_least(screen[start:stop] @ screen[start:].T, threshold - SLACK)
        keep = cols > rows
        first, second = start + rows[keep], start + cols[keep]
        sims = np.einsum("ij,ij->i", vectors[first], vectors[second])
        hit = sims >= threshold
        out.extend((int(i), int(j), float(v)) for i, j, v in zip(first[hit], second[hit], sims[hit]))
        if on_progress is not None:
            on_progress(stop - start)
    return out


def _at_least(matrix: np.ndarray, value: float) -> tuple[np.ndarray, np.ndarray]:
    """np.nonzero(matrix >= value), in the same row-major order, for a mostly-False mask:
    np.nonzero visits every element (3 of the 8 s a 40k search took); this finds the
    non-zero 8-byte words of the mask first and looks inside those only."""
    mask = (matrix >= value).reshape(-1)
    whole = len(mask) // 8 * 8
    words = np.flatnonzero(mask[:whole].view(np.uint64))
    flat = (words[:, None] * 8 + np.arange(8)).reshape(-1)
    flat = np.concatenate([flat[mask[flat]], whole + np.flatnonzero(mask[whole:])])
    width = matrix.shape[1]
    return flat // width, flat % width


def _principal_basis(vectors: np.ndarray, dims: int) -> np.ndarray:
    """(dim, dims) orthonormal columns: the top eigenvectors of the second-moment matrix of a
    seeded sample (uncentred: the split must capture the vectors' length, not their spread).
    Any orthonormal basis keeps the search exact; a good one only makes it faster."""
    rng = np.random.default_rng(0)
    sample = vectors[rng.choice(len(vectors), min(len(vectors), SCREEN_SAMPLE), replace=False)]
    moment = (sample.T @ sample).astype(np.float64)
    _, eigenvectors = np.linalg.eigh(moment)  # ascending eigenvalues
    return np.ascontiguousarray(eigenvectors[:, ::-1][:, :dims], dtype=np.float32)


def _approximate(vectors, threshold, on_progress):
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="ip", dtype=INDEX_DTYPE, connectivity=CONNECTIVITY,
                  expansion_add=EXPANSION, expansion_search=EXPANSION)
    count = len(vectors)
    for start in range(0, count, _ADD_ROWS):  # slices: never a whole copy of a StoredRows
        index.add(np.arange(start, min(count, start + _ADD_ROWS), dtype=np.uint64),
                  np.ascontiguousarray(vectors[start : start + _ADD_ROWS]), threads=0)
    codes, sims = [], []
    for start in range(0, count, 10_000):
        batch = vectors[start : start + 10_000]
        found = index.search(batch, NEIGHBOURS, threads=0).keys.astype(np.int64)
        rows = np.arange(start, start + len(batch), dtype=np.int64)[:, None]
        for sub in range(0, len(batch), _RESCORE_QUERIES):
            # Each neighbour is scored on the float32 vectors here, a slice of queries at a time:
            # the int8 index's distances are on another scale (it passes every neighbour), and
            # scoring all candidates at once needed 57 GB at 1M rows (30M candidate pairs).
            keys, own = found[sub : sub + _RESCORE_QUERIES], rows[sub : sub + _RESCORE_QUERIES]
            valid = (keys < count) & (keys != own)  # missing neighbours come back as huge keys
            scores = np.einsum("ij,ikj->ik", batch[sub : sub + _RESCORE_QUERIES], vectors[np.where(valid, keys, 0)])
            hit = valid & (scores >= threshold)
            first, second = np.broadcast_to(own, keys.shape)[hit], keys[hit]
            codes.append(np.minimum(first, second) * count + np.maximum(first, second))
            sims.append(scores[hit])
        if on_progress is not None:
            on_progress(len(batch))
    if not codes:
        return []
    unique, where = np.unique(np.concatenate(codes), return_index=True)
    first, second, values = unique // count, unique % count, np.concatenate(sims)[where]
    return [(int(i), int(j), float(v)) for i, j, v in zip(first, second, values)]
