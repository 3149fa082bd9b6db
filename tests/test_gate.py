"""`dataaudit gate PATH...`: every file gets its verdict line, the exit code is the worst of them."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
GOOD = SAMPLE / "clean_intents.csv"  # 143 clean rows: passes --threshold 100, fails 200
BAD = SAMPLE / "voice_agent_intents.csv"  # 243 clean rows: passes --threshold 200, fails the default 1,000


def _lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("order", ["missing first", "missing last"])
def test_a_missing_file_does_not_stop_the_others(run_cli, tmp_path, order):
    missing = tmp_path / "missing.csv"
    paths = [missing, GOOD] if order == "missing first" else [GOOD, missing]
    result = run_cli("gate", *paths, "--threshold", "100", "--embedder", "none")
    assert result.exit_code == 2, result.output
    lines = _lines(result)
    assert len(lines) == 2, lines
    verdicts = dict(line.split(": ", 1) for line in lines)
    assert verdicts[str(missing)].startswith("ERROR: File not found")
    assert verdicts[str(GOOD)].startswith("PASS: 143 clean examples")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_exit_code_is_the_worst(run_cli, write, tmp_path):
    broken = write("broken.jsonl", '{"text": "a", "label": "x"}\n{"text": \n')
    result = run_cli("gate", GOOD, BAD, "--embedder", "none", "--threshold", "200")
    assert result.exit_code == 1
    assert [line.split(": ", 2)[1] for line in _lines(result)] == ["FAIL", "PASS"]
    result = run_cli("gate", BAD, broken, GOOD, "--embedder", "none", "--threshold", "200")
    assert result.exit_code == 2
    lines = _lines(result)
    assert [line.split(": ", 2)[1] for line in lines] == ["PASS", "ERROR", "FAIL"], lines
    assert "broken.jsonl" in lines[1] and "line 2" in lines[1]


def test_all_passing_files_pass(run_cli):
    result = run_cli("gate", GOOD, GOOD, "--threshold", "100", "--embedder", "none")
    assert result.exit_code == 0 and len(_lines(result)) == 2
