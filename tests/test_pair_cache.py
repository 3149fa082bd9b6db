"""Pair lists cached on disk: a re-scan reads the very pairs the cold scan found, and any
change to what they depend on (texts, constants, the code) computes them again."""

from __future__ import annotations

import json
import types

from dataaudit.config import Settings
from dataaudit.pair_cache import cached_pairs, source_digest

TEXTS = ["reset my card pin", "reset my card pin please", "where is my card"]


def _counting(pairs):
    calls = []

    def compute():
        calls.append(1)
        return pairs

    return compute, calls


def test_a_second_call_reads_the_stored_pairs_bit_for_bit(tmp_path):
    pairs = [(0, 1, 0.8823529411764706), (1, 2, 1 / 3)]  # float64 values a float32 store would change
    compute, calls = _counting(pairs)
    assert cached_pairs("near_pairs", "near|0.8", TEXTS, Settings(cache_dir=str(tmp_path)), compute) == pairs
    assert cached_pairs("near_pairs", "near|0.8", TEXTS, Settings(cache_dir=str(tmp_path)), compute) == pairs
    assert len(calls) == 1


def test_other_texts_order_or_constants_compute_again(tmp_path):
    compute, calls = _counting([])
    cached_pairs("near_pairs", "near|0.8", TEXTS, Settings(cache_dir=str(tmp_path)), compute)
    cached_pairs("near_pairs", "near|0.85", TEXTS, Settings(cache_dir=str(tmp_path)), compute)
    cached_pairs("near_pairs", "near|0.8", TEXTS[::-1], Settings(cache_dir=str(tmp_path)), compute)
    cached_pairs("near_pairs", "near|0.8", TEXTS[:2], Settings(cache_dir=str(tmp_path)), compute)
    assert len(calls) == 4
    assert len(list((tmp_path / "near_pairs").glob("*.npz"))) == 4


def test_an_empty_answer_is_cached_too(tmp_path):
    compute, calls = _counting([])
    for _ in range(2):
        assert cached_pairs("pairs", "k", TEXTS, Settings(cache_dir=str(tmp_path)), compute) == []
    assert len(calls) == 1


def test_a_read_only_cache_folder_still_answers(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        compute, calls = _counting([(0, 2, 0.9)])
        assert cached_pairs("pairs", "k", TEXTS, Settings(cache_dir=str(folder)), compute) == [(0, 2, 0.9)]
    finally:
        folder.chmod(0o700)


def test_the_code_digest_follows_the_source(tmp_path):
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("X = 1\n")
    second.write_text("X = 2\n")
    a, b = types.ModuleType("a"), types.ModuleType("b")
    a.__file__, b.__file__ = str(first), str(second)
    assert source_digest(a) == source_digest(a) != source_digest(b)


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
