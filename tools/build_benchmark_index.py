"""Build dataaudit/similarity/benchmark_index.npz from the public releases of evaluation sets.

    python tools/build_benchmark_index.py RAW_DIR [--out dataaudit/similarity/benchmark_index.npz]

RAW_DIR holds the releases as published (tools/README.md says where each came from):

    mmlu/test/*_test.csv            question,choice0..choice3,answer (with or without that header)
    gsm8k/test.jsonl                {"question", "answer"}
    humaneval/HumanEval.jsonl.gz    {"task_id", "prompt", "canonical_solution"}
    hellaswag/hellaswag_val_full.txt.bz2  6 lines an item: "label: ctx", gold index, 4 endings
    truthfulqa/TruthfulQA.csv       Type,Category,Question,Best Answer,...
    arc/ARC-{Easy,Challenge}-Test.jsonl   (read if present: not reachable when this was built)

A benchmark whose files are missing is skipped and said so; the output is the same bytes for
the same inputs (items in file order, files sorted by name). Also writes the credits file.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from dataaudit.similarity.benchmark_grams import GRAM, SHORT_GRAM, Item, write_index

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "dataaudit" / "similarity" / "benchmark_index.npz"
_CALCULATOR = re.compile(r"<<[^>]*>>")  # GSM8K's calculator annotations: not what a solution reads like

# What the credits file says of each benchmark (source of the copy indexed, licence).
CREDITS = {
    "mmlu": ("MMLU (Hendrycks et al., 2021), test split, 57 subjects",
             "MIT (hendrycks/test LICENSE)",
             "CSV copy of the hendrycks/test release in github.com/HaeChan0305/MLILAB-FedLLM "
             "data/mmlu/test/ @ d92730e8bacd7b3a61e551e015e40588e10234b4 (the original tarball is not on GitHub)"),
    "gsm8k": ("GSM8K (Cobbe et al., 2021), test split", "MIT",
              "github.com/openai/grade-school-math grade_school_math/data/test.jsonl "
              "@ 3101c7d5072418e28b9008a6636bde82a006892c"),
    "humaneval": ("HumanEval (Chen et al., 2021)", "MIT",
                  "github.com/openai/human-eval data/HumanEval.jsonl.gz @ 6d43fb980f9fee3c892a914eda09951f772ad10d"),
    "hellaswag": ("HellaSwag (Zellers et al., 2019), validation split (the test labels are hidden)", "MIT",
                  "github.com/klosax/hellaswag_text_data hellaswag_val_full.txt.bz2 "
                  "@ 1105d370f8340eac3c63a91fd1fa58e8999f9505, a text extraction of rowanz/hellaswag "
                  "data/hellaswag_val.jsonl ([header]/[step]/[title] markers removed)"),
    "truthfulqa": ("TruthfulQA (Lin et al., 2022)", "Apache-2.0",
                   "copy of sylinrl/TruthfulQA TruthfulQA.csv in github.com/benedictflorance/truthfulqa_experiments "
                   "datasets/TruthfulQA.csv @ 6fdfd38288e86296582a584694df5cf43d1f634a"),
    "arc": ("AI2 ARC Easy + Challenge, test split", "CC BY-SA 4.0", "ARC-V1-Feb2018 release"),
}


def mmlu(raw: Path) -> list[Item]:
    items = []
    for path in sorted((raw / "mmlu" / "test").glob("*_test.csv")):
        subject = path.name[: -len("_test.csv")]
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        if rows and rows[0][:2] == ["question", "choice0"]:
            rows = rows[1:]
        for index, row in enumerate(rows):
            question, choices = row[0], row[1:5]
            items.append(Item("mmlu", "test", f"{subject}/{index}", question, tuple(choices)))
    return items


def gsm8k(raw: Path) -> list[Item]:
    path = raw / "gsm8k" / "test.jsonl"
    if not path.is_file():
        return []
    items = []
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        answer = _CALCULATOR.sub("", record["answer"])
        items.append(Item("gsm8k", "test", str(index), record["question"], (answer,)))
    return items


def humaneval(raw: Path) -> list[Item]:
    path = raw / "humaneval" / "HumanEval.jsonl.gz"
    if not path.is_file():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [Item("humaneval", "test", r["task_id"], r["prompt"], (r["canonical_solution"],))
            for r in records]


def hellaswag(raw: Path) -> list[Item]:
    path = raw / "hellaswag" / "hellaswag_val_full.txt.bz2"
    if not path.is_file():
        return []
    with bz2.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    items = []
    for index in range(len(lines) // 6):
        labelled, gold, *endings = lines[6 * index: 6 * index + 6]
        # "Roof shingle removal: A man is ..." -- the activity label is a category, not item text.
        context = labelled.split(": ", 1)[1] if ": " in labelled else labelled
        items.append(Item("hellaswag", "validation", str(index), context, (endings[int(gold)],)))
    return items


def truthfulqa(raw: Path) -> list[Item]:
    path = raw / "truthfulqa" / "TruthfulQA.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [Item("truthfulqa", "validation", str(index), row["Question"], (row["Best Answer"],))
            for index, row in enumerate(rows)]


def arc(raw: Path) -> list[Item]:
    items = []
    for level in ("Easy", "Challenge"):
        path = raw / "arc" / f"ARC-{level}-Test.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            question = record["question"]["stem"]
            choices = [choice["text"] for choice in record["question"]["choices"]]
            items.append(Item("arc", f"test-{level.lower()}", record["id"], question, tuple(choices)))
    return items


READERS = (mmlu, gsm8k, humaneval, hellaswag, truthfulqa, arc)


def collect(raw: Path) -> list[Item]:
    return [item for reader in READERS for item in reader(raw)]


def credits(items: list[Item]) -> str:
    counts = Counter(item.benchmark for item in items)
    lines = ["# Benchmark items indexed for known-benchmark contamination", "",
             "dataaudit/similarity/benchmark_index.npz holds hashed word "
             f"{GRAM}-grams of these public test items, all the word {SHORT_GRAM}-grams of the short ones "
             "(and a 70-character preview of each item's "
             "prompt, so a finding can name it). Built by tools/build_benchmark_index.py.", "",
             "| benchmark | items | licence | copy indexed |", "|---|---|---|---|"]
    for name, (title, licence, source) in CREDITS.items():
        if counts[name]:
            lines.append(f"| {title} | {counts[name]:,} | {licence} | {source} |")
    missing = [CREDITS[name][0] for name in CREDITS if not counts[name]]
    if missing:
        lines += ["", "Not indexed (no copy of the release was reachable when the index was built): "
                  + "; ".join(missing) + "."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    items = collect(args.raw)
    if not items:
        print(f"No benchmark files under {args.raw}: see this script's docstring for the layout.", file=sys.stderr)
        return 2
    write_index(items, args.out)
    args.out.with_name("BENCHMARKS_CREDITS.md").write_text(credits(items), encoding="utf-8")
    for name, count in sorted(Counter(item.benchmark for item in items).items()):
        print(f"{name}: {count:,} items")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
