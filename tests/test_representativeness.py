"""Representative of real traffic: --production against the training set, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cli_results import assert_usage_error
from dataaudit.report.json_read import read_report

DATA = Path(__file__).parent / "data"
TRAIN = DATA / "banking77_10_labels.csv"  # 10 BANKING77 intents, 25 train rows each
# BANKING77 test rows: 8 of each of 6 of those intents, then 12 "card_arrival" and 12
# "lost_or_stolen_phone" requests, which the training file never holds.
WITH_NEW = DATA / "banking77_production.csv"
SAME = DATA / "banking77_production_same.csv"  # 8 test rows of each of the 10 training intents


def _scan(run_cli, tmp_path, *args):
    report_path = tmp_path / "r.json"
    result = run_cli("scan", TRAIN, "--threshold", "100", "--json", report_path, *args)
    return result, (json.loads(report_path.read_text()) if report_path.exists() else None)


def test_requests_the_training_set_lacks_are_reported_as_gaps(run_cli, tmp_path):
    result, report = _scan(run_cli, tmp_path, "--production", WITH_NEW)
    assert result.exit_code == 0, result.output  # the count passes; coverage alone does not gate
    rep = report["representativeness"]
    assert (rep["production_rows"], rep["compared"], rep["compared_with"]) == (72, 72, "use")
    new_texts = set(pd.read_csv(WITH_NEW)["text"].tail(24))
    assert rep["gaps"], "the two new intents are gaps"
    shown = [text for gap in rep["gaps"] for text in gap["texts"]]
    assert sum(text in new_texts for text in shown) >= 0.8 * len(shown)
    assert 0.5 <= rep["coverage"] < 0.95
    assert rep["predicted_labels"][0]["production_share"] != rep["predicted_labels"][0]["training_share"]
    lines = " ".join(result.stdout.split())
    assert "Representative: " in lines and "Production asks about what the training set barely holds" in lines
    assert read_report(tmp_path / "r.json").representativeness.gaps[0].texts == tuple(rep["gaps"][0]["texts"])


def test_a_sample_drawn_like_the_training_set_is_covered(run_cli, tmp_path):
    result, report = _scan(run_cli, tmp_path, "--production", SAME, "--min-coverage", "0.9")
    rep = report["representativeness"]
    assert rep["coverage"] >= 0.9 and rep["gaps"] == [] and rep["passed"] is True
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("minimum, code", [("0.99", 1), ("0.3", 0)])
def test_min_coverage_gates_the_exit_code(run_cli, tmp_path, minimum, code):
    result, report = _scan(run_cli, tmp_path, "--production", WITH_NEW, "--min-coverage", minimum)
    assert result.exit_code == code, result.output
    assert report["representativeness"]["passed"] is (code == 0)
    assert report["settings"]["min_coverage"] == float(minimum)


def test_without_production_the_report_says_so(run_cli, tmp_path):
    result, report = _scan(run_cli, tmp_path)
    assert report["representativeness"] is None and report["settings"]["production"] is None
    assert "Representative: no --production sample given" in " ".join(result.stdout.split())


def test_romanized_hindi_is_compared_by_e5_and_the_script_mix_is_named(run_cli, tmp_path):
    hinglish = pd.read_csv(DATA / "hinglish_top_800.csv")
    production = tmp_path / "english.csv"
    hinglish[["en_query"]].rename(columns={"en_query": "text"}).head(300).to_csv(production, index=False)
    report_path = tmp_path / "r.json"
    result = run_cli("scan", DATA / "hinglish_top_800.csv", "--production", production, "--json", report_path)
    rep = json.loads(report_path.read_text())["representativeness"]
    assert rep["compared_with"] == "e5"  # use cannot judge romanized Hindi: the multilingual fallback
    assert rep["scripts"]["production"].get("Latin", 0) >= 0.9
    assert rep["scripts"]["training"].get("romanized Hindi", 0) >= 0.5
    assert "Scripts: " in " ".join(result.stdout.split())


@pytest.mark.parametrize("args, fragments", [
    (["--min-coverage", "0.8"], ["--min-coverage", "--production"]),
    (["--production", "missing.csv"], ["missing.csv"]),
    (["--production", str(TRAIN)], ["training file itself"]),
    (["--production", str(SAME), "--min-coverage", "1.5"], ["min_coverage"]),
])
def test_bad_production_options_are_exit_2(run_cli, tmp_path, args, fragments):
    result = run_cli("scan", TRAIN, *args)
    assert_usage_error(result, *fragments)


def test_without_an_embedder_texts_are_compared_by_character_ngrams(run_cli, tmp_path):
    result, report = _scan(run_cli, tmp_path, "--production", WITH_NEW, "--embedder", "none")
    rep = report["representativeness"]
    assert rep["compared_with"] == "character n-grams (no embedder)"
    assert 0 < rep["coverage"] <= 1


def test_the_sample_data_production_sample_shows_its_gap(run_cli, tmp_path):
    sample = Path(__file__).parents[1] / "sample_data"
    report_path = tmp_path / "r.json"
    run_cli("scan", sample / "voice_agent_intents.csv", "--production", sample / "voice_agent_production.csv",
            "--json", report_path)
    rep = json.loads(report_path.read_text())["representativeness"]
    assert rep["compared_with"] == "e5" and rep["gaps"]
    assert all("hospital" in t.lower() or "अस्पताल" in t or "health centre" in t or "clinic" in t.lower()
               or "क्लिनिक" in t or "phc" in t.lower() for gap in rep["gaps"] for t in gap["texts"])


@pytest.mark.parametrize("embedder", ["none", "use"])
def test_a_tiny_production_sample_is_compared_without_error(run_cli, tmp_path, embedder):
    production = tmp_path / "tiny.csv"
    production.write_text("text\nmy card is lost\nwhere is the nearest atm\n", encoding="utf-8")
    result, report = _scan(run_cli, tmp_path, "--production", production, "--embedder", embedder)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    rep = report["representativeness"]
    assert rep["compared"] == 2 and 0 <= rep["coverage"] <= 1 and rep["gaps"] == []


def test_no_clean_training_text_covers_nothing():
    from dataaudit.quality.representativeness import compare

    rep = compare([], [], ["where is the nearest hospital"], [], "prod.csv", min_coverage=0.5)
    assert (rep.coverage, rep.passed, rep.training_rows, rep.gaps) == (0.0, False, 0, ())


def test_a_script_production_writes_in_far_more_is_named_with_the_labels_it_asks_for(run_cli, tmp_path):
    """Hinglish-TOP: training the English requests with their labels, production the code-mixed
    requests of other rows: collect romanized Hindi examples, of the labels production asks most."""
    rows = pd.read_csv(DATA / "hinglish_top_800.csv")
    training, production = tmp_path / "english.csv", tmp_path / "hinglish.csv"
    rows.head(400).rename(columns={"text": "hinglish", "en_query": "text"})[["text", "label"]].to_csv(training,
                                                                                                   index=False)
    rows.tail(400)[["text"]].to_csv(production, index=False)
    report_path = tmp_path / "r.json"
    run_cli("scan", training, "--production", production, "--json", report_path)
    report = json.loads(report_path.read_text())
    [need] = report["representativeness"]["script_needs"]
    assert need["script"] == "romanized Hindi" and need["production_share"] >= 0.5 and need["training_share"] <= 0.1
    asked = [l["label"] for l in need["labels"]]
    truly_most = rows.tail(400)["label"].value_counts().index[:5].tolist()
    assert asked and asked[0] in truly_most  # the classifier reads the code-mixed requests' intents
    assert all(l["production_texts"] >= 3 for l in need["labels"])
    assert any(f"{asked[0]}" in a and "in romanized Hindi" in a for a in report["summary"]["readiness"]["advice"])
