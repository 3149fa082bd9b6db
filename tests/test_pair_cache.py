"""Pair lists cached on disk: a re-scan reads the very pairs the cold scan found, and any
change to what they depend on (texts, constants, the code) computes them again."""

from __future__ import annotations

import json

from dataaudit.cache.keys import CachedResult
from dataaudit.config import Settings
from dataaudit.cache.pairs import cached_pairs

TEXTS = ["reset my card pin", "reset my card pin please", "where is my card"]
NEAR = CachedResult("near_pairs", code=("dataaudit.similarity.near_pairs:verified_near_pairs",), values=("threshold",))
PAIRS = CachedResult("pairs", code=("dataaudit.embeddings.neighbours:similar_pairs",))


def _counting(pairs):
    calls = []

    def compute():
        calls.append(1)
        return pairs

    return compute, calls


def test_a_second_call_reads_the_stored_pairs_bit_for_bit(tmp_path):
    pairs = [(0, 1, 0.8823529411764706), (1, 2, 1 / 3)]  # float64 values a float32 store would change
    compute, calls = _counting(pairs)
    assert cached_pairs(NEAR, TEXTS, Settings(cache_dir=str(tmp_path)), compute, threshold=0.8) == pairs
    assert cached_pairs(NEAR, TEXTS, Settings(cache_dir=str(tmp_path)), compute, threshold=0.8) == pairs
    assert len(calls) == 1


def test_other_texts_order_or_constants_compute_again(tmp_path):
    compute, calls = _counting([])
    cached_pairs(NEAR, TEXTS, Settings(cache_dir=str(tmp_path)), compute, threshold=0.8)
    cached_pairs(NEAR, TEXTS, Settings(cache_dir=str(tmp_path)), compute, threshold=0.85)
    cached_pairs(NEAR, TEXTS[::-1], Settings(cache_dir=str(tmp_path)), compute, threshold=0.8)
    cached_pairs(NEAR, TEXTS[:2], Settings(cache_dir=str(tmp_path)), compute, threshold=0.8)
    assert len(calls) == 4
    assert len(list((tmp_path / "near_pairs").glob("*.npz"))) == 4


def test_an_empty_answer_is_cached_too(tmp_path):
    compute, calls = _counting([])
    for _ in range(2):
        assert cached_pairs(PAIRS, TEXTS, Settings(cache_dir=str(tmp_path)), compute) == []
    assert len(calls) == 1


def test_a_read_only_cache_folder_still_answers(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        compute, calls = _counting([(0, 2, 0.9)])
        assert cached_pairs(PAIRS, TEXTS, Settings(cache_dir=str(folder)), compute) == [(0, 2, 0.9)]
    finally:
        folder.chmod(0o700)


def test_an_undeclared_or_missing_value_is_refused(tmp_path):
    import pytest

    compute, calls = _counting([])
    with pytest.raises(TypeError, match="declares values"):
        cached_pairs(NEAR, TEXTS, Settings(cache_dir=str(tmp_path)), compute)
    with pytest.raises(TypeError, match="declares values"):
        cached_pairs(NEAR, TEXTS, Settings(cache_dir=str(tmp_path)), compute, threshold=0.8, model="x")
    with pytest.raises(ValueError, match="unknown settings"):
        CachedResult("pairs", settings=("near_threshold",))


def test_a_warm_rescan_reads_the_near_pairs_and_reports_the_same(run_cli, write, tmp_path, monkeypatch):
    train = write("train.csv", "text,label\nHow do I reset my card PIN?,pin\nHow do I reset my card PIN??,pin\n"
                               "how do i reset my crad pin,pin\nwhere is my new card,arrival\n"
                               "where is my new crad,arrival\nI want a refund,refund\n")
    cache = tmp_path / "cache"

    def scan(out):
        result = run_cli("scan", train, "--cache-dir", cache, "--json", out, "--threshold", "1",
                         "--embedder", "none")
        assert result.exit_code == 0, result.output
        report = json.loads(out.read_text(encoding="utf-8"))
        report.pop("run")
        return report

    cold = scan(tmp_path / "cold.json")
    assert any(f["code"] == "DA102" for f in cold["findings"])
    from dataaudit.similarity import near_pairs

    def fail(*args, **kwargs):
        raise AssertionError("a warm re-scan must not search for near pairs again")

    monkeypatch.setattr(near_pairs, "verified_near_pairs", fail)
    assert scan(tmp_path / "warm.json") == cold


KEPT_TRAIN = ("text,label\nHow do I reset my card PIN?,pin\nhow do i reset my crad pin,pin\n"
              "I forgot my PIN and need a new one,pin\nwhere is my new card,arrival\nwhere is my new crad,arrival\n"
              "my new card has not arrived yet,arrival\nflights from boston to denver,flight\n"
              "flights from denver to boston,flight\nI want a refund,refund\nplease refund my money,refund\n")


def test_a_warm_rescan_skips_the_minimal_pair_rule_until_a_label_changes(run_cli, write, tmp_path, monkeypatch):
    """The pairs the minimal-pair rule keeps are cached under the texts and their labels: an
    unchanged file skips the rule; one relabelled row (same texts) applies it again."""
    from dataaudit.stages.minimal_pairs import MinimalPairs

    cache = tmp_path / "cache"

    def scan(train, out):
        result = run_cli("scan", train, "--cache-dir", cache, "--json", out, "--threshold", "1")
        assert result.exit_code == 0, result.output
        report = json.loads(out.read_text(encoding="utf-8"))
        report.pop("run")
        return report

    cold = scan(write("train.csv", KEPT_TRAIN), tmp_path / "cold.json")
    assert "DA102" in {f["code"] for f in cold["findings"]}
    from dataaudit.embeddings.cache import CACHE_FOLDERS

    made = {p.name for p in cache.iterdir() if p.is_dir()}
    assert {"near_kept", "semantic_kept"} <= made <= set(CACHE_FOLDERS), "outputs are refused on every cache folder"
    applied: list[str] = []
    for name in ("without_minimal_pairs", "without_unsure_semantic_pairs"):
        real = getattr(MinimalPairs, name)
        monkeypatch.setattr(MinimalPairs, name,
                            lambda self, pairs, real=real, name=name: applied.append(name) or real(self, pairs))
    assert scan(write("train.csv", KEPT_TRAIN), tmp_path / "warm.json") == cold
    assert applied == [], "an unchanged file reads the kept pairs"
    relabelled = KEPT_TRAIN.replace("I want a refund,refund", "I want a refund,complaint")
    scan(write("relabelled.csv", relabelled), tmp_path / "relabelled.json")
    assert sorted(applied) == ["without_minimal_pairs", "without_unsure_semantic_pairs"]
