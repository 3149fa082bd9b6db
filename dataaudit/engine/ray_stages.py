"""Whole-table stages the Ray executor computes as Ray Data group-bys, each with the value the
local executor computes (tests/test_ray_engine.py):

- exact groups (text_groups): each non-empty normalized text's 64-bit hash, per block
  (map_batches); the rows hash-shuffled by it (repartition by key) so that every group is
  whole in one block, where each row learns its group's first row; the driver puts the groups
  in order of first appearance and splits a hash two different texts share.
- the near pairs' LSH (verified_near_pairs): (band, bucket key, text) rows emitted per block
  of MinHash signatures, hash-shuffled by (band, key) so that every bucket is whole in one
  block, the candidate pairs of each bucket of 2..MAX_BUCKET texts emitted there (larger ones
  are capped; the unpaired_buckets stage reports them), verified as a map
  (near_pairs.verify_candidates: the local judgement, pair for pair).
The signatures, texts and bounds go to the object store once; a worker reads them once.
"""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Callable, Optional

import numpy as np

from ..similarity import minhash_lsh
from ..similarity.near_pairs import compared_lengths, lsh_pairs, verify_candidates
from ..stages.base import Inputs
from ..stages.texts import TextGroups, text_groups
from .ray_cluster import BLOCK_ROWS, connect

# Rows per block after a shuffle: buckets and groups are whole in a block, blocks stay small.
SHUFFLED_ROWS = 500_000
# Below this many rows (exact groups) or texts (LSH) the driver groups them itself, as the local
# executor does: a hash shuffle's start-up costs more than the whole job there (measured on 2
# CPUs: 16-20 s to shuffle 160k rows, against 0.4 s to group 100k rows on the driver). The
# tests lower it to prove the group-bys give the local value.
GROUP_BY_FROM = 500_000
_PAIRS = "near-duplicate LSH bands + verification"


def text_groups_on_ray(inputs: Inputs, address: Optional[str] = None) -> TextGroups:
    normalized = inputs["normalized"]
    at = np.fromiter((p for p, text in enumerate(normalized) if text), dtype=np.int64)
    if len(at) < GROUP_BY_FROM:
        return text_groups(inputs)
    ray = connect(address)
    import pyarrow as pa

    inputs.progress("exact groups (Ray group-by)", 0, len(at))
    blocks = [pa.table({"at": at[s:s + BLOCK_ROWS],
                        "text": pa.array([normalized[p] for p in at[s:s + BLOCK_ROWS].tolist()], pa.large_string())})
              for s in range(0, len(at), BLOCK_ROWS)]
    grouped = (ray.data.from_arrow(blocks)
               .map_batches(_hashed, batch_size=None, batch_format="numpy")
               .repartition(_partitions(len(at)), keys=["hash"])
               .map_batches(_first_of_group, batch_size=None, batch_format="numpy"))
    rows, firsts = [], []
    for batch in grouped.iter_batches(batch_size=None, batch_format="numpy"):
        rows.append(batch["at"])
        firsts.append(batch["first"])
        inputs.progress("exact groups (Ray group-by)", len(batch["at"]), None)
    return _in_order(np.concatenate(rows), np.concatenate(firsts), normalized)


def _hashed(batch: dict) -> dict:
    digest = [int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
              for t in batch["text"].tolist()]
    return {"at": batch["at"], "hash": np.asarray(digest, dtype=np.uint64)}


