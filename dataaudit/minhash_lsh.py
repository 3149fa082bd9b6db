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


def candidate_pairs(sigs: np.ndarray) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j) that share at least one LSH band, each once."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS_PER_BAND))
    sketches = [LeanMinHash(seed=_SEED, hashvalues=row, scheme="affine32") for row in sigs]
    with lsh.insertion_session() as session:
        for index, sketch in enumerate(sketches):
            session.insert(index, sketch, check_duplication=False)
    for index, sketch in enumerate(sketches):
        for other in lsh.query(sketch):
            if other > index:
                yield index, other
