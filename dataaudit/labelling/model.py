"""Out-of-sample label probabilities: what the rest of the data says each row's label should be.

A linear classifier is trained K times, each time without one fold, and predicts the
rows of that fold, so no row's probability comes from a model that saw it. Features
are character n-gram TF-IDF (any language, no model needed) and, when an embedder is
chosen, sentence embeddings from the shared embedding step. One classifier is trained
per feature set and their probabilities are averaged: the two views make different
mistakes (benchmarks/mislabeled.py measures each alone and together).

Folds keep every copy of a text together (exact and near-duplicate groups): a copy in
the training folds would otherwise vouch for its own label.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from ..workers import Workers, allowed
from .features import (SLICE_ROWS, EmbeddingView, Lazy, MatrixView, TfidfSpace, TfidfView,  # noqa: F401
                       centred, kept_view)  # (centred: API)

# Labels with fewer rows than this are not learned (and their rows not judged): with
# K-fold training a 1-4 row label is missing from most training folds, so every one of
# its rows would look mislabeled.
MIN_LABEL_ROWS = 5
MAX_FOLDS = 5
# Small files get more folds: with 20 rows a label, 5 folds train on 16 of them, 10 folds
# on 18, and that difference is most of the recall on small label sets
# (benchmarks/mislabeled_small.py). Past this many rows 5 folds lose nothing and cost half.
SMALL_DATA_ROWS = 5_000
SMALL_DATA_FOLDS = 10
# Inverse regularisation of the logistic regressions; chosen on BANKING77 (see the benchmark).
# lbfgs converges in ~55 iterations on BANKING77; capping at 60 changes no measured number there
# and stops noisy data (where it would run to hundreds) early, which also regularises.
C_VALUE = 10.0
MAX_ITER = 60
# The sparse TF-IDF model is fit with saga instead: lbfgs spends most of its time in the
# optimizer's own bookkeeping over features x labels parameters (61 % of a fit, profiled),
# while saga's epochs cost only the non-zeros. On a BANKING77 fold (8,000 rows, 14,118
# grams, 77 labels) saga stopped at tol 0.01 after 13 epochs in 5.1 s against lbfgs's
# 13.1 s, accuracy 0.893 vs 0.892 and log loss 0.4925 vs 0.4937. The dense embedding
# model stays on lbfgs, which is faster there (4.1 s against saga's 10.0 s).
SAGA_TOL = 0.01
SAGA_MAX_ITER = 50
# Each fold's classifier trains on at most this many rows (a stratified sample): enough
# for a linear model on hundreds of labels, and it keeps 100k+ row files to minutes.
# Every row still gets an out-of-sample probability.
MAX_TRAIN_ROWS = 20_000

Progress = Callable[[str, int, Optional[int]], None]


@dataclass(frozen=True)
class LabelModel:
    """Out-of-sample probabilities for the rows that could be judged."""

    positions: np.ndarray  # dataset row positions, one per judged row
    classes: tuple[str, ...]  # column order of `probabilities`
    given: np.ndarray  # the given (canonical) label of each judged row, as a class index
    probabilities: np.ndarray  # (rows, classes), each row sums to 1
    neighbour_space: object  # .cosines(candidates, queries): uncentred cosines, (candidates x queries)
    feature_sets: tuple[str, ...]
    folds: int
    unlearned_labels: tuple[str, ...]  # labels with fewer than MIN_LABEL_ROWS rows
    judgement: object = None  # label_issues.Judgement: what DA203 reports (set by the label_model stage)

    def nearest_with_label(self, index: int, label: int, count: int = 3) -> list[tuple[int, float]]:
        """The judged rows labeled `label` most similar to judged row `index`: (dataset position, cosine)."""
        return self.nearest_with_labels([(index, label)], count)[index]

    def nearest_with_labels(self, queries, count: int = 3) -> dict[int, list[tuple[int, float]]]:
        """nearest_with_label for each (index, label) of `queries`, keyed by index: one product per
        label and slice of queries, not one per query (at 1M rows a lookup gathers ~10k vectors)."""
        by_label: dict[int, list[int]] = {}
        for index, label in queries:
            by_label.setdefault(int(label), []).append(int(index))
        out: dict[int, list[tuple[int, float]]] = {}
        for label, indices in by_label.items():
            everyone = np.flatnonzero(self.given == label)
            for start in range(0, len(indices), _QUERIES_AT_ONCE):
                part = indices[start:start + _QUERIES_AT_ONCE]
                sims = self.neighbour_space.cosines(everyone, np.asarray(part)) if len(everyone) else None
                for k, index in enumerate(part):
                    keep = everyone != index
                    candidates = everyone[keep]
                    if not len(candidates):
                        out[index] = []
                        continue
                    column = sims[keep, k]
                    # Ordered by the cosine to the 4 decimals the report shows, ties by row: vectors differ in
                    # their last bits between CPUs, and 0.3461 vs 0.3459 must not pick another row.
                    top = np.lexsort((candidates, -np.round(column, 4)))[:count]
                    out[index] = [(int(self.positions[candidates[t]]), float(column[t])) for t in top]
        return out


# Queries whose cosines are computed in one product: 1,000 x the ~10k rows of a label at 1M rows
# is ~40 MB.
_QUERIES_AT_ONCE = 1_000


def fold_count(rows: int, smallest_label: int) -> int:
    """How many folds: 10 for small files, 5 above SMALL_DATA_ROWS, and past 25,000 rows the
    fewest that still give each fold's classifier its MAX_TRAIN_ROWS (100k rows: 2 folds, each
    training on 20,000 of 50,000 rows, as each of 5 folds would): more folds would train more
    models of the same size for nothing. Never more folds than the smallest label has rows."""
    most = SMALL_DATA_FOLDS if rows <= SMALL_DATA_ROWS else MAX_FOLDS
    if rows > MAX_TRAIN_ROWS:
        # k folds train on rows * (k - 1) / k each: the least k where that reaches the cap.
        most = min(most, max(2, math.ceil(rows / (rows - MAX_TRAIN_ROWS))))
    return max(2, min(most, smallest_label))


def stratified_group_folds(labels: np.ndarray, groups: np.ndarray, folds: int, seed: int = 0) -> np.ndarray:
    """A fold number per row: every group in one fold, each label's groups dealt round-robin
    over the folds (in a seeded random order) so every fold sees every label."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(labels), dtype=np.int64)
    group_label: dict[int, int] = {}
    for g, y in zip(groups.tolist(), labels.tolist()):
        group_label.setdefault(g, y)
    by_label: dict[int, list[int]] = {}
    for g, y in group_label.items():
        by_label.setdefault(y, []).append(g)
    group_fold: dict[int, int] = {}
    offset = 0
    for y in sorted(by_label):
        members = np.array(sorted(by_label[y]))
        rng.shuffle(members)
        for i, g in enumerate(members.tolist()):
            group_fold[g] = (i + offset) % folds
        offset += len(members)  # small labels do not all start in fold 0
    for i, g in enumerate(groups.tolist()):
        fold[i] = group_fold[g]
    return fold


