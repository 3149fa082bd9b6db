"""Consistent format (DA501-DA507): false alarms on clean real files, recall on deviations injected
into real files.

    HF_HUB_OFFLINE=1 python benchmarks/format_consistency.py [--banking77 DIR] [--shared DIR]
        [--tweets /tmp/Tweets.csv] [--out benchmarks/out/format_findings.tsv]

Clean files (every DA5xx finding there counts as a false alarm, per row flagged): BANKING77 train,
the shared SFT samples (LLaMA-Factory demos, OpenAI toy), Hinglish-TOP (800 rows, tests/data),
the airline tweets (--tweets, not shipped; skipped when absent), and JSON-answer chat files made
from real labeled sets: BANKING77 text -> `{"intent": label}` and Hinglish-TOP's 6,513 code-mixed
requests -> `{"intent": ..., "slots": {...}}` parsed from their TOP annotations; v1_sft_demo's 500
real chats with one system prompt, and with three different prompts used ~167 times each.

Injected (seeded, into the files above): 5 % of the JSON answers turned to prose, fenced in
```json, prefixed with `Answer:`, missing a key, or with a value of another type; 2 % of records
given a stray variant of the system prompt (a typo, a cut, an added sentence; each used once);
mojibake ("’" as "â€™"), HTML entities (`&#39;`) or a literal `\\n` in 3 % of rows; nested JSON keys
dropped or retyped (DA501), and in Hinglish-TOP's slots as an array of {slot, text} objects an item's key dropped,
its value retyped or the item written as a string (DA501), and the same JSON deviations judged by a given --answer-schema (DA501 errors);
texts (BANKING77) and answers (v1_sft_demo) made 6 of their neighbours long, answers cut to 3 words (DA505);
BANKING77 texts replaced by Devanagari, Chinese, Hinglish-TOP, French or Spanish requests (the last two
hand-written banking messages, benchmarks/data/typo_base_{fr,es}.tsv) (DA506); glaive tool-calling chats with
two user turns in a row or a last user turn (2 % and 5 %), an argument renamed or a function renamed (DA507).
DA508: glaive answers cut mid-sentence, alpaca_en answers missing their first characters, and '?'
dropped from a file of BANKING77's questions (2 % each).
Also clean, when --llamafactory holds them: LLaMA-Factory's glaive_toolcall_zh_demo, kto_en_demo and
reason_tool_use_demo_50 (real chat files whose role orders vary: multi-turn, tool calls).
Recall = injected rows flagged by the check meant for them / injected rows; precision = those /
all rows that check flags in the injected file. All findings go to --out for reading.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 13
SYSTEM = ("You are a helpful assistant. Answer the user's question accurately and concisely, "
          "and say so when you do not know.")
OTHER_SYSTEMS = ("You are a customer support agent for an online bank. Be polite and brief.",
                 "You are a travel assistant. Recommend options and give prices in euros.")


def scan(path: Path, **given) -> list:
    return scan_report(path, **given)[0]


def scan_report(path: Path, **given) -> tuple[list, dict]:
    """(DA5xx findings, {check code: its notes})."""
    from dataaudit import audit
    from dataaudit.config import Settings

    settings = Settings(**{"embedder": "none", "rules": ("none",), "select": ("DA5",), "threshold": 1, **given})
    report = audit(path, settings)
    return [f for f in report.findings if f.code.startswith("DA5")], {run.code: run.notes for run in report.checks}


def not_judged(notes: dict, code: str, data, chosen: set) -> set:
    """Injected rows in a group the check said it does not judge (DA505: lengths too varied). Groups
    are named as the check names them: `texts labelled `x`` (tables with a label), `answers` (chats)."""
    said = " ".join(n for n in notes.get(code, ()) if n.startswith("not judged"))
    if not said:
        return set()
    if isinstance(data, tuple):  # a table: (header, rows); the label is the last column here
        header, rows = data
        return {p for p in chosen if f"texts labelled `{rows[p][-1]}` (" in said}
    return set(chosen) if "answers (" in said else set()


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def top_parse(parse: str) -> dict:
    """A TOP parse '[IN:GET_WEATHER Kya [SL:LOCATION hawaii ] me ... ]' as {"intent", "slots"}."""
    intent = re.match(r"\[IN:(\S+)", parse).group(1)
    slots = {}
    for name, value in re.findall(r"\[SL:(\S+) ([^\[\]]*?) \]", parse):
        slots[name.lower()] = " ".join(value.split())
    return {"intent": intent, "slots": slots}


def chat(user: str, answer: str, system: str | None = None) -> dict:
    turns = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    return {"messages": turns}


def json_answer_files(shared: Path, banking: Path) -> dict[str, list[dict]]:
    hinglish = []
    with (shared / "hinglish-top" / "test.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            hinglish.append(chat(row["cs_query"], json.dumps(top_parse(row["cs_parse"]), ensure_ascii=False)))
    header, rows = read_csv(banking / "train.csv")
    bank = [chat(text, json.dumps({"intent": label})) for text, label in rows]
    return {"hinglish_top_json (6,513 chats)": hinglish, "banking77_json (10,003 chats)": bank}


def system_files(shared: Path) -> dict[str, list[dict]]:
    records = [json.loads(line) for line in (shared / "sft-formats" / "v1_sft_demo.jsonl").open(encoding="utf-8")]
    one = [{"messages": [{"role": "system", "content": SYSTEM}] + r["messages"]} for r in records]
    three = [{"messages": [{"role": "system", "content": (SYSTEM, *OTHER_SYSTEMS)[i % 3]}] + r["messages"]}
             for i, r in enumerate(records)]
    return {"v1_sft_demo + one system prompt (500)": one, "v1_sft_demo + three system prompts (500)": three}


# Deviations: (name, check it is meant for, mutate(record or text, rng) -> changed).
def _answer(record: dict) -> dict:
    return record["messages"][-1]


def to_prose(record, rng):
    value = json.loads(_answer(record)["content"])
    slots = ", ".join(f"{k} {v}" for k, v in value.get("slots", {}).items())
    _answer(record)["content"] = (f"The intent is {value['intent'].lower().replace('_', ' ')}"
                                  + (f" with {slots}." if slots else "."))


def fence(record, rng):
    _answer(record)["content"] = "```json\n" + _answer(record)["content"] + "\n```"


def prefix(record, rng):
    _answer(record)["content"] = "Answer: " + _answer(record)["content"]


def drop_key(record, rng):
    value = json.loads(_answer(record)["content"])
    value.pop("slots" if "slots" in value else "intent")
    if not value:
        value["label"] = "unknown"
    _answer(record)["content"] = json.dumps(value, ensure_ascii=False)


def retype(record, rng):
    value = json.loads(_answer(record)["content"])
    if "slots" in value:
        value["slots"] = "; ".join(f"{k}={v}" for k, v in value["slots"].items()) or "none"
    else:
        value["intent"] = [value["intent"]]
    _answer(record)["content"] = json.dumps(value, ensure_ascii=False)


def system_variant(record, rng):
    turn = record["messages"][0]
    kind = rng.randrange(3)
    text = turn["content"]
    if kind == 0:  # a typo
        i = rng.randrange(10, len(text) - 10)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    elif kind == 1:  # cut short
        text = text[: text.rindex(",")] + "."
    else:  # a sentence added
        text = text + rng.choice([" Keep answers under 100 words.", " Always reply in English.", " Be friendly."])
    turn["content"] = text


def mojibake(text, rng):
    if "'" in text:
        return text.replace("'", "\u2019".encode("utf-8").decode("cp1252"), 1)
    return None


def entity(text, rng):
    if "'" in text:
        return text.replace("'", "&#39;")
    return None


def escaped_newline(text, rng):
    match = re.search(r"[.?!,] ", text)
    return text[: match.start() + 1] + "\\n" + text[match.end():] if match else text + "\\n"


def nested_files(banking: Path) -> dict[str, list[dict]]:
    """BANKING77 as JSON answers with an object inside: {"intent", "request": {"text", "words"}}."""
    header, rows = read_csv(banking / "train.csv")
    return {"banking77_nested_json": [chat(text, json.dumps({"intent": label, "request": {
        "text": text, "words": len(text.split())}})) for text, label in rows]}


def array_files(shared: Path) -> dict[str, list[dict]]:
    """Hinglish-TOP's parses with the slots as an array of objects: {"intent", "slots": [{"slot", "text"}]}."""
    records = []
    with (shared / "hinglish-top" / "test.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            parse = top_parse(row["cs_parse"])
            slots = [{"slot": name, "text": text} for name, text in parse["slots"].items()]
            records.append(chat(row["cs_query"], json.dumps({"intent": parse["intent"], "slots": slots},
                                                            ensure_ascii=False)))
    return {"hinglish_top_json_array": records}


def _has_slots(record) -> bool:
    return bool(json.loads(_answer(record)["content"])["slots"])


def _edit_slot(record, rng, edit):
    value = json.loads(_answer(record)["content"])
    index = rng.randrange(len(value["slots"]))
    value["slots"][index] = edit(value["slots"][index])
    _answer(record)["content"] = json.dumps(value, ensure_ascii=False)


def item_key_dropped(record, rng):
    _edit_slot(record, rng, lambda item: {"slot": item["slot"]})


def item_value_retyped(record, rng):
    _edit_slot(record, rng, lambda item: {"slot": item["slot"], "text": item["text"].split()})


def item_as_string(record, rng):
    _edit_slot(record, rng, lambda item: f"{item['slot']}={item['text']}")


def drop_nested(record, rng):
    value = json.loads(_answer(record)["content"])
    value["request"].pop("words")
    _answer(record)["content"] = json.dumps(value)


def retype_nested(record, rng):
    value = json.loads(_answer(record)["content"])
    value["request"]["words"] = str(value["request"]["words"])
    _answer(record)["content"] = json.dumps(value)


def intent_schema(folder: Path, banking: Path) -> Path:
    header, rows = read_csv(banking / "train.csv")
    path = folder / "intent.schema.json"
    path.write_text(json.dumps({"type": "object", "required": ["intent"], "additionalProperties": False,
                                "properties": {"intent": {"enum": sorted({label for _, label in rows})}}}))
    return path


def long_text(pool):
    def mutate(text, rng):
        return " ".join(rng.sample(pool, 6))
    return mutate


def long_answer(pool):
    def mutate(record, rng):
        _answer(record)["content"] = "\n\n".join(rng.sample(pool, 6))
    return mutate


def cut_answer(record, rng):
    words = _answer(record)["content"].split()
    _answer(record)["content"] = " ".join(words[:3])


def questions_file(banking: Path) -> tuple[list[str], list[list[str]]]:
    """BANKING77's requests that end with a question mark (60 %): a file of questions (DA508)."""
    header, rows = read_csv(banking / "train.csv")
    return header, [r for r in rows if r[0].rstrip().endswith("?")]


def no_question_mark(text, rng):
    return text.rstrip().rstrip("?").rstrip()


def cut_mid_sentence(record, rng):
    """The answer cut at a word 40-80 % of the way in, as a length limit cuts it (DA508)."""
    turn = record["conversations"][-1]
    words = turn["value"].split(" ")
    cut = max(3, int(len(words) * rng.uniform(0.4, 0.8)))
    while cut > 3 and not words[cut - 1][-1:].isalpha():
        cut -= 1
    turn["value"] = " ".join(words[:cut])


def cut_prefix(record, rng):
    """The answer's first characters lost ('Sure! Here is' -> 're! Here is'), as in alpaca_zh_demo (DA508)."""
    text = record["output"]
    turn = 1 + rng.randrange(3)
    record["output"] = text[turn:] if text[turn:turn + 1].isalpha() else text[:1].lower() + text[1:]


def replaced_by(pool):
    def mutate(text, rng):
        return rng.choice(pool)
    return mutate


def sharegpt_turns(record) -> list:
    return record["conversations"]


def second_user_turn(record, rng):
    sharegpt_turns(record).insert(1, {"from": "human", "value": "Also, one more thing."})


def last_user_turn(record, rng):
    sharegpt_turns(record).append({"from": "human", "value": "Thanks, that's all."})


def _first_call(record):
    return next((t for t in sharegpt_turns(record) if t["from"] == "function_call"), None)


def rename_argument(record, rng):
    turn = _first_call(record)
    value = json.loads(turn["value"])
    if value.get("arguments"):
        key = rng.choice(sorted(value["arguments"]))
        value["arguments"][key + "_name"] = value["arguments"].pop(key)
    else:
        value["arguments"] = {"query": "x"}
    turn["value"] = json.dumps(value)


def rename_function(record, rng):
    turn = _first_call(record)
    value = json.loads(turn["value"])
    value["name"] = value["name"].replace("_", "") + "V2"
    turn["value"] = json.dumps(value)


def inject_where(records, mutate, share, rng, fits):
    records = json.loads(json.dumps(records))
    candidates = [p for p, r in enumerate(records) if fits(r)]
    chosen = sorted(rng.sample(candidates, max(2, round(share * len(records)))))
    for position in chosen:
        mutate(records[position], rng)
    return records, set(chosen)


def inject_records(records, mutate, share, rng):
    records = json.loads(json.dumps(records))
    chosen = sorted(rng.sample(range(len(records)), max(2, round(share * len(records)))))
    for position in chosen:
        mutate(records[position], rng)
    return records, set(chosen)


def inject_texts(header, rows, column, mutate, share, rng):
    rows = [list(r) for r in rows]
    col = header.index(column)
    order = list(range(len(rows)))
    rng.shuffle(order)
    want, chosen = max(2, round(share * len(rows))), set()
    for position in order:
        changed = mutate(rows[position][col], rng)
        if changed is not None and changed != rows[position][col]:
            rows[position][col] = changed
            chosen.add(position)
            if len(chosen) == want:
                break
    return rows, chosen


def flagged_rows(findings, code=None) -> set:
    return {row for f in findings if code is None or f.code == code for row in f.rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--banking77", type=Path, default=ROOT.parent / "shared" / "data" / "banking77")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--tweets", type=Path, default=Path("/tmp/Tweets.csv"))
    parser.add_argument("--llamafactory", type=Path, default=Path("/tmp/llamafactory_data"),
                        help="LLaMA-Factory's data/ folder (glaive_toolcall_zh_demo.json, kto_en_demo.json, "
                             "reason_tool_use_demo_50.jsonl); skipped when absent")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "format_findings.tsv")
    args = parser.parse_args()
    rng = random.Random(SEED)
    read = []  # (file, code, row, message) for reading
    folder = Path(tempfile.mkdtemp(prefix="format_bench_"))
    started = time.perf_counter()

    print("False alarms on clean files (rows flagged by any DA5xx check / rows)")
    print(f"{'file':44} {'rows':>7} {'flagged':>8} {'rate':>7}  by check")
    clean_files = [
        ("BANKING77 train", args.banking77 / "train.csv", {"label_column": "category"}),
        ("Hinglish-TOP 800 (tests/data)", ROOT / "tests" / "data" / "hinglish_top_800.csv", {}),
        ("airline tweets", args.tweets, {"text_columns": ("text",), "label_column": "airline_sentiment"}),
        ("glaive_toolcall_en_demo (ShareGPT)", args.shared / "sft-formats" / "glaive_toolcall_en_demo.json", {}),
        ("v1_sft_demo (chat)", args.shared / "sft-formats" / "v1_sft_demo.jsonl", {}),
        ("identity (Alpaca)", args.shared / "sft-formats" / "identity.json", {}),
        ("openai_chat_toy", args.shared / "sft-formats" / "openai_chat_toy.jsonl", {}),
        ("glaive_toolcall_zh_demo (ShareGPT)", args.llamafactory / "glaive_toolcall_zh_demo.json", {}),
        ("kto_en_demo (chat, multi-turn)", args.llamafactory / "kto_en_demo.json", {}),
        ("reason_tool_use_demo_50 (chat, tools)", args.llamafactory / "reason_tool_use_demo_50.jsonl", {}),
    ]
    built = {**json_answer_files(args.shared, args.banking77), **system_files(args.shared),
             **nested_files(args.banking77), **array_files(args.shared)}
    for name, records in built.items():
        clean_files.append((name, write_jsonl(folder / (re.sub(r"\W+", "_", name) + ".jsonl"), records),
                            {"format": "openai-chat"}))
    clean_files.append(("BANKING77 questions (the 60 % ending in '?')", write_csv(
        folder / "questions.csv", *questions_file(args.banking77)), {"label_column": "category"}))
    clean_files.append(("alpaca_en_demo (Alpaca)", args.llamafactory / "alpaca_en_demo.json", {}))
    clean_files.append(("dpo_en_demo (ShareGPT, chosen)", args.llamafactory / "dpo_en_demo.json", {}))
    clean_files.append(("banking77_json + --answer-schema", write_jsonl(folder / "bank_schema.jsonl",
                        json_answer_files(args.shared, args.banking77)["banking77_json (10,003 chats)"]),
                        {"format": "openai-chat", "answer_schema": str(intent_schema(folder, args.banking77))}))
    for name, path, given in clean_files:
        if not path.exists():
            print(f"{name:44} (missing: {path})")
            continue
        findings = scan(path, **given)
        from dataaudit.io import load_dataset
        from dataaudit.config import Settings
        rows = len(load_dataset(path, Settings(embedder="none", rules=("none",), **given)))
        flagged = flagged_rows(findings)
        by = {}
        for f in findings:
            by[f.code] = by.get(f.code, 0) + 1
            read.append((name, f.code, f.rows[0], f.message))
        print(f"{name:44} {rows:>7,} {len(flagged):>8,} {len(flagged) / rows:>7.2%}  {by or ''}")

    print("\nRecall on injected deviations (check meant for it)")
    print("(not judged: injected into a group the check says it does not judge; recall = found / judged rows,\n"
          " of all = found / injected)")
    print(f"{'deviation':58} {'check':6} {'injected':>8} {'not judged':>10} {'found':>6} {'recall':>7} "
          f"{'of all':>7} {'precision':>9}")
    json_files = json_answer_files(args.shared, args.banking77)
    cases = []
    for file_name, records in json_files.items():
        short = file_name.split(" ")[0]
        for name, code, mutate in (("JSON answer -> prose", "DA501", to_prose), ("answer in a ```json fence", "DA502", fence),
                                   ("'Answer:' prefix", "DA502", prefix), ("a key dropped", "DA501", drop_key),
                                   ("a value of another type", "DA501", retype)):
            changed, chosen = inject_records(records, mutate, 0.05, rng)
            cases.append((f"{short}: {name} (5 %)", code, changed, chosen, {"format": "openai-chat"}))
    nested = nested_files(args.banking77)["banking77_nested_json"]
    for name, mutate in (("nested key dropped", drop_nested), ("nested value retyped", retype_nested)):
        changed, chosen = inject_records(nested, mutate, 0.05, rng)
        cases.append((f"banking77: {name} (5 %)", "DA501", changed, chosen, {"format": "openai-chat"}))
    arrays = array_files(args.shared)["hinglish_top_json_array"]
    for name, mutate in (("a slot's key dropped", item_key_dropped), ("a slot's value retyped", item_value_retyped),
                         ("a slot written as a string", item_as_string)):
        changed, chosen = inject_where(arrays, mutate, 0.05, rng, _has_slots)
        cases.append((f"hinglish_top slots[] array: {name} (5 %)", "DA501", changed, chosen, {"format": "openai-chat"}))
    schema = {"format": "openai-chat", "answer_schema": str(intent_schema(folder, args.banking77))}
    bank_json = json_files["banking77_json (10,003 chats)"]
    for name, mutate in (("prose", to_prose), ("key dropped", drop_key), ("value retyped", retype)):
        changed, chosen = inject_records(bank_json, mutate, 0.05, rng)
        cases.append((f"banking77 + --answer-schema: {name} (5 %)", "DA501", changed, chosen, schema))
    v1 = [json.loads(line) for line in (args.shared / "sft-formats" / "v1_sft_demo.jsonl").open(encoding="utf-8")]
    v1 = [{"messages": [{"role": m["role"], "content": "\n".join(p["value"] for p in m["content"] if p.get("type") == "text")}
                        for m in r["messages"]]} for r in v1]
    pool = [_answer(r)["content"] for r in v1]
    for name, mutate in (("answer 6 answers long", long_answer(pool)), ("answer cut to 3 words", cut_answer)):
        changed, chosen = inject_where(v1, mutate, 0.02, rng, lambda r: len(_answer(r)["content"].split()) >= 30)
        cases.append((f"v1_sft_demo: {name} (2 %)", "DA505", changed, chosen, {"format": "openai-chat"}))
    glaive = json.loads((args.shared / "sft-formats" / "glaive_toolcall_en_demo.json").read_text(encoding="utf-8"))
    for name, mutate, fits, share in (
            ("two user turns in a row", second_user_turn, lambda r: True, 0.02),
            ("two user turns in a row", second_user_turn, lambda r: True, 0.05),
            ("ends on a user turn", last_user_turn, lambda r: True, 0.02),
            ("ends on a user turn", last_user_turn, lambda r: True, 0.05),
            ("an argument renamed", rename_argument, lambda r: _first_call(r) is not None, 0.02),
            ("the function renamed", rename_function, lambda r: _first_call(r) is not None, 0.02)):
        changed, chosen = inject_where(glaive, mutate, share, rng, fits)
        cases.append((f"glaive (300): {name} ({share * 100:.0f} %)", "DA507", changed, chosen, {"format": "sharegpt"}))
    changed, chosen = inject_where(glaive, cut_mid_sentence, 0.02, rng,
                                   lambda r: len(r["conversations"][-1]["value"].split()) >= 20)
    cases.append(("glaive (300): last answer cut mid-sentence (2 %)", "DA508", changed, chosen, {"format": "sharegpt"}))
    alpaca = args.llamafactory / "alpaca_en_demo.json"
    if alpaca.exists():
        records = json.loads(alpaca.read_text(encoding="utf-8"))
        changed, chosen = inject_where(records, cut_prefix, 0.02, rng,
                                       lambda r: len(r["output"].split()) >= 3 and r["output"][:1].isupper())
        cases.append(("alpaca_en_demo: first characters lost (2 %)", "DA508", changed, chosen, {"format": "alpaca"}))
    header, rows = questions_file(args.banking77)
    changed, chosen = inject_texts(header, rows, "text", no_question_mark, 0.02, rng)
    cases.append(("BANKING77 questions: '?' dropped (2 %)", "DA508", (header, changed), chosen,
                  {"label_column": "category"}))
    one = system_files(args.shared)["v1_sft_demo + one system prompt (500)"]
    changed, chosen = inject_records(one, system_variant, 0.02, rng)
    cases.append(("v1_sft_demo: stray system-prompt variants (2 %)", "DA503", changed, chosen, {"format": "openai-chat"}))
    for text_file, path, column, given in (
            ("BANKING77", args.banking77 / "train.csv", "text", {"label_column": "category"}),
            ("tweets", args.tweets, "text", {"text_columns": ("text",), "label_column": "airline_sentiment"})):
        if not path.exists():
            continue
        header, rows = read_csv(path)
        for name, mutate in (("mojibake ’ -> â€™", mojibake), ("HTML entity &#39;", entity),
                             ("literal \\n", escaped_newline)):
            changed, chosen = inject_texts(header, rows, column, mutate, 0.03, rng)
            cases.append((f"{text_file}: {name} (3 %)", "DA504", (header, changed), chosen, given))
        if text_file != "BANKING77":
            continue
        texts = [r[header.index(column)] for r in rows]
        changed, chosen = inject_texts(header, rows, column, long_text(texts), 0.01, rng)
        cases.append(("BANKING77: text 6 requests long (1 %)", "DA505", (header, changed), chosen, given))
        devanagari = [r["hindi"] for r in csv.DictReader((ROOT / "benchmarks" / "data" / "crosslingual_hi_en.csv").open(
            encoding="utf-8")) if re.search("[\u0900-\u097f]{3}", r["hindi"])]
        chinese = [r["instruction"] for r in json.loads((args.shared / "sft-formats" / "identity.json").read_text(
            encoding="utf-8")) if re.search("[\u4e00-\u9fff]{3}", r["instruction"])]
        hinglish = [r["text"] for r in csv.DictReader((ROOT / "tests" / "data" / "hinglish_top_800.csv").open(
            encoding="utf-8"))]
        french, spanish = ([r["text"] for r in csv.DictReader((ROOT / "benchmarks" / "data" / f"typo_base_{lang}.tsv").open(
            encoding="utf-8"), delimiter="\t")] for lang in ("fr", "es"))
        for name, pool in (("Devanagari", devanagari), ("Chinese", chinese), ("Hinglish-TOP", hinglish),
                           ("French", french), ("Spanish", spanish)):
            changed, chosen = inject_texts(header, rows, column, replaced_by(pool), 0.01, rng)
            cases.append((f"BANKING77: {name} requests (1 %)", "DA506", (header, changed), chosen, given))
    for name, code, data, chosen, given in cases:
        if isinstance(data, tuple):
            path = write_csv(folder / "injected.csv", *data)
        else:
            path = write_jsonl(folder / "injected.jsonl", data)
        findings, notes = scan_report(path, **given)
        mine = flagged_rows(findings, code)
        found = len(mine & chosen)
        unjudged = not_judged(notes, code, data, chosen) - mine
        judged = len(chosen) - len(unjudged)
        precision = found / len(mine) if mine else float("nan")
        for f in findings:
            read.append((name, f.code, f.rows[0], f.message))
        recall = f"{found / judged:>7.3f}" if judged else f"{'n/a':>7}"
        print(f"{name:58} {code:6} {len(chosen):>8,} {len(unjudged) or '':>10} {found:>6,} {recall} "
              f"{found / len(chosen):>7.3f} {precision:>9.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["file", "code", "row", "message"])
        writer.writerows(read)
    print(f"\n{len(read):,} findings written to {args.out} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
