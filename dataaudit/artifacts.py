"""Expensive intermediate results, computed once and shared by every check."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional

from .dataset import Dataset
from .settings import Settings
from .text import normalize

ProgressHook = Callable[[str, int, Optional[int]], None]
"""Called as (stage, advance, total): total is set once when a stage starts."""


@dataclass(frozen=True)
class NearCluster:
    centre: int  # index into Artifacts.unique_texts
    members: tuple[tuple[int, float], ...]  # (unique index, similarity to the centre)

    @property
    def min_similarity(self) -> float:
        return min(sim for _, sim in self.members)


class Artifacts:
    """Normalized texts, exact groups, verified near-duplicate pairs and clusters, label merges."""

    def __init__(self, dataset: Dataset, settings: Settings, progress: Optional[ProgressHook] = None):
        self.dataset = dataset
        self.settings = settings
        self._progress = progress or (lambda stage, advance, total: None)

    def row_id(self, position: int):
        """The id a user sees for a row: its --id-col value, or its 0-based position."""
        return self._row_ids[position]

    @cached_property
    def _row_ids(self) -> list:
        return self.dataset.row_ids

    # -- exact ---------------------------------------------------------------
    @cached_property
    def normalized(self) -> list[str]:
        texts = self.dataset.texts
        self._progress("normalize", 0, len(texts))
        out = [normalize(t) for t in texts]
        self._progress("normalize", len(texts), None)
        return out

    @cached_property
    def _unique(self) -> tuple[list[str], list[list[int]]]:
        index: dict[str, int] = {}
        groups: list[list[int]] = []
        for position, text in enumerate(self.normalized):
            if not text:
                continue  # empty texts are their own finding (DA001), never duplicates
            slot = index.setdefault(text, len(groups))
            if slot == len(groups):
                groups.append([])
            groups[slot].append(position)
        return list(index), groups

    @property
    def unique_texts(self) -> list[str]:
        """Distinct non-empty normalized texts, in order of first appearance."""
        return self._unique[0]

    @property
    def exact_groups(self) -> list[list[int]]:
        """Row positions per unique text (same order as unique_texts)."""
        return self._unique[1]

    @cached_property
    def representatives(self) -> list[int]:
        """The row kept for each unique text: the first row carrying the group's majority label."""
        return [self.preferred_row(group) for group in self.exact_groups]

    # -- labels --------------------------------------------------------------
    @cached_property
    def label_merges(self):
        from .labels import find_label_merges

        return find_label_merges(self.dataset)

    @cached_property
    def canonical_labels(self) -> list[Optional[str]]:
        """Each row's label after merging spelling variants (None when missing)."""
        mapping = self.label_merges.canonical
        return [None if label is None else mapping.get(label, label) for label in self.dataset.labels]

    def majority_label(self, positions: list[int]) -> Optional[str]:
        """The canonical label held by more than half of the labeled rows, if any."""
        votes = Counter(self.canonical_labels[p] for p in positions if self.canonical_labels[p] is not None)
        if not votes:
            return None
        label, count = votes.most_common(1)[0]
        return label if count * 2 > sum(votes.values()) else None

    def preferred_row(self, positions: list[int]) -> int:
        majority = self.majority_label(positions)
        if majority is not None:
            for position in positions:
                if self.canonical_labels[position] == majority:
                    return position
        return positions[0]

    # -- near ----------------------------------------------------------------
    @cached_property
    def near_pairs(self) -> list[tuple[int, int, float]]:
        """Verified (i, j, similarity) pairs of unique texts at or above the threshold."""
        from .near_pairs import verified_near_pairs

        return verified_near_pairs(self.unique_texts, self.settings.near_duplicate_threshold, self._progress)

    @cached_property
    def near_clusters(self) -> list[NearCluster]:
        from .clusters import star_clusters
        from .near_pairs import similarity

        clusters = []
        for centre, members in star_clusters(len(self.unique_texts), self.near_pairs):
            clusters.append(self._recentre(centre, members, similarity))
        return clusters

    def _recentre(self, centre: int, members: list[tuple[int, float]], similarity) -> NearCluster:
        """Keep a row that carries the cluster's majority label when one qualifies.

        Otherwise a label conflict would exclude the kept row and the duplicate
        finding its copies, leaving none of them. The new centre must itself be
        within the threshold of every other member, so clusters stay honest.
        """
        group = [centre] + [m for m, _ in members]
        rows = [p for u in group for p in self.exact_groups[u]]
        majority = self.majority_label(rows)
        reps = self.representatives
        if majority is None or self.canonical_labels[reps[centre]] == majority or len(group) > 200:
            return NearCluster(centre, tuple(members))
        threshold = self.settings.near_duplicate_threshold
        texts = self.unique_texts
        for candidate in group[1:]:
            if self.canonical_labels[reps[candidate]] != majority:
                continue
            sims = [(other, similarity(texts[candidate], texts[other])) for other in group if other != candidate]
            if all(sim >= threshold for _, sim in sims):
                return NearCluster(candidate, tuple(sorted(sims)))
        return NearCluster(centre, tuple(members))

    # -- the rows a check should look at ---------------------------------------
    @cached_property
    def label_groups(self) -> list[list[int]]:
        """Row groups whose texts are the same or nearly the same (for label conflicts)."""
        in_near: set[int] = set()
        groups = []
        for cluster in self.near_clusters:
            uniques = [cluster.centre] + [m for m, _ in cluster.members]
            in_near.update(uniques)
            groups.append(sorted(p for u in uniques for p in self.exact_groups[u]))
        for unique, positions in enumerate(self.exact_groups):
            if unique not in in_near and len(positions) > 1:
                groups.append(positions)
        return sorted(groups)
