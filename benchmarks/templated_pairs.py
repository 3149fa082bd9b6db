"""Templated texts are not duplicates of each other: near/semantic precision and recall on a
slot-filled set, and where an embedder is "sure" enough to pair a template pair anyway.

    python benchmarks/templated_pairs.py [--embedders none,minilm,e5] [--seed 5] [--texts 1500]

The set: slot-filled templates (flights, fares, airlines, maths, orders, transfers, weather,
directions) with entity, number, date and direction swaps — all distinct examples, labeled by
intent — plus 1–3-edit typo copies and dropped/doubled-word copies of a fifth of them (the only
true duplicates). Precision counts every excluded row that is not a copy of its group's kept
row (or a copy of the same original); recall counts the copies found.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine  # noqa: E402
from inject import typo, word_edit  # noqa: E402

CITIES = ["boston", "denver", "atlanta", "dallas", "seattle", "chicago", "miami", "phoenix", "houston", "detroit",
          "las vegas", "montreal", "toronto", "new york", "san francisco", "los angeles", "philadelphia", "orlando",
          "baltimore", "pittsburgh", "salt lake city", "kansas city", "st louis", "minneapolis", "charlotte"]
AIRLINES = ["america west", "southwest", "united", "delta", "american airlines", "continental", "us air",
            "northwest", "alaska airlines", "jetblue"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow", "next week"]
TIMES = ["in the morning", "in the evening", "before noon", "after 5 pm", "around 8 am", "at night"]
ITEMS = ["shoes", "a laptop", "two shirts", "a phone case", "headphones", "a backpack", "three books"]
NAMES = ["asha", "ravi", "meena", "john", "maria", "li wei", "omar"]
TEMPLATES = [
    ("flight", "flights from {c1} to {c2}"), ("flight", "show me flights from {c1} to {c2} on {day}"),
    ("flight", "i need a flight from {c1} to {c2} {time}"), ("flight", "{c1} to {c2}"),
    ("airfare", "what is the fare from {c1} to {c2}"), ("airfare", "price of a flight from {c1} to {c2}"),
    ("airfare", "cheapest flight from {c1} to {c2} on {day}"), ("airline", "on {airline}"),
    ("airline", "which airlines fly from {c1} to {c2}"), ("quantity", "how many flights from {c1} to {c2} on {day}"),
    ("airline", "flights on {airline} from {c1} to {c2}"), ("math", "what is √{n}"),
    ("math", "what is {a} plus {b}"), ("math", "what is {a} times {b}"), ("math", "convert {n} miles to kilometers"),
    ("order", "add {item} to my cart"), ("order", "track order {num}"), ("order", "cancel order {num}"),
    ("transfer", "transfer {amount} dollars to {name}"), ("transfer", "send {amount} euros to {name} on {day}"),
    ("weather", "weather in {c1} on {day}"), ("weather", "will it rain in {c1} {time}"),
    ("directions", "how far is {c1} from {c2}"), ("directions", "driving directions from {c1} to {c2}"),
]


def templated(count: int, rng: random.Random) -> list[tuple[str, str]]:
    from dataaudit.text import normalize

    seen, out = set(), []
    while len(out) < count:
        label, template = rng.choice(TEMPLATES)
        c1, c2 = rng.sample(CITIES, 2)
        text = template.format(c1=c1, c2=c2, day=rng.choice(DAYS), time=rng.choice(TIMES),
                               airline=rng.choice(AIRLINES), n=rng.choice([9, 16, 25, 36, 49, 64, 81, 100, 144]),
                               a=rng.randint(2, 60), b=rng.randint(2, 60), item=rng.choice(ITEMS),
                               num=rng.randint(10000, 99999), amount=rng.choice([20, 50, 75, 100, 250, 500]),
                               name=rng.choice(NAMES))
        if normalize(text) not in seen:
            seen.add(normalize(text))
            out.append((text, label))
    return out


def build(count: int, seed: int) -> tuple[list[tuple[str, str]], dict[int, int]]:
    """(rows, copy position -> original position)."""
    from dataaudit.text import normalize

    rng = random.Random(seed)
    rows = templated(count, rng)
    originals = {normalize(t) for t, _ in rows}
    copies: dict[int, int] = {}
    for original in rng.sample(range(len(rows)), count // 5):
        text, label = rows[original]
        copy = word_edit(text, rng) if rng.random() < 0.25 else typo(text, rng, rng.randint(1, 3))
        if normalize(copy) in originals or normalize(copy) == normalize(text):
            continue  # a copy that happens to be another example is not a copy
        originals.add(normalize(copy))
        copies[len(rows)] = original
        rows.append((copy, label))
    return rows, copies


def score(report, copies: dict[int, int], codes: tuple[str, ...]) -> tuple[float, float, int]:
    root = {p: copies.get(p, p) for p in range(report.summary.total_rows)}
    true = wrong = 0
    found = set()
    for finding in report.findings:
        if finding.code not in codes:
            continue
        for row in finding.excluded:
            if root[row] == root[finding.keep]:
                true += 1
                found.add(row if row in copies else finding.keep)
            else:
                wrong += 1
    precision = true / (true + wrong) if true + wrong else 1.0
    return precision, len(found & set(copies)) / max(len(copies), 1), wrong


def template_cosines(texts: list[str], embedder: str) -> list[float]:
    """Cosine of every pair the template rule calls different examples among the distinct texts:
    an embedder may pair a template pair only above all of these."""
    import numpy as np

    from dataaudit.config import Settings
    from dataaudit.embeddings.encode import embed_texts
    from dataaudit.stages.minimal_pair_stage import rule_for_texts
    from dataaudit.text import normalize

    normalized = [normalize(t) for t in texts]
    vectors = embed_texts(texts, Settings(embedder=embedder))
    sims = vectors @ vectors.T
    rule = rule_for_texts(normalized)
    pairs = list(zip(*(side.tolist() for side in np.where(np.triu(sims, 1) >= 0.85))))
    return sorted(float(sims[i, j]) for (i, j), template in zip(pairs, rule.template_pairs(pairs)) if template)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedders", default="none,use,minilm,e5")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--texts", type=int, default=1500)
    args = parser.parse_args()
    import csv

    from dataaudit import audit

    rows, copies = build(args.texts, args.seed)
    path = Path(tempfile.mkdtemp(prefix="dataaudit-templated-")) / "templated.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    print(f"machine: {machine()}\n{len(rows):,} rows: {len(rows) - len(copies):,} distinct templated examples, "
          f"{len(copies):,} typo / dropped-or-doubled-word copies (seed {args.seed})\n")
    print("| embedder | near precision | near recall | false near drops | semantic precision | false semantic drops "
          "| examples left | truth |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for embedder in args.embedders.split(","):
        report = audit(path, {"embedder": embedder, "select": ["DA101", "DA102", "DA103", "DA201"],
                              "rules": ["none"], "threshold": 1})
        near_p, near_r, near_wrong = score(report, copies, ("DA101", "DA102"))
        sem_p, _, sem_wrong = score(report, copies, ("DA103",))
        print(f"| {embedder} | {near_p:.3f} | {near_r:.3f} | {near_wrong} | "
              f"{sem_p:.3f} | {sem_wrong} | {report.summary.effective_clean_count:,} | {len(rows) - len(copies):,} |")
    distinct = [t for k, (t, _) in enumerate(rows) if k not in copies]
    for embedder in [e for e in args.embedders.split(",") if e != "none"]:
        cosines = template_cosines(distinct, embedder)
        top = cosines[-5:] if cosines else []
        print(f"\n{embedder}: {len(cosines):,} template pairs (different examples) at cosine >= 0.85; the highest "
              f"{', '.join(f'{c:.4f}' for c in top)}")


if __name__ == "__main__":
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
