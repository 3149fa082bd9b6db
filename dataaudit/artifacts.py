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

    def __init__(self, dataset: Dataset, settings: Settings, progress: Optional[ProgressHook] = None,
                 merge_label_variants: bool = True):
        self.dataset = dataset
        self.settings = settings
        self._progress = progress or (lambda stage, advance, total: None)
        # Off when DA202 is not run: then no check may quietly treat two spellings as one.
        self.merge_label_variants = merge_label_variants

    def row_id(self, position: int):
        """The id a user sees for a row: its --id-col value, or its 0-based position."""
        return self._row_ids[position]

    @cached_property
    def _row_ids(self) -> list:
        return self.dataset.row_ids

    # -- exact ---------------------------------------------------------------
    @cached_property
    def normalized(self) -> list[str]:
        texts = self.dataset.compare_texts
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
        from .labels import LabelMerges, find_label_merges

        if not self.merge_label_variants or not self.dataset.has_labels:
            return LabelMerges()
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
    def similarity_stars(self) -> list[NearCluster]:
        """Star clusters of near-duplicate texts (each member within the threshold of the centre)."""
        from .clusters import star_clusters

        return [NearCluster(c, tuple(m)) for c, m in star_clusters(len(self.unique_texts), self.near_pairs)]

    @cached_property
    def near_clusters(self) -> list[NearCluster]:
        """The duplicate groups DA102 reports: stars whose kept row carries the majority label."""
        clusters = []
        for star in self.similarity_stars:
            clusters.extend(self._settle_kept_row(star))
        return sorted(clusters, key=lambda c: c.centre)

    def _settle_kept_row(self, star: NearCluster) -> list[NearCluster]:
        """Keep a row that carries the star's majority label when the centre does not.

        Otherwise DA201 would exclude the kept row and DA102 its copies, leaving none
        of them. Every member must stay within the threshold of the kept row, so when
        no majority-label member is close to all the others, the member close to the
        most becomes the kept row of those, and the rest are re-grouped among themselves.
        """
        from .clusters import star_clusters
        from .near_pairs import similarity

        group = [star.centre] + [m for m, _ in star.members]
        rows = [p for u in group for p in self.exact_groups[u]]
        majority = self.majority_label(rows)
        reps = self.representatives
        if majority is None or self.canonical_labels[reps[star.centre]] == majority or len(group) > 200:
            return [star]
        threshold = self.settings.near_duplicate_threshold
        texts = self.unique_texts
        best = None
        for candidate in group[1:]:
            if self.canonical_labels[reps[candidate]] != majority:
                continue
            close = [(o, sim) for o in group if o != candidate
                     if (sim := round(similarity(texts[candidate], texts[o]), 4)) >= threshold]
            if len(close) == len(group) - 1:
                return [NearCluster(candidate, tuple(sorted(close)))]
            if best is None or len(close) > len(best[1]):
                best = (candidate, close)
        if best is None:
            return [star]
        candidate, close = best
        settled = [NearCluster(candidate, tuple(sorted(close)))]
        rest = sorted(set(group) - {candidate} - {o for o, _ in close})
        pairs = [(a, b, sim) for i, a in enumerate(rest) for b in rest[i + 1:]
                 if (sim := round(similarity(texts[a], texts[b]), 4)) >= threshold]
        local = star_clusters(len(texts), pairs)
        settled.extend(NearCluster(c, tuple(m)) for c, m in local)
        return settled

    # -- the rows a check should look at ---------------------------------------
    @cached_property
    def label_groups(self) -> list[list[int]]:
        """Row groups whose texts are the same or nearly the same (for label conflicts)."""
        in_near: set[int] = set()
        groups = []
        # Labels are voted over the whole similarity star, before DA102 moves its kept row.
        for cluster in self.similarity_stars:
            uniques = [cluster.centre] + [m for m, _ in cluster.members]
            in_near.update(uniques)
            groups.append(sorted(p for u in uniques for p in self.exact_groups[u]))
        for unique, positions in enumerate(self.exact_groups):
            if unique not in in_near and len(positions) > 1:
                groups.append(positions)
        return sorted(groups)
