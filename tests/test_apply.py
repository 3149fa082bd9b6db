"""`dataaudit apply`: decisions and --auto actions written back into a cleaned copy of the input,
in its own format, untouched records byte for byte, with a trail of every change."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"

# One file per input shape: (name, content). Each holds the records "alpha" .. "delta" in order.
CSV_TEXT = ('text,label,note\r\n"alpha, first",greet,x\r\n"bravo ""quoted""\nsecond line",bye,\r\n\r\n'
            'charlie,greet,"z"\r\ndelta,bye,w\r\n')
TSV_TEXT = 'text\tlabel\nalpha first\tgreet\nbravo \\ "b"\tbye\ncharlie\tgreet\ndelta\tbye'
JSONL_TEXT = ('{"text": "alpha first", "label": "greet", "meta": {"k": [1, 2]}}\n\n'
              '{"text":"bravo \\u00e9t\\u00e9","label":"bye"}\r\n{"text": "charlie", "label": "greet"}\n'
              '{"text": "delta", "label": "bye"}\n')
JSON_TEXT = ('[\n  {\n    "text": "alpha first",\n    "label": "greet"\n  },\n  {\n    "text": "bravo",\n'
             '    "label": "bye"\n  },\n  {"text": "charlie", "label": "greet"},\n  {\n    "text": "delta",\n'
             '    "label": "bye"\n  }\n]\n')
WRAPPED_TEXT = '{"version": 2, "data": [{"text": "alpha first", "label": "greet"}, {"text": "bravo", "label": "bye"}, ' \
               '{"text": "charlie", "label": "greet"}, {"text": "delta", "label": "bye"}]}'
CHAT_TEXT = "".join(json.dumps({"messages": [{"role": "system", "content": "Be brief."},
                                             {"role": "user", "content": q}, {"role": "assistant", "content": a}]},
                               ensure_ascii=False) + "\n"
                    for q, a in (("alpha first?", "A."), ("bravo?", "B, really."), ("charlie?", "C."),
                                 ("delta?", "D.")))
ALPACA_TEXT = json.dumps([{"instruction": f"{w}?", "input": "", "output": f"{w[0].upper()}."}
                          for w in ("alpha first", "bravo", "charlie", "delta")], indent=2, ensure_ascii=False)
SHAREGPT_TEXT = json.dumps([{"conversations": [{"from": "human", "value": f"{w}?"}, {"from": "gpt", "value": f"{w}!"}]}
                            for w in ("alpha first", "bravo", "charlie", "delta")], indent=4)

SHAPES = [("train.csv", CSV_TEXT), ("train.tsv", TSV_TEXT), ("train.jsonl", JSONL_TEXT), ("train.json", JSON_TEXT),
          ("wrapped.json", WRAPPED_TEXT), ("chat.jsonl", CHAT_TEXT), ("alpaca.json", ALPACA_TEXT),
          ("sharegpt.json", SHAREGPT_TEXT)]


def _decisions(write, rows: list[dict], name: str = "decisions.csv") -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["row_id", "decision", "new_text"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return write(name, out.getvalue())


def _load(path: Path, **settings):
    from dataaudit.config import Settings
    from dataaudit.io import load_dataset

    return load_dataset(path, Settings(**settings))


@pytest.mark.parametrize("name, content", SHAPES, ids=[n for n, _ in SHAPES])
def test_no_decisions_give_a_byte_identical_copy(run_cli, write, tmp_path, name, content):
    data = write(name, content)
    decisions = _decisions(write, [{"row_id": "1", "decision": "", "new_text": ""}])
    result = run_cli("apply", data, decisions, "-o", tmp_path / f"out{data.suffix}")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"out{data.suffix}").read_bytes() == data.read_bytes()
    assert (tmp_path / "out.changes.jsonl").read_text() == ""
    assert data.read_bytes() == content.encode("utf-8")  # the input is never touched


@pytest.mark.parametrize("name, content", SHAPES, ids=[n for n, _ in SHAPES])
def test_a_dropped_record_goes_and_the_others_stay_byte_for_byte(run_cli, write, tmp_path, name, content):
    from dataaudit.fixes.spans import delimited_layout, json_layout, jsonl_layout

    data = write(name, content)
    before = _load(data)
    result = run_cli("apply", data, _decisions(write, [{"row_id": "1", "decision": "drop"}]),
                     "-o", tmp_path / f"out{data.suffix}")
    assert result.exit_code == 0, result.output
    assert "3 of 4 rows (1 dropped)" in result.stdout
    written = (tmp_path / f"out{data.suffix}").read_bytes().decode("utf-8")
    layout = {"csv": lambda t: delimited_layout(t, True), "tsv": lambda t: delimited_layout(t, False),
              "jsonl": jsonl_layout}.get(data.suffix[1:], json_layout)
    original = layout(content).records
    assert layout(written).records == (original[0], original[2], original[3])
    after = _load(tmp_path / f"out{data.suffix}")
    assert after.texts == [before.texts[0], before.texts[2], before.texts[3]]


@pytest.mark.parametrize("name, content", [s for s in SHAPES if s[0] in ("train.csv", "train.tsv", "train.jsonl",
                                                                         "train.json", "wrapped.json")])
def test_relabel_and_edit_in_a_table(run_cli, write, tmp_path, name, content):
    data = write(name, content)
    decisions = _decisions(write, [{"row_id": "0", "decision": "relabel:farewell"},
                                   {"row_id": "2", "decision": "edit:", "new_text": "charlie, fixed"}])
    result = run_cli("apply", data, decisions, "-o", tmp_path / f"out{data.suffix}")
    assert result.exit_code == 0, result.output
    after = _load(tmp_path / f"out{data.suffix}")
    before = _load(data)
    assert after.labels == ["farewell", "bye", "greet", "bye"]
    assert after.texts == [before.texts[0], before.texts[1], "charlie, fixed", before.texts[3]]
    trail = [json.loads(line) for line in (tmp_path / "out.changes.jsonl").read_text().splitlines()]
    assert [(t["row"], t["decision"], t["by"]) for t in trail] == [(0, "relabel:farewell", "decision"),
                                                                  (2, "edit", "decision")]
    assert trail[0]["before"]["label"] == "greet" and trail[0]["after"]["label"] == "farewell"
    assert trail[1]["after"]["text"] == "charlie, fixed"


def test_other_columns_and_quoting_of_a_changed_csv_row_survive(run_cli, write, tmp_path):
    data = write("train.csv", CSV_TEXT)
    run_cli("apply", data, _decisions(write, [{"row_id": "1", "decision": "relabel:greet"}]), "-o", tmp_path / "o.csv")
    rows = [r for r in csv.reader(io.StringIO((tmp_path / "o.csv").read_bytes().decode(), newline="")) if r]
    assert rows[2] == ['bravo "quoted"\nsecond line', "greet", ""]
    assert rows[3] == ["charlie", "greet", "z"]


def test_chat_edit_replaces_the_last_answer_and_keeps_every_field(run_cli, write, tmp_path):
    data = write("chat.jsonl", CHAT_TEXT)
    decisions = _decisions(write, [{"row_id": "1", "decision": "edit:", "new_text": "B."}])
    assert run_cli("apply", data, decisions, "-o", tmp_path / "o.jsonl").exit_code == 0
    lines = (tmp_path / "o.jsonl").read_bytes().decode().split("\n")
    assert json.loads(lines[1]) == {"messages": [{"role": "system", "content": "Be brief."},
                                                 {"role": "user", "content": "bravo?"},
                                                 {"role": "assistant", "content": "B."}]}
    assert lines[0] == CHAT_TEXT.split("\n")[0]


def test_relabel_where_the_answers_are_the_labels(run_cli, write, tmp_path):
    records = [{"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
               for q, a in (("refund my order", "refund"), ("where is my parcel", "tracking"),
                            ("money back please", "refund"), ("track the package", "tracking"),
                            ("parcel status", "tracking"))]
    data = write("cls.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    decisions = _decisions(write, [{"row_id": "2", "decision": "relabel:tracking"}])
    assert run_cli("apply", data, decisions, "-o", tmp_path / "o.jsonl").exit_code == 0
    assert _load(tmp_path / "o.jsonl").labels == ["refund", "tracking", "tracking", "tracking", "tracking"]


def test_parquet_keeps_its_schema_and_columns(run_cli, write, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"text": ["alpha", "bravo", "charlie"], "label": ["a", "b", "a"],
                      "score": pa.array([1, 2, 3], type=pa.int32())})
    data = tmp_path / "train.parquet"
    pq.write_table(table, data)
    blank = _decisions(write, [{"row_id": "0", "decision": ""}], name="blank.csv")
    assert run_cli("apply", data, blank, "-o", tmp_path / "same.parquet").exit_code == 0
    assert (tmp_path / "same.parquet").read_bytes() == data.read_bytes()
    decisions = _decisions(write, [{"row_id": "0", "decision": "drop"}, {"row_id": "2", "decision": "relabel:b"}])
    assert run_cli("apply", data, decisions, "-o", tmp_path / "o.parquet").exit_code == 0
    out = pq.read_table(tmp_path / "o.parquet")
    assert out.schema == table.schema
    assert out.to_pydict() == {"text": ["bravo", "charlie"], "label": ["b", "b"], "score": [2, 3]}


def test_a_byte_order_mark_and_the_encoding_are_kept(run_cli, write, tmp_path):
    data = write("bom.csv", "\ufefftext,label\r\nalpha,a\r\nbravo,b\r\n")
    assert run_cli("apply", data, _decisions(write, [{"row_id": "0", "decision": "drop"}]),
                   "-o", tmp_path / "o.csv").exit_code == 0
    assert (tmp_path / "o.csv").read_bytes() == "\ufefftext,label\r\nbravo,b\r\n".encode("utf-8")
    latin = write("latin.csv", "text,label\nété,a\nnaïve,b\n", encoding="latin-1")
    assert run_cli("apply", latin, _decisions(write, [{"row_id": "0", "decision": "drop"}]), "-o",
                   tmp_path / "l.csv", "--encoding", "latin-1").exit_code == 0
    assert (tmp_path / "l.csv").read_bytes() == "text,label\nnaïve,b\n".encode("latin-1")


def test_decisions_that_cannot_apply_are_listed_and_exit_1(run_cli, write, tmp_path):
    data = write("train.csv", CSV_TEXT)
    decisions = write("d.csv", "row_id,text,decision,new_text\r\n9,x,drop,\r\n3,not delta any more,drop,\r\n"
                               "0,\"alpha, first\",drop,\r\n")
    result = run_cli("apply", data, decisions, "-o", tmp_path / "o.csv")
    assert result.exit_code == 1
    assert "row 9 is not in the data" in result.stderr
    assert "row 3 has changed since it was flagged" in result.stderr
    assert "3 of 4 rows (1 dropped)" in result.stdout and "2 decisions not applied" in result.stdout


@pytest.mark.parametrize("cell, message", [
    ("delete", "is not one of keep, drop, relabel:<label>, edit:"),
    ("relabel:", "names no label"),
    ("edit:", "new_text is empty"),
    ("drop:now", "'drop' takes nothing after it"),
])
def test_a_bad_decision_is_exit_2_naming_the_line(run_cli, write, tmp_path, cell, message):
    data = write("train.csv", CSV_TEXT)
    result = run_cli("apply", data, _decisions(write, [{"row_id": "0", "decision": cell}]), "-o", tmp_path / "o.csv")
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    assert message in result.stderr and "decisions.csv line 2" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["-o", "{data}"], "never overwrites a file it reads"),
    (["-o", "{tmp}/o.jsonl"], "keeps"),
    (["--auto", "-o", "{tmp}/o.csv"], "--auto applies the report's suggested actions"),
])
def test_bad_apply_usage_is_exit_2(run_cli, write, tmp_path, args, message):
    data = write("train.csv", CSV_TEXT)
    decisions = _decisions(write, [{"row_id": "0", "decision": "drop"}])
    filled = [a.format(data=data, tmp=tmp_path) for a in args]
    result = run_cli("apply", data, decisions, *filled)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert data.read_bytes() == CSV_TEXT.encode()


def test_auto_applies_the_report_and_a_rescan_shows_the_new_count(run_cli, tmp_path):
    report = tmp_path / "r.json"
    assert run_cli("scan", SAMPLE, "--embedder", "none", "--json", report, "-q").exit_code == 1
    result = run_cli("apply", SAMPLE, "--report", report, "--auto", "-o", tmp_path / "clean.csv")
    assert result.exit_code == 0, result.output
    saved = json.loads(report.read_text())
    trail = [json.loads(line) for line in (tmp_path / "clean.changes.jsonl").read_text().splitlines()]
    dropped = {t["row"] for t in trail if t["decision"] == "drop"}
    wanted = {a["row"] for f in saved["findings"] for a in f["actions"] if a["do"] == "drop"}
    assert dropped == wanted and all(t["by"] == "auto" and t["finding_keys"] for t in trail)
    again = tmp_path / "again.json"
    run_cli("scan", tmp_path / "clean.csv", "--embedder", "none", "--json", again, "-q")
    summary = json.loads(again.read_text())["summary"]
    assert summary["total_rows"] == saved["summary"]["total_rows"] - len(dropped)
    assert "exact_duplicate" not in summary["excluded_by_check"]
    assert summary["effective_clean_count"] >= saved["summary"]["effective_clean_count"] - 5


def test_the_flagged_file_round_trips_through_a_spreadsheet_edit(run_cli, tmp_path):
    report, flagged = tmp_path / "r.json", tmp_path / "flagged.csv"
    run_cli("scan", SAMPLE, "--embedder", "none", "--json", report, "--flagged", flagged, "-q")
    rows = list(csv.DictReader(io.StringIO(flagged.read_bytes().decode("utf-8"), newline="")))
    mislabeled = next(r for r in rows if "DA203" in r["codes"])
    mislabeled["decision"] = f"relabel:{mislabeled['suggested_label']}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "decided.csv").write_text(out.getvalue(), encoding="utf-8-sig")  # as a spreadsheet saves it
    result = run_cli("apply", SAMPLE, tmp_path / "decided.csv", "-o", tmp_path / "fixed.csv")
    assert result.exit_code == 0, result.output
    fixed = _load(tmp_path / "fixed.csv")
    assert fixed.labels[int(mislabeled["row_id"])] == mislabeled["suggested_label"]
    trail = json.loads((tmp_path / "fixed.changes.jsonl").read_text())
    assert trail["finding_keys"] == mislabeled["finding_keys"].split(" | ")


def test_the_library_applies_what_the_cli_writes_and_writes_nothing(run_cli, write, tmp_path):
    from dataaudit.fixes import apply_fixes, read_decisions
    from dataaudit.report.json_read import read_report, scan_settings

    data = write("train.csv", CSV_TEXT)
    decisions = _decisions(write, [{"row_id": "1", "decision": "drop"}, {"row_id": "3", "decision": "relabel:hi"}])
    run_cli("scan", data, "--embedder", "none", "--json", tmp_path / "r.json", "-q")
    before = sorted(p.name for p in tmp_path.iterdir())
    saved = read_report(tmp_path / "r.json")
    applied = apply_fixes(data, read_decisions(str(decisions)), scan_settings(saved), saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert run_cli("apply", data, decisions, "--report", tmp_path / "r.json", "-o", tmp_path / "o.csv").exit_code == 0
    assert applied.output == (tmp_path / "o.csv").read_bytes()
    assert (applied.rows_in, applied.rows_out, applied.plan.count("relabel")) == (4, 3, 1)


def test_a_changed_tsv_row_keeps_its_backslashes_and_quotes(run_cli, write, tmp_path):
    data = write("train.tsv", TSV_TEXT)
    assert run_cli("apply", data, _decisions(write, [{"row_id": "1", "decision": "relabel:hi"}]),
                   "-o", tmp_path / "o.tsv").exit_code == 0
    assert (tmp_path / "o.tsv").read_bytes().decode().split("\n")[2] == 'bravo \\ "b"\thi'
    bad = _decisions(write, [{"row_id": "0", "decision": "edit:", "new_text": "two\tcells"}], name="bad.csv")
    result = run_cli("apply", data, bad, "-o", tmp_path / "p.tsv")
    assert result.exit_code == 2 and "a TSV cell cannot hold" in result.stderr
