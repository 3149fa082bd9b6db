"""The built-in rules (DA4xx) on real instruction and chat data: how often each fires per source,
how many rows its errors exclude, and how many of the findings a person read were right.

    python benchmarks/rules_real.py NAME=PATH [NAME=PATH ...] [--verdicts TSV] [--dump DIR] [--read 20]

Nothing is downloaded: each NAME=PATH is a data file as published (JSON list, JSONL or .jsonl.gz),
read in one of these shapes (the first record tells which):

  Alpaca     {instruction, input, output}             LLaMA-Factory data/alpaca_en_demo.json (1k GPT-4-LLM
                                                      records), Code Alpaca data/code_alpaca_2k.json and
                                                      data/new_codealpaca.json (sahil280114/codealpaca)
  AlpacaEval {instruction, output, generator, ...}    tatsu-lab/alpaca_eval results/MODEL/model_outputs.json
  Dolly      {instruction, context, response}         databricks-dolly-15k.jsonl (context is the input);
             {instruction, text}                      nayohan/dolly-15k-analysis dolly_decode_bak/
                                                      google_flan-t5-base_decode_output.jsonl (6,400 Dolly
                                                      records, no contexts, many responses cut short)
  HH-RLHF    {chosen: "\\n\\nHuman: … Assistant: …"}    anthropics/hh-rlhf harmless-base/test.jsonl.gz (chosen side)
  messages   {messages: [{role, content}]}            OpenAI fine-tuning JSONL, LLaMA-Factory data/kto_en_demo.json
  ShareGPT   {conversations: [{from, value}], chosen?} LLaMA-Factory data/dpo_{en,zh}_demo.json (chosen appended),
                                                      data/glaive_toolcall_{en,zh}_demo.json, ShareGPT dumps

The names the checked-in verdicts use (README, "Rule packs: measured on real records"):
alpaca_gpt4, code_alpaca_2k, new_codealpaca, dolly, hh_rlhf, kto, dpo, glaive and ae_alpaca7b,
ae_davinci003, ae_falcon7b, ae_pythia12b, ae_oasst_pythia, ae_guanaco7b, ae_gpt4 (AlpacaEval
alpaca-7b, text_davinci_003, falcon-7b-instruct, pythia-12b-mix-sft, oasst-sft-pythia-12b,
guanaco-7b, gpt4) were read while fixing the rules; held out: ae_llama2_7b_chat, ae_baize7b,
ae_vicuna7b, ae_phi2, ae_oasst_llama33b (llama-2-7b-chat-hf, baize-v2-7b, vicuna-7b, phi-2,
oasst-rlhf-llama-33b), alpaca_zh, dpo_zh, glaive_zh (LLaMA-Factory *_zh_demo.json).

Each record is written to a temporary JSONL the scanner reads (alpaca, openai-chat or sharegpt)
and scanned with every default pack (`--embedder none --select DA4`). A record is named by a
stable hash of its converted JSON; --verdicts (default benchmarks/data/rules_real_verdicts.tsv)
holds the findings read by hand as `source, code, hash, verdict (right/arguable/wrong), note`,
so the precision of a rule can be recomputed after it changes: a read finding that no longer
fires is counted as `unflagged`. --dump DIR writes, per source and rule, the first --read findings
(in a fixed shuffled order) as Markdown, to be read and judged.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dataaudit import audit  # noqa: E402
from dataaudit.rules.selection import builtin_packs  # noqa: E402

VERDICTS = REPO / "benchmarks" / "data" / "rules_real_verdicts.tsv"
RULES = {r.code: r for p in builtin_packs().values() for r in p.rules}
_TURN = re.compile(r"\n\n(Human|Assistant): ")


def read_records(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    stripped = text.lstrip()
    if stripped.startswith("["):
        return json.loads(stripped)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def convert(record: dict) -> tuple[str, dict]:
    """(format, record) in a shape the scanner reads."""
    if "messages" in record:
        return "openai-chat", {"messages": [{"role": m["role"], "content": m["content"]} for m in record["messages"]]}
    if "conversations" in record:
        turns = list(record["conversations"]) + ([record["chosen"]] if isinstance(record.get("chosen"), dict) else [])
        return "sharegpt", {"conversations": turns, **({"tools": record["tools"]} if record.get("tools") else {})}
    if isinstance(record.get("chosen"), str):  # HH-RLHF: one transcript
        parts = _TURN.split("\n\n" + record["chosen"].lstrip("\n"))
        return "openai-chat", {"messages": [{"role": "user" if who == "Human" else "assistant", "content": said}
                                            for who, said in zip(parts[1::2], parts[2::2])]}
    answer = record.get("output", record.get("response", record.get("text")))
    return "alpaca", {"instruction": record.get("instruction") or "",
                      "input": record.get("input", record.get("context")) or "", "output": answer or ""}


def record_hash(record: dict) -> str:
    return hashlib.sha1(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def scan(name: str, path: Path) -> dict:
    converted = [convert(r) for r in read_records(path)]
    fmt = Counter(f for f, _ in converted).most_common(1)[0][0]
    records = [r for f, r in converted if f == fmt]
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / f"{name}.jsonl"
        data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        report = audit(data, {"embedder": "none", "select": ["DA4"], "threshold": 1, "format": fmt,
                              "label_from": "none"})
    rows = defaultdict(set)
    for finding in report.findings:
        rows[finding.code].update(finding.rows)
    return {"name": name, "format": fmt, "records": records, "rows": rows,
            "hashes": [record_hash(r) for r in records]}


def load_verdicts(path: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["source"], r["code"], r["hash"]): (r["verdict"], r.get("note", ""))
                for r in csv.DictReader(handle, delimiter="\t")}


def reading_order(rows: set, seed: str) -> list[int]:
    order = sorted(rows)
    random.Random(seed).shuffle(order)
    return order


def dump(result: dict, folder: Path, read: int, verdicts: dict) -> None:
    for code, rows in sorted(result["rows"].items()):
        out = folder / result["name"] / f"{code}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"# {code} {RULES[code].id} on {result['name']}: {len(rows)} findings\n"]
        for row in reading_order(rows, f"{result['name']}/{code}")[:read]:
            digest = result["hashes"][row]
            seen = verdicts.get((result["name"], code, digest))
            lines.append(f"## row {row} hash {digest}" + (f" (read: {seen[0]})" if seen else "") + "\n")
            lines.append("```json\n" + json.dumps(result["records"][row], ensure_ascii=False, indent=1) + "\n```\n")
        out.write_text("\n".join(lines), encoding="utf-8")


def table(results: list[dict], verdicts: dict) -> list[str]:
    lines = ["| rule | severity | source | records | findings | rows excluded | read | right | arguable | wrong"
             " | unflagged | precision |", "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for code in sorted(RULES):
        rule = RULES[code]
        for result in results:
            flagged = result["rows"].get(code, set())
            now = {result["hashes"][r] for r in flagged}
            read = {h: v for (s, c, h), (v, _) in verdicts.items() if s == result["name"] and c == code}
            if not flagged and not read:
                continue
            counts = Counter(v for h, v in read.items() if h in now)
            gone = sum(1 for h in read if h not in now)
            seen = sum(counts.values())
            precision = f"{counts['right'] / seen:.2f}" if seen else ""
            excluded = len(flagged) if rule.severity == "error" else 0
            lines.append(f"| {code} {rule.id} | {rule.severity} | {result['name']} | {len(result['records']):,} | "
                         f"{len(flagged)} | {excluded} | {seen} | {counts['right']} | {counts['arguable']} | "
                         f"{counts['wrong']} | {gone} | {precision} |")
    return lines


def pooled(results: list[dict], verdicts: dict) -> list[str]:
    """Per rule over every source: what it found and excluded, and the precision of what was read."""
    lines = ["| rule | severity | findings | rows excluded | read | right | arguable | wrong | precision |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for code in sorted(RULES):
        rule, found, counts = RULES[code], 0, Counter()
        for result in results:
            flagged = result["rows"].get(code, set())
            found += len(flagged)
            now = {result["hashes"][r] for r in flagged}
            counts.update(v for (s, c, h), (v, _) in verdicts.items() if s == result["name"] and c == code and h in now)
        seen = sum(counts.values())
        if found or seen:
            lines.append(f"| {code} {rule.id} | {rule.severity} | {found} | {found if rule.severity == 'error' else 0}"
                         f" | {seen} | {counts['right']} | {counts['arguable']} | {counts['wrong']} | "
                         f"{counts['right'] / seen:.2f} |" if seen else
                         f"| {code} {rule.id} | {rule.severity} | {found} | {found if rule.severity == 'error' else 0}"
                         " | 0 | 0 | 0 | 0 |  |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", help="NAME=PATH of a data file (see the shapes above)")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS)
    parser.add_argument("--dump", type=Path, help="write the findings to read, per source and rule, here")
    parser.add_argument("--read", type=int, default=20, help="findings per rule and source to dump (default 20)")
    args = parser.parse_args()
    verdicts = load_verdicts(args.verdicts)
    results = []
    for spec in args.sources:
        name, _, path = spec.partition("=")
        if not path or not Path(path).is_file():
            sys.exit(f"{spec}: give NAME=PATH of an existing data file")
        result = scan(name, Path(path))
        print(f"{name}: {len(result['records']):,} {result['format']} records", file=sys.stderr)
        if args.dump:
            dump(result, args.dump, args.read, verdicts)
        results.append(result)
    print("\n".join(table(results, verdicts)))
    print("\nAll sources together:\n")
    print("\n".join(pooled(results, verdicts)))
    print("\nprecision = right / read, over the read findings this version flags (arguable counts against it); "
          "unflagged = read, but not flagged by this version.")


if __name__ == "__main__":
    main()