def tfidf_features(texts: Sequence[str]):
    """The TF-IDF matrix of `texts` (every text fit and transformed at once)."""
    return TfidfView(texts, fit_rows=len(texts)).matrix


def out_of_sample_probabilities(feature_sets: Sequence, labels: np.ndarray, fold: np.ndarray, classes: int,
                                progress: Optional[Progress] = None, stage: str = "",
                                workers: Optional[Workers] = None) -> np.ndarray:
    """The mean over feature sets of each row's probabilities from the fold model that did not see it.
    `feature_sets`: views (labelling/features.py) or matrices. Each fold model trains on its capped
    sample (in worker processes when it pays); its fold's rows are predicted here, a slice at a time."""
    views = [f if hasattr(f, "rows") else MatrixView(f) for f in feature_sets]
    folds = int(fold.max()) + 1
    training = {k: np.flatnonzero(_capped(fold != k, labels, np.random.default_rng(k)))
                for k in range(folds) if (fold == k).any()}
    tasks = [(s, k) for s in range(len(views)) for k in training]
    tables = [np.zeros((len(labels), classes), dtype=np.float32) for _ in views]  # rows x labels: small
    for (s, k), (seen, model) in _fitted(tasks, views, labels, training, allowed(workers)):
        test = np.flatnonzero(fold == k)
        for start in range(0, len(test), SLICE_ROWS):
            part = test[start:start + SLICE_ROWS]
            tables[s][np.ix_(part, seen)] = 1.0 if model is None else model.predict_proba(views[s].rows(part))
        if progress:
            progress(stage, 1, None)
    return np.mean(tables, axis=0)


# Fold models train in parallel processes when there are cores to spare and the fits are big
# enough to pay for starting them (~1 s): saga is single-threaded, and lbfgs on 512-d vectors
# barely uses a second BLAS thread. Measured on 100k spliced BANKING77 rows (README, Speed).
PARALLEL_FROM_ROWS = 5_000


def _fitted(tasks, views, labels, training, workers: Workers):
    """(task, (classes, fitted model or None)) for each (feature set, fold) task, as they finish.
    Only each fold's training sample travels to a worker, never the whole feature matrix."""
    done = set()

    def args(s, k):
        return views[s].rows(training[k]), labels[training[k]], k, views[s].sparse

    if len(labels) >= PARALLEL_FROM_ROWS:
        for key, result in workers.each(_fold_model, {(s, k): args(s, k) for s, k in tasks}):
            done.add(key)
            yield key, result
    for s, k in tasks:  # small data, one core, or what a failed pool left
        if (s, k) not in done:
            yield (s, k), _in_one_thread(_fold_model, *args(s, k))


