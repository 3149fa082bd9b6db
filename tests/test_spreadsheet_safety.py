"""The flagged-rows CSV reads back as exactly the rows written (csv module, pandas, LibreOffice),
and no cell of it runs as a formula, whatever the data holds."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from programs import libreoffice_rows, require_program

# Texts written to attack the file: line breaks that split rows, formulas behind blanks and
# control characters (LibreOffice drops a leading NUL and evaluates "=1+2"), plain numbers.
HOSTILE_TEXTS = [
    "=1+2\rnext row =HYPERLINK(\"http://x\")",
    "line one\nline two",
    "windows\r\nline end",
    "  =SUM(A1:A9)",
    "\t=1+2",
    "\x00=1+2",
    "\x0b@SUM(1;2)",
    "\u200b\ufeff+1+2",
    "\u3000-3+4",
    "\r=cmd|' /C calc'!A0",
    "ＨＩ ＝1+2 full-width",
    "\uff1d1+2",
    "vertical\x0btab and form\x0cfeed",
    "unit\x1fseparator \x1e record \x1c file",
    "next line\x85 and line\u2028separator\u2029",
    "escape \x1b[2J\x1b]0;title\x07 sequence",
    'a "quoted", comma',
    "-5 degrees outside",
    "plain text",
]
HOSTILE_LABELS = ["=label", "-1", "+cmd", "@at", "ok"]


def _expected_cell(value: str) -> str:
    """What the file must hold: the value, with a ' in front when a spreadsheet would run it."""
    start = 0
    while start < len(value) and unicodedata.category(value[start]) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        start += 1
    plain_number = value.lstrip("+-").replace(".", "", 1).isdigit()
    if value[start:].startswith(("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")) and not plain_number:
        return "'" + value
    return value


@pytest.fixture
def flagged(tmp_path: Path, run_cli):
    """Every hostile text twice (so both copies are flagged), under hostile ids and labels."""
    records = []
    for k, text in enumerate(HOSTILE_TEXTS):
        label = HOSTILE_LABELS[k % len(HOSTILE_LABELS)]
        records.append({"id": f"=id{k}", "text": text, "label": label})
        records.append({"id": f"copy\r{k}", "text": text, "label": label})
    source = tmp_path / "hostile.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out, report_path = tmp_path / "flagged.csv", tmp_path / "report.json"
    result = run_cli("scan", source, "--id-col", "id", "--embedder", "none", "--select", "DA1",
                     "--flagged", out, "--json", report_path, "--exit-zero")
    assert result.exit_code == 0, result.output
    by_id = {r["id"]: r for r in records}
    report = json.loads(report_path.read_text(encoding="utf-8"))
    flagged_ids = {rid for f in report["findings"] for rid in f["rows"]}
    assert flagged_ids == set(by_id), "every hostile row is flagged (each is an exact duplicate)"
    return out, by_id


def test_csv_module_reads_back_exactly_the_rows_written(flagged):
    out, by_id = flagged
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(by_id)
    for row in rows:
        original = by_id[row["row_id"].removeprefix("'")]
        assert row["row_id"] == _expected_cell(original["id"])
        assert row["text"] == _expected_cell(original["text"])
        assert row["label"] == _expected_cell(original["label"])
    assert out.read_bytes().count(b"\r\n") >= len(rows) + 1, "RFC 4180 line ends"


def test_pandas_reads_back_exactly_the_rows_written(flagged):
    out, by_id = flagged
    frame = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8")
    assert len(frame) == len(by_id)
    for row in frame.to_dict("records"):
        original = by_id[row["row_id"].removeprefix("'")]
        assert row["text"] == _expected_cell(original["text"])
        assert row["label"] == _expected_cell(original["label"])


def _as_calc_shows(value: str) -> str:
    """Calc keeps a cell's text but turns CR/LF into paragraph breaks and drops C0 controls."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c in "\n\t" or not (ord(c) < 0x20))


def test_libreoffice_opens_the_same_rows_and_evaluates_no_formula(flagged, tmp_path):
    require_program("soffice")
    out, by_id = flagged
    rows, formulas = libreoffice_rows(out, tmp_path)
    assert formulas == 0, "a cell of the flagged file ran as a formula in LibreOffice"
    header, body = rows[0], rows[1:]
    assert header[:3] == ["row_id", "text", "label"]
    assert len(body) == len(by_id), "a line break inside a cell split a row"
    for cells in body:
        original = by_id[cells[0].removeprefix("'").replace("\n", "\r")]
        assert cells[1] == _as_calc_shows(_expected_cell(original["text"]))
        assert cells[2] == _as_calc_shows(_expected_cell(original["label"]))


def test_the_guard_itself_is_needed(tmp_path):
    """The harness can see a formula: the same file without the guard runs one in Calc."""
    require_program("soffice")
    unguarded = tmp_path / "unguarded.csv"
    unguarded.write_text('v\r\n"\x00=1+2"\r\n"=SUM(1;2)"\r\n', encoding="utf-8")
    _, formulas = libreoffice_rows(unguarded, tmp_path)
    assert formulas == 2


def test_flagged_jsonl_has_one_record_per_line_for_every_line_splitter(tmp_path, run_cli):
    texts = ["next line\x85 here", "line\u2028separator", "para\u2029graph", "cr\rlf\n"]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": t, "label": "a"}) + "\n" for t in texts * 2), encoding="utf-8")
    out = tmp_path / "flagged.jsonl"
    assert run_cli("scan", source, "--embedder", "none", "--select", "DA101", "--flagged", out,
                   "--exit-zero").exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(texts) * 2
    assert sorted(json.loads(line)["text"] for line in lines) == sorted(texts * 2)
