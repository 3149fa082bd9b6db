"""The label model's features, a slice of rows at a time: the same numbers as the whole
matrices gave, without holding them (TF-IDF fit on a sample past TFIDF_FIT_ROWS texts,
vectors read from the vector store's matrix instead of copied)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.preprocessing import normalize

from dataaudit.labelling import features as label_features

from dataaudit.labelling import model as label_model
from dataaudit.labelling.features import EmbeddingView, TfidfView

TEXTS = [f"{verb} my {thing} {extra}" for verb in ("cancel", "track", "block", "renew", "replace")
         for thing in ("card", "order", "transfer", "account", "booking", "payment")
         for extra in ("please", "now", "today", "asap", "for me", "again")]
LABELS = np.array([("cancel", "track", "block", "renew", "replace").index(t.split()[0]) for t in TEXTS])


def _vectors(rows: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(rows, dim)) + 3.0).astype(np.float32)  # a shared direction to remove


def test_tfidf_up_to_the_fit_size_is_the_whole_fit():
    view = TfidfView(TEXTS)
    whole = label_model.tfidf_features(TEXTS)
    index = np.array([0, 5, 17, 179])
    assert (view.rows(index) != whole[index]).nnz == 0


def test_tfidf_past_the_fit_size_learns_its_grams_from_a_sample_and_transforms_any_row():
    view = TfidfView(TEXTS, fit_rows=10)
    assert view.matrix is None and len(view) == len(TEXTS)
    sampled = view.vectorizer.vocabulary_
    assert 0 < len(sampled) < len(TfidfView(TEXTS).vectorizer.vocabulary_)
    index = np.array([3, 99, 150])
    rows = view.rows(index)
    assert rows.shape == (3, len(sampled))
    assert (rows != view.vectorizer.transform([TEXTS[i] for i in index])).nnz == 0
    np.testing.assert_allclose(np.sqrt(rows.multiply(rows).sum(axis=1)).A.ravel(), 1.0, rtol=1e-5)


def test_embedding_rows_are_centred_and_unit_length_with_unreadable_rows_zero():
    vectors = _vectors(40)
    at = np.arange(40)
    at[[3, 7]] = -1  # texts the embedder cannot read
    view = EmbeddingView(vectors, at)
    present = at >= 0
    mean = vectors[at[present]].mean(axis=0)
    rows = view.rows(np.arange(40))
    expected = normalize(vectors[np.maximum(at, 0)] - mean)
    np.testing.assert_allclose(rows[present], expected[present], atol=1e-6)
    assert not rows[~present].any()
    np.testing.assert_allclose(np.linalg.norm(rows[present], axis=1), 1.0, rtol=1e-5)
    # The module's centred() is the same view over a whole matrix.
    np.testing.assert_array_equal(label_features.centred(vectors), EmbeddingView(vectors).rows(np.arange(40)))


def test_the_mean_summed_in_slices_equals_the_whole_mean(monkeypatch):
    vectors = _vectors(1_000, seed=4)
    whole = EmbeddingView(vectors).mean
    monkeypatch.setattr(label_features, "SLICE_ROWS", 64)
    np.testing.assert_allclose(EmbeddingView(vectors).mean, whole, rtol=1e-6)
    picked = np.random.default_rng(1).permutation(1_000)[:700]
    np.testing.assert_allclose(EmbeddingView(vectors, picked).mean, vectors[picked].mean(axis=0), rtol=1e-5)


def test_evidence_cosines_are_the_uncentred_ones():
    vectors = _vectors(30, seed=2)
    vectors[4] = 0.0
    view = EmbeddingView(vectors)
    candidates = np.array([0, 4, 9, 29])
    space = normalize(vectors)
    np.testing.assert_allclose(view.cosines(candidates, np.array([12, 3])), space[candidates] @ space[[12, 3]].T,
                               atol=1e-6)
    assert (view.cosines(candidates, np.array([12]))[1] == 0.0).all()


def test_predicting_in_slices_gives_the_probabilities_of_one_pass(monkeypatch):
    fold = label_model.stratified_group_folds(LABELS, np.arange(len(TEXTS)), 3)
    sets = [TfidfView(TEXTS), EmbeddingView(_vectors(len(TEXTS)) + LABELS[:, None].astype(np.float32))]
    monkeypatch.setattr(label_model, "PARALLEL_FROM_ROWS", 10 ** 9)
    whole = label_model.out_of_sample_probabilities(sets, LABELS, fold, 5)
    monkeypatch.setattr(label_model, "SLICE_ROWS", 7)
    np.testing.assert_allclose(label_model.out_of_sample_probabilities(sets, LABELS, fold, 5), whole, atol=1e-6)


@pytest.mark.parametrize("unreadable", [(), (2, 50)])
def test_a_label_model_on_the_store_matrix_equals_one_on_copied_vectors(unreadable):
    store = _vectors(len(TEXTS) + 20, seed=7)  # the store holds other texts' vectors too
    at = np.random.default_rng(3).permutation(len(store))[:len(TEXTS)]
    copied = store[at].copy()
    for i in unreadable:
        at[i] = -1
        copied[i] = 0.0
    labels = [str(y) for y in LABELS]
    args = (TEXTS, labels, list(range(len(TEXTS))), list(range(len(TEXTS))))
    from_store = label_model.fit_label_model(*args, vectors=(store, at))
    from_copy = label_model.fit_label_model(*args, vectors=copied)
    assert from_store.feature_sets == ("char n-gram TF-IDF", "embeddings")
    np.testing.assert_allclose(from_store.probabilities, from_copy.probabilities, atol=1e-6)
    store_rows, copy_rows = from_store.nearest_with_label(0, 1), from_copy.nearest_with_label(0, 1)
    assert [p for p, _ in store_rows] == [p for p, _ in copy_rows]
    assert [s for _, s in store_rows] == pytest.approx([s for _, s in copy_rows], abs=1e-6)


def test_many_evidence_lookups_at_once_equal_one_at_a_time(monkeypatch):
    labels = [str(y) for y in LABELS]
    model = label_model.fit_label_model(TEXTS, labels, list(range(len(TEXTS))), list(range(len(TEXTS))),
                                        vectors=_vectors(len(TEXTS), seed=9) + LABELS[:, None].astype(np.float32))
    queries = [(i, (int(model.given[i]) + 1) % 5) for i in range(0, len(TEXTS), 7)] + [(3, int(model.given[3]))]
    monkeypatch.setattr(label_model, "_QUERIES_AT_ONCE", 4)  # several products per label
    together = model.nearest_with_labels(queries)
    space = normalize(np.asarray(model.neighbour_space.get().raw(np.arange(len(TEXTS)))))
    for index, label in queries:
        candidates = np.flatnonzero(model.given == label)
        candidates = candidates[candidates != index]
        sims = space[candidates] @ space[index]
        expected = [int(model.positions[candidates[t]]) for t in np.argsort(-sims, kind="stable")[:3]]
        assert [p for p, _ in together[index]] == expected, index
        assert index not in [p for p, _ in together[index]]