def _in_one_thread(function, *args):
    """function(*args) with one BLAS thread, as in a pool's worker (joblib gives each one its
    share of the cores: one on a machine of as many cores as workers; a Ray task has one): a
    model's sums in another thread count differ in the last bits, enough to move a borderline
    suggestion, so the same file gets the same report wherever its folds are fit (measured:
    one DA203 suggestion of 12,589 findings at 100k rows, folds here against folds in workers)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return function(*args)


def _fold_model(features, labels: np.ndarray, k: int, sparse: bool):
    """The classes fold k's training sample has and the model fit on it (None: one class)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    seen = np.unique(labels)
    if len(seen) == 1:
        return seen, None
    model = (LogisticRegression(C=C_VALUE, solver="saga", tol=SAGA_TOL, max_iter=SAGA_MAX_ITER, random_state=k)
             if sparse else LogisticRegression(C=C_VALUE, max_iter=MAX_ITER))
    with warnings.catch_warnings():
        # A not-quite-converged fit still ranks labels well; the benchmark measures the result.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(features, labels)
    return model.classes_, model


def _capped(train: np.ndarray, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """At most MAX_TRAIN_ROWS of the training mask, each label keeping its share (and at least one row)."""
    count = int(train.sum())
    if count <= MAX_TRAIN_ROWS:
        return train
    share = MAX_TRAIN_ROWS / count
    capped = np.zeros_like(train)
    for label in np.unique(labels[train]):
        rows = np.flatnonzero(train & (labels == label))
        take = max(1, int(round(len(rows) * share)))
        capped[rng.choice(rows, size=min(take, len(rows)), replace=False)] = True
    return capped


def fit_label_model(texts: Sequence[str], labels: Sequence[str], positions: Sequence[int],
                    groups: Sequence[int], vectors=None, progress: Optional[Progress] = None,
                    stored: Optional[np.ndarray] = None, workers: Optional[Workers] = None) -> Optional[LabelModel]:
    """Out-of-sample probabilities for rows `positions` (texts, labels and duplicate
    groups given per row). None when fewer than two labels have MIN_LABEL_ROWS rows.
    `vectors`: a row's sentence vector, as an array or as (matrix, row of each text in it, -1:
    none), which is read a slice at a time instead of copied; or a function returning either,
    called only when the vectors are needed. `stored`: the probabilities a
    previous run computed for exactly these inputs (cache/label_model.py); used when their
    shape fits, skipping the cross-validation. `workers`: the processes the fold models may
    train in (the executor's; every core when None)."""
    from collections import Counter

    counts = Counter(labels)
    learned = sorted(label for label, n in counts.items() if n >= MIN_LABEL_ROWS)
    unlearned = tuple(sorted(label for label in counts if counts[label] < MIN_LABEL_ROWS))
    if len(learned) < 2:
        return None
    learned_set = set(learned)
    keep = np.array([label in learned_set for label in labels], dtype=bool)
    index = {label: i for i, label in enumerate(learned)}
    y = np.array([index[label] for label, k in zip(labels, keep) if k], dtype=np.int64)
    kept_texts = [t for t, k in zip(texts, keep) if k]
    kept_groups = np.asarray(groups)[keep]
    folds = fold_count(len(y), min(counts[label] for label in learned))
    fold = stratified_group_folds(y, kept_groups, folds)

    names = ("char n-gram TF-IDF",) + (("embeddings",) if vectors is not None else ())
    embedded = Lazy(lambda: kept_view(vectors() if callable(vectors) else vectors, keep))
    tfidf = Lazy(lambda: TfidfView(kept_texts))
    if stored is not None and stored.shape == (len(y), len(learned)):
        probabilities = stored
    else:
        feature_sets = [tfidf.get()] + ([embedded.get()] if vectors is not None else [])
        stage = "likely mislabeled: cross-validation"
        if progress:
            progress(stage, 0, folds * len(feature_sets))
        probabilities = out_of_sample_probabilities(feature_sets, y, fold, len(learned), progress, stage, workers)
    # Evidence is looked up in the uncentred space: its cosines are the ones users know. Built on
    # first use: a re-scan whose evidence is cached reads no vector and fits no TF-IDF.
    space = embedded if vectors is not None else Lazy(lambda: TfidfSpace(tfidf.get()))
    return LabelModel(
        positions=np.asarray(positions)[keep], classes=tuple(learned), given=y, probabilities=probabilities,
        neighbour_space=space, feature_sets=names, folds=folds, unlearned_labels=unlearned,
    )
