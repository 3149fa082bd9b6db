"""JSON that scraped data really contains: lone surrogate escapes, absurd nesting."""

from __future__ import annotations

import csv
import json

import pytest

# "\ud83d" is half of 😀: what is left when an emoji is cut mid-character.
SURROGATE_JSONL = (
    '{"text": "I love this phone \\ud83d", "label": "positive"}\n'
    '{"text": "I love this phone \\ud83d", "label": "positive"}\n'
    '{"text": "a whole emoji \\ud83d\\ude00 is fine", "label": "positive"}\n'
    '{"text": "\\udc00 low half first", "label": "negative"}\n'
    '{"text": "worst purchase ever", "label": "negative"}\n'
)


@pytest.mark.parametrize("embedder", ["minilm", "e5"])
def test_lone_surrogates_are_replaced_and_counted(run_cli, write, tmp_path, embedder):
    path = write("scraped.jsonl", SURROGATE_JSONL)
    outs = {"--json": tmp_path / "r.json", "--html": tmp_path / "r.html", "--flagged": tmp_path / "f.csv"}
    result = run_cli("scan", path, "--embedder", embedder, "--threshold", "1",
                     *[a for flag, out in outs.items() for a in (flag, out)])
    assert result.exit_code == 0, result.output
    report = json.loads(outs["--json"].read_text(encoding="utf-8"))
    assert report["dataset"]["repairs"] == {"lone_surrogates": 3}
    assert report["summary"]["complete"] is True
    assert "3 lone surrogate escapes" in result.stdout
    assert "3 lone surrogate escapes" in outs["--html"].read_text(encoding="utf-8")
    flagged = list(csv.DictReader(outs["--flagged"].open(encoding="utf-8", newline="")))
    assert [r["text"] for r in flagged] == ["I love this phone \ufffd"] * 2
    (dup,) = [f for f in report["findings"] if f["code"] == "DA101"]
    assert dup["rows"] == [0, 1]


def test_lone_surrogates_in_chat_records_and_in_the_eval_set(run_cli, write, tmp_path):
    chat = write("chat.jsonl", "".join(json.dumps({"messages": [
        {"role": "user", "content": f"question {k} \ud83d"}, {"role": "assistant", "content": "answer \udc00"}]}) + "\n"
        for k in range(3)))
    evalset = write("eval.json", json.dumps([{"text": "question 1 \ud83d", "label": "x"}]))
    out = tmp_path / "r.json"
    result = run_cli("scan", chat, "--against", evalset, "--json", out, "--embedder", "none", "--threshold", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["dataset"]["repairs"] == {"lone_surrogates": 6}


def test_files_without_surrogates_report_no_repairs(run_cli, write, tmp_path):
    path = write("plain.jsonl", '{"text": "emoji \\ud83d\\ude00 whole", "label": "a"}\n{"text": "b", "label": "a"}\n')
    out = tmp_path / "r.json"
    assert run_cli("scan", path, "--json", out, "--embedder", "none", "--threshold", "1").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["dataset"]["repairs"] == {}


DEPTH = 100_000


@pytest.mark.parametrize("name, content", [
    ("deep.json", "[" * DEPTH + "]" * DEPTH),
    ("deep.jsonl", '{"text": "a", "label": "b"}\n{"text": "a", "label": ' + "[" * DEPTH + "]" * DEPTH + "}\n"),
    ("field.json", '[{"text": "a", "label": "b", "meta": ' + '{"k": ' * DEPTH + "1" + "}" * DEPTH + "}]"),
    ("chat.jsonl", '{"messages": [{"role": "user", "content": ' + "[" * DEPTH + "]" * DEPTH + "}]}\n"),
])
def test_deeply_nested_json_is_a_clear_exit_2(run_cli, write, name, content):
    path = write(name, content)
    result = run_cli("scan", path)
    assert result.exit_code == 2, result.output
    assert "nested too deeply" in result.stderr and name in result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_nesting_a_reader_can_walk_is_read(run_cli, write):
    path = write("nested.jsonl", '{"text": "a", "label": "b", "meta": ' + "[" * 200 + "]" * 200 + "}\n"
                 '{"text": "c", "label": "b"}\n')
    result = run_cli("scan", path, "--embedder", "none", "--threshold", "1")
    assert result.exit_code == 0, result.output
