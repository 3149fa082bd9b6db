"""--min-phrasings: every label's clean rows need N effective phrasings (quality/diversity.py), on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataaudit.report.json_read import read_report

DATA = Path(__file__).parent / "data"
TEMPLATED = DATA / "templated_intents.csv"  # slot-filled templates: 1-4 per label
BANKING = DATA / "banking77_10_labels.csv"  # 10 real BANKING77 intents, 25 rows each


def _scan(run_cli, tmp_path, path, *args):
    out = tmp_path / "report.json"
    result = run_cli("scan", path, "--json", out, *args)
    return result, json.loads(out.read_text()) if out.exists() else None


@pytest.mark.parametrize("minimum", [2, 3, 5])
def test_labels_with_fewer_effective_phrasings_fail_the_gate(run_cli, tmp_path, minimum):
    result, report = _scan(run_cli, tmp_path, TEMPLATED, "--min-phrasings", str(minimum), "--threshold", "10")
    effective = {d["label"]: d["effective_phrasings"] for d in report["diversity"]}
    expected = sorted(l["label"] for l in report["labels"] if effective.get(l["label"], 0.0) < minimum)
    summary = report["summary"]
    assert expected, "the templated file has labels under every minimum tried"
    assert summary["min_phrasings"] == minimum and summary["labels_below_phrasings"] == expected
    assert summary["effective_clean_count"] >= 10  # the count alone would pass
    assert not summary["passed"] and result.exit_code == 1
    assert f"fewer than the {minimum} phrasings required per label: {expected[0]}" in summary["verdict"]
    assert any(a.startswith("other phrasings of ") for a in summary["readiness"]["advice"])


def test_varied_real_labels_meet_the_gate(run_cli, tmp_path):
    result, report = _scan(run_cli, tmp_path, BANKING, "--min-phrasings", "10", "--threshold", "10")
    summary = report["summary"]
    assert summary["labels_below_phrasings"] == [] and summary["passed"] and result.exit_code == 0
    assert min(d["effective_phrasings"] for d in report["diversity"]) >= 10


def test_without_the_option_phrasings_do_not_gate(run_cli, tmp_path):
    result, report = _scan(run_cli, tmp_path, TEMPLATED, "--threshold", "10")
    assert report["summary"]["min_phrasings"] is None and report["summary"]["labels_below_phrasings"] == []
    assert result.exit_code == 0


def test_the_gate_reads_back_from_the_json(run_cli, tmp_path):
    _, report = _scan(run_cli, tmp_path, TEMPLATED, "--min-phrasings", "3")
    back = read_report(tmp_path / "report.json").summary
    assert back.min_phrasings == 3 and list(back.labels_below_phrasings) == report["summary"]["labels_below_phrasings"]


@pytest.mark.parametrize("args, fragment", [
    (["--min-phrasings", "0"], "min_phrasings must be"),
    (["--min-phrasings", "many"], "many"),
])
def test_bad_values_are_exit_2(run_cli, tmp_path, args, fragment):
    result, _ = _scan(run_cli, tmp_path, TEMPLATED, *args)
    assert result.exit_code == 2 and fragment in result.output and "Traceback" not in result.output


def test_a_file_without_labels_is_told_to_name_them(run_cli, tmp_path):
    texts = tmp_path / "texts.csv"
    texts.write_text("text\n" + "\n".join(f"request number {k}" for k in range(30)) + "\n")
    result, _ = _scan(run_cli, tmp_path, texts, "--min-phrasings", "3")
    assert result.exit_code == 2 and "--min-phrasings counts phrasings per label" in result.output
