"""Realistic scale files: 1M / 10M rows whose character is stated and measured, for the scale
benchmarks (benchmarks/scale.py keeps its spliced BANKING77 file as the stress case).

    python benchmarks/scale_data.py --rows 100000 [--profile intent|instruction] [--measure]

Two length profiles, from real public text (../shared/data), recombined so that no sentence
repeats hundreds of times:

- intent (~50 characters, CSV text,label): labelled requests from BANKING77 (train + test, 77
  intents) and Hinglish-TOP (English and code-mixed queries, the intent of their parse). A row
  is three fragments of three different requests of one intent (the start of one, the middle
  of another, the end of a third, cut at word boundaries), labelled with that intent.
- instruction (~300 characters, Alpaca JSONL): an instruction of two sentences and an answer of
  four, drawn from STS-B and SICK sentences and the intent requests.

Injected at known rates (of the rows written): exact copies 2 %, typo copies 2 % (1-2 character
edits), conflicts 1 % (intent: a copy with another label; instruction: the same instruction
with another answer). `--measure` scans the file with dataaudit's own exact and near-duplicate
checks (--embedder none --select DA101,DA102) and prints the share of distinct texts and of
rows in near-duplicate groups: the file's character, measured rather than assumed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, machine  # noqa: E402
from inject import typo  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
COPIES, TYPOS, CONFLICTS = 0.02, 0.02, 0.01


def intent_pool(shared: Path = SHARED) -> dict[str, list[str]]:
    """Intent -> its requests (BANKING77 train + test; Hinglish-TOP English and code-mixed)."""
    pool: dict[str, list[str]] = {}
    for split in ("train", "test"):
        with (shared / "banking77" / f"{split}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                pool.setdefault(row["category"], []).append(row["text"].strip())
    with (shared / "hinglish-top" / "test.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            intent = re.match(r"\[IN:(\w+)", row["en_parse"])
            if intent:
                for text in (row["en_query"], row["cs_query"]):
                    pool.setdefault(intent.group(1).lower(), []).append(text.strip())
    # Requests of three words or more: a shorter one's thirds are single words, which repeat.
    pool = {label: [t for t in dict.fromkeys(texts) if len(t.split()) >= 3] for label, texts in pool.items()}
    return {label: texts for label, texts in pool.items() if len(texts) >= 3}


def sentence_pool(shared: Path = SHARED) -> list[str]:
    """Plain sentences for instructions and answers: STS-B and SICK pairs' sentences."""
    sentences: list[str] = []
    with (shared / "stsb-train" / "sts-train.csv").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            sentences.extend(p.strip() for p in parts[5:7] if p.strip())
    with (shared / "sick2014" / "SICK_train.txt").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            sentences.extend((row["sentence_A"].strip(), row["sentence_B"].strip()))
    return list(dict.fromkeys(s for s in sentences if len(s) > 10))


def _fragment(words: list[str], part: int, rng: random.Random) -> list[str]:
    """Part 0: a start, 1: a middle, 2: an end of a request, about a third of its words."""
    n = len(words)
    if n < 3:
        return words if part == 0 else []
    third = max(1, n // 3)
    cut = rng.randint(max(1, third - 1), min(n - 1, third + 1))
    if part == 0:
        return words[:cut]
    if part == 2:
        return words[n - cut:]
    start = rng.randint(max(0, third - 1), min(n - cut, third + 1))
    return words[start:start + cut]


def intent_rows(rows: int, seed: int = 7, shared: Path = SHARED):
    pool = intent_pool(shared)
    labels = sorted(pool)
    # An intent is drawn as often as it has requests: every request is used about as often (a
    # uniform draw would repeat a small intent's few requests thousands of times at 1M rows).
    weights = [len(pool[label]) for label in labels]
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for _ in range(rows):
        roll = rng.random()
        if out and roll < COPIES:
            out.append(out[rng.randrange(len(out))])
        elif out and roll < COPIES + TYPOS:
            text, label = out[rng.randrange(len(out))]
            out.append((typo(text, rng, rng.randint(1, 2)), label))
        elif out and roll < COPIES + TYPOS + CONFLICTS:
            text, label = out[rng.randrange(len(out))]
            out.append((text, rng.choice([other for other in labels if other != label])))
        else:
            label = rng.choices(labels, weights)[0]
            sources = rng.sample(pool[label], 3)
            words = [w for part, text in enumerate(sources) for w in _fragment(text.split(), part, rng)]
            out.append((" ".join(words), label))
    return out


def instruction_records(rows: int, seed: int = 7, shared: Path = SHARED):
    sentences = sentence_pool(shared)
    sentences += [t for texts in intent_pool(shared).values() for t in texts]
    rng = random.Random(seed)
    out: list[dict] = []
    for _ in range(rows):
        roll = rng.random()
        if out and roll < COPIES:
            out.append(dict(out[rng.randrange(len(out))]))
        elif out and roll < COPIES + TYPOS:
            record = dict(out[rng.randrange(len(out))])
            record["instruction"] = typo(record["instruction"], rng, rng.randint(1, 2))
            out.append(record)
        elif out and roll < COPIES + TYPOS + CONFLICTS:
            record = dict(out[rng.randrange(len(out))])
            record["output"] = " ".join(rng.sample(sentences, 4))
            out.append(record)
        else:
            out.append({"instruction": " ".join(rng.sample(sentences, 2)), "input": "",
                        "output": " ".join(rng.sample(sentences, 4))})
    return out


def write(profile: str, rows: int, folder: Path, seed: int = 7) -> Path:
    if profile == "intent":
        path = folder / f"dataaudit-realistic-intent-{rows}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label"])
            writer.writerows(intent_rows(rows, seed))
    else:
        path = folder / f"dataaudit-realistic-instruction-{rows}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in instruction_records(rows, seed):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def measure(path: Path, rows: int) -> dict:
    """The file's character by dataaudit's own DA101/DA102: distinct texts, rows in near groups."""
    out = path.with_suffix(".measure.json")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dataaudit", "scan", str(path), "--embedder", "none", "--select",
                    "DA101,DA102", "--json", str(out), "--quiet", "--exit-zero", "--no-cache"], check=True,
                   cwd=REPO, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    report = json.loads(out.read_text(encoding="utf-8"))
    exact = [f for f in report["findings"] if f["code"] == "DA101"]
    near = [f for f in report["findings"] if f["code"] == "DA102"]
    copies = sum(len(f["rows"]) - 1 for f in exact)
    return {"rows": rows, "distinct_share": round(1 - copies / rows, 4),
            "near_group_rows_share": round(sum(len(f["rows"]) for f in near) / rows, 4),
            "exact_groups": len(exact), "near_groups": len(near),
            "scan_seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", choices=("intent", "instruction"), default="intent")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--measure", action="store_true", help="scan it with DA101/DA102 and print its character")
    args = parser.parse_args()
    started = time.perf_counter()
    path = write(args.profile, args.rows, args.folder, args.seed)
    print(f"{machine()}\nwrote {path} ({args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - started:.1f} s")
    if args.measure:
        print(json.dumps(measure(path, args.rows)))


if __name__ == "__main__":
    main()
