"""Which label names are one label spelled differently, and the evidence for it.

The rule (documented in README and `dataaudit checks explain DA202`):

1. Names that are equal after folding case, Unicode forms, separators
   (space, `_`, `-`, `.`, `/`) and a trailing plural `s` (on words of 5+ letters)
   are one label. Names without letters (`1`, `-1`, `01`) are compared as written.
2. Names whose folded forms differ inside one word by a small edit (1 edit for
   names of 5–7 characters, 2 for longer ones) are one label only when all of this
   holds: neither differing word is the other with letters added at the start or
   end (`relevant`/`irrelevant`, `on`/`one`), they do not differ in a digit, the
   misspelt word never appears as a word in the data's texts (`medicne` does not;
   `off` does), the rarer spelling has at most a fifth as many rows as the other,
   there are at least three labels, and the rarer label's texts are more like the
   other label's texts than like any other label's (character n-gram TF-IDF
   centroids). Real labels that merely look alike (`lost_or_stolen_card` /
   `lost_or_stolen_phone`, `lighton` / `lightoff`) fail one of these and are left alone.

The canonical spelling of a merged group is its most frequent one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional, Sequence

from rapidfuzz.distance import DamerauLevenshtein

from ..text import label_key

RARE_SHARE = 1 / 5
_WORD = re.compile(r"\w+")


def _typo_words(a: str, b: str) -> tuple[str, str] | None:
    """The one pair of words in which two keys differ, when that is how they differ."""
    words_a, words_b = a.split(" "), b.split(" ")
    if len(words_a) != len(words_b):
        return None
    differing = [(x, y) for x, y in zip(words_a, words_b) if x != y]
    if len(differing) != 1:
        return None
    x, y = differing[0]
    # Two or more letters added at the start or end make another word (relevant/irrelevant,
    # complete/incomplete); one letter more or less is a plain typo (rrival/arrival).
    short, long = sorted((x, y), key=len)
    if len(long) - len(short) >= 2 and (long.startswith(short) or long.endswith(short)):
        return None
    return x, y


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


def find_label_merges(row_labels: Sequence[Optional[str]], texts: Sequence[str]) -> LabelMerges:
    """The merges rule 1 and rule 2 find among the rows' labels (None: unlabeled), with the
    rows' texts as evidence."""
    labels = [label for label in row_labels if label is not None]
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
    vocabulary = None
    for index, rare in enumerate(keys):
        if len(keys) < 3:
            break  # with two labels the "nearest other label" is no evidence at all
        for common in keys[:index]:
            if parent[common] != common:
                continue
            limit = min(_max_edits(rare), _max_edits(common))
            if limit == 0 or re.sub(r"\D", "", rare) != re.sub(r"\D", "", common):
                continue
            words = _typo_words(rare, common)
            if words is None or key_count[rare] > RARE_SHARE * key_count[common]:
                continue
            distance = DamerauLevenshtein.distance(rare, common, score_cutoff=limit)
            if distance > limit:
                continue
            if vocabulary is None:
                vocabulary = _text_words(texts)
            if words[0] in vocabulary:
                continue  # a real word ("off", "phone"), not a misspelling
            if centroid_nearest is None:
                centroid_nearest = _nearest_label_keys(row_labels, texts, by_key)
            if centroid_nearest.get(rare) != common:
                continue
            parent[rare] = common
            typo_reason[rare] = (
                f"{distance} edit{'s' if distance > 1 else ''} apart ('{words[0]}' is not a word in the texts); "
                f"{key_count[rare]} rows against {key_count[common]}, and its texts are most like those of the larger label"
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
        # The most used spelling; on a tie, the one that looks like an identifier (lower case, no spaces).
        canonical = min(names, key=lambda n: (-counts[n], n != n.lower() or " " in n, n))
        ordered = [canonical] + sorted((n for n in names if n != canonical), key=lambda n: (-counts[n], n))
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


def _text_words(texts: Sequence[str]) -> set[str]:
    """Words used in the texts (folded like label keys), to tell a misspelling from a word."""
    words: set[str] = set()
    for text in (t[:2000] for t in texts):
        words.update(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))
    return words


def _nearest_label_keys(row_labels: Sequence[Optional[str]], texts: Sequence[str],
                        by_key: dict[str, list[str]]) -> dict[str, str]:
    """For each label key, the other key whose texts' TF-IDF centroid is most similar."""
    import numpy as np
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer

    key_of = {name: key for key, names in by_key.items() for name in names}
    frame = pd.DataFrame({"label": pd.Series(list(row_labels), dtype=object), "text": pd.Series(list(texts), dtype=object)})
    frame = frame[frame["label"].notna() & frame["text"].str.contains(r"\w", regex=True)]
    if frame.empty:
        return {}
    # Cap rows per label: centroids are stable long before that, and it bounds time.
    sampled = frame.assign(key=frame["label"].map(key_of)).groupby("key", sort=True).head(300)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=1, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(sampled["text"].str.slice(0, 2000))
    except ValueError:  # no usable n-grams at all: no evidence either way
        return {}
    order = sorted(sampled["key"].unique())
    positions = {key: np.flatnonzero(sampled["key"].to_numpy() == key) for key in order}
    centroids = np.vstack([np.asarray(matrix[positions[k]].mean(axis=0)).ravel() for k in order])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    sims = centroids @ centroids.T
    np.fill_diagonal(sims, -1.0)
    return {key: order[int(np.argmax(sims[i]))] for i, key in enumerate(order)}
