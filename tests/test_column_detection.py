"""Finding the label and text columns: by name (exact, words, near spellings), then by
content; unsure is exit 2 with the candidates, never a labeled file audited as unlabeled."""

from __future__ import annotations

import csv
import json

import pytest

INTENTS = ["card_arrival", "refund", "cancel_order"]


def _csv(tmp_path, header, rows):
    path = tmp_path / "data.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _rows(n=12, extra=lambda k: []):
    texts = ["where is my new card", "I want my money back", "please cancel my order", "has my card shipped yet",
             "refund the last payment", "stop my order from shipping"]
    return [[f"{texts[k % len(texts)]} {k}", INTENTS[k % 3], *extra(k)] for k in range(n)]


# (header, expected label column, how it was found); rows are [text, label, ...extra]
FOUND = [
    (["text", "sentiment_label"], "sentiment_label", "name"),
    (["text", "intent_label"], "intent_label", "name"),
    (["text", "intnt"], "intnt", "similar name"),
    (["text", "gold"], "gold", "name"),
    (["text", "y"], "y", "name"),
    (["utterance", "goldLabel"], "goldLabel", "name"),
    (["text", "catagory"], "catagory", "similar name"),
]


@pytest.mark.parametrize("header, column, how", FOUND, ids=[h[1] for h, _, _ in FOUND])
def test_label_column_found_by_name(run_cli, tmp_path, header, column, how):
    out = tmp_path / "r.json"
    path = _csv(tmp_path, header, _rows())
    result = run_cli("scan", path, "--embedder", "none", "--rules", "none", "--json", out, "--exit-zero")
    assert result.exit_code == 0, result.output
    dataset = json.loads(out.read_text(encoding="utf-8"))["dataset"]
    assert (dataset["label_column"], dataset["columns_found"]["label"]) == (column, how)
    if how == "similar name":
        assert "--label-col to change" in " ".join(result.stdout.split())


def test_two_equally_likely_label_columns_are_exit_2(run_cli, tmp_path):
    path = _csv(tmp_path, ["text", "intent_a", "intent_b"], _rows(extra=lambda k: [INTENTS[(k + 1) % 3]]))
    result = run_cli("scan", path, "--embedder", "none")
    assert result.exit_code == 2 and "several columns could be the label" in result.stderr
    assert "intent_a" in result.stderr and "--label-col" in result.stderr


def test_a_label_found_only_by_its_content_is_exit_2_with_did_you_mean(run_cli, tmp_path):
    path = _csv(tmp_path, ["text", "kind"], _rows())
    result = run_cli("scan", path, "--embedder", "none")
    assert result.exit_code == 2 and "Did you mean --label-col kind?" in result.stderr and "--no-labels" in result.stderr
    assert run_cli("scan", path, "--embedder", "none", "--no-labels", "--exit-zero").exit_code == 0
    assert run_cli("scan", path, "--embedder", "none", "--label-col", "kind", "--exit-zero").exit_code == 0


def test_unlabeled_files_with_ids_and_numbers_stay_unlabeled(run_cli, tmp_path):
    rows = [[f"sentence number {k} about the weather", f"id-{k}", f"{k * 0.37:.2f}"] for k in range(12)]
    out = tmp_path / "r.json"
    path = _csv(tmp_path, ["text", "row_id", "score"], rows)
    result = run_cli("scan", path, "--embedder", "none", "--json", out, "--exit-zero")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["dataset"]["label_column"] is None


def test_no_labels_ignores_a_label_column(run_cli, tmp_path):
    out = tmp_path / "r.json"
    path = _csv(tmp_path, ["text", "label"], _rows())
    assert run_cli("scan", path, "--embedder", "none", "--no-labels", "--json", out, "--exit-zero").exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["dataset"]["label_column"] is None and report["labels"] == []
    result = run_cli("scan", path, "--no-labels", "--label-col", "label")
    assert result.exit_code == 2 and "contradict" in result.stderr


@pytest.mark.parametrize("header, text_column, how", [
    (["utterence", "label"], "utterence", "similar name"),
    (["question_text", "label"], "question_text", "name"),
    (["col_a", "label"], "col_a", "content"),
])
def test_text_column_found_by_name_or_content(run_cli, tmp_path, header, text_column, how):
    out = tmp_path / "r.json"
    path = _csv(tmp_path, header, _rows())
    result = run_cli("scan", path, "--embedder", "none", "--rules", "none", "--json", out, "--exit-zero")
    assert result.exit_code == 0, result.output
    dataset = json.loads(out.read_text(encoding="utf-8"))["dataset"]
    assert (dataset["text_columns"], dataset["columns_found"]["text"]) == ([text_column], how)


def test_two_long_text_columns_without_names_are_exit_2(run_cli, tmp_path):
    rows = [[f"first long sentence number {k} here", f"second long sentence number {k} there", "a"] for k in range(8)]
    result = run_cli("scan", _csv(tmp_path, ["col_a", "col_b", "label"], rows), "--embedder", "none")
    assert result.exit_code == 2 and "--text-col" in result.stderr and "col_a" in result.stderr


def test_chat_answers_as_labels_are_detected_and_can_be_turned_off(run_cli, tmp_path):
    records = [{"messages": [{"role": "user", "content": f"Is statement {k} true?"},
                             {"role": "assistant", "content": "True" if k % 3 else "False"}]} for k in range(12)]
    path = tmp_path / "chat.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "r.json"
    assert run_cli("scan", path, "--embedder", "none", "--json", out, "--exit-zero").exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["dataset"]["columns_found"]["label"] == "answers"
    assert {l["label"]: l["rows"] for l in report["labels"]} == {"True": 8, "False": 4}
    assert run_cli("scan", path, "--embedder", "none", "--label-from", "none", "--json", out,
                   "--exit-zero").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["labels"] == []
    generative = [{"instruction": f"Write a sentence about topic {k}.", "input": "",
                   "output": f"Here is a sentence about topic {k}, written for you."} for k in range(12)]
    path.write_text("".join(json.dumps(r) + "\n" for r in generative), encoding="utf-8")
    assert run_cli("scan", path, "--embedder", "none", "--json", out, "--exit-zero").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["dataset"]["columns_found"]["label"] == "none"
    result = run_cli("scan", path, "--embedder", "none", "--label-from", "assistant", "--json", out, "--exit-zero")
    assert result.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["dataset"]["label_column"] == "output"
