"""The CLI for embedders, semantic duplicates and --against leakage, on real files."""

from __future__ import annotations

import json


def test_embedders_lists_every_embedder_with_its_threshold(run_cli):
    result = run_cli("embedders")
    assert result.exit_code == 0
    for name in ("minilm", "e5", "use", "none"):
        assert name in result.stdout
    assert "threshold: 0.95" in result.stdout and "Hindi" in result.stdout


def test_against_reports_leaked_rows_with_the_eval_rows_they_match(run_cli, write):
    train = write("train.csv", "text,label\nHow do I reset my card PIN?,pin\nwhere is my new card,arrival\n"
                               "plese cancel my appointment for tomorow,cancel\n")
    test = write("test.csv", "text,label\nwhat is the rate,fx\nhow do i reset my card pin,pin\n"
                             "please cancel my appointment for tomorrow,cancel\n")
    result = run_cli("scan", train, "--against", test, "--embedder", "none", "--threshold", "1", "--json", "-")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    leaks = {tuple(f["excluded"]): (f["match"], f["eval_rows"]) for f in report["findings"] if f["code"] == "DA301"}
    assert leaks == {(0,): ("exact", [1]), (2,): ("near", [2])}
    assert report["summary"]["excluded_by_check"]["leakage"] == 2
    assert report["settings"]["against"] == str(test)
    checks = {c["code"]: c["status"] for c in report["checks"]}
    assert checks["DA301"] == "ok" and checks["DA103"] == "skipped"


def test_semantic_leak_with_the_default_embedder(run_cli, write):
    train = write("train.csv", "text,label\nHow do I reset my card PIN?,pin\nwhere is my new card,arrival\n")
    test = write("test.csv", "text,label\nHow can I reset the PIN of my card?,pin\n")
    result = run_cli("scan", train, "--against", test, "--threshold", "1", "--json", "-", "--no-cache")
    report = json.loads(result.stdout)
    (leak,) = [f for f in report["findings"] if f["code"] == "DA301"]
    assert leak["match"] == "semantic" and leak["excluded"] == [0] and leak["score"] >= 0.95
    assert report["settings"]["embedder"] == "minilm" and report["settings"]["semantic_duplicate_threshold"] == 0.95


def test_bad_against_file_and_bad_embedder_exit_2(run_cli, write):
    train = write("train.csv", "text,label\nhello,greeting\n")
    result = run_cli("scan", train, "--against", train.parent / "missing.csv")
    assert result.exit_code == 2 and "--against" in result.stderr and "missing.csv" in result.stderr
    result = run_cli("scan", train, "--embedder", "bert")
    assert result.exit_code == 2 and "Unknown embedder 'bert'" in result.stderr


def test_semantic_duplicates_in_the_scan_report(run_cli, write):
    train = write("train.csv", "text,label\nHow do I reset my card PIN?,pin\nHow can I reset the PIN of my card?,pin\n"
                               "What is the exchange rate for euros?,fx\n")
    result = run_cli("scan", train, "--threshold", "1", "--json", "-")
    report = json.loads(result.stdout)
    (dup,) = [f for f in report["findings"] if f["code"] == "DA103"]
    assert (dup["keep"], dup["excluded"], dup["check"]) == (0, [1], "semantic_duplicate")
    assert "means the same as row 0" in dup["message"] and dup["similarities"][0] >= 0.95
    assert report["summary"]["effective_clean_count"] == 2
