"""Scans compared: `scan --baseline` marks findings new/unchanged and lists the fixed ones,
`--fail-on new` gates CI on new problems only, and `dataaudit diff` (with --markdown, --data)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"
SAMPLE_TEXT = SAMPLE.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from dataaudit.cli import main

    path = tmp_path_factory.mktemp("baseline") / "before.json"
    CliRunner().invoke(main, ["scan", str(SAMPLE), "--embedder", "none", "--json", str(path), "-q"])
    return path


def _scan(run_cli, data, out, *extra):
    result = run_cli("scan", data, "--embedder", "none", "--json", out, *extra)
    return result, json.loads(Path(out).read_text())


def test_the_same_data_is_all_unchanged_and_fail_on_new_passes(run_cli, baseline, tmp_path):
    result, report = _scan(run_cli, SAMPLE, tmp_path / "now.json", "--baseline", baseline, "--fail-on", "new")
    assert result.exit_code == 0, result.output  # the gate fails (244 < 1,000), but nothing is new
    assert {f["baseline"] for f in report["findings"]} == {"unchanged"}
    block = report["baseline"]
    assert (block["new"], block["unchanged"], block["fixed"]) == (0, len(report["findings"]), [])
    assert block["effective_clean_count"] == report["summary"]["effective_clean_count"]
    assert "Since" in result.stdout and "0 new findings" in result.stdout
    plain, _ = _scan(run_cli, SAMPLE, tmp_path / "plain.json", "--baseline", baseline)
    assert plain.exit_code == 1  # --fail-on gate (the default): the count decides


def test_new_and_fixed_findings_after_the_data_changes(run_cli, baseline, write, tmp_path):
    rows = list(csv.reader(io.StringIO(SAMPLE_TEXT, newline="")))
    header, body = rows[0], rows[1:]
    dropped_empty = [r for r in body if r[0].strip()]  # the empty texts (DA001) are fixed
    added = dropped_empty + [["please block my lost card right now", "talk_to_agent", "asha_01"],
                             ["please block my lost card right now!", "talk_to_agent", "asha_02"]]  # a new DA101/DA102
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header] + added)
    data = write("changed.csv", out.getvalue())
    result, report = _scan(run_cli, data, tmp_path / "now.json", "--baseline", baseline, "--fail-on", "new")
    assert result.exit_code == 1
    new = [f for f in report["findings"] if f["baseline"] == "new"]
    assert any("block my lost card" in r["text"] for f in new for r in report["rows"] if r["row_id"] in f["rows"])
    assert "DA001" in {f["code"] for f in report["baseline"]["fixed"]}
    again = run_cli("report", tmp_path / "now.json")  # a saved report with a baseline renders again
    assert again.exit_code in (0, 1) and again.exception is None or isinstance(again.exception, SystemExit)


def test_fail_on_new_without_a_baseline_and_a_bad_baseline_are_exit_2(run_cli, write, tmp_path):
    result = run_cli("scan", SAMPLE, "--fail-on", "new", "-q")
    assert result.exit_code == 2 and "--fail-on new needs --baseline" in result.stderr
    bad = write("bad.json", "{}")
    result = run_cli("scan", SAMPLE, "--baseline", bad, "-q")
    assert result.exit_code == 2 and "not a" in result.stderr


def test_diff_with_markdown_and_label_churn(run_cli, baseline, write, tmp_path):
    rows = list(csv.reader(io.StringIO(SAMPLE_TEXT, newline="")))
    renamed = [rows[0]] + [[t, "hello" if label == "greeting" else label, s] for t, label, s in rows[1:]]
    renamed[5][1] = "goodbye" if renamed[5][1] != "goodbye" else "hello"  # one row relabeled besides
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(renamed)
    data = write("renamed.csv", out.getvalue())
    _scan(run_cli, data, tmp_path / "after.json")
    result = run_cli("diff", baseline, tmp_path / "after.json", "--data", SAMPLE, data,
                     "--markdown", tmp_path / "summary.md")
    assert result.exit_code == 0, result.output
    assert "Labels renamed: greeting → hello." in result.stdout
    assert "Label churn:" in result.stdout and "greeting → hello" in result.stdout
    churn_line = next(line for line in result.stdout.splitlines() if line.startswith("Label churn"))
    assert "greeting → hello ×" in churn_line and f"{rows[5][1]} → {renamed[5][1]} ×1" in churn_line
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("### dataaudit:") and "| clean count |" in summary
    no_data = run_cli("diff", baseline, tmp_path / "after.json")
    assert "Labels added: hello." in no_data.stdout and "Labels removed: greeting." in no_data.stdout
    assert "not computed (pass --data OLD NEW" in no_data.stdout


def test_diff_refuses_to_write_markdown_over_a_report(run_cli, baseline, tmp_path):
    result = run_cli("diff", baseline, baseline, "--markdown", baseline)
    assert result.exit_code == 2 and "never overwrites" in result.stderr


@pytest.fixture
def renamed_pair(run_cli, baseline, write, tmp_path) -> tuple[Path, Path]:
    """(the changed data file, its report): every 'greeting' row relabeled 'hello'."""
    rows = list(csv.reader(io.StringIO(SAMPLE_TEXT, newline="")))
    renamed = [rows[0]] + [[t, "hello" if label == "greeting" else label, s] for t, label, s in rows[1:]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(renamed)
    data = write("renamed.csv", out.getvalue())
    _scan(run_cli, data, tmp_path / "after.json")
    return data, tmp_path / "after.json"


def test_diff_refuses_swapped_data_files(run_cli, baseline, renamed_pair):
    data, after = renamed_pair
    result = run_cli("diff", baseline, after, "--data", data, SAMPLE)
    assert result.exit_code == 2, result.output
    assert "wrong order" in result.stderr and f"--data {SAMPLE} {data}" in result.stderr.replace("\n", "")
    assert "Label churn" not in result.stdout


def test_diff_refuses_a_data_file_that_was_not_scanned(run_cli, baseline, renamed_pair, write):
    data, after = renamed_pair
    other = write("other.csv", "text,label,speaker\nhello,greeting,a\n")
    result = run_cli("diff", baseline, after, "--data", SAMPLE, other)
    assert result.exit_code == 2, result.output
    assert "other.csv is not the file the new report scanned" in result.stderr.replace("\n", "")
    assert "sha256" in result.stderr


def test_diff_warns_when_the_scanned_file_was_edited_since(run_cli, baseline, renamed_pair):
    data, after = renamed_pair
    data.write_bytes(data.read_bytes() + b"one more row,hello,asha_01\n")
    result = run_cli("diff", baseline, after, "--data", SAMPLE, data)
    assert result.exit_code == 0, result.output
    assert "has changed since the new report scanned it" in result.stderr.replace("\n", "")
    assert "Label churn:" in result.stdout
