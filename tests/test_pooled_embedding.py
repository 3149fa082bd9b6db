"""The default embedder spreads large batches over worker processes: same vectors, same order,
and a pool that cannot start is no error (the texts are encoded in this process)."""

from __future__ import annotations

import numpy as np
import pytest
from joblib import cpu_count

from dataaudit.embeddings import pooled
from dataaudit.embeddings.models import load_embedder

TEXTS = [f"how do I {verb} my {thing}" for verb in ("reset", "block", "find", "renew", "cancel", "top up")
         for thing in ("card", "pin", "account", "transfer", "order")] + ["", "नमस्ते", "x" * 3_000]


@pytest.fixture()
def local_vectors(monkeypatch):
    monkeypatch.setattr(pooled, "POOL_FROM_TEXTS", 10 ** 9)
    return load_embedder("use").encode(TEXTS)


@pytest.mark.skipif(cpu_count() < 2, reason="one CPU: the pool is never used")
def test_the_pool_gives_the_vectors_this_process_gives_in_order(monkeypatch, local_vectors):
    monkeypatch.setattr(pooled, "POOL_FROM_TEXTS", 0)
    monkeypatch.setattr(pooled, "TASK_TEXTS", 7)  # several tasks, finishing in any order
    monkeypatch.setattr(pooled, "LAST_FALLBACK", None)
    progress = []
    vectors = load_embedder("use").encode(TEXTS, on_progress=progress.append)
    assert pooled.LAST_FALLBACK is None, "the pool ran"
    assert sum(progress) == len(TEXTS) and max(progress) == 7
    assert vectors.shape == local_vectors.shape == (len(TEXTS), 512)
    np.testing.assert_allclose(vectors, local_vectors, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_pool_that_cannot_start_falls_back_to_this_process(monkeypatch, local_vectors):
    def refuse(workers):
        raise OSError("no semaphores here")

    monkeypatch.setattr(pooled, "POOL_FROM_TEXTS", 0)
    monkeypatch.setattr(pooled, "_parallel", refuse)
    monkeypatch.setattr(pooled, "LAST_FALLBACK", None)
    model = load_embedder("use")
    monkeypatch.setattr(model._encode, "cores", 2)
    vectors = model.encode(TEXTS)
    assert pooled.LAST_FALLBACK == "OSError: no semaphores here"
    np.testing.assert_allclose(vectors, local_vectors, atol=1e-5)


@pytest.mark.skipif(cpu_count() < 2, reason="one CPU: no pool")
def test_the_embedding_pool_and_the_label_models_pool_work_one_after_the_other(monkeypatch):
    """They share joblib's worker pool: a 100k-row scan once failed DA203 when the embedding
    pool was a second, plain executor ('no attribute _temp_folder_manager')."""
    from dataaudit.labelling import model as label_model

    monkeypatch.setattr(pooled, "POOL_FROM_TEXTS", 0)
    monkeypatch.setattr(pooled, "LAST_FALLBACK", None)
    monkeypatch.setattr(label_model, "PARALLEL_FROM_ROWS", 0)
    vectors = load_embedder("use").encode(TEXTS)
    labels = np.array([i % 3 for i in range(len(TEXTS))], dtype=np.int64)
    fold = label_model.stratified_group_folds(labels, np.arange(len(TEXTS)), 3)
    probabilities = label_model.out_of_sample_probabilities([vectors], labels, fold, 3)
    assert probabilities.shape == (len(TEXTS), 3)
    assert load_embedder("use").encode(TEXTS).shape == vectors.shape
    assert pooled.LAST_FALLBACK is None
