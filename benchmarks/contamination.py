"""Known-benchmark contamination (dataaudit/similarity/benchmarks.py): recall, false alarms, speed.

    python benchmarks/contamination.py --raw /work/benchdata \\
        --tune alpaca_en_demo.json new_codealpaca.json --report t0/ gsm8k_train.jsonl ... [--read 20]

--raw: the benchmark releases the index was built from (tools/build_benchmark_index.py layout).
--tune / --report: real training files (Alpaca/CodeAlpaca JSON lists, T0/self-instruct prompt/
completion JSONL, GSM8K-style question/answer JSONL, ShareGPT/messages JSON(L)), or folders of them.
Thresholds are chosen on --tune; every number below the "report" line is on --report rows.

1. Recall: items sampled from every indexed benchmark, injected into real rows of each source in
   three forms -- verbatim (alone, or after "Answer the question:" in an instruction row),
   reformatted (case, spacing, punctuation, choices lettered "A) "/"(a) ", one a line or inline,
   chat template, "Answer:"), lightly edited (~10% of words substituted, deleted or inserted).
   Found = the row is matched to the item injected (or to an item with the same prompt: MMLU repeats some).
2. False alarms: share of the source's own rows (nothing injected) flagged; --read N prints N of
   them to classify by reading.
3. Speed: rows/s of match() over 100,000 real rows; index size and load time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from dataaudit.similarity import benchmarks
from dataaudit.similarity.benchmark_grams import words

REPO = Path(__file__).resolve().parent.parent


def _builder():
    spec = importlib.util.spec_from_file_location("build_benchmark_index", REPO / "tools" / "build_benchmark_index.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _record_text(record: dict) -> str | None:
    if "instruction" in record:
        parts = [record.get("instruction"), record.get("input"), record.get("output") or record.get("response")]
    elif "prompt" in record:
        parts = [record.get("prompt"), record.get("completion")]
    elif "question" in record:
        parts = [record.get("question"), record.get("answer")]
    elif "conversations" in record or "messages" in record:
        turns = record.get("conversations") or record.get("messages")
        parts = [t.get("value") or t.get("content") if isinstance(t.get("value") or t.get("content"), str) else
                 json.dumps(t.get("content")) for t in turns]
    else:
        return None
    return "\n".join(str(p) for p in parts if p)


def read_rows(paths: list[Path]) -> list[str]:
    rows = []
    for path in paths:
        files = sorted(path.glob("*.json*")) if path.is_dir() else [path]
        for file in files:
            text = file.read_text(encoding="utf-8")
            records = json.loads(text) if file.suffix == ".json" else [json.loads(x) for x in text.splitlines() if x]
            rows += [t for t in map(_record_text, records) if t]
    return rows


# ---- the three forms ----------------------------------------------------------------------

def _parts(item) -> tuple[str, list[str]]:
    """(prompt, answers): MMLU's are its choices, others' the answer/ending/solution."""
    return item.prompt, list(item.answers) or [""]


def verbatim(item, host: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return item.text
    return f"Answer the question: {item.text}\n{host[:300]}"


def reformatted(item, host: str, rng: random.Random) -> str:
    prompt, rest = _parts(item)
    if item.benchmark == "mmlu":
        style = rng.choice(["A) ", "(a) ", "A. "])
        letters = "ABCD" if style[0] == "A" else "abcd"
        labelled = [style.replace(style[1 if style[0] == "(" else 0], letter, 1) + choice
                    for letter, choice in zip(letters, rest)]
        body = prompt + ("\n" if rng.random() < 0.5 else " ") + ("\n" if rng.random() < 0.5 else "  ").join(labelled)
        body += f"\nAnswer: {rng.choice(letters)}"
    else:
        body = f"{prompt}\nAnswer: {rest[0]}"
    body = rng.choice([str.upper, str.lower, lambda s: s])(body)
    body = re.sub(r"[,;]", rng.choice([" ", " ,", ";"]), body).replace(" ", rng.choice([" ", "  ", " \t"]))
    if rng.random() < 0.5:
        return f"<|im_start|>user\n{body}<|im_end|>\n<|im_start|>assistant\n{host[:200]}<|im_end|>"
    return f"### Instruction:\n{body}\n\n### Response:\n{host[:200]}"


def edited(item, host: str, rng: random.Random, rate: float = 0.1) -> str:
    vocabulary = host.split() or ["the"]
    out = []
    for word in item.text.split(" "):
        roll = rng.random()
        if roll < rate / 3:
            continue  # deleted
        if roll < 2 * rate / 3:
            out.append(rng.choice(vocabulary))  # substituted
            continue
        out.append(word)
        if roll > 1 - rate / 3:
            out.append(rng.choice(vocabulary))  # inserted
    return " ".join(out)


FORMS = {"verbatim": verbatim, "reformatted": reformatted, "edited": edited}


def inject(items, hosts: list[str], per_benchmark: int, seed: int) -> dict:
    """{form: [(item, row text)]}: `per_benchmark` items of each benchmark in each form."""
    rng = random.Random(seed)
    by_benchmark = defaultdict(list)
    for item in items:
        by_benchmark[item.benchmark].append(item)
    return {form: [(item, make(item, rng.choice(hosts), rng))
                   for benchmark in sorted(by_benchmark)
                   for item in rng.sample(by_benchmark[benchmark], min(per_benchmark, len(by_benchmark[benchmark])))]
            for form, make in FORMS.items()}


def found_shares(items, cases, min_share: float) -> list[float]:
    """Per injected case, the share at which its own item (or one with the same prompt) was
    matched; 0.0 when it was not."""
    same_prompt = defaultdict(set)
    for item in items:
        same_prompt[(item.benchmark, " ".join(words(item.prompt)))].add(item.item_id)
    best = defaultdict(float)
    for m in benchmarks.match([text for _, text in cases], min_share=min_share):
        best[(m.row, m.benchmark, m.item_id)] = max(best[(m.row, m.benchmark, m.item_id)], m.share)
    return [max((best[(row, item.benchmark, i)] for i in same_prompt[(item.benchmark, " ".join(words(item.prompt)))]),
                default=0.0) for row, (item, _) in enumerate(cases)]


def print_recall(items, injected: dict, threshold: float) -> None:
    names = sorted({item.benchmark for item in items})
    print("  form          " + "".join(f"{n:>12}" for n in names) + "     overall")
    for form, cases in injected.items():
        shares = found_shares(items, cases, threshold)
        hits, totals = Counter(), Counter()
        for (item, _), share in zip(cases, shares):
            totals[item.benchmark] += 1
            hits[item.benchmark] += share >= threshold
        cells = "".join(f"{hits[n] / totals[n]:>12.3f}" for n in names)
        print(f"  {form:<14}{cells}{sum(hits.values()) / sum(totals.values()):>12.3f}  (n={sum(totals.values())})")


def sweep(items, injected: dict, rows: list[str], thresholds=(0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)) -> None:
    """Recall per form and rows flagged at each share threshold (tune data only)."""
    low = min(thresholds)
    shares = {form: found_shares(items, cases, low) for form, cases in injected.items()}
    row_best = defaultdict(float)
    for m in benchmarks.match(rows, min_share=low):
        row_best[m.row] = max(row_best[m.row], m.share)
    print("  share >=   " + "".join(f"{form:>13}" for form in shares) + "   rows flagged")
    for t in thresholds:
        cells = "".join(f"{sum(s >= t for s in values) / len(values):>13.3f}" for values in shares.values())
        flagged = sum(v >= t for v in row_best.values())
        print(f"  {t:<10}{cells}   {flagged} ({100 * flagged / len(rows):.3f} %)")


def false_alarms(rows: list[str], label: str, read: int) -> list:
    started = time.perf_counter()
    found = benchmarks.match(rows)
    seconds = time.perf_counter() - started
    flagged = sorted({m.row for m in found})
    print(f"  {label}: {len(flagged):,} of {len(rows):,} rows flagged ({100 * len(flagged) / max(len(rows), 1):.3f} %),"
          f" kinds {dict(Counter(m.kind for m in found))}, {len(rows) / seconds:,.0f} rows/s")
    best = {}
    for m in found:
        best.setdefault(m.row, m)
    for row in flagged[:read]:
        m = best[row]
        print(f"    row {row} -> {m.benchmark}/{m.item_id} share {m.share} ({m.matched} grams, {m.scope}, {m.kind})")
        print(f"      item: {m.preview}")
        print(f"      row:  {' '.join(rows[row].split())[:300]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--tune", type=Path, nargs="+", required=True)
    parser.add_argument("--report", type=Path, nargs="+", required=True)
    parser.add_argument("--per-benchmark", type=int, default=100)
    parser.add_argument("--read", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    index = benchmarks.read_index(benchmarks.INDEX_PATH)
    print(f"index: {benchmarks.INDEX_PATH.stat().st_size:,} bytes, {len(index.gram_hash):,} grams, "
          f"{index.counts()}, read in {time.perf_counter() - started:.2f} s")
    print(f"thresholds: share >= {benchmarks.MIN_SHARE}, >= {benchmarks.MIN_MATCHED} grams, prompt route from "
          f"{benchmarks.MIN_PROMPT_GRAMS} grams, verbatim from {benchmarks.VERBATIM_SHARE}")
    items = _builder().collect(args.raw)
    for label, paths in (("tune", args.tune), ("report", args.report)):
        rows = read_rows(paths)
        print(f"\n== {label}: {len(rows):,} rows from {', '.join(p.name for p in paths)}")
        injected = inject(items, rows, args.per_benchmark, args.seed + (label == "report"))
        if label == "tune":
            print(" sweep (recall per form, and clean rows flagged, by threshold):")
            sweep(items, injected, rows)
        print(f" recall (injected into these rows) at share >= {benchmarks.MIN_SHARE}:")
        print_recall(items, injected, benchmarks.MIN_SHARE)
        print(" false alarms (nothing injected):")
        false_alarms(rows, label, args.read if label == "report" else 8)
        if label == "report":
            big = (rows * (100_000 // len(rows) + 1))[:100_000]
            started = time.perf_counter()
            benchmarks.match(big)
            seconds = time.perf_counter() - started
            print(f" speed: 100,000 rows ({sum(map(len, big)) / 1e6:.0f} M chars) in {seconds:.1f} s = "
                  f"{100_000 / seconds:,.0f} rows/s")


if __name__ == "__main__":
    sys.exit(main())
