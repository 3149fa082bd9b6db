"""Precision and recall of every built-in rule, false alarms on clean records, and what rules cost.

    python benchmarks/rules.py [--rate 0.05] [--seed 11] [--speed-rows 100000] [--banking77 DIR]

Clean records: the LLaMA-Factory demo files in ../shared/data/sft-formats (91 Alpaca, 500 chat,
300 ShareGPT with tool calls: real public records, English and Chinese), 45 hand-written Alpaca
records in ten languages (benchmarks/data/clean_instructions.jsonl), and templated Alpaca and
chat records built from BANKING77 and STS-B texts (classify, paraphrase, reply, explain).
Each defect a built-in rule targets is injected into a known share of the records (one defect a
record); a record's truth is the set of rules its defect breaks. Precision counts every flag on
a record without that defect as a false alarm, clean records included.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_BANKING77, REPO, banking77, machine  # noqa: E402

SFT = REPO.parent / "shared" / "data" / "sft-formats"
STSB = REPO.parent / "shared" / "data" / "stsb-train" / "sts-train.csv"
URLS = ["https://www.example.com/articles/2023/05/climate", "http://news.site.org/item?id=4412",
        "www.wikipedia.org/wiki/Photosynthesis", "https://docs.google.com/document/d/1aB2cD3eF4/edit"]
ATTACH = ["[image]", "See the attached file.", "screenshot.png", "Use the image below.", "<attachment>",
          "report_final.pdf", "Refer to the attached document."]
NON_TEXT = ["Draw a picture of {x}.", "Generate an image of {x}.", "Create a logo for {x}.",
            "Paint a watercolour of {x}.", "Record a video about {x}.", "Make a short animation of {x}."]
PLACEHOLDER_OUT = ["<nooutput>", "N/A", "None", "TODO", "...", "null", "<no output>"]
PLACEHOLDER_IN = ["<noinput>", "N/A", "None", "none", "<no input>", "n/a"]
EMAILS = ["priya.sharma@gmail.com", "rahul.k@outlook.in", "maria.lopez@empresa.es", "j.doe@company.co.uk"]
PHONES = ["+91 98765 43210", "(415) 555-0132", "+44 20 7946 0958", "030 1234 5678"]
CARDS = ["4111 1111 1111 1111", "5500-0000-0000-0004", "3782 822463 10005"]
IPS = ["192.168.10.24", "10.0.3.17", "172.16.254.1"]

# Alpaca defects: (name, rules it breaks, how to make it)
ALPACA_DEFECTS = {
    "answer-empty": ({"answer-empty"}, lambda r, g: {**r, "output": g.choice(["", " ", "\n"])}),
    "answer-placeholder": ({"answer-placeholder"}, lambda r, g: {**r, "output": g.choice(PLACEHOLDER_OUT)}),
    "instruction-empty": ({"instruction-empty"}, lambda r, g: {**r, "instruction": ""}),
    "input-url-only": ({"input-url-only"}, lambda r, g: {**r, "input": g.choice(URLS)}),
    "prompt-attachment": ({"prompt-attachment"}, lambda r, g: {**r, "input": g.choice(ATTACH)}),
    "answer-merged-instruction": ({"answer-merged-instruction"}, lambda r, g: {
        **r, "output": r["output"] + g.choice(["\n\n### Instruction:\nName a colour.", "\nInput: 3 and 4\nResponse: 7",
                                               "\n\nInstruction: Translate 'cat' to French."])}),
    "answer-equals-prompt": ({"answer-equals-prompt"}, lambda r, g: {**r, "input": "", "output": r["instruction"]}),
    "prompt-non-text-output": ({"prompt-non-text-output"}, lambda r, g: {
        **r, "instruction": g.choice(NON_TEXT).format(x=g.choice(["a cat on a mat", "our new bakery", "a sunset"]))}),
    "input-placeholder": ({"input-placeholder"}, lambda r, g: {**r, "input": g.choice(PLACEHOLDER_IN)}),
    "answer-truncated": ({"answer-truncated"}, lambda r, g: {**r, "output": _cut(r["output"], g)}),
    "answer-repeats-prompt": ({"answer-repeats-prompt"}, lambda r, g: {
        **r, "input": "", "output": r["instruction"] + " " + g.choice(["Done.", "Yes.", "Here it is."])}),
    "text-template-leftover": ({"text-template-leftover"}, lambda r, g: {
        **r, "output": g.choice(["Hello, I am {{name}}. ", "Dear <placeholder>, ", "[INSERT NAME] says: "]) + r["output"]}),
    "email": ({"email"}, lambda r, g: {**r, "output": r["output"] + f" Contact {g.choice(EMAILS)}."}),
    "phone": ({"phone"}, lambda r, g: {**r, "output": r["output"] + f" Call {g.choice(PHONES)}."}),
    "card-number": ({"card-number"}, lambda r, g: {**r, "input": f"My card is {g.choice(CARDS)}."}),
    "ip-address": ({"ip-address"}, lambda r, g: {**r, "output": r["output"] + f" The host is {g.choice(IPS)}."}),
}


def _chat_defects():
    def turns(r):
        return [dict(m) for m in r["messages"]]

    return {
        "role-order": ({"role-order"}, lambda r, g: {"messages": [turns(r)[0], *turns(r)]}),
        "ends-with-assistant": ({"ends-with-assistant"}, lambda r, g: {
            "messages": turns(r) + [{"role": "user", "content": "Thanks, one more question?"}]}),
        "empty-turn": ({"empty-turn"}, lambda r, g: {"messages": turns(r)[:-1] + [{"role": "assistant", "content": " "}]}),
        "system-only": ({"system-only", "ends-with-assistant"}, lambda r, g: {
            "messages": [{"role": "system", "content": "You are a helpful assistant."}]}),
        "null-content": ({"null-content"}, lambda r, g: {
            "messages": turns(r)[:-1] + [{"role": "assistant", "content": g.choice(["NaN", "null", "None"])}]}),
        "chat-answer-placeholder": ({"chat-answer-placeholder"}, lambda r, g: {
            "messages": turns(r)[:-1] + [{"role": "assistant", "content": g.choice(["TODO", "N/A", "<nooutput>"])}]}),
        "chat-merged-turn": ({"chat-merged-turn"}, lambda r, g: {"messages": turns(r)[:-1] + [{
            "role": "assistant", "content": turns(r)[-1]["content"] + "\nUser: and what about tomorrow?\nAssistant: Sunny."}]}),
    }


def _cut(text: str, rng: random.Random) -> str:
    """A long answer cut at a word, as a length limit leaves it."""
    words = text.split(" ")
    if len(text) < 260 or len(words) < 30:
        text = text + " " + " ".join(rng.choice(["and", "the", "model", "then", "data", "which", "because"])
                                     for _ in range(60))
        words = text.split(" ")
    return " ".join(words[: rng.randint(max(25, len(words) // 2), len(words) - 3)]).rstrip(".,;!?")


def stsb_sentences() -> list[str]:
    out = []
    for line in STSB.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 7:
            out += [parts[5].strip(), parts[6].strip()]
    return [s for s in out if s]


def templated_alpaca(banking: list[tuple[str, str]], sentences: list[str], count: int, rng: random.Random):
    records = []
    for k in range(count):
        kind = k % 4
        if kind == 0:
            text, label = rng.choice(banking)
            records.append({"instruction": "Classify the intent of this banking customer message.", "input": text,
                            "output": label})
        elif kind == 1:
            a, b = rng.sample(sentences, 2)
            records.append({"instruction": "Paraphrase the sentence.", "input": a, "output": b})
        elif kind == 2:
            text, label = rng.choice(banking)
            records.append({"instruction": "Write a short, polite reply to the customer.", "input": text,
                            "output": f"Thank you for contacting us about this. We have looked into your request "
                                      f"({label.replace('_', ' ')}) and will get back to you within one working day."})
        else:
            paragraph = " ".join(rng.sample(sentences, rng.randint(5, 9)))
            records.append({"instruction": "Describe the scene in a few sentences.", "input": "",
                            "output": paragraph if paragraph.endswith((".", "!", "?")) else paragraph + "."})
    return records


def sft_alpaca() -> list[dict]:
    return json.loads((SFT / "identity.json").read_text(encoding="utf-8"))


def sft_chat() -> list[dict]:
    records = []
    for line in (SFT / "v1_sft_demo.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records.append({"messages": [{"role": m["role"], "content": "\n".join(p["value"] for p in m["content"])}
                                     for m in record["messages"]]})
    return records


# Flags that are right too on a record with this defect (an echoed answer also repeats the prompt).
ALSO_RIGHT = {"answer-equals-prompt": {"answer-repeats-prompt"}, "answer-repeats-prompt": {"answer-equals-prompt"},
              "system-only": {"empty-turn"}, "null-content": {"chat-answer-placeholder"}}


def source_truth(record: dict) -> set[str]:
    """What the public demo records really hold: LLaMA-Factory's identity set is a template whose
    {{name}} and {{author}} the user must fill in."""
    return {"text-template-leftover"} if "{{" in json.dumps(record, ensure_ascii=False) else set()


def inject(records: list[dict], defects: dict, rate: float, rng: random.Random):
    truth: list[set[str]] = [source_truth(r) for r in records]
    kinds: list[str] = ["clean"] * len(records)
    order = list(range(len(records)))
    rng.shuffle(order)
    per = max(1, int(rate * len(records)))
    cursor = 0
    out = list(records)
    for name, (breaks, make) in defects.items():
        for position in order[cursor: cursor + per]:
            out[position] = make(records[position], rng)
            truth[position] = source_truth(out[position]) | set(breaks)
            kinds[position] = name
        cursor += per
    return out, truth, kinds


def run_rules(path: Path, fmt: str) -> tuple[dict[str, set[int]], dict]:
    from dataaudit import audit

    report = audit(path, {"embedder": "none", "select": ["DA4"], "threshold": 1, "format": fmt})
    flagged: dict[str, set[int]] = defaultdict(set)
    for finding in report.findings:
        flagged[finding.get("rule")].add(finding.rows[0])
    return flagged, report


args_debug = "--debug" in sys.argv
records_seen: list = []


def score(flagged, truth, kinds, rules, table):
    for rule in rules:
        expected = {p for p, t in enumerate(truth) if rule in t}
        excused = {p for p, k in enumerate(kinds) if rule in ALSO_RIGHT.get(k, ())}
        got = flagged.get(rule, set()) - (excused - expected)
        tp, fp = len(got & expected), len(got - expected)
        clean_fp = sum(1 for p in got - expected if kinds[p] == "clean")
        table[rule]["tp"] += tp
        table[rule]["fp"] += fp
        table[rule]["fn"] += len(expected - got)
        table[rule]["clean_fp"] += clean_fp
        table[rule]["clean"] += sum(1 for k in kinds if k == "clean")
        if args_debug:
            for p in sorted(got - expected)[:3]:
                print(f"  FP {rule} [{kinds[p]}]: {str(records_seen[p])[:160]}")
            for p in sorted(expected - got)[:3]:
                print(f"  FN {rule} [{kinds[p]}]: {str(records_seen[p])[:160]}")


def accuracy(args) -> None:
    from dataaudit.rules.selection import builtin_packs

    rng = random.Random(args.seed)
    rules = {r.id: r for p in builtin_packs().values() for r in p.rules if r.requires is None}
    banking = list(zip(*[banking77(args.banking77)[c].tolist() for c in ("text", "category")]))
    sentences = stsb_sentences()
    hand = [json.loads(l) for l in (REPO / "benchmarks" / "data" / "clean_instructions.jsonl").read_text(
        encoding="utf-8").splitlines()]
    alpaca = sft_alpaca() + hand + templated_alpaca(banking, sentences, 1200, rng)
    chat = sft_chat() + [{"messages": [{"role": "user", "content": r["instruction"] + (f"\n\n{r['input']}" if r["input"]
                                                                                     else "")},
                                       {"role": "assistant", "content": r["output"]}]}
                         for r in hand + templated_alpaca(banking, sentences, 400, rng)]
    table: dict[str, Counter] = defaultdict(Counter)
    folder = Path(tempfile.mkdtemp(prefix="dataaudit-rules-"))
    for name, records, defects, fmt in (("alpaca", alpaca, ALPACA_DEFECTS, "alpaca"),
                                        ("chat", chat, _chat_defects(), "openai-chat")):
        injected, truth, kinds = inject(records, defects, args.rate, rng)
        global records_seen
        records_seen = injected
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in injected), encoding="utf-8")
        flagged, _ = run_rules(path, fmt)
        pack_rules = [r for r in rules if rules[r].pack in ("basic", "pii", "instruction" if fmt == "alpaca" else "chat")]
        score(flagged, truth, kinds, pack_rules, table)
        print(f"{name}: {len(records):,} records, {sum(k != 'clean' for k in kinds):,} with one injected defect "
              f"({args.rate:.0%} per defect kind), {sum(k == 'clean' for k in kinds):,} clean")
    print("\n| rule | code | severity | injected | precision | recall | false alarms on clean records |")
    print("|---|---|---|---:|---:|---:|---:|")
    for rule_id in sorted(table, key=lambda r: rules[r].code):
        c = table[rule_id]
        injected = c["tp"] + c["fn"]
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        recall = c["tp"] / injected if injected else float("nan")
        print(f"| {rule_id} | {rules[rule_id].code} | {rules[rule_id].severity} | {injected} | {precision:.3f} | "
              f"{recall:.3f} | {c['clean_fp']} of {c['clean']:,} ({c['clean_fp'] / max(c['clean'], 1):.2%}) |")


def real_findings() -> None:
    """What the rules say about the real demo files, for reading by eye."""
    for fmt, path in (("alpaca", SFT / "identity.json"), (None, SFT / "v1_sft_demo.jsonl"),
                      (None, SFT / "glaive_toolcall_en_demo.json")):
        from dataaudit import audit

        report = audit(path, {"embedder": "none", "select": ["DA4"], "threshold": 1, **({"format": fmt} if fmt else {})})
        counts = Counter(f"{f.code} {f.get('rule')} ({f.severity})" for f in report.findings)
        print(f"{path.name}: {len(report.findings)} findings in {report.summary.total_rows} records: {dict(counts)}")


def speed(rows: int, args) -> None:
    import subprocess

    rng = random.Random(args.seed)
    banking = list(zip(*[banking77(args.banking77)[c].tolist() for c in ("text", "category")]))
    records = templated_alpaca(banking, stsb_sentences(), rows, rng)
    path = Path(tempfile.gettempdir()) / f"dataaudit-rules-{rows}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code = ("import time, sys, json; from dataaudit import audit; t = time.perf_counter(); "
            f"r = audit({str(path)!r}, {{'embedder': 'none', 'threshold': 1, 'rules': [sys.argv[1]]}}); "
            "print(json.dumps({'wall': time.perf_counter() - t, 'stages': dict(r.run.stages), "
            "'checks': sum(s for c, s in r.run.checks if c.startswith('DA4'))}))")
    results = {}
    for rules in ("default", "none"):
        out = subprocess.run([sys.executable, "-c", code, rules], capture_output=True, text=True, check=True)
        results[rules] = json.loads(out.stdout.strip().splitlines()[-1])
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import os; os.environ['GX_ANALYTICS_ENABLED']='false'; "
                    "import great_expectations"], check=True, capture_output=True)
    gx_import = time.perf_counter() - started
    with_rules, without = results["default"], results["none"]
    own = with_rules["stages"].get("rule_frame", 0) + with_rules["stages"].get("rule_results", 0) + with_rules["checks"]
    print(f"\nSpeed, {rows:,} Alpaca records, --embedder none ({machine()}):")
    print(f"  scan without rules {without['wall']:.1f} s; with the default packs (basic, instruction, pii) "
          f"{with_rules['wall']:.1f} s")
    print(f"  rules' own stages: derived columns {with_rules['stages'].get('rule_frame', 0):.1f} s, Great Expectations "
          f"validation {with_rules['stages'].get('rule_results', 0):.1f} s, findings {with_rules['checks']:.1f} s "
          f"= {own:.1f} s, {own / without['wall']:.0%} of the scan without rules")
    print(f"  importing great_expectations in a fresh process: {gx_import:.1f} s (paid once, only when a rule runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=0.05, help="share of records given each defect kind")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--speed-rows", type=int, default=100_000, help="0 skips the speed run")
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--debug", action="store_true", help="print a few false alarms and misses per rule")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    accuracy(args)
    print()
    real_findings()
    if args.speed_rows:
        speed(args.speed_rows, args)


if __name__ == "__main__":
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
