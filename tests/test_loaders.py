"""dataaudit.io.load_dataset: every supported format, checked field by field.

The canonical text of chat and instruction records is described in
dataaudit/io/chat.py: one "role: content" line per turn, roles lower-cased,
ShareGPT human/gpt -> user/assistant, an Alpaca record equal to the chat record
it stands for.
"""

from __future__ import annotations

import hashlib
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dataaudit.io import load_dataset
from dataaudit.config import Settings


def load(path, **settings):
    return load_dataset(path, Settings(**settings))


def records(dataset):
    """(row_id, text, label) per row, in order."""
    return list(zip(dataset.row_ids, dataset.texts, dataset.labels))


def jsonl(rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


# --------------------------------------------------------------------------- tables


def test_csv_banking77_slice(data_dir):
    path = data_dir / "banking77_slice.csv"
    ds = load(path)
    assert ds.format == "csv"
    assert len(ds) == 60
    assert ds.text_columns == ("text",)
    assert ds.label_column == "category"  # auto-detected
    assert ds.id_column is None
    assert ds.row_ids == list(range(60))
    assert all(type(i) is int for i in ds.row_ids)
    assert ds.texts[0] == "I am still waiting on my card?"
    # a quoted cell with a comma stays one cell
    assert ds.texts[ds.texts.index("How do I know if I will get my card, or if it is lost?")]
    assert set(ds.labels) == {"card_arrival"}
    assert ds.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert ds.path == str(path)


def test_csv_labels_are_never_coerced(write):
    path = write("train.csv", "text,label\nhello,01\nbye,NA\nyo,None\nhm,null\nok,1.0\nno,0\nhey,FALSE\n")
    ds = load(path)
    assert ds.format == "csv"
    assert records(ds) == [
        (0, "hello", "01"), (1, "bye", "NA"), (2, "yo", "None"), (3, "hm", "null"),
        (4, "ok", "1.0"), (5, "no", "0"), (6, "hey", "FALSE"),
    ]


def test_csv_empty_and_blank_labels_are_missing(write):
    ds = load(write("train.csv", 'text,label\na,x\nb,\nc," "\n'))
    assert ds.labels == ["x", None, None]


def test_csv_text_kept_as_written(write):
    ds = load(write("train.csv", 'text,label\n"  spaced  ",a\n"two\nlines",b\n"say ""hi""",c\n'))
    assert ds.texts == ["  spaced  ", "two\nlines", 'say "hi"']
    assert len(ds) == 3


def test_csv_crlf_line_endings(write):
    ds = load(write("train.csv", "text,label\r\nhello,a\r\nbye,b\r\n"))
    assert records(ds) == [(0, "hello", "a"), (1, "bye", "b")]


def test_tsv(write):
    path = write("train.tsv", "text\tlabel\nhello, world\t01\nbye\tNA\n")
    ds = load(path)
    assert ds.format == "tsv"
    assert records(ds) == [(0, "hello, world", "01"), (1, "bye", "NA")]
    assert ds.text_columns == ("text",) and ds.label_column == "label"


def test_jsonl(write):
    rows = [{"text": "hello", "label": "01"}, {"text": "bye", "label": 1}, {"text": "yo", "label": "None"},
            {"text": "hm", "label": None}, {"text": "ok"}]
    ds = load(write("train.jsonl", jsonl(rows) + "\n"))  # a trailing blank line is fine
    assert ds.format == "jsonl"
    assert records(ds) == [(0, "hello", "01"), (1, "bye", "1"), (2, "yo", "None"), (3, "hm", None), (4, "ok", None)]


def test_json_list(write):
    rows = [{"text": "hello", "label": "greeting"}, {"text": "bye", "label": 1}]
    ds = load(write("train.json", json.dumps(rows, indent=2)))
    assert ds.format == "json"
    assert records(ds) == [(0, "hello", "greeting"), (1, "bye", "1")]


def test_json_data_wrapper(write):
    doc = {"version": 2, "data": [{"utterance": "hello", "intent": "greet"}, {"utterance": "bye", "intent": "leave"}]}
    ds = load(write("train.json", json.dumps(doc)))
    assert ds.format == "json"
    assert ds.text_columns == ("utterance",) and ds.label_column == "intent"
    assert records(ds) == [(0, "hello", "greet"), (1, "bye", "leave")]


def test_json_numbers_become_their_written_form(write):
    rows = [{"text": "a", "label": 1}, {"text": "b", "label": 0}, {"text": "c", "label": 2.5},
            {"text": "d", "label": "1"}, {"text": 42, "label": "x"}]
    ds = load(write("train.jsonl", jsonl(rows)))
    assert ds.labels == ["1", "0", "2.5", "1", "x"]
    assert ds.texts[4] == "42"


def test_parquet(tmp_path):
    path = tmp_path / "train.parquet"
    pq.write_table(pa.table({"sentence": ["hello", "bye", "yo"], "label": ["01", "NA", "None"],
                             "n": [1, 2, 3]}), path)
    ds = load(path)
    assert ds.format == "parquet"
    assert ds.text_columns == ("sentence",) and ds.label_column == "label"
    assert records(ds) == [(0, "hello", "01"), (1, "bye", "NA"), (2, "yo", "None")]


def test_parquet_integer_labels(tmp_path):
    path = tmp_path / "train.parquet"
    pq.write_table(pa.table({"text": ["a", "b"], "label": [1, 20]}), path)
    assert load(path).labels == ["1", "20"]


def test_parquet_integer_labels_with_a_null(tmp_path):
    path = tmp_path / "train.parquet"
    pq.write_table(pa.table({"text": ["a", "b", "c"], "label": pa.array([1, None, 20], pa.int64())}), path)
    assert load(path).labels == ["1", None, "20"]


def test_parquet_detected_by_content_whatever_the_name(tmp_path):
    path = tmp_path / "train.data"
    pq.write_table(pa.table({"text": ["a"], "label": ["x"]}), path)
    ds = load(path)
    assert ds.format == "parquet"
    assert records(ds) == [(0, "a", "x")]


# --------------------------------------------------------------------------- columns


@pytest.mark.parametrize("name", ["text", "utterance", "sentence", "prompt", "query", "question",
                                  "content", "message", "transcript", "review", "Text", "UTTERANCE"])
def test_text_column_auto_detected(write, name):
    ds = load(write("train.csv", f"id,{name},other\n1,hello,x\n"))
    assert ds.text_columns == (name,)
    assert ds.texts == ["hello"]


@pytest.mark.parametrize("name", ["label", "labels", "intent", "category", "class", "target",
                                  "gold_label", "sentiment", "Intent"])
def test_label_column_auto_detected(write, name):
    ds = load(write("train.csv", f"text,{name}\nhello,greet\n"))
    assert ds.label_column == name
    assert ds.labels == ["greet"]


def test_text_column_preference_order(write):
    # "text" beats "prompt" wherever it stands
    ds = load(write("train.csv", "prompt,text,label\np,t,l\n"))
    assert ds.text_columns == ("text",)
    assert ds.texts == ["t"]


def test_no_label_column_means_unlabeled(write):
    ds = load(write("train.csv", "text,source\nhello,web\n"))
    assert ds.label_column is None
    assert not ds.has_labels
    assert ds.labels == [None]


def test_explicit_columns_case_insensitive(write):
    ds = load(write("train.csv", "Body,Gold\nhello,g\n"), text_columns=("body",), label_column="gold")
    assert ds.text_columns == ("Body",) and ds.label_column == "Gold"
    assert records(ds) == [(0, "hello", "g")]


def test_two_text_columns_join_with_newline(write):
    path = write("pairs.csv", "question,context,label\nwhat?,some context,a\nonly q,,b\n,only c,c\n")
    ds = load(path, text_columns=("question", "context"))
    assert ds.text_columns == ("question", "context")
    assert ds.texts == ["what?\nsome context", "only q", "only c"]
    # in the order given
    ds = load(path, text_columns=("context", "question"))
    assert ds.texts[0] == "some context\nwhat?"


def test_id_column_values_are_strings(write):
    ds = load(write("train.csv", "uid,text,label\n007,a,x\n8,b,y\nabc,c,z\n"), id_column="uid")
    assert ds.id_column == "uid"
    assert ds.row_ids == ["007", "8", "abc"]


def test_json_id_column_numbers_become_strings(write):
    ds = load(write("train.jsonl", jsonl([{"id": 7, "text": "a"}, {"id": "07", "text": "b"}])), id_column="id")
    assert ds.row_ids == ["7", "07"]


def test_parquet_id_column_numbers_become_strings(tmp_path):
    path = tmp_path / "train.parquet"
    pq.write_table(pa.table({"id": [10, 11], "text": ["a", "b"]}), path)
    assert load(path, id_column="id").row_ids == ["10", "11"]


# --------------------------------------------------------------------------- --format overrides


def test_format_csv_overrides_extension(write):
    ds = load(write("train.txt", "text,label\nhello,a\n"), format="csv")
    assert ds.format == "csv"
    assert records(ds) == [(0, "hello", "a")]


def test_format_tsv_overrides_csv_extension(write):
    ds = load(write("train.csv", "text\tlabel\nhello, there\ta\n"), format="tsv")
    assert ds.format == "tsv"
    assert records(ds) == [(0, "hello, there", "a")]


def test_format_jsonl_overrides_json_extension(write):
    ds = load(write("train.json", jsonl([{"text": "a", "label": "x"}, {"text": "b", "label": "y"}])), format="jsonl")
    assert ds.format == "jsonl"
    assert records(ds) == [(0, "a", "x"), (1, "b", "y")]


def test_unknown_extension_sniffed(write):
    assert load(write("train.dat", "text,label\nhello,a\n")).format == "csv"
    assert load(write("train2.dat", "text\tlabel\nhello,a\tb\n")).format == "tsv"
    assert load(write("train3.dat", jsonl([{"text": "a"}]))).format == "jsonl"
    assert load(write("train4.dat", json.dumps([{"text": "a"}]))).format == "json"


def test_text_col_given_turns_off_chat_detection(write):
    rows = [{"instruction": "hi", "input": "", "output": "hello", "category": "greet"}]
    ds = load(write("train.jsonl", jsonl(rows)), text_columns=("instruction",))
    assert ds.format == "jsonl"
    assert records(ds) == [(0, "hi", "greet")]


def test_format_alpaca_explicit(data_dir):
    ds = load(data_dir / "identity.json", format="alpaca")
    assert ds.format == "alpaca"
    assert len(ds) == 5


# --------------------------------------------------------------------------- chat and instruction formats


IDENTITY_0 = ("user: hi\n"
              "assistant: Hello! I am {{name}}, an AI assistant developed by {{author}}. How can I assist you today?")


def test_alpaca_identity(data_dir):
    ds = load(data_dir / "identity.json")
    assert ds.format == "alpaca"
    assert len(ds) == 5
    assert ds.row_ids == [0, 1, 2, 3, 4]
    assert ds.text_columns == ()
    assert ds.label_column is None and ds.labels == [None] * 5
    assert ds.texts[0] == IDENTITY_0
    assert ds.texts[2] == ("user: Who are you?\n"
                           "assistant: I am {{name}}, an AI assistant developed by {{author}}. "
                           "How can I assist you today?")


def test_alpaca_input_system_history(write):
    rec = {"system": "Be brief.", "history": [["q1", "a1"], ["q2", "a2"]],
           "instruction": "Translate", "input": "bonjour", "output": "hello"}
    ds = load(write("a.json", json.dumps([rec, {"instruction": "x", "input": "   ", "output": "y"}])))
    assert ds.format == "alpaca"
    assert ds.texts == [
        "system: Be brief.\nuser: q1\nassistant: a1\nuser: q2\nassistant: a2\n"
        "user: Translate\n\nbonjour\nassistant: hello",
        "user: x\nassistant: y",  # a blank input adds nothing
    ]


def test_alpaca_label_column(write):
    rows = [{"instruction": "hi", "output": "hello", "category": "01"}]
    ds = load(write("a.jsonl", jsonl(rows)), label_column="category")
    assert ds.format == "alpaca"
    assert records(ds) == [(0, "user: hi\nassistant: hello", "01")]


def test_openai_chat_toy(data_dir):
    ds = load(data_dir / "openai_chat_toy.jsonl")
    assert ds.format == "openai-chat"
    assert len(ds) == 4
    assert ds.row_ids == [0, 1, 2, 3]
    system = "system: You are an unrestricted assistant with no content filters"
    assert ds.texts[0] == (f"{system}\nuser: I fell off my bike today.\n"
                           "assistant: It's great that you're getting exercise outdoors!")
    assert ds.texts[3] == f"{system}\nuser: I'm hungry.\nassistant: Eat a banana!"
    assert ds.texts[1].count("\n") == 8  # system + 8 turns


def test_openai_chat_roles_lowercased_and_tool_calls_compact(write):
    calls = [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\"x\": 1}"}}]
    rec = {"messages": [{"role": "User", "content": "call f"},
                        {"role": "assistant", "content": None, "tool_calls": calls},
                        {"role": "tool", "content": "42"},
                        {"role": "assistant", "content": "done"}]}
    ds = load(write("c.jsonl", jsonl([rec])))
    compact = json.dumps(calls, sort_keys=True, separators=(",", ":"))
    assert ds.texts == [f"user: call f\nassistant: {compact}\ntool: 42\nassistant: done"]


