"""Bad input through the CLI: exit 2, no traceback, a message that says what, where and how to fix.

Contract (shared/CONTRACT.md): 0 gate passed, 1 gate failed, 2 bad usage or unreadable
input, 3 audit incomplete. Problems in the data itself (an empty label) are findings,
not usage errors.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cli_results import assert_ran, assert_usage_error

GOOD_CSV = "text,label\nhello there,greet\nbye now,leave\nwhere is my card,card\n"


def report_of(result) -> dict:
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- the file itself


def test_missing_file(run_cli, tmp_path):
    path = tmp_path / "nope.csv"
    assert_usage_error(run_cli("scan", path), "File not found", str(path), "Check the path")


def test_directory(run_cli, tmp_path):
    assert_usage_error(run_cli("scan", tmp_path), str(tmp_path), "is a directory", "train.csv")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(run_cli, write, content):
    path = write("train.csv", content)
    assert_usage_error(run_cli("scan", path), str(path), "is empty", "header")


def test_header_only(run_cli, write):
    path = write("train.csv", "text,label\n")
    assert_usage_error(run_cli("scan", path), str(path), "header (text, label) but no rows", "Add examples")


def test_empty_json_list(run_cli, write):
    path = write("train.json", "[]")
    assert_usage_error(run_cli("scan", path), str(path), "empty list")


def test_unknown_format_not_sniffable(run_cli, write):
    path = write("data.xyz", "hello world\nsomething else\n")
    assert_usage_error(run_cli("scan", path), str(path), "Cannot tell the format", "--format", "csv")


def test_format_choice_invalid(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    result = run_cli("scan", path, "--format", "foo")
    assert_usage_error(result, "--format", "foo")
    assert "csv" in result.stderr  # click lists the choices


@pytest.mark.parametrize("name", ["data.csv", "model.bin"])
def test_binary_file(run_cli, write, name):
    data = b"\x00\x01\x02" + random.Random(0).randbytes(4096)
    path = write(name, data)
    assert_usage_error(run_cli("scan", path), str(path), "binary", "--format parquet")


def test_compressed_file(run_cli, write):
    path = write("train.csv.gz", gzip.compress(GOOD_CSV.encode()))
    assert_usage_error(run_cli("scan", path), str(path), "compressed", "gunzip")


def test_not_a_parquet_file(run_cli, write):
    path = write("train.parquet", GOOD_CSV)
    assert_usage_error(run_cli("scan", path), str(path), "not a readable Parquet file")


# --------------------------------------------------------------------------- JSON shape


def test_broken_json_line(run_cli, write):
    lines = ['{"text": "a", "label": "x"}', '{"text": "b", "label": "y"}', '{"text": "c", "label": ',
             '{"text": "d", "label": "z"}']
    path = write("train.jsonl", "\n".join(lines) + "\n")
    assert_usage_error(run_cli("scan", path), str(path), "line 3", "not valid JSON", "fix or remove that line")


def test_broken_json_file(run_cli, write):
    path = write("train.json", '[\n  {"text": "a", "label": "x"},\n  {"text": "b" "label": "y"}\n]\n')
    assert_usage_error(run_cli("scan", path), str(path), "line 3", "not valid JSON")


def test_jsonl_named_json_is_read_as_jsonl(run_cli, write):
    # .json/.jsonl are often swapped: the content decides.
    path = write("train.json", '{"text": "a", "label": "x"}\n{"text": "b", "label": "y"}\n')
    result = run_cli("scan", path, "--threshold", "2", "--json", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["dataset"]["format"] == "jsonl"


def test_broken_json_document_names_line(run_cli, write):
    path = write("train.json", '[{"text": "a", "label": "x"},\n {"text": "b" "label": "y"}]')
    assert_usage_error(run_cli("scan", path), str(path), "line 2", "not valid JSON")


def test_jsonl_line_is_a_list(run_cli, write):
    path = write("train.jsonl", '{"text": "a", "label": "x"}\n["b", "y"]\n')
    assert_usage_error(run_cli("scan", path), str(path), "line 2", "JSON list", "must be an object")


def test_json_record_not_an_object(run_cli, write):
    path = write("train.json", '[{"text": "a", "label": "x"}, "b"]')
    assert_usage_error(run_cli("scan", path), str(path), "record 1", "JSON string")


def test_mixed_type_records(run_cli, write):
    rows = [{"text": "hello", "label": "x"}, {"text": {"en": "bye"}, "label": "y"}]
    path = write("train.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    assert_usage_error(run_cli("scan", path), str(path), "row 1", "column 'text'", "JSON object", "flatten")


def test_chat_record_with_a_different_shape(run_cli, write):
    rows = [{"messages": [{"role": "user", "content": "hi"}]}, {"text": "plain", "label": "x"}]
    path = write("chat.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    assert_usage_error(run_cli("scan", path), str(path), "record 1", "openai-chat", "--format")


def test_csv_row_with_too_many_fields(run_cli, write):
    path = write("train.csv", "text,label\na,x\nb,y,extra\n")
    assert_usage_error(run_cli("scan", path), str(path), "line 3", "quoting")


# --------------------------------------------------------------------------- columns


def test_misspelled_text_column(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    result = run_cli("scan", path, "--text-col", "txt")
    assert_usage_error(result, "No such column: txt", str(path), "Did you mean 'text'?",
                       "Columns are: text, label", "--text-col")


def test_misspelled_label_column(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--label-col", "lable"), "No such column: lable",
                       "Did you mean 'label'?", "--label-col")


def test_missing_id_column(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--id-col", "id"), "No such column: id", "Columns are: text, label",
                       "--id-col")


def test_label_column_same_as_text_column(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--text-col", "text", "--label-col", "text"), "also a text column")


def test_no_detectable_text_column(run_cli, write):
    path = write("train.csv", "foo,bar\n1,2\n")
    assert_usage_error(run_cli("scan", path), "No text column found", str(path), "Columns are: foo, bar",
                       "--text-col COL")


def test_all_null_text_column(run_cli, write):
    path = write("train.csv", "text,label\n,a\n  ,b\n,c\n")
    assert_usage_error(run_cli("scan", path), str(path), "empty in all 3 rows", "--text-col")


def test_all_null_text_json(run_cli, write):
    path = write("train.jsonl", '{"text": null, "label": "a"}\n{"text": "", "label": "b"}\n')
    assert_usage_error(run_cli("scan", path), str(path), "empty in all 2 rows")


def test_duplicate_column_names(run_cli, write):
    path = write("train.csv", "text,label,text\na,x,b\n")
    assert_usage_error(run_cli("scan", path), str(path), "two columns named 'text'", "Rename")


def test_duplicate_column_names_tsv(run_cli, write):
    path = write("train.tsv", "label\ttext\tlabel\nx\ta\ty\n")
    assert_usage_error(run_cli("scan", path), str(path), "two columns named 'label'")


def test_duplicate_column_names_parquet(run_cli, tmp_path):
    path = tmp_path / "train.parquet"
    table = pa.Table.from_arrays([pa.array(["a"]), pa.array(["x"]), pa.array(["b"])], names=["text", "label", "text"])
    pq.write_table(table, path)
    assert_usage_error(run_cli("scan", path), str(path), "two columns named 'text'")


def test_null_and_empty_labels_are_findings_not_errors(run_cli, write):
    rows = [{"text": "hello there", "label": "greet"}, {"text": "bye now", "label": None},
            {"text": "where is my card", "label": ""}, {"text": "block my card", "label": "   "},
            {"text": "what is the fee", "label": "fees"}]
    path = write("train.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    result = run_cli("scan", path, "--json", "-")
    assert_ran(result)
    report = report_of(result)
    assert report["dataset"]["label_column"] == "label"
    missing = [f for f in report["findings"] if f["code"] == "DA002"]
    assert len(missing) == 1
    assert missing[0]["check"] == "missing_label"
    assert missing[0]["rows"] == [1, 2, 3]
    assert missing[0]["excluded"] == [1, 2, 3]
    assert report["summary"]["effective_clean_count"] == 2


def test_null_labels_in_csv(run_cli, write):
    path = write("train.csv", "text,label\nhello there,greet\nbye now,\nwhere is my card,NA\n")
    result = run_cli("scan", path, "--json", "-")
    assert_ran(result)
    missing = [f for f in report_of(result)["findings"] if f["code"] == "DA002"]
    assert [f["rows"] for f in missing] == [[1]]  # "NA" is a label


# --------------------------------------------------------------------------- encodings


def test_non_utf8_file(run_cli, write):
    path = write("train.csv", "text,label\ncafé au lait,drink\nthé,drink\n", encoding="cp1252")
    result = run_cli("scan", path)
    assert_usage_error(result, str(path), "not UTF-8", "line 2", "--encoding", "iconv")

    result = run_cli("scan", path, "--encoding", "cp1252", "--json", "-")
    assert_ran(result)
    assert report_of(result)["dataset"]["rows"] == 2


def test_non_utf8_text_decoded_with_encoding(write):
    from dataaudit.io import load_dataset
    from dataaudit.config import Settings

    path = write("train.csv", "text,label\ncafé au lait,drink\n", encoding="cp1252")
    assert load_dataset(path, Settings(encoding="cp1252")).texts == ["café au lait"]


def test_unknown_encoding(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--encoding", "klingon"), "Unknown encoding 'klingon'", "cp1252")


def test_wrong_explicit_encoding(run_cli, write):
    path = write("train.csv", "text,label\ncafé,x\n", encoding="cp1252")
    assert_usage_error(run_cli("scan", path, "--encoding", "utf-8"), str(path), "not valid utf-8", "--encoding")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_bom_files_load(run_cli, write, encoding):
    content = "text,label\ncafé au lait,drink\nthé,drink\n"
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + content.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + content.encode("utf-16-be")
    else:
        data = content.encode(encoding)
    path = write("train.csv", data)
    result = run_cli("scan", path, "--json", "-")
    assert_ran(result)
    dataset = report_of(result)["dataset"]
    assert dataset["rows"] == 2
    assert dataset["text_columns"] == ["text"]  # the BOM is not part of the first column name
    assert dataset["label_column"] == "label"


# --------------------------------------------------------------------------- big cells


def test_one_megabyte_text_cell(run_cli, write):
    rng = random.Random(3)
    words = ["card", "bank", "transfer", "fee", "limit", "pin", "atm", "refund", "cash", "account", "top", "up"]
    big = " ".join(rng.choice(words) for _ in range(250_000))[:1_000_000]
    rows = [f'"{big}",big'] + [f"row {i} {' '.join(rng.sample(words, 6))},l{i % 3}" for i in range(30)]
    path = write("train.csv", "text,label\n" + "\n".join(rows) + "\n")
    start = time.monotonic()
    result = run_cli("scan", path, "--json", "-")
    elapsed = time.monotonic() - start
    assert_ran(result)
    assert report_of(result)["dataset"]["rows"] == 31
    assert elapsed < 10, f"a 1 MB cell took {elapsed:.1f}s"


def test_text_cell_over_the_limit(run_cli, write):
    path = write("train.csv", "text,label\n" + "x" * 5_000_001 + ",a\nhello,b\n")
    assert_usage_error(run_cli("scan", path), str(path), "row 0", "5,000,001 characters", "Split or remove")


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_unknown_check_code(run_cli, write, flag):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, flag, "DA999"), "Unknown check code 'DA999'", "DA102")


def test_unknown_check_code_in_a_list(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--select", "DA101,nope"), "Unknown check code 'nope'")


@pytest.mark.parametrize("value", ["0", "-5"])
def test_threshold_must_be_positive(run_cli, write, value):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--threshold", value), "threshold must be a whole number above 0",
                       value, "--threshold 1000")


def test_threshold_not_a_number(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--threshold", "many"), "--threshold")


def test_min_per_label_must_be_positive(run_cli, write):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--min-per-label", "0"), "min_per_label must be a whole number above 0")


def test_duplicate_ids(run_cli, write):
    path = write("train.csv", "id,text,label\nA1,hello,x\nA2,bye,y\nA1,again,z\n")
    assert_usage_error(run_cli("scan", path, "--id-col", "id"), str(path), "id 'A1'", "rows 0 and 2",
                       "must be unique")


def test_empty_id(run_cli, write):
    path = write("train.csv", "id,text,label\nA1,hello,x\n,bye,y\n")
    assert_usage_error(run_cli("scan", path, "--id-col", "id"), str(path), "row 1", "id column 'id' is empty")


def test_id_col_rows_are_reported_by_id(run_cli, write):
    path = write("train.csv", "id,text,label\n007,hello there,x\n008,hello there,x\n009,other,y\n")
    result = run_cli("scan", path, "--id-col", "id", "--json", "-")
    assert_ran(result)
    dup = [f for f in report_of(result)["findings"] if f["check"] == "exact_duplicate"]
    assert dup and dup[0]["rows"] == ["007", "008"]


# --------------------------------------------------------------------------- the input is never modified


@pytest.mark.parametrize("flag", ["--json", "--flagged", "--html"])
def test_output_path_is_the_input(run_cli, write, tmp_path, flag):
    path = write("train.csv", GOOD_CSV)
    before = path.read_bytes()
    (tmp_path / "sub").mkdir()
    same = tmp_path / "sub" / ".." / "train.csv"  # another spelling of the same file
    result = run_cli("scan", path, flag, same)
    assert_usage_error(result, "is the input file", "another output path")
    assert path.read_bytes() == before


def test_output_path_is_a_directory(run_cli, write, tmp_path):
    path = write("train.csv", GOOD_CSV)
    assert_usage_error(run_cli("scan", path, "--json", tmp_path), "is a directory")


def test_input_unchanged_after_scan_with_outputs(run_cli, write, tmp_path):
    path = write("train.csv", GOOD_CSV + "hello there,greet\nhello there!,greet\n")
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before_bytes, before_stat = path.read_bytes(), path.stat()
    result = run_cli("scan", path, "--json", tmp_path / "report.json", "--flagged", tmp_path / "flagged.csv")
    assert_ran(result)
    assert (tmp_path / "report.json").is_file() and (tmp_path / "flagged.csv").is_file()
    after = path.stat()
    assert path.read_bytes() == before_bytes
    assert after.st_mtime_ns == before_stat.st_mtime_ns == 1_600_000_000_000_000_000
    assert after.st_size == before_stat.st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flagged.csv", "report.json", "train.csv"]