def _first_of_group(batch: dict) -> dict:
    """Every row with the first row of its hash group (a group is whole in this block)."""
    hashes, at = batch["hash"], batch["at"]
    order = np.lexsort((at, hashes))
    hashes, at = hashes[order], at[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    first = np.repeat(at[starts], np.diff(np.r_[starts, len(at)]))
    return {"at": at, "first": first}


def _in_order(at: np.ndarray, first: np.ndarray, normalized: list[str]) -> TextGroups:
    """TextGroups as text_groups builds it: groups in order of their first row, rows ascending; a
    hash group holding two texts (a 64-bit collision) split by text."""
    order = np.lexsort((at, first))
    at, first = at[order], first[order]
    starts = np.flatnonzero(np.r_[True, first[1:] != first[:-1]])
    groups: list[tuple[int, list[int]]] = []
    for lead, rows in zip(first[starts].tolist(), np.split(at, starts[1:])):
        rows = rows.tolist()
        text = normalized[lead]
        if all(normalized[p] == text for p in rows):
            groups.append((lead, rows))
            continue
        by_text: dict[str, list[int]] = {}
        for p in rows:
            by_text.setdefault(normalized[p], []).append(p)
        groups.extend((members[0], members) for members in by_text.values())
    groups.sort(key=lambda group: group[0])
    return TextGroups(texts=[normalized[lead] for lead, _ in groups], rows=[rows for _, rows in groups])


def lsh_pairs_on_ray(texts: list[str], sigs: np.ndarray, threshold: float,
                     progress: Optional[Callable[[str, int, Optional[int]], None]], workers,
                     address: Optional[str] = None) -> list[tuple[int, int, float]]:
    """near_pairs.lsh_pairs's pairs, with the bands grouped and the candidates verified on Ray."""
    if len(texts) < GROUP_BY_FROM:
        return lsh_pairs(texts, sigs, threshold, progress, workers)
    ray = connect(address)
    import pyarrow as pa

    progress = progress or (lambda stage, advance, total: None)
    progress(_PAIRS, 0, len(texts))
    shared = ray.put((texts, sigs, *compared_lengths(texts), threshold))
    rows = len(texts) * minhash_lsh.BANDS
    starts = [pa.table({"start": [s], "stop": [min(s + BLOCK_ROWS, len(texts))]})
              for s in range(0, len(texts), BLOCK_ROWS)]
    verified = (ray.data.from_arrow(starts)
                .map_batches(partial(_band_rows, shared=shared), batch_size=None, batch_format="numpy")
                .repartition(_partitions(rows), keys=["band", "key"])
                .map_batches(_bucket_candidates, batch_size=None, batch_format="numpy")
                .map_batches(partial(_verified, shared=shared), batch_size=None, batch_format="numpy"))
    found = [[], [], []]
    for batch in verified.iter_batches(batch_size=None, batch_format="numpy"):
        for part, name in zip(found, ("first", "second", "similarity")):
            part.append(batch[name])
    progress(_PAIRS, len(texts), None)
    if not found[0]:
        return []
    first, second, sims = (np.concatenate(part) for part in found)
    order = np.lexsort((second, first))
    return list(zip(first[order].tolist(), second[order].tolist(), sims[order].tolist()))


_READ: dict[str, tuple] = {}  # per worker process: the shared inputs, read from the object store once


def _shared(ref) -> tuple:
    import ray

    key = ref.hex()
    if key not in _READ:
        _READ.clear()
        texts, sigs, lengths, counts, threshold = ray.get(ref)
        _READ[key] = (texts, sigs, lengths, counts, threshold, minhash_lsh.band_keys(sigs))
    return _READ[key]


def _band_rows(batch: dict, shared) -> dict:
    """(band, key, text) for each text of the block and each LSH band."""
    sigs = _shared(shared)[1]
    start, stop = int(batch["start"][0]), int(batch["stop"][0])
    keys = minhash_lsh.band_keys(sigs[start:stop])
    return {"band": np.tile(np.arange(minhash_lsh.BANDS, dtype=np.int64), stop - start), "key": keys.ravel(),
            "text": np.repeat(np.arange(start, stop, dtype=np.int64), minhash_lsh.BANDS)}


def _bucket_candidates(batch: dict) -> dict:
    """Each pair (i < j) of every bucket of 2..MAX_BUCKET texts in this block, with its band."""
    band, key, text = batch["band"], batch["key"], batch["text"]
    order = np.lexsort((text, key, band))
    band, key, text = band[order], key[order], text[order]
    new = np.r_[True, (band[1:] != band[:-1]) | (key[1:] != key[:-1])]
    starts = np.flatnonzero(new)
    sizes = np.diff(np.r_[starts, len(text)])
    firsts, seconds, bands = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for size in np.unique(sizes[(sizes > 1) & (sizes <= minhash_lsh.MAX_BUCKET)]).tolist():
        bucket_starts = starts[sizes == size]
        a, b = np.triu_indices(size, k=1)
        members = text[bucket_starts[:, None] + np.arange(size)]
        firsts.append(members[:, a].ravel())
        seconds.append(members[:, b].ravel())
        bands.append(np.repeat(band[bucket_starts], len(a)))
    return {"first": np.concatenate(firsts), "second": np.concatenate(seconds), "band": np.concatenate(bands)}


def _verified(batch: dict, shared) -> dict:
    texts, sigs, lengths, counts, threshold, keys = _shared(shared)
    first, second, sims = verify_candidates(texts, sigs, lengths, counts, threshold, keys,
                                            batch["first"], batch["second"], batch["band"])
    return {"first": first, "second": second, "similarity": sims}


def _partitions(rows: int) -> int:
    return max(2, -(-rows // SHUFFLED_ROWS))