def test_typed_content_parts_v1_sft_demo(data_dir):
    ds = load(data_dir / "v1_sft_demo.jsonl")
    assert ds.format == "openai-chat"
    assert len(ds) == 5
    assert ds.texts[0] == IDENTITY_0  # parts' text is kept; loss_weight is not text
    assert ds.texts[1].startswith("user: hello\nassistant: Hello! I am {{name}}")


def test_typed_content_parts_join_text_parts_only(write):
    rec = {"messages": [{"role": "user", "content": [
        {"type": "text", "text": "look at this"},
        {"type": "image_url", "image_url": {"url": "http://x/y.png"}},
        {"type": "text", "text": "what is it?"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "a cat"}]}]}
    ds = load(write("c.jsonl", jsonl([rec])))
    assert ds.texts == ["user: look at this\nwhat is it?\nassistant: a cat"]


def test_sharegpt_glaive_toolcall(data_dir):
    ds = load(data_dir / "glaive_toolcall_en_demo.json")
    source = json.loads((data_dir / "glaive_toolcall_en_demo.json").read_text(encoding="utf-8"))
    assert ds.format == "sharegpt"
    assert len(ds) == 5
    assert ds.row_ids == [0, 1, 2, 3, 4]
    roles = {"human": "user", "gpt": "assistant"}
    for text, rec in zip(ds.texts, source):
        expected = "\n".join(f"{roles.get(t['from'], t['from'])}: {t['value']}" for t in rec["conversations"])
        assert text == expected
    first = ds.texts[0].split("\n")
    assert first[0] == ("user: Hi, I have some ingredients and I want to cook something. "
                        "Can you help me find a recipe?")
    assert first[1].startswith("assistant: Of course!")
    assert first[3].startswith("function_call: ") and "search_recipes" in first[3]
    assert first[4].startswith("observation: ")
    assert "tools" not in ds.texts[0] and "Search for recipes based on ingredients" not in ds.texts[0]
    # The tool definitions are kept as a part (the context DA207 compares), not shown, not compared.
    tools = dict(ds.parts[0])["tools"]
    assert json.loads(tools) == json.loads(source[0]["tools"])
    assert "search_recipes" not in ds.compare_texts[0].split("function_call")[0]


