"""Expensive intermediate results, computed once and shared by every check."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional

from .dataset import Dataset
from .settings import Settings
from .text import normalize

# Negation words (English, Hindi in Latin and Devanagari script), as normalize() leaves
# them ("don't" becomes "don t"): adding or removing one flips what a text asks for.
NEGATIONS = frozenset({"not", "no", "never", "cannot", "don", "doesn", "didn", "isn", "aren", "wasn",
                       "won", "cant", "dont", "nahi", "nahin", "nai", "mat", "नहीं", "नही", "मत", "ना"})

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
                 merge_label_variants: bool = True, run_semantic: bool = True,
                 against: Optional[Dataset] = None):
        self.dataset = dataset
        self.settings = settings
        self._progress = progress or (lambda stage, advance, total: None)
        # Off when DA202 is not run: then no check may quietly treat two spellings as one.
        self.merge_label_variants = merge_label_variants
        # Off when DA103 is not run, so nothing is embedded for nothing.
        self.run_semantic = run_semantic
        self.against = against  # the --against evaluation set, loaded by the caller

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
        """Verified (i, j, similarity) pairs of unique texts at or above the threshold,
        less the minimal pairs (see _is_minimal_pair)."""
        from .near_pairs import verified_near_pairs

        pairs = verified_near_pairs(self.unique_texts, self.settings.near_duplicate_threshold, self._progress)
        return self._without_minimal_pairs(pairs)

    def _without_minimal_pairs(self, pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
        """Drop pairs of unique texts whose labels differ and that are a minimal pair."""
        if not self.dataset.has_labels:
            return pairs
        reps, labels = self.representatives, self.canonical_labels
        return [(i, j, sim) for i, j, sim in pairs
                if not (labels[reps[i]] and labels[reps[j]] and labels[reps[i]] != labels[reps[j]]
                        and self._is_minimal_pair(self.unique_texts[i], self.unique_texts[j]))]

    @cached_property
    def word_frequency(self) -> Counter:
        """In how many distinct texts each word appears."""
        return Counter(word for text in self.unique_texts for word in set(text.split(" ")))

    def _is_known(self, word: str) -> bool:
        return self.word_frequency[word] >= 2

    def _is_minimal_pair(self, a: str, b: str) -> bool:
        """Texts that differ in meaning, not in typos: a real word swapped for another
        ("turn on the lights" / "turn off the lights", "…in euros" / "…in dollars"), or a
        negation added ("i want to cancel" / "i do not want to cancel").

        With different labels such a pair is two examples that happen to look alike,
        not one example labeled twice: it is neither a duplicate nor a conflict. A word
        is real when it appears in at least two distinct texts of the file, so a
        misspelling ("apointment") is not one, and a swap one edit apart ("form"/"from")
        could be a typo; a dropped or doubled ordinary word is a typo-like edit too, and
        such pairs stay conflicts.
        """
        from difflib import SequenceMatcher

        words_a, words_b = a.split(" "), b.split(" ")
        matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            old, new = words_a[i1:i2], words_b[j1:j2]
            if any(word in NEGATIONS for word in old + new):
                return True
            if tag == "replace" and len(old) == len(new):
                if any(self._is_word_swap(x, y) for x, y in zip(old, new)):
                    return True
        return False

    def _is_word_swap(self, x: str, y: str) -> bool:
        """Two different real words, more than one edit apart: "on"/"off", "card"/"phone".
        One edit between real words ("form"/"from", "my"/"m") is as likely a typo."""
        from rapidfuzz.distance import DamerauLevenshtein

        return (x != y and self._is_known(x) and self._is_known(y)
                and DamerauLevenshtein.distance(x, y, score_cutoff=1) > 1)

    @cached_property
    def _neighbours(self) -> dict[int, dict[int, float]]:
        out: dict[int, dict[int, float]] = defaultdict(dict)
        for a, b, sim in self.near_pairs:
            out[a][b] = sim
            out[b][a] = sim
        return out

    def _centre_priority(self, unique: int) -> tuple:
        """Ties between equally connected texts: more exact copies, then more real words
        (so the original is kept, not its typo'd copy)."""
        words = self.unique_texts[unique].split(" ")
        known = sum(1 for w in words if self._is_known(w)) / max(len(words), 1)
        return (len(self.exact_groups[unique]), known)

    @cached_property
    def similarity_stars(self) -> list[NearCluster]:
        """Star clusters of near-duplicate texts (each member within the threshold of the centre)."""
        from .clusters import star_clusters

        stars = star_clusters(self.near_pairs, priority=self._centre_priority)
        return [NearCluster(c, tuple(m)) for c, m in stars]

    @cached_property
    def near_clusters(self) -> list[NearCluster]:
        """The duplicate groups DA102 reports: stars whose kept row carries the majority label."""
        clusters = []
        for star in self.similarity_stars:
            clusters.extend(self._settle_kept_row(star.centre, list(star.members), self._neighbours))
        return sorted(clusters, key=lambda c: c.centre)

    def _settle_kept_row(self, centre: int, members: list[tuple[int, float]],
                         neighbours: dict[int, dict[int, float]]) -> list[NearCluster]:
        """Keep a row that carries the star's majority label when the centre does not.

        Otherwise DA201 would exclude the kept row and DA102 its copies, leaving none
        of them. Every member must stay within the threshold of the kept row, so when
        no majority-label member is close to all the others, the member close to the
        most becomes the kept row of those, and the rest are re-grouped among
        themselves, with the same preference.
        """
        from .clusters import star_clusters

        group = [centre] + [m for m, _ in members]
        rows = [p for u in group for p in self.exact_groups[u]]
        majority = self.majority_label(rows)
        reps = self.representatives
        if majority is None or self.canonical_labels[reps[centre]] == majority:
            return [NearCluster(centre, tuple(members))]
        best = None
        for candidate in group[1:]:
            if self.canonical_labels[reps[candidate]] != majority:
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
        for sub_centre, sub_members in star_clusters(pairs, priority=self._centre_priority):
            settled.extend(self._settle_kept_row(sub_centre, sub_members, neighbours))
        return settled

    @cached_property
    def near_dropped(self) -> set[int]:
        """Unique texts DA102 excludes as copies of another."""
        return {m for cluster in self.near_clusters for m, _ in cluster.members}

    @cached_property
    def duplicate_kept_rows(self) -> set[int]:
        """Rows that DA101 and DA102 keep: one per distinct text, less near-duplicate copies."""
        dropped = self.near_dropped
        return {rep for unique, rep in enumerate(self.representatives) if unique not in dropped}

    # -- semantic ----------------------------------------------------------------
    @property
    def semantic_enabled(self) -> bool:
        return self.semantic_threshold is not None and self.run_semantic

    @cached_property
    def semantic_threshold(self) -> Optional[float]:
        return self.settings.semantic_duplicate_threshold

    @cached_property
    def cross_script_threshold(self) -> Optional[float]:
        from .embeddings.models import resolve_info

        info = resolve_info(self.settings.embedder)
        if info is None or info.cross_script_threshold is None or self.settings.semantic_threshold is not None:
            return None  # an explicit --semantic-threshold applies to every pair
        return info.cross_script_threshold

    @property
    def semantic_query_threshold(self) -> float:
        cross = self.cross_script_threshold
        return self.semantic_threshold if cross is None else min(self.semantic_threshold, cross)

    def semantic_pair_test(self, left_texts: list[str], right_texts: list[str]):
        """(i, j, cosine) -> bool: the embedder's threshold, or its cross-script one for a
        pair written in different scripts (a Devanagari text and its English translation)."""
        from .embeddings.models import dominant_script

        cross = self.cross_script_threshold
        threshold = self.semantic_threshold
        if cross is None:
            return lambda i, j, sim: sim >= threshold
        left = [dominant_script(t) for t in left_texts]
        right = left if right_texts is left_texts else [dominant_script(t) for t in right_texts]
        return lambda i, j, sim: sim >= (cross if left[i] != right[j] else threshold)

    @cached_property
    def surface_survivors(self) -> list[int]:
        """Unique texts DA101/DA102 keep, in a script the embedder reads: the only ones
        DA103 compares, so the surface and semantic checks never exclude each other's
        kept rows."""
        from .embeddings.models import resolve_info

        info = resolve_info(self.settings.embedder)
        dropped = self.near_dropped
        compare, reps = self.dataset.compare_texts, self.representatives
        return [u for u in range(len(self.unique_texts))
                if u not in dropped and (info is None or info.reads(compare[reps[u]]))]

    @cached_property
    def survivor_vectors(self):
        from .embeddings.encode import embed_texts

        reps = self.representatives
        compare = self.dataset.compare_texts
        texts = [compare[reps[u]] for u in self.surface_survivors]
        return embed_texts(texts, self.settings, self._progress)

    @cached_property
    def semantic_pairs(self) -> list[tuple[int, int, float]]:
        """(unique i, unique j, cosine) for surface survivors at or above the threshold,
        less minimal pairs with different labels."""
        from .embeddings.encode import similar_text_pairs

        survivors = self.surface_survivors
        compare, reps = self.dataset.compare_texts, self.representatives
        texts = [compare[reps[u]] for u in survivors]
        found = similar_text_pairs(texts, self.survivor_vectors, self.settings, self.semantic_query_threshold,
                                   self._progress)
        passes = self.semantic_pair_test(texts, texts)
        return self._without_minimal_pairs(
            [(survivors[a], survivors[b], sim) for a, b, sim in found if passes(a, b, sim)])

    @cached_property
    def semantic_stars(self) -> list[NearCluster]:
        from .clusters import star_clusters

        if not self.semantic_enabled:
            return []
        return [NearCluster(c, tuple(m)) for c, m in star_clusters(self.semantic_pairs, priority=self._centre_priority)]

    @cached_property
    def semantic_clusters(self) -> list[NearCluster]:
        neighbours: dict[int, dict[int, float]] = defaultdict(dict)
        for a, b, sim in self.semantic_pairs if self.semantic_enabled else []:
            neighbours[a][b] = sim
            neighbours[b][a] = sim
        clusters = []
        for star in self.semantic_stars:
            clusters.extend(self._settle_kept_row(star.centre, list(star.members), neighbours))
        return sorted(clusters, key=lambda c: c.centre)

    def rows_of(self, unique: int) -> list[int]:
        """Every row of a unique text, with the rows of its near-duplicate copies when it kept them."""
        rows = list(self.exact_groups[unique])
        for cluster in self._near_by_centre.get(unique, ()):
            for member, _ in cluster.members:
                rows.extend(self.exact_groups[member])
        return rows

    @cached_property
    def _near_by_centre(self) -> dict[int, list[NearCluster]]:
        out: dict[int, list[NearCluster]] = defaultdict(list)
        for cluster in self.near_clusters:
            out[cluster.centre].append(cluster)
        return out

    @cached_property
    def leaks(self) -> dict[int, tuple[str, float, list[int]]]:
        from .checks.leakage import find_leaks

        return find_leaks(self) if self.against is not None else {}

    @cached_property
    def duplicate_copy_rows(self) -> set[int]:
        """Rows the duplicate checks (DA101-DA103) exclude: every copy but the one kept."""
        out: set[int] = set()
        for unique, rows in enumerate(self.exact_groups):
            rep = self.representatives[unique]
            out.update(p for p in rows if p != rep)
        for unique in self.near_dropped:
            out.update(self.exact_groups[unique])
        for cluster in self.semantic_clusters:
            for member, _ in cluster.members:
                out.update(self.rows_of(member))
        return out

    @cached_property
    def duplicate_group_rows(self) -> set[int]:
        """Rows in any duplicate finding (DA101-DA103), kept or excluded: the rows that repeat
        or are repeated. Unlike the excluded copies, this does not depend on which copy
        happens to come first in the file."""
        reps = self.representatives
        out = {p for rows in self.exact_groups if len(rows) > 1 for p in rows}
        for cluster in list(self.near_clusters) + list(self.semantic_clusters):
            out.update(reps[u] for u in (cluster.centre, *(m for m, _ in cluster.members)))
        return out

    # -- label model (DA203, annotator quality) -------------------------------
    @cached_property
    def conflicted_rows(self) -> set[int]:
        """Rows in a group of same or near-same texts that disagree on the label (DA201's rows)."""
        canonical = self.canonical_labels
        out: set[int] = set()
        for rows in self.label_groups:
            if len({canonical[p] for p in rows if canonical[p] is not None}) > 1:
                out.update(rows)
        return out

    @cached_property
    def label_model(self):
        """Out-of-sample label probabilities (label_model.py) for every row with a text and a
        label outside DA201's conflict groups; None when fewer than two labels can be learned."""
        from .label_model import fit_label_model

        canonical = self.canonical_labels
        conflicted = self.conflicted_rows
        group_of_unique = list(range(len(self.unique_texts)))
        for cluster in self.similarity_stars:  # near-duplicate copies share a fold
            for member, _ in cluster.members:
                group_of_unique[member] = cluster.centre
        positions, groups = [], []
        for unique, rows in enumerate(self.exact_groups):
            for p in rows:
                if canonical[p] is not None and p not in conflicted:
                    positions.append(p)
                    groups.append(group_of_unique[unique])
        if not positions:
            return None
        compare = self.dataset.compare_texts
        texts = [compare[p] for p in positions]
        return fit_label_model(texts, [canonical[p] for p in positions], positions, groups,
                               vectors=self._label_model_vectors(texts), progress=self._progress)

    def _label_model_vectors(self, texts: list[str]):
        """Embeddings for the label model (None with --embedder none). Texts in a script the
        embedder cannot read get zero vectors: the TF-IDF features carry them."""
        from .embeddings.models import resolve_info

        info = resolve_info(self.settings.embedder)
        if info is None:
            return None
        import numpy as np

        from .embeddings.encode import embed_texts

        readable = [i for i, t in enumerate(texts) if info.reads(t)]
        if not readable:
            return None
        # DA103's vectors when it ran: only the texts it did not embed are encoded (with
        # --no-cache they would otherwise be encoded twice).
        known: dict[str, np.ndarray] = {}
        if self.semantic_enabled and "survivor_vectors" in self.__dict__:
            compare, reps = self.dataset.compare_texts, self.representatives
            known = {compare[reps[u]]: v for u, v in zip(self.surface_survivors, self.survivor_vectors)}
        missing = list(dict.fromkeys(texts[i] for i in readable if texts[i] not in known))
        if missing:
            known.update(zip(missing, embed_texts(missing, self.settings, self._progress)))
        width = len(next(iter(known.values())))
        out = np.zeros((len(texts), width), dtype=np.float32)
        for i in readable:
            out[i] = known[texts[i]]
        return out

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
        # Semantic duplicates with different labels are conflicts too (DA103 -> DA201).
        for star in self.semantic_stars:
            uniques = [star.centre] + [m for m, _ in star.members]
            groups.append(sorted({p for u in uniques for p in self.rows_of(u)}))
        return sorted(groups)
