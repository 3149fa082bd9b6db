"""Issue 32's loader defects: a raw NUL byte inside a JSON string, a ';'-separated .csv whose
header is text;label, and a label column hidden behind almost-empty look-alikes (the Twitter US
Airline Sentiment file). Each is exit 2 with a message that says where and how to fix, or a
choice the header states."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest

from cli_results import assert_ran, assert_usage_error

# --------------------------------------------------------------------------- a raw NUL byte in JSON


def _jsonl(rows: int, bad_line: int) -> str:
    lines = [json.dumps({"text": f"where is my parcel number {k}", "label": "track"}) for k in range(rows)]
    lines[bad_line - 1] = '{"text": "scraped text with a \x00 in it", "label": "track"}'
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("rows, bad_line", [(3, 2), (400, 350)], ids=["near-the-top", "past-the-first-8-KB"])
def test_nul_byte_in_a_jsonl_string_names_the_line_and_the_fix(run_cli, write, rows, bad_line):
    path = write("train.jsonl", _jsonl(rows, bad_line))
    result = run_cli("scan", path, "--embedder", "none")
    assert_usage_error(result, str(path), f"line {bad_line}", "NUL", "\\u0000")
    assert "binary" not in result.stderr


def test_nul_byte_in_a_json_document_names_the_line(run_cli, write):
    path = write("train.json", '[\n {"text": "hello there", "label": "greet"},\n'
                               ' {"text": "bad \x00 byte", "label": "greet"}\n]\n')
    assert_usage_error(run_cli("scan", path, "--embedder", "none"), str(path), "line 3", "NUL", "\\u0000")


def test_nul_bytes_in_a_one_line_json_document_are_named(run_cli, write):
    records = [{"text": f"scraped text number {k} \x00", "label": "x"} for k in range(3)]
    path = write("train.json", json.dumps(records, ensure_ascii=False).replace("\\u0000", "\x00"))
    assert_usage_error(run_cli("scan", path, "--embedder", "none"), str(path), "line 1", "NUL", "\\u0000")


def test_nul_byte_in_a_chat_record_names_the_line(run_cli, write):
    good = json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]})
    bad = '{"messages": [{"role": "user", "content": "h\x00i"}, {"role": "assistant", "content": "hello"}]}'
    path = write("chat.jsonl", f"{good}\n{good}\n{bad}\n")
    assert_usage_error(run_cli("scan", path, "--embedder", "none"), str(path), "line 3", "NUL", "\\u0000")


def test_other_raw_control_characters_in_json_strings_are_named_too(run_cli, write):
    path = write("train.json", '[{"text": "a line\nbreak", "label": "x"}]')
    assert_usage_error(run_cli("scan", path, "--embedder", "none"), str(path), "line 1", "line break", "\\n")


def test_nul_byte_outside_a_json_string_is_named(run_cli, write):
    path = write("train.jsonl", '{"text": "a", "label": "x"}\n{"text": "b", "label": "x"}\x00\n')
    assert_usage_error(run_cli("scan", path, "--embedder", "none"), str(path), "line 2", "NUL", "outside any string. Remove it")


def test_a_stray_nul_in_a_csv_cell_is_read_as_it_is_past_the_first_8_kb(run_cli, write, tmp_path):
    # CSV has no escape for it and pandas keeps it: the file is text, not binary, wherever the NUL is.
    path = write("train.csv", "text,label\nhello there,greet\nbad \x00 byte,greet\nbye now,leave\n")
    out = tmp_path / "r.json"
    result = run_cli("scan", path, "--embedder", "none", "--json", out, "--threshold", "1")
    assert_ran(result)
    assert json.loads(out.read_text(encoding="utf-8"))["dataset"]["rows"] == 3


def test_utf16_without_a_byte_order_mark_is_still_called_binary_or_utf16(run_cli, write):
    path = write("train.csv", "text,label\nhello there,greet\nbye now,leave\n".encode("utf-16-le"))
    assert_usage_error(run_cli("scan", path), str(path), "NUL", "utf-16-le")


def test_a_block_of_nul_padding_is_still_binary(run_cli, write):
    path = write("train.jsonl", b'{"text": "a", "label": "x"}\n' + b"\x00" * 4096)
    assert_usage_error(run_cli("scan", path), str(path), "binary")


# --------------------------------------------------------------------------- the wrong separator in a .csv


@pytest.mark.parametrize("sep, shown", [(";", "';'"), ("|", "'|'")])
def test_a_csv_separated_by_another_character_with_a_text_label_header_is_exit_2(run_cli, write, sep, shown):
    rows = ["where is my card", "refund me, please", "cancel the order; now", "hello there"]
    body = "".join(f'"{t}"{sep}intent_{k % 2}\n' if sep in t else f"{t}{sep}intent_{k % 2}\n"
                   for k, t in enumerate(rows))
    path = write("train.csv", f"text{sep}label\n{body}")
    result = run_cli("scan", path, "--embedder", "none")
    assert_usage_error(result, str(path), f"text{sep}label", shown, "comma")
    assert "more fields than the header" not in result.stderr


def test_a_tab_separated_csv_says_to_pass_format_tsv(run_cli, write):
    path = write("train.csv", "text\tlabel\nwhere is my card\tcard\nrefund me, please\trefund\nhi there\tgreet\n")
    assert_usage_error(run_cli("scan", path, "--embedder", "none"), str(path), "tab", "--format tsv")
    assert_ran(run_cli("scan", path, "--embedder", "none", "--format", "tsv", "--threshold", "1"))


def test_a_comma_separated_tsv_says_to_pass_format_csv(run_cli, write):
    path = write("train.tsv", "text,label\nwhere is my card,card\nrefund me please,refund\nhi there,greet\n")
    assert_usage_error(run_cli("scan", path, "--embedder", "none"), str(path), "comma", "--format csv")


def test_semicolons_inside_a_comma_csv_are_text(run_cli, write, tmp_path):
    path = write("train.csv", 'text,label\n"first; then second",a\nplain text,b\n"x;y;z",a\nmore text,b\n')
    out = tmp_path / "r.json"
    assert_ran(run_cli("scan", path, "--embedder", "none", "--json", out, "--threshold", "1"))
    assert json.loads(out.read_text(encoding="utf-8"))["dataset"]["label_column"] == "label"


@pytest.mark.parametrize("header, rows", [
    ("text", ["one; two", "three;four", "five"]),
    ("text", ["a;b", "c;d", "e;f"]),
    ("notes; comments", ["a sentence; with a clause; and another", "plain", "one more line of text here"]),
], ids=["text-with-semicolons", "text-split-evenly", "odd-name-free-text"])
def test_a_one_column_csv_is_not_refused(run_cli, write, tmp_path, header, rows):
    path = write("train.csv", header + "\n" + "\n".join(rows) + "\n")
    out = tmp_path / "r.json"
    result = run_cli("scan", path, "--embedder", "none", "--json", out, "--threshold", "1", "--text-col", header)
    assert_ran(result)
    assert json.loads(out.read_text(encoding="utf-8"))["dataset"]["rows"] == len(rows)


# --------------------------------------------------------------------------- a label hidden by empty look-alikes

TWEET_COLUMNS = ["tweet_id", "airline_sentiment", "airline_sentiment_confidence", "negativereason",
                 "negativereason_confidence", "airline", "airline_sentiment_gold", "name", "negativereason_gold",
                 "retweet_count", "text", "tweet_coord", "tweet_created", "tweet_location", "user_timezone"]
REASONS = ["Late Flight", "Customer Service Issue", "Lost Luggage", "Bad Flight", "Can't Tell"]
AIRLINES = ["United", "US Airways", "American", "Southwest", "Delta", "Virgin America"]


def tweets_csv(rows: int = 600, seed: int = 0) -> str:
    """The Twitter US Airline Sentiment file's shape: the sentiment on every row, negativereason on
    the negative ones (~63 %), the two *_gold columns on ~0.3 % of rows, coordinates on a few."""
    rng = random.Random(seed)
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(TWEET_COLUMNS)
    gold_rows = {rows // 3, 2 * rows // 3}
    for k in range(rows):
        sentiment = rng.choices(["negative", "neutral", "positive"], [63, 21, 16])[0]
        reason = rng.choice(REASONS) if sentiment == "negative" else ""
        airline = rng.choice(AIRLINES)
        gold = k in gold_rows
        writer.writerow([
            str(570306133677760513 - 7919 * k), sentiment, f"{rng.uniform(0.33, 1):.4f}", reason,
            f"{rng.uniform(0.3, 1):.4f}" if reason else "", airline, sentiment if gold else "", f"user{k % 97}",
            reason if gold and reason else ("" if not gold else "Can't Tell"), str(rng.choice([0, 0, 0, 1])),
            f"@{airline.replace(' ', '')} flight {k} was {sentiment} today, gate {rng.randint(1, 60)}",
            "[40.64, -73.78]" if k % 40 == 0 else "", f"2015-02-24 11:{k % 60:02d}:00 -0800",
            rng.choice(["", "NYC", "Los Angeles", "Boston, MA"]), rng.choice(["", "Eastern Time (US & Canada)"]),
        ])
    return handle.getvalue()


def test_the_filled_label_is_chosen_over_almost_empty_gold_columns(run_cli, write, tmp_path):
    path = write("Tweets.csv", tweets_csv())
    out = tmp_path / "r.json"
    result = run_cli("scan", path, "--embedder", "none", "--json", out, "--exit-zero")
    assert result.exit_code == 0, result.output
    dataset = json.loads(out.read_text(encoding="utf-8"))["dataset"]
    assert dataset["label_column"] == "airline_sentiment" and dataset["text_columns"] == ["text"]
    assert dataset["columns_found"]["label"] == "name"
    note = dataset["columns_found"]["label_note"]
    assert note.startswith("chosen over ") and "airline_sentiment_gold (99.7% empty)" in note
    assert "negativereason_gold (99.7% empty)" in note


def test_a_tie_between_filled_columns_is_still_exit_2(run_cli, write):
    rows = "".join(f"text {k},{'ab'[k % 2]},{'cd'[k % 3 == 0]}\n" for k in range(40))
    result = run_cli("scan", write("train.csv", "text,intent_a,intent_b\n" + rows), "--embedder", "none")
    assert_usage_error(result, "several columns could be the label", "intent_a", "intent_b")


def test_a_tie_between_almost_empty_columns_is_still_exit_2(run_cli, write):
    # Both look-alikes almost empty: nothing is clearly better, so the user still picks.
    rows = "".join(f"text {k},{'a' if k == 3 else ''},{'b' if k == 7 else ''}\n" for k in range(100))
    result = run_cli("scan", write("train.csv", "text,intent_a,intent_b\n" + rows), "--embedder", "none")
    assert_usage_error(result, "several columns could be the label", "intent_a", "intent_b")


def test_a_half_filled_look_alike_is_still_a_tie(run_cli, write):
    # Partly labeled columns (a second annotator who did half the rows) are real candidates.
    rows = "".join(f"text {k},{'ab'[k % 2]},{'cd'[k % 2] if k % 2 else ''}\n" for k in range(100))
    result = run_cli("scan", write("train.csv", "text,intent_a,intent_b\n" + rows), "--embedder", "none")
    assert_usage_error(result, "several columns could be the label", "intent_a", "intent_b")


def test_a_lone_almost_empty_label_column_is_still_the_label(run_cli, write, tmp_path):
    rows = "".join(f"text number {k},{'spam' if k == 5 else ''}\n" for k in range(100))
    out = tmp_path / "r.json"
    result = run_cli("scan", write("train.csv", "text,intent_label\n" + rows), "--embedder", "none",
                     "--json", out, "--exit-zero")
    assert result.exit_code == 0, result.output
    dataset = json.loads(out.read_text(encoding="utf-8"))["dataset"]
    assert dataset["label_column"] == "intent_label" and "label_note" not in dataset["columns_found"]
