"""Representative of real traffic: the training set against a sample of what users send.

Given `--production PATH` (any supported format, labels optional), three measures, none of
which changes the clean count:

- coverage: as many texts of each side are compared (a seeded sample of the bigger one, at
  most MAX_TEXTS each); a production text is covered unless at most 1 of its 10 nearest texts
  (of both sides) is a training text — a two-sample neighbour test: drawn like the training
  set, a text has ~5 of 10, and 1 or fewer happens to ~1 % by chance, while a kind of request
  the training set lacks has only other production texts around it. Not "a paraphrase exists":
  a neighbourhood.
- gaps: the uncovered production texts joined through their neighbours; each group of 3 or
  more is a kind of request the training set lacks, shown with three of its texts. Training
  texts with at most 1 production text among their 10 neighbours, joined the same way, are the
  kinds of request production never makes.
- mix: scripts (Devanagari, romanized Hindi, other Latin, other), length in words, and the
  training labels a classifier (fitted on the training set) predicts for production.

Vectors: the first of the scan's embedder and `e5` (multilingual, reads romanized Hindi) that
can judge 90 % of both sets' texts; otherwise (code, `--embedder none`) character n-gram
TF-IDF reduced by SVD. On the sample data (mostly romanized Hindi) `use` cannot, and
character n-grams missed the hospital requests production adds that e5 finds. Past MAX_TEXTS
a seeded sample of each side is compared.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional, Sequence

import numpy as np

from ..embeddings import encode
from ..embeddings.models import resolve_info
from ..model.findings import ProductionTopic, Representativeness
from .production_mix import median_words, predict_labels, predicted_shares, script_needs, script_of, shares

# (name, embed texts -> vectors, whether a cosine with a text is evidence of its meaning)
Embedder = tuple[str, Callable[[list[str]], np.ndarray], Callable[[str], bool]]
FALLBACK_EMBEDDER = "e5"
MAX_TEXTS = 10_000  # of each side: the neighbour search is all pairs
READS_ENOUGH = 0.9
NEIGHBOURS = 10
# A production text is uncovered when at most this many of its 10 nearest texts are training
# texts. With as many texts on each side, a sample drawn like the training set has ~5 of 10;
# 1 or fewer happens by chance to ~1 % of texts (binomial 10, 0.5).
UNCOVERED_AT = 1
MIN_GAP = 4  # uncovered production texts, joined through their neighbours, that make a gap (3 left chance
# groups in random splits of BANKING77: benchmarks/representativeness.py)
MIN_UNUSED = 5
SEED = 0


def compare(train_texts: Sequence[str], train_labels: Sequence[Optional[str]], production_texts: Sequence[str],
            embedders: Sequence[Embedder], production_path: str, min_coverage: Optional[float]) -> Representativeness:
    """The measures above for the clean training texts (with their labels) and the production texts."""
    if not train_texts or not production_texts:  # every training row excluded: nothing covers anything
        return Representativeness(
            production_path=production_path, production_rows=len(production_texts), training_rows=0,
            compared=len(production_texts), compared_with="nothing (no clean training text)", neighbours=NEIGHBOURS,
            coverage=0.0, gaps=(), unused_training_topics=(), scripts=(shares(map(script_of, production_texts)), {}),
            median_words=(median_words(production_texts), 0.0), predicted_labels={},
            min_coverage=min_coverage, passed=min_coverage is None)
    rng = np.random.default_rng(SEED)
    side = min(len(train_texts), len(production_texts), MAX_TEXTS)  # as many of each: a fair neighbourhood
    train_index, prod_index = _sample(len(train_texts), side, rng), _sample(len(production_texts), side, rng)
    train = [train_texts[k] for k in train_index]
    labels = [train_labels[k] for k in train_index]
    prod = [production_texts[k] for k in prod_index]
    vectors, compared_with = vectors_for(train + prod, embedders)
    neighbours, uncovered = neighbourhood(vectors, len(train))
    coverage = 1.0 - len(uncovered) / len(prod) if prod else 0.0
    predicted = predict_labels(vectors[: len(train)], labels, vectors[len(train):])
    prod_scripts, train_scripts = [script_of(t) for t in prod], [script_of(t) for t in train]
    return Representativeness(
        production_path=production_path, production_rows=len(production_texts), training_rows=len(train_texts),
        compared=len(prod), compared_with=compared_with, neighbours=NEIGHBOURS, coverage=round(coverage, 4),
        gaps=_gaps(uncovered, neighbours, train, prod),
        unused_training_topics=_unused(neighbours, train),
        scripts=(shares(prod_scripts), shares(train_scripts)),
        median_words=(median_words(prod), median_words(train)),
        predicted_labels=predicted_shares(labels, predicted),
        min_coverage=min_coverage, passed=min_coverage is None or coverage >= min_coverage,
        script_needs=script_needs(prod_scripts, train_scripts, labels, predicted))


def vectors_for(texts: list[str], embedders: Sequence[Embedder]) -> tuple[np.ndarray, str]:
    """Unit vectors of the texts, and what made them: the first embedder that can judge 90 % of
    them, else character n-grams (saying which embedders could not)."""
    for name, embed, judges in embedders:
        if sum(map(judges, texts)) >= READS_ENOUGH * len(texts):
            return _unit(embed(texts)), name
    why = ("no embedder" if not embedders else
           " or ".join(name for name, _, _ in embedders) + " cannot judge 10 % or more of the texts")
    return _char_ngrams(texts), f"character n-grams ({why})"


def _sample(count: int, size: int, rng) -> list[int]:
    if count <= size:
        return list(range(count))
    return sorted(rng.choice(count, size, replace=False).tolist())


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _char_ngrams(texts: list[str]) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2 if len(texts) >= 20 else 1,
                             sublinear_tf=True, lowercase=True).fit_transform(texts)
    dims = min(256, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if dims < 2:
        return _unit(matrix.toarray())
    return _unit(TruncatedSVD(n_components=dims, random_state=SEED).fit_transform(matrix))


def neighbourhood(vectors: np.ndarray, n_train: int) -> tuple[np.ndarray, np.ndarray]:
    """Every text's nearest texts, and the production texts (indices from 0) that are uncovered."""
    neighbours = _neighbours(vectors)
    from_training = (neighbours[n_train:] < n_train).sum(axis=1)
    return neighbours, np.flatnonzero(from_training <= UNCOVERED_AT)


