"""`apply` writes the decided text exactly: an edit holding a line break (LF, CRLF, a lone CR,
one at the start) stays one cell of one row, in every format apply writes, read back with
the csv module, with pandas, with dataaudit's own loader and by a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from programs import libreoffice_rows, require_program

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"

# The new texts a spreadsheet or an annotator hands back for a multi-line cell.
EDITS = {
    3: "line one\nline two",
    5: "windows\r\nline end",
    7: "\rstarts with a carriage return",
    9: "old mac\rline end",
    11: 'quoted "word", comma\n\n  and a blank line',
    13: "trailing break\n",
}


def _decisions(write, edits: dict[int, str], name: str = "decisions.csv") -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["row_id", "decision", "new_text"], lineterminator="\r\n")
    writer.writeheader()
    for row, text in edits.items():
        writer.writerow({"row_id": str(row), "decision": "edit:", "new_text": text})
    return write(name, out.getvalue())


def _dataset(path: Path):
    from dataaudit.config import Settings
    from dataaudit.io import load_dataset

    return load_dataset(path, Settings())


def test_a_multi_line_edit_stays_one_csv_row(run_cli, write, tmp_path):
    data = write("train.csv", SAMPLE.read_bytes())
    out = tmp_path / "cleaned.csv"
    result = run_cli("apply", data, _decisions(write, EDITS), "-o", out)
    assert result.exit_code == 0, result.output
    original = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)

    by_pandas = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(by_pandas) == len(original) == 342
    expected = original.copy()
    for row, text in EDITS.items():
        expected.loc[row, "text"] = text
    pd.testing.assert_frame_equal(by_pandas, expected)

    with open(out, newline="", encoding="utf-8") as handle:
        by_csv = list(csv.reader(handle))
    assert by_csv[0] == list(original.columns)
    assert by_csv[1:] == expected.values.tolist()

    reread = _dataset(out)
    assert len(reread) == 342
    assert [reread.texts[row] for row in EDITS] == list(EDITS.values())
    trail = [json.loads(line) for line in (tmp_path / "cleaned.changes.jsonl").read_text().splitlines()]
    assert {t["row"]: t["after"]["text"] for t in trail} == EDITS


def test_a_spreadsheet_opens_the_cleaned_file_with_the_same_rows(run_cli, write, tmp_path):
    require_program("soffice")
    data = write("train.csv", SAMPLE.read_bytes())
    out = tmp_path / "cleaned.csv"
    assert run_cli("apply", data, _decisions(write, EDITS), "-o", out).exit_code == 0
    rows, _ = libreoffice_rows(out, tmp_path)
    assert len(rows) == 1 + 342, "a line break inside an edited cell split a row"
    for row, text in EDITS.items():  # Calc shows CR, LF and CRLF alike as a paragraph break
        shown = text.replace("\r\n", "\n").replace("\r", "\n")
        assert rows[1 + row][0].strip("\n") == shown.strip("\n")


@pytest.mark.parametrize("name, content", [
    ("train.jsonl", '{"text": "alpha", "label": "a"}\n{"text": "bravo", "label": "b"}\n'),
    ("train.json", '[\n  {"text": "alpha", "label": "a"},\n  {"text": "bravo", "label": "b"}\n]\n'),
    ("chat.jsonl", json.dumps({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]})
     + "\n" + json.dumps({"messages": [{"role": "user", "content": "r"}, {"role": "assistant", "content": "b"}]})
     + "\n"),
])
@pytest.mark.parametrize("text", list(EDITS.values()), ids=[f"edit{n}" for n in EDITS])
def test_json_formats_keep_the_exact_text(run_cli, write, tmp_path, name, content, text):
    data = write(name, content)
    out = tmp_path / f"cleaned{data.suffix}"
    result = run_cli("apply", data, _decisions(write, {1: text}), "-o", out)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    if data.suffix == ".jsonl":
        records = [json.loads(line) for line in written.splitlines()]
    else:
        records = json.loads(written)
    assert len(records) == 2
    last = records[1]["messages"][-1]["content"] if "messages" in records[1] else records[1]["text"]
    assert last == text


def test_a_tsv_cell_cannot_hold_a_line_break_and_nothing_is_written(run_cli, write, tmp_path):
    data = write("train.tsv", "text\tlabel\nalpha\ta\nbravo\tb\n")
    out = tmp_path / "cleaned.tsv"
    result = run_cli("apply", data, _decisions(write, {1: "two\nlines"}), "-o", out)
    assert result.exit_code == 2
    assert "row 1" in result.output and "line break" in result.output
    assert not out.exists()


def test_programs_helper_reads_what_it_is_given(tmp_path):
    """The spreadsheet harness sees a split row: a bare line break in an unquoted cell is two rows."""
    require_program("soffice")
    broken = tmp_path / "broken.csv"
    broken.write_text("text,label\r\none\ntwo,a\r\n", encoding="utf-8")
    rows, _ = libreoffice_rows(broken, tmp_path)
    assert len(rows) == 3
    assert shutil.which("soffice")
