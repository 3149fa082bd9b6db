"""Extending dataaudit touches at most two files, as the README's Development section shows:
a new output format is a renderer module in report/ and one row in config/output_formats.py;
a new check is a module in checks/ and one line in the catalogue (checks/__init__.py). Each is
added here to a copy of the package, and the real CLI is run on the sample data with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dataaudit

PACKAGE = Path(dataaudit.__file__).resolve().parent
SAMPLE = PACKAGE.parent / "sample_data" / "voice_agent_intents.csv"

MARKDOWN_RENDERER = '''"""The report as a Markdown table of its findings."""


def render_markdown(report) -> str:
    lines = ["| code | rows | message |", "|---|---|---|"]
    lines += [f"| {f.code} | {len(f.rows)} | {f.message} |" for f in report.findings]
    return "\\n".join(lines) + "\\n"
'''

MARKDOWN_ROW = '''OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("markdown", "--markdown", "the findings as a Markdown table",
                 "dataaudit.report.markdown:render_markdown"),
'''

SHOUTING_CHECK = '''"""DA902 shouting — rows written in capitals.

What it finds:
    Rows whose text is all upper case.

Why it matters:
    A model taught on capitals answers in capitals.

Example:
    text,label
    BOOK A TABLE,booking     <- flagged
"""

from ..model.findings import Finding
from .base import Check, each


def run(inputs):
    rows = [p for p, text in enumerate(inputs.dataset.texts) if text and text.isupper()]
    return [Finding(severity="info", rows=tuple(rows), actions=each("keep", rows),  # the engine stamps code and name
                    message=f"{len(rows)} rows are in capitals", suggested_action="write them in sentence case")
            ] if rows else []


CHECK = Check(code="DA902", name="shouting", summary="rows written in capitals", run=run, module=__name__)
'''


def _copy(root: Path, new: dict[str, str], edits: dict[str, list[tuple[str, str]]]) -> Path:
    """The package under root with `new` files written and, in each edited file, each (old, new)
    replacement made once."""
    target = root / "dataaudit"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    for relative, text in new.items():
        assert not (target / relative).exists()
        (target / relative).write_text(text, encoding="utf-8")
    for relative, replacements in edits.items():
        source = (target / relative).read_text(encoding="utf-8")
        for old, replacement in replacements:
            assert source.count(old) == 1, f"{old!r} is not once in {relative}: update the test and the README"
            source = source.replace(old, replacement)
        (target / relative).write_text(source, encoding="utf-8")
    assert len(set(new) | set(edits)) <= 2, "extending touches at most two files"
    return root


def _dataaudit(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "dataaudit", *args], env=env, capture_output=True, text=True,
                          cwd=root)


def test_a_new_output_format_is_a_renderer_and_one_row(tmp_path):
    root = _copy(tmp_path, {"report/markdown.py": MARKDOWN_RENDERER},
                 {"config/output_formats.py": [("OUTPUT_FORMATS: tuple[OutputFormat, ...] = (\n", MARKDOWN_ROW)]})
    scan = _dataaudit(root, "scan", str(SAMPLE), "--embedder", "none", "--quiet", "--markdown", "out.md",
                      "--json", "out.json")
    assert scan.returncode == 1, scan.stderr[-2000:]  # the sample fails the gate
    table = (root / "out.md").read_text(encoding="utf-8").splitlines()
    findings = json.loads((root / "out.json").read_text(encoding="utf-8"))["findings"]
    assert table[0] == "| code | rows | message |" and len(table) == 2 + len(findings) > 2
    again = _dataaudit(root, "report", "out.json", "--markdown", "again.md", "--quiet")
    assert again.returncode == 0, again.stderr[-2000:]
    assert (root / "again.md").read_text(encoding="utf-8") == (root / "out.md").read_text(encoding="utf-8")
    assert "--markdown FILE" in _dataaudit(root, "scan", "--help").stdout
    assert "--markdown FILE" in _dataaudit(root, "report", "--help").stdout
    refused = _dataaudit(root, "scan", str(SAMPLE), "--markdown", "-")
    assert refused.returncode == 2 and "--markdown - is not supported: only --json can write to stdout" in refused.stderr


def test_a_new_check_is_a_module_and_one_line_in_the_catalogue(tmp_path):
    root = _copy(tmp_path, {"checks/shouting.py": SHOUTING_CHECK},
                 {"checks/__init__.py": [("    semantic_duplicate,\n", "    semantic_duplicate,\n    shouting,\n"),
                                         ("answer_language, chat_structure, text_conventions)",
                                          "answer_language, chat_structure, text_conventions, shouting)")]})
    data = tmp_path / "rows.csv"
    data.write_text("text,label\nBOOK A TABLE,booking\nbook a table for two,booking\ncancel my order,cancel\n",
                    encoding="utf-8")
    scan = _dataaudit(root, "scan", str(data), "--embedder", "none", "--threshold", "1", "--json", "out.json",
                      "--quiet")
    assert scan.returncode in (0, 1), scan.stderr[-2000:]
    report = json.loads((root / "out.json").read_text(encoding="utf-8"))
    shouting = [f for f in report["findings"] if f["code"] == "DA902"]
    assert len(shouting) == 1 and shouting[0]["rows"] == [0] and shouting[0]["check"] == "shouting"
    assert any(c["code"] == "DA902" and c["status"] == "ok" for c in report["checks"])
    listed = _dataaudit(root, "checks", "list")
    assert "DA902" in listed.stdout and "rows written in capitals" in listed.stdout
    explained = _dataaudit(root, "checks", "explain", "DA902")
    assert "A model taught on capitals answers in capitals." in explained.stdout
    ignored = _dataaudit(root, "scan", str(data), "--embedder", "none", "--ignore", "DA902", "--json", "-", "--quiet")
    assert not [f for f in json.loads(ignored.stdout)["findings"] if f["code"] == "DA902"]