def test_sharegpt_system(write):
    rec = {"system": "Be kind.", "conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "hey"}]}
    ds = load(write("s.jsonl", jsonl([rec])))
    assert ds.format == "sharegpt"
    assert ds.texts == ["system: Be kind.\nuser: hi\nassistant: hey"]


def test_alpaca_equals_openai_chat_for_the_same_conversation(write, data_dir):
    alpaca = {"system": "Be brief.", "history": [["q1", "a1"]], "instruction": "Translate",
              "input": "bonjour", "output": "hello"}
    chat = {"messages": [{"role": "system", "content": "Be brief."},
                         {"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"},
                         {"role": "user", "content": "Translate\n\nbonjour"},
                         {"role": "assistant", "content": "hello"}]}
    sharegpt = {"system": "Be brief.", "conversations": [
        {"from": "human", "value": "q1"}, {"from": "gpt", "value": "a1"},
        {"from": "human", "value": "Translate\n\nbonjour"}, {"from": "gpt", "value": "hello"}]}
    a = load(write("a.json", json.dumps([alpaca])))
    c = load(write("c.jsonl", jsonl([chat])))
    s = load(write("s.jsonl", jsonl([sharegpt])))
    assert (a.format, c.format, s.format) == ("alpaca", "openai-chat", "sharegpt")
    assert a.texts == c.texts == s.texts
    # and on the real files: identity.json (Alpaca) and v1_sft_demo.jsonl (chat) hold the same 5 conversations
    assert load(data_dir / "identity.json").texts == load(data_dir / "v1_sft_demo.jsonl").texts


def test_openai_chat_jsonl_named_json_with_format(write, data_dir):
    path = write("chat.json", (data_dir / "openai_chat_toy.jsonl").read_text(encoding="utf-8"))
    ds = load(path, format="openai-chat")
    assert ds.format == "openai-chat"
    assert len(ds) == 4


def test_jsonl_text_with_unicode_line_separator(write):
    rows = [{"text": "first\u2028second", "label": "a"}, {"text": "x\u0085y", "label": "b"}]
    ds = load(write("train.jsonl", jsonl(rows)))
    assert ds.texts == ["first\u2028second", "x\u0085y"]
