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
    assert leak["match"] == "semantic" and leak["excluded"] == [0] and leak["score"] >= 0.89
    assert report["settings"]["embedder"] == "use" and report["settings"]["semantic_duplicate_threshold"] == 0.89


def test_the_settings_default_is_the_embedders_default():
    from dataaudit.config.settings import Settings
    from dataaudit.embeddings import DEFAULT_EMBEDDER

    assert Settings().embedder == DEFAULT_EMBEDDER == "use"


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


def test_damaged_cache_is_set_aside_and_rebuilt(run_cli, write, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    garbage = b"this is not a database" * 300
    (cache / "embeddings-v1.sqlite").write_bytes(garbage)
    train = write("train.csv", "text,label\nHow do I reset my card PIN?,pin\nwhere is my card,arrival\n")
    result = run_cli("scan", train, "--cache-dir", cache, "--threshold", "1")
    assert result.exit_code == 0, result.output
    assert (cache / "embeddings-v1.sqlite.damaged").read_bytes() == garbage
    from dataaudit.embeddings.cache import EmbeddingCache

    rebuilt = EmbeddingCache(cache)
    assert rebuilt._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] == 2
    rebuilt.close()


def test_read_only_cache_file_is_read_and_not_written(tmp_path):
    import sqlite3

    import numpy as np

    from dataaudit.embeddings.cache import EmbeddingCache, text_key

    writable = EmbeddingCache(tmp_path)
    writable.put("m@1", [(text_key("a"), np.ones(4, dtype=np.float32))])
    writable.close()
    path = tmp_path / "embeddings-v1.sqlite"
    cache = EmbeddingCache.__new__(EmbeddingCache)
    cache.path, cache.read_only = path, False
    cache._open_read_only(sqlite3.OperationalError("attempt to write a readonly database"))
    assert cache.read_only and list(cache.get("m@1", [text_key("a")]).values())[0][0] == 1.0
    cache.put("m@1", [(text_key("b"), np.ones(4, dtype=np.float32))])  # silently not kept


def test_against_the_training_file_itself_is_exit_2(run_cli, write):
    train = write("train.csv", "text,label\nhello,greeting\n")
    copy = write("copy.csv", "text,label\nhello,greeting\n")
    result = run_cli("scan", train, "--against", copy, "--embedder", "none")
    assert result.exit_code == 2 and "is the training file itself" in result.stderr


def test_eval_file_without_the_label_or_id_column_still_works(run_cli, write):
    train = write("train.csv", "id,utterance,intent\na1,where is my new card,arrival\na2,reset my pin,pin\n")
    test = write("test.csv", "utterance\nWhere is my new card?\n")
    result = run_cli("scan", train, "--text-col", "utterance", "--label-col", "intent", "--id-col", "id",
                     "--against", test, "--embedder", "none", "--threshold", "1", "--json", "-")
    assert result.exit_code == 0, result.output
    (leak,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "DA301"]
    assert leak["excluded"] == ["a1"] and leak["eval_rows"] == [0]


def test_chat_prompt_leaks_even_when_answers_differ(run_cli, write):
    def record(question, answer):
        return json.dumps({"messages": [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]})

    train = write("train.jsonl", record("What is my account balance", "It is 500 rupees.") + "\n"
                  + record("book a doctor for me", "Booked for 5 pm.") + "\n")
    test = write("test.jsonl", record("what is my account balance?", "Your balance is 1,200.") + "\n")
    result = run_cli("scan", train, "--against", test, "--embedder", "none", "--threshold", "1", "--json", "-")
    (leak,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "DA301"]
    assert (leak["excluded"], leak["match"], leak["eval_rows"]) == ([0], "prompt", [0])


def test_eval_rows_are_every_matching_row_whatever_the_order(run_cli, write):
    train = write("train.csv", "text\nhow do i reset the pin code on my new debit card today\nsomething else entirely here\n")
    rows = ["how do i reset the pin code on my new debit crd tday", "how do i reset the pin code on my new debit card tday"]
    for name, order in (("a.csv", rows), ("b.csv", rows[::-1])):
        test = write(name, "text\n" + "\n".join(order) + "\n")
        result = run_cli("scan", train, "--against", test, "--embedder", "none", "--threshold", "1", "--json", "-")
        (leak,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "DA301"]
        assert leak["eval_rows"] == [0, 1]


def test_semantic_threshold_without_an_embedder_is_exit_2(run_cli, write):
    train = write("train.csv", "text,label\nhello,greeting\n")
    result = run_cli("scan", train, "--embedder", "none", "--semantic-threshold", "0.8")
    assert result.exit_code == 2 and "no effect" in result.stderr


def test_the_static_embedder_finds_a_paraphrase(run_cli, write):
    """--embedder static: model2vec distilled from MiniLM on first use, its own calibrated threshold
    (the pair: static cosine 0.961, surface similarity 0.878, under DA102's 0.88)."""
    train = write("train.csv", "text,label\nWhy was I charged a fee for my transfer?,fee\n"
                               "Why did I get charged a fee for my transfer?,fee\nWhat is the exchange rate for euros?,fx\n")
    result = run_cli("scan", train, "--embedder", "static", "--threshold", "1", "--json", "-")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    (dup,) = [f for f in report["findings"] if f["code"] == "DA103"]
    assert (dup["keep"], dup["excluded"]) == (0, [1]) and dup["similarities"][0] >= 0.96
    assert report["settings"]["embedder"] == "static" and report["settings"]["semantic_duplicate_threshold"] == 0.96
    assert report["summary"]["effective_clean_count"] == 2
