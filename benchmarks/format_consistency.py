"""Consistent format (DA501-DA504): false alarms on clean real files, recall on deviations injected
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
mojibake ("’" as "â€™"), HTML entities (`&#39;`) or a literal `\\n` in 3 % of rows.
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
    from dataaudit import audit
    from dataaudit.config import Settings

    settings = Settings(**{"embedder": "none", "rules": ("none",), "select": ("DA5",), "threshold": 1, **given})
    return [f for f in audit(path, settings).findings if f.code.startswith("DA5")]


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
    ]
    built = {**json_answer_files(args.shared, args.banking77), **system_files(args.shared)}
    for name, records in built.items():
        clean_files.append((name, write_jsonl(folder / (re.sub(r"\W+", "_", name) + ".jsonl"), records),
                            {"format": "openai-chat"}))
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
    print(f"{'deviation':58} {'check':6} {'injected':>8} {'found':>6} {'recall':>7} {'precision':>9}")
    json_files = json_answer_files(args.shared, args.banking77)
    cases = []
    for file_name, records in json_files.items():
        short = file_name.split(" ")[0]
        for name, code, mutate in (("JSON answer -> prose", "DA501", to_prose), ("answer in a ```json fence", "DA502", fence),
                                   ("'Answer:' prefix", "DA502", prefix), ("a key dropped", "DA501", drop_key),
                                   ("a value of another type", "DA501", retype)):
            changed, chosen = inject_records(records, mutate, 0.05, rng)
            cases.append((f"{short}: {name} (5 %)", code, changed, chosen, {"format": "openai-chat"}))
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
    for name, code, data, chosen, given in cases:
        if isinstance(data, tuple):
            path = write_csv(folder / "injected.csv", *data)
        else:
            path = write_jsonl(folder / "injected.jsonl", data)
        findings = scan(path, **given)
        mine = flagged_rows(findings, code)
        found = len(mine & chosen)
        precision = found / len(mine) if mine else float("nan")
        for f in findings:
            read.append((name, f.code, f.rows[0], f.message))
        print(f"{name:58} {code:6} {len(chosen):>8,} {found:>6,} {found / len(chosen):>7.3f} {precision:>9.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["file", "code", "row", "message"])
        writer.writerows(read)
    print(f"\n{len(read):,} findings written to {args.out} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
