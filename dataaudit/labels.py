"""Which label names are one label spelled differently, and the evidence for it.

The rule (documented in README and `dataaudit checks explain DA202`):

1. Names that are equal after folding case, Unicode forms, separators
   (space, `_`, `-`, `.`, `/`) and a trailing plural `s` are one label.
2. Names whose folded forms are within a small edit distance (1 edit for names of
   5–7 characters, 2 for longer ones; never for shorter names or for names that
   differ in a digit) are one label only when the evidence agrees:
   the rarer spelling has at most a third as many rows as the other, and its
   texts are more like the other label's texts than like any other label's
   (character n-gram TF-IDF centroids). Two real labels that merely look alike
   (`lost_or_stolen_card` / `lost_or_stolen_phone`) fail the edit-distance test
   or the evidence, and are left alone.

The canonical spelling of a merged group is its most frequent one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import DamerauLevenshtein

from .dataset import Dataset

_SEPARATORS = re.compile(r"[\s_\-./\\:]+")
RARE_SHARE = 1 / 3


def label_key(label: str) -> str:
    folded = unicodedata.normalize("NFKC", label).casefold()
    words = [w for w in _SEPARATORS.split(folded) if w]
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]
    return " ".join(words)


def _max_edits(key: str) -> int:
    if len(key) >= 8:
        return 2
    if len(key) >= 5:
        return 1
    return 0


@dataclass(frozen=True)
class LabelMerge:
    canonical: str
    variants: tuple[str, ...]  # the other spellings, most frequent first
    counts: tuple[tuple[str, int], ...]
    reason: str
    score: float


@dataclass(frozen=True)
class LabelMerges:
    merges: tuple[LabelMerge, ...] = ()
    canonical: dict[str, str] = field(default_factory=dict)  # variant -> canonical


def find_label_merges(dataset: Dataset) -> LabelMerges:
    labels = [label for label in dataset.labels if label is not None]
    counts = Counter(labels)
    if len(counts) < 2:
        return LabelMerges()
    # Step 1: same folded key.
    by_key: dict[str, list[str]] = defaultdict(list)
    for label in counts:
        by_key[label_key(label)].append(label)
    parent = {key: key for key in by_key}
    key_count = {key: sum(counts[n] for n in names) for key, names in by_key.items()}
    typo_reason: dict[str, str] = {}

    # Step 2: typo'd keys, confirmed by counts and texts.
    keys = sorted(by_key, key=lambda k: (-key_count[k], k))
    centroid_nearest = None
    for index, rare in enumerate(keys):
        for common in keys[:index]:
            if parent[common] != common:
                continue
            limit = min(_max_edits(rare), _max_edits(common))
            if limit == 0 or re.sub(r"\D", "", rare) != re.sub(r"\D", "", common):
                continue
            distance = DamerauLevenshtein.distance(rare, common, score_cutoff=limit)
            if distance > limit or key_count[rare] > RARE_SHARE * key_count[common]:
                continue
            if centroid_nearest is None:
                centroid_nearest = _nearest_label_keys(dataset, by_key)
            if centroid_nearest.get(rare, common) != common:
                continue
            parent[rare] = common
            typo_reason[rare] = (
                f"{distance} edit{'s' if distance > 1 else ''} apart; {key_count[rare]} rows against "
                f"{key_count[common]}, and its texts are most like those of the larger label"
            )
            break

    groups: dict[str, list[str]] = defaultdict(list)
    for key, names in by_key.items():
        groups[parent[key]].extend(names)
    merges = []
    mapping: dict[str, str] = {}
    for root, names in sorted(groups.items()):
        if len(names) < 2:
            continue
        ordered = sorted(names, key=lambda n: (-counts[n], n))
        canonical = ordered[0]
        typo_keys = sorted({label_key(n) for n in names} - {root})
        if typo_keys:
            reason = "; ".join(f"'{k}': {typo_reason[k]}" for k in typo_keys)
            reason = "same label after folding case, spacing and punctuation, or a small typo (" + reason + ")"
            score = 0.8
        else:
            reason = "same name once case, spacing, punctuation and plural 's' are ignored"
            score = 1.0
        for name in ordered[1:]:
            mapping[name] = canonical
        merges.append(LabelMerge(canonical=canonical, variants=tuple(ordered[1:]),
                                 counts=tuple((n, counts[n]) for n in ordered), reason=reason, score=score))
    return LabelMerges(merges=tuple(merges), canonical=mapping)


def _nearest_label_keys(dataset: Dataset, by_key: dict[str, list[str]]) -> dict[str, str]:
    """For each label key, the other key whose texts' TF-IDF centroid is most similar."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    key_of = {name: key for key, names in by_key.items() for name in names}
    frame = dataset.frame[dataset.frame["label"].notna() & (dataset.frame["text"].str.len() > 0)]
    if frame.empty:
        return {}
    # Cap rows per label: centroids are stable long before that, and it bounds time.
    sampled = frame.assign(key=frame["label"].map(key_of)).groupby("key", sort=True).head(300)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=1, sublinear_tf=True)
    matrix = vectorizer.fit_transform(sampled["text"].str.slice(0, 2000))
    order = sorted(sampled["key"].unique())
    positions = {key: np.flatnonzero(sampled["key"].to_numpy() == key) for key in order}
    centroids = np.vstack([np.asarray(matrix[positions[k]].mean(axis=0)).ravel() for k in order])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    sims = centroids @ centroids.T
    np.fill_diagonal(sims, -1.0)
    return {key: order[int(np.argmax(sims[i]))] for i, key in enumerate(order)}
