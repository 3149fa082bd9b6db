"""Near-duplicate texts: verified pairs, honest stars, and clusters whose kept row carries
the group's majority label. The settling rule is shared with the semantic stage."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..cache.keys import CachedResult
from ..cache.pairs import cached_arrays, cached_pairs
from ..similarity.clusters import star_clusters
from ..similarity.minhash_lsh import oversized_buckets, signatures
from ..similarity.near_pairs import SKETCHING, undoubled, uses_lsh
from .base import Inputs, RowWise, Stage, row_wise
from .kept_pairs import kept_pairs

Neighbours = dict[int, dict[int, float]]


@dataclass(frozen=True)
class NearCluster:
    centre: int  # text index
    members: tuple[tuple[int, float], ...]  # (text index, similarity to the centre)

    @property
    def min_similarity(self) -> float:
        return min(sim for _, sim in self.members)


def neighbour_map(pairs) -> Neighbours:
    out: Neighbours = defaultdict(dict)
    for a, b, sim in pairs:
        out[a][b] = sim
        out[b][a] = sim
    return out


def centre_priority(inputs: Inputs) -> Callable[[int], tuple]:
    """Ties between equally connected texts: more exact copies, then more real words (so the
    original is kept, not its typo'd copy)."""
    groups = inputs["text_groups"]
    frequency = inputs["word_frequency"]

    def priority(unique: int) -> tuple:
        words = groups.texts[unique].split(" ")
        known = sum(1 for w in words if frequency[w] >= 2) / max(len(words), 1)
        return (len(groups.rows[unique]), known)

    return priority


def stars(pairs, priority) -> list[NearCluster]:
    return [NearCluster(c, tuple(m)) for c, m in star_clusters(pairs, priority=priority)]


# The minimal-pair rule learns which words a file swaps as slot fillers from its near pairs
# down to this similarity (short templates, "weather in boston on monday" / "…tuesday", are
# 0.87 similar), or the threshold when that is lower.
EVIDENCE_THRESHOLD = 0.80


def _to_sketch(inputs: Inputs) -> list[str]:
    """The near texts when LSH proposes their pairs; none for a small file (every pair is compared)."""
    texts = inputs["near_texts"]
    return texts if uses_lsh(texts) else []


def _sketch_batch(texts, inputs: Inputs, advance):
    return signatures(texts, on_progress=advance)


def _stacked(parts: list, items):
    return np.concatenate(parts) if parts else None


# The near texts' MinHash signatures, for the LSH bands (None: a small file). Row-wise: each
# text's signature is its own, so an executor may sketch slices of the texts apart.
NEAR_SKETCHES = RowWise(items=_to_sketch, each=_sketch_batch, join=_stacked, label=SKETCHING)


@dataclass(frozen=True)
class UnpairedBuckets:
    """LSH buckets too large to pair (similarity/minhash_lsh.py: oversized_buckets): shared
    boilerplate, or a file that repeats itself hundreds of times. Capped, not paired, so the
    work stays bounded; DA102 reports how many candidate pairs that left unverified and which
    texts were in them."""

    sizes: tuple[int, ...] = ()  # each bucket's number of texts
    texts: tuple[int, ...] = ()  # text indices in any of them

    @property
    def pairs_not_verified(self) -> int:
        """An upper bound: a pair may also collide, and be verified, in another band."""
        return sum(n * (n - 1) // 2 for n in self.sizes)


def unpaired_buckets(inputs: Inputs) -> UnpairedBuckets:
    texts = inputs["near_texts"]
    if not uses_lsh(texts):
        return UnpairedBuckets()

    def compute() -> dict:
        sizes, members = oversized_buckets(inputs["near_sketches"])
        return {"sizes": sizes, "texts": members}

    def plausible(stored: dict) -> bool:
        sizes, members = stored["sizes"], stored["texts"]
        return (sizes.ndim == members.ndim == 1 and sizes.dtype.kind == members.dtype.kind == "i"
                and (not len(members) or (members.min() >= 0 and members.max() < len(texts))))

    arrays = cached_arrays(UNPAIRED_BUCKETS, texts, inputs.settings, ("sizes", "texts"), compute, plausible)
    return UnpairedBuckets(tuple(arrays["sizes"].tolist()), tuple(arrays["texts"].tolist()))


UNPAIRED_BUCKETS = CachedResult("near_unpaired", stage="unpaired_buckets", packages=("datasketch",))


def verified_pairs(inputs: Inputs, lsh=None):
    """Verified (i, j, similarity) pairs of distinct texts at or above EVIDENCE_THRESHOLD (or the
    near-duplicate threshold, if lower): LSH bands over near_sketches propose, rapidfuzz verifies
    (bands in groups, a group per worker). The sketches are read only when the pair cache misses.
    `lsh`: an executor's own way to find the pairs from the sketches (near_pairs.lsh_pairs's
    signature and answer; engine/ray_stages.py)."""
    from ..similarity.near_pairs import verified_near_pairs

    settings, texts = inputs.settings, inputs["near_texts"]
    threshold = min(EVIDENCE_THRESHOLD, settings.near_duplicate_threshold)
    inputs["unpaired_buckets"]  # read first, while the sketches are at hand (they are released after)

    def compute():
        return verified_near_pairs(texts, threshold, inputs.progress, inputs.workers,
                                   sketches=lambda: inputs["near_sketches"], lsh=lsh)

    return cached_pairs(VERIFIED_NEAR_PAIRS, texts, settings, compute, threshold=threshold)


# Keyed by the threshold the search uses (the lower of two), not the setting: a re-scan at
# another threshold above EVIDENCE_THRESHOLD reads the same pairs.
VERIFIED_NEAR_PAIRS = CachedResult("near_pairs", stage="verified_near_pairs", values=("threshold",),
                                   packages=("rapidfuzz", "datasketch"))


def near_pairs(inputs: Inputs):
    """The verified pairs at or above the threshold (and doubled-word pairs below it), less minimal
    pairs and the pairs through a copy that bridges two of them."""
    texts = inputs["near_texts"]
    threshold = inputs.settings.near_duplicate_threshold
    cutoff = threshold - 1e-6

    def compute():
        rule = inputs["minimal_pairs"]
        # Below the threshold only doubled-word pairs stay (verified_near_pairs adds them at any
        # similarity). Two distinct texts can be one once undoubled only if one has a doubled
        # word: asking that once per text, not twice per pair, saved 46 s of 7.7M pairs at 1M rows.
        doubles = {k for k, text in enumerate(texts) if undoubled(text) != text}
        pairs = [(i, j, sim) for i, j, sim in inputs["verified_near_pairs"]
                 if sim >= cutoff or ((i in doubles or j in doubles) and undoubled(texts[i]) == undoubled(texts[j]))]
        return rule.without_bridges(rule.without_minimal_pairs(pairs))

    social = inputs["social_file"]  # markup set aside: another answer for the same texts
    return kept_pairs(inputs, NEAR_KEPT_PAIRS, compute, social=social)


NEAR_KEPT_PAIRS = CachedResult("near_kept", stage="near_pairs", settings=("near_duplicate_threshold", "embedder"),
                               values=("social",), packages=("rapidfuzz", "datasketch"))


def near_stars(inputs: Inputs) -> list[NearCluster]:
    """Star clusters of near-duplicate texts (each member within the threshold of the centre)."""
    return stars(inputs["near_pairs"], inputs["centre_priority"])


class Settler:
    """Keeps a row that carries a star's majority label when the centre does not.

    Otherwise DA201 would exclude the kept row and the duplicate check its copies, leaving
    none of them. Every member must stay within the threshold of the kept row, so when no
    majority-label member is close to all the others, the member close to the most becomes
    the kept row of those, and the rest are re-grouped among themselves, with the same preference.
    """

    def __init__(self, inputs: Inputs):
        self.rows = inputs["text_groups"].rows
        self.votes = inputs["label_votes"]
        self.reps = inputs["representatives"]
        self.priority = inputs["centre_priority"]

    def settle_all(self, star_list: list[NearCluster], pairs) -> list[NearCluster]:
        neighbours = neighbour_map(pairs)
        clusters = []
        for star in star_list:
            clusters.extend(self.settle(star.centre, list(star.members), neighbours))
        return sorted(clusters, key=lambda c: c.centre)

    def settle(self, centre: int, members, neighbours: Neighbours) -> list[NearCluster]:
        group = [centre] + [m for m, _ in members]
        majority = self.votes.majority([p for u in group for p in self.rows[u]])
        canonical, reps = self.votes.canonical, self.reps
        if majority is None or canonical[reps[centre]] == majority:
            return [NearCluster(centre, tuple(members))]
        best = None
        for candidate in group[1:]:
            if canonical[reps[candidate]] != majority:
                continue
            close = sorted((o, neighbours[candidate][o]) for o in group if o in neighbours[candidate])
            if len(close) == len(group) - 1:
                return [NearCluster(candidate, tuple(close))]
            if best is None or len(close) > len(best[1]):
                best = (candidate, close)
        if best is None:
            return [NearCluster(centre, tuple(members))]
        candidate, close = best
        settled = [NearCluster(candidate, tuple(close))]
        rest = set(group) - {candidate} - {o for o, _ in close}
        pairs = [(a, b, sim) for a in sorted(rest) for b, sim in neighbours[a].items() if b in rest and a < b]
        for sub_centre, sub_members in star_clusters(pairs, priority=self.priority):
            settled.extend(self.settle(sub_centre, sub_members, neighbours))
        return settled


def near_clusters(inputs: Inputs) -> list[NearCluster]:
    """The duplicate groups DA102 reports: stars whose kept row carries the majority label."""
    return Settler(inputs).settle_all(inputs["near_stars"], inputs["near_pairs"])


def near_dropped(inputs: Inputs) -> set[int]:
    """Texts DA102 excludes as copies of another."""
    return {m for cluster in inputs["near_clusters"] for m, _ in cluster.members}


_SETTLER = ("text_groups", "label_votes", "representatives", "centre_priority")

STAGES = (
    Stage("centre_priority", centre_priority, needs=("text_groups", "word_frequency")),
    row_wise("near_sketches", NEAR_SKETCHES, needs=("near_texts",), release=True),
    Stage("unpaired_buckets", unpaired_buckets, needs=("near_texts", "near_sketches")),
    Stage("verified_near_pairs", verified_pairs, needs=("near_texts", "near_sketches", "unpaired_buckets")),
    Stage("near_pairs", near_pairs, needs=("verified_near_pairs", "minimal_pairs", "near_texts", "social_file",
                                           "text_groups", "labelled_texts")),
    Stage("near_stars", near_stars, needs=("near_pairs", "centre_priority")),
    Stage("near_clusters", near_clusters, needs=("near_stars", "near_pairs", *_SETTLER)),
    Stage("near_dropped", near_dropped, needs=("near_clusters",)),
)
