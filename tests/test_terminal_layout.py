"""The terminal report reads in a CI log: one line per check at any width, the detail below."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("columns", [60, 80, 100, 200])
def test_one_line_per_check_and_nothing_past_the_width(run_cli, sample_report, monkeypatch, columns):
    saved = sample_report
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run_cli("report", saved)
    assert result.exit_code in (0, 1), result.output
    lines = result.stdout.splitlines()
    checks = json.loads(saved.read_text())["checks"]
    table = [line for line in lines if line.startswith(" DA")]
    codes = [line.split()[0] for line in table]
    quiet = [c["code"] for c in checks if c["code"].startswith("DA4") and c["status"] == "ok" and not c["findings"]]
    expected = [c["code"] for c in checks if c["code"] not in quiet] + [f"{quiet[0]}–{quiet[-1]}"]
    assert len(codes) == len(expected), "one line per check, none wrapped onto a second line"
    for shown, code in zip(codes, expected):  # a narrow console may cut the rule range ("DA401–D…")
        assert shown == code or (shown.endswith("…") and code.startswith(shown[:-1])), (shown, code)
    start, end = lines.index(next(l for l in lines if l.startswith("Checks"))), None
    for line in lines[start:]:
        if line.startswith("[1]"):
            end = lines.index(line)
            break
    assert end is not None, "the notes follow the table"
    for line in lines[start:end]:
        assert len(line) <= columns, line
    block = "\n".join(lines[start:end])
    if columns >= 80:
        assert "likely_mislabeled" in block and "annotator_disagreement" in block
    assert "skipped" in block and "[2]" in block
    notes = "\n".join(lines[end:])
    assert "DA203 likely_mislabeled: judged" in notes.replace("\n", " ")
    assert "DA301 leakage: no --against evaluation set given" in notes.replace("\n", " ")
    summary = json.loads(saved.read_text())["summary"]
    assert f"{summary['effective_clean_count']} of {summary['total_rows']}" in block
