"""The label model's views of its rows (char n-gram TF-IDF, sentence embeddings), produced a
slice of rows at a time.

A fold's classifier trains on at most MAX_TRAIN_ROWS rows, so only those rows' features need
to exist at once; every other row is only predicted, a slice at a time. At 1M rows this is
the difference between a few hundred MB and ~8 GB (the TF-IDF of every text, and the
centred and normalized copies of every row's 512-d vector).
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

TFIDF_MAX_FEATURES = 2 ** 17
# The TF-IDF vocabulary and idf weights are fit on at most this many texts (a seeded
# sample); every row is then transformed with them. Files up to this size are fit on all
# their texts, as before. A classifier trained on 20,000 rows cannot use more grams than a
# 100,000-text sample keeps.
TFIDF_FIT_ROWS = 100_000
# Rows whose features exist at once while predicting (and while averaging the vectors).
SLICE_ROWS = 50_000


class MatrixView:
    """Features already held whole (a dense array or a sparse matrix)."""

    def __init__(self, matrix):
        self.matrix = matrix
        self.sparse = hasattr(matrix, "tocsr")

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def rows(self, index: np.ndarray):
        return self.matrix[index]


class TfidfView:
    """Character 2-5-gram TF-IDF of each text (any language, no model needed)."""

    sparse = True

    def __init__(self, texts: Sequence[str], fit_rows: int = TFIDF_FIT_ROWS):
        self.texts = texts
        if len(texts) <= fit_rows:
            self.vectorizer, self.matrix = _fitted_vectorizer(texts)
        else:
            sample = np.sort(np.random.default_rng(0).choice(len(texts), size=fit_rows, replace=False))
            self.vectorizer, _ = _fitted_vectorizer([texts[i] for i in sample])
            self.matrix = None

    def __len__(self) -> int:
        return len(self.texts)

    def rows(self, index: np.ndarray):
        if self.matrix is not None:
            return self.matrix[index]
        return self.vectorizer.transform([self.texts[i] for i in index.tolist()])


def _fitted_vectorizer(texts: Sequence[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    # char_wb n-grams: typos, inflection and any script; sublinear tf so long texts
    # do not drown in repeated grams.
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                 max_features=TFIDF_MAX_FEATURES, dtype=np.float32, lowercase=True)
    try:
        return vectorizer, vectorizer.fit_transform(texts)
    except ValueError:  # every gram occurs once: fall back to keeping them all
        vectorizer.set_params(min_df=1)
        return vectorizer, vectorizer.fit_transform(texts)


class EmbeddingView:
    """Sentence vectors less their mean, L2-normalized again, read from `matrix` (row `at[i]`
    for item i, a zero vector where that is -1; the matrix itself when `at` is None) without
    copying it whole.

    Embeddings of one file share a large common direction (all of it is "a banking
    request"); removing it leaves the part that tells labels apart, which a regularised
    linear model otherwise under-uses. Zero rows (texts the embedder cannot read) stay zero.
    The uncentred cosines (`cosines`) are the ones users know: evidence is shown in them."""

    sparse = False

    def __init__(self, matrix: np.ndarray, at: Optional[np.ndarray] = None):
        self.matrix = matrix
        self.at = at
        self.mean = self._mean()

    def __len__(self) -> int:
        return len(self.at) if self.at is not None else self.matrix.shape[0]

    def raw(self, index: np.ndarray) -> np.ndarray:
        if self.at is None:
            return np.asarray(self.matrix[index], dtype=np.float32)
        rows = self.at[index]
        out = np.asarray(self.matrix[np.maximum(rows, 0)], dtype=np.float32)
        out[rows < 0] = 0.0  # a text the embedder cannot read: the TF-IDF features carry it
        return out

    def _mean(self) -> np.ndarray:
        count = len(self)
        if count <= SLICE_ROWS:  # the whole matrix at once, summed as numpy sums it
            vectors = self.raw(np.arange(count))
            present = vectors.any(axis=1)
            if not present.any():
                return np.zeros(vectors.shape[1], dtype=np.float32)
            return vectors.mean(axis=0) if present.all() else vectors[present].mean(axis=0)
        total, present_rows = np.zeros(self.matrix.shape[1], dtype=np.float64), 0
        for start in range(0, count, SLICE_ROWS):
            vectors = self.raw(np.arange(start, min(count, start + SLICE_ROWS)))
            present = vectors.any(axis=1)
            total += vectors[present].sum(axis=0, dtype=np.float64)
            present_rows += int(present.sum())
        return (total / max(present_rows, 1)).astype(np.float32)

    def rows(self, index: np.ndarray) -> np.ndarray:
        vectors = self.raw(index)
        present = vectors.any(axis=1)
        out = vectors - self.mean
        out[~present] = 0.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=out, where=norms > 0)

    def cosines(self, candidates: np.ndarray, queries: np.ndarray) -> np.ndarray:
        """Uncentred cosines, (candidates x queries), 0 for a zero vector: as sklearn's normalize and
        a product would give them on the whole matrix."""
        return _unit_rows(self.raw(candidates)) @ _unit_rows(self.raw(np.asarray(queries))).T


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    norms[norms == 0.0] = 1.0
    return vectors / norms[:, np.newaxis]


def kept_view(vectors, keep: np.ndarray) -> EmbeddingView:
    """The rows `keep` of `vectors` (an array, or (matrix, row of each item in it)) as an EmbeddingView."""
    if isinstance(vectors, tuple):
        matrix, at = vectors
        return EmbeddingView(matrix, np.asarray(at)[keep])
    vectors = np.asarray(vectors, dtype=np.float32)
    return EmbeddingView(vectors) if keep.all() else EmbeddingView(vectors, np.flatnonzero(keep))


class TfidfSpace:
    """Evidence cosines in TF-IDF space (no embedder): every row's TF-IDF, built once, in slices."""

    def __init__(self, view: TfidfView):
        from scipy.sparse import vstack
        from sklearn.preprocessing import normalize as l2_normalize

        whole = view.matrix
        if whole is None:
            count = len(view)
            whole = vstack([view.rows(np.arange(start, min(count, start + SLICE_ROWS)))
                            for start in range(0, count, SLICE_ROWS)], format="csr")
        self.space = l2_normalize(whole)

    def cosines(self, candidates: np.ndarray, queries: np.ndarray) -> np.ndarray:
        return (self.space[candidates] @ self.space[queries].T).toarray()


class Lazy:
    """A value computed on first use (`get()`), and a neighbour space's `cosines` through it."""

    def __init__(self, make):
        self._make, self._value = make, None

    def get(self):
        if self._value is None:
            self._value = self._make()
        return self._value

    def cosines(self, candidates: np.ndarray, queries: np.ndarray) -> np.ndarray:
        return self.get().cosines(candidates, queries)


def centred(vectors: np.ndarray) -> np.ndarray:
    """Every row of `vectors` as EmbeddingView gives it to the classifier."""
    view = EmbeddingView(np.asarray(vectors, dtype=np.float32))
    return view.rows(np.arange(len(view)))
