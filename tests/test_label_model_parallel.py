"""DA203's fold models trained in parallel processes give the probabilities the serial loop gives."""

from __future__ import annotations

import numpy as np
import pytest
from joblib import cpu_count

from dataaudit.labelling import model as label_model

TEXTS = [f"{verb} my {thing} {extra}" for verb in ("cancel", "track", "block", "renew", "replace")
         for thing in ("card", "order", "transfer", "account", "booking", "payment")
         for extra in ("please", "now", "today", "asap", "for me", "again")]


@pytest.mark.skipif(cpu_count() < 2, reason="one CPU: the parallel path is never taken")
def test_parallel_folds_equal_the_serial_loop(monkeypatch):
    labels = np.array([hash(t.split()[0]) % 4 for t in TEXTS], dtype=np.int64)
    fold = label_model.stratified_group_folds(labels, np.arange(len(TEXTS)), 5)
    rng = np.random.default_rng(3)
    dense = label_model.centred(rng.normal(size=(len(TEXTS), 24)).astype(np.float32) + labels[:, None])
    sets = [label_model.tfidf_features(TEXTS), dense]
    calls = []
    monkeypatch.setattr(label_model, "PARALLEL_FROM_ROWS", 10 ** 9)
    serial = label_model.out_of_sample_probabilities(sets, labels, fold, 4, lambda *a: calls.append(a), "cv")
    monkeypatch.setattr(label_model, "PARALLEL_FROM_ROWS", 0)
    parallel = label_model.out_of_sample_probabilities(sets, labels, fold, 4, lambda *a: calls.append(a), "cv")
    assert len(calls) == 2 * 2 * 5, "one progress step per fitted model, either way"
    assert parallel.shape == (len(TEXTS), 4) and parallel.dtype == np.float32
    np.testing.assert_allclose(parallel, serial, atol=1e-5)
    assert (parallel.argmax(axis=1) == serial.argmax(axis=1)).all()
    np.testing.assert_allclose(parallel.sum(axis=1), 1.0, atol=1e-5)


def test_a_pool_that_cannot_start_leaves_the_folds_to_this_process(monkeypatch):
    import joblib

    class Refusing:
        def __init__(self, *args, **kwargs):
            pass

        def __call__(self, tasks):
            raise OSError("no semaphores here")

    labels = np.array([hash(t.split()[0]) % 4 for t in TEXTS], dtype=np.int64)
    fold = label_model.stratified_group_folds(labels, np.arange(len(TEXTS)), 5)
    sets = [label_model.tfidf_features(TEXTS)]
    monkeypatch.setattr(label_model, "PARALLEL_FROM_ROWS", 10 ** 9)
    serial = label_model.out_of_sample_probabilities(sets, labels, fold, 4)
    monkeypatch.setattr(label_model, "PARALLEL_FROM_ROWS", 0)
    monkeypatch.setattr(joblib, "Parallel", Refusing)
    monkeypatch.setattr(joblib, "cpu_count", lambda: 2)
    np.testing.assert_array_equal(label_model.out_of_sample_probabilities(sets, labels, fold, 4), serial)