def _neighbours(vectors: np.ndarray, chunk: int = 1024) -> np.ndarray:
    """Each text's NEIGHBOURS nearest other texts (indices into `vectors`), by cosine."""
    k = min(NEIGHBOURS, len(vectors) - 1)
    out = np.empty((len(vectors), k), dtype=np.int64)
    for start in range(0, len(vectors), chunk):
        sims = vectors[start:start + chunk] @ vectors.T
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = -np.inf  # not itself
        out[start:start + chunk] = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    return out


def _groups(members: Sequence[int], neighbours: np.ndarray) -> list[list[int]]:
    """`members` (indices) joined to the members among their neighbours: connected groups."""
    parent = {int(m): int(m) for m in members}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in parent:
        for other in neighbours[m].tolist():
            if other in parent:
                parent[find(m)] = find(other)
    groups: dict[int, list[int]] = {}
    for m in parent:
        groups.setdefault(find(m), []).append(m)
    return sorted((sorted(g) for g in groups.values()), key=len, reverse=True)


def gap_groups(uncovered: np.ndarray, neighbours: np.ndarray, n_train: int) -> list[list[int]]:
    """Uncovered production texts (indices from 0) joined through their neighbours: the groups of
    MIN_GAP or more, as indices into both sides' texts (production from n_train)."""
    return [group for group in _groups([n_train + int(p) for p in uncovered], neighbours) if len(group) >= MIN_GAP]


def _gaps(uncovered: np.ndarray, neighbours: np.ndarray, train: list[str], prod: list[str]) -> tuple:
    """Each gap group is a kind of request the training set lacks: three of its texts, and the
    training texts near it."""
    n_train = len(train)
    out = []
    for group in gap_groups(uncovered, neighbours, n_train):
        near = {o for m in group for o in neighbours[m].tolist() if o < n_train}
        out.append(ProductionTopic(tuple(prod[m - n_train] for m in group[:3]), len(group),
                                   round(len(group) / len(prod), 4), len(near), round(len(near) / n_train, 4)))
    return tuple(out)


def _unused(neighbours: np.ndarray, train: list[str]) -> tuple:
    """Training texts with at most UNCOVERED_AT production texts among their neighbours, joined
    the same way: kinds of request production never makes (groups of MIN_UNUSED or more)."""
    n_train = len(train)
    from_production = (neighbours[:n_train] >= n_train).sum(axis=1)
    lonely = np.flatnonzero(from_production <= UNCOVERED_AT).tolist()
    return tuple(ProductionTopic(tuple(train[m] for m in group[:3]), 0, 0.0, len(group), round(len(group) / n_train, 4))
                 for group in _groups(lonely, neighbours) if len(group) >= MIN_UNUSED)


def for_scan(dataset, settings, canonical: Sequence[Optional[str]], excluded: set[int], production,
             progress=None) -> Representativeness:
    """The comparison for a scan: the clean rows of `dataset` (one per distinct text) against the
    --production dataset, with the scan's embedder where it reads the texts."""
    texts, labels, seen = [], [], set()
    for position, text in enumerate(dataset.compare_texts):
        if position not in excluded and text.strip() and text not in seen:
            seen.add(text)
            texts.append(text)
            labels.append(canonical[position])
    production_texts = [t for t in production.compare_texts if t.strip()]
    if progress:
        progress("production: compare", 0, None)
    return compare(texts, labels, production_texts, embedders_for(settings, progress), str(settings.production),
                   settings.min_coverage)


def embedders_for(settings, progress=None) -> list[Embedder]:
    """The scan's embedder, then FALLBACK_EMBEDDER; none with --embedder none."""
    embedders: list[Embedder] = []
    if resolve_info(settings.embedder) is None:
        return embedders
    for name in dict.fromkeys((settings.embedder, FALLBACK_EMBEDDER)):
        info, chosen = resolve_info(name), replace(settings, embedder=name)
        embedders.append((info.name, lambda batch, chosen=chosen: encode.embed_texts(batch, chosen, progress),
                          info.judges_pairs))
    return embedders
