"""A saved JSON report renders again — terminal, HTML, flagged rows — without the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataaudit.report.json_read import read_report
from dataaudit.report.json_report import render_json

SAMPLE = Path(__file__).parents[1] / "sample_data" / "voice_agent_intents.csv"


@pytest.fixture
def saved(run_cli, tmp_path):
    outs = {"json": tmp_path / "saved.json", "html": tmp_path / "scan.html", "flagged": tmp_path / "scan.csv"}
    result = run_cli("scan", SAMPLE, "--embedder", "none", "--source-col", "speaker", "--json", outs["json"],
                     "--html", outs["html"], "--flagged", outs["flagged"])
    assert result.exit_code == 1, result.output
    return outs, result.stdout


def test_saved_report_reads_back_to_the_same_json(saved):
    outs, _ = saved
    text = outs["json"].read_text(encoding="utf-8")
    assert render_json(read_report(outs["json"])) == text


def test_report_command_rerenders_html_flagged_and_terminal(run_cli, saved, tmp_path):
    outs, scan_terminal = saved
    html, flagged = tmp_path / "again.html", tmp_path / "again.jsonl"
    result = run_cli("report", outs["json"], "--flagged", tmp_path / "again.csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.csv").read_bytes() == outs["flagged"].read_bytes()
    assert result.stdout == scan_terminal, "the same summary as the scan printed"
    result = run_cli("report", outs["json"], "--html", html, "--flagged", flagged, "--quiet")
    assert result.exit_code == 0
    assert html.read_bytes() == outs["html"].read_bytes()
    rows = [json.loads(line) for line in flagged.read_text(encoding="utf-8").splitlines()]
    scanned = outs["flagged"].read_bytes().count(b"\r\n") - 1
    assert len(rows) == scanned and any(r["text"] for r in rows)
    assert result.stdout.startswith("FAIL: ")


@pytest.mark.parametrize("content, message", [
    ("not json at all", "not a dataaudit JSON report"),
    ('{"tool": {"name": "other"}}', "not a complete dataaudit JSON report"),
    ('{"schema_version": 1, "tool": {"name": "dataaudit"}, "findings": []}', "rows"),
])
def test_a_file_that_is_not_a_saved_report_is_exit_2(run_cli, write, content, message):
    result = run_cli("report", write("bad.json", content))
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_the_report_command_never_overwrites_the_saved_report(run_cli, saved):
    outs, _ = saved
    before = outs["json"].read_bytes()
    result = run_cli("report", outs["json"], "--html", outs["json"])
    assert result.exit_code == 2 and "saved report" in result.stderr
    assert outs["json"].read_bytes() == before
