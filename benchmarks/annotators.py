"""Annotator agreement (DA204) on BANKING77 with simulated annotators of known accuracy.

    python benchmarks/annotators.py [--banking77 DIR] [--rows 3000] [--embedder none] [--seed 11]

Five annotators with error rates 5%, 10%, 15%, 30% and 50% (a wrong label is drawn
from the three labels the true label is most often confused with, as tired
annotators do); each example is labeled by three of them, chosen at random. The file
is written in long format (one row per annotation) and scanned with
`--annotator-col annotator --id-col id`. Reported:
  - consensus accuracy against the true labels, overall, for rows DA204 keeps and
    for the rows it excludes (the agreement gate should catch the wrong consensuses);
  - each annotator's true accuracy next to the report's agreement with consensus
    and cleanlab's annotator quality, and whether both rank the annotators correctly.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from common import DEFAULT_BANKING77, banking77, machine, peak_rss_mb  # noqa: E402

from dataaudit.engine import audit_dataset  # noqa: E402
from dataaudit.io import load_dataset  # noqa: E402
from dataaudit.config import Settings  # noqa: E402

ERROR_RATES = {"ann_a": 0.05, "ann_b": 0.10, "ann_c": 0.15, "ann_d": 0.30, "ann_e": 0.50}


def confusable_labels(frame: pd.DataFrame) -> dict[str, list[str]]:
    """Per label, the three labels whose texts share the most words with it."""
    words: dict[str, set[str]] = {}
    for text, label in zip(frame["text"], frame["label"]):
        words.setdefault(label, set()).update(text.lower().split())
    out = {}
    for label, own in words.items():
        ranked = sorted((l for l in words if l != label), key=lambda l: (-len(own & words[l]), l))
        out[label] = ranked[:3]
    return out


def spearman(a: list[float], b: list[float]) -> float:
    ra = {v: i for i, v in enumerate(sorted(a))}
    rb = {v: i for i, v in enumerate(sorted(b))}
    x, y = [ra[v] for v in a], [rb[v] for v in b]
    n = len(x)
    return 1 - 6 * sum((i - j) ** 2 for i, j in zip(x, y)) / (n * (n * n - 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--embedder", default="none")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    rng = random.Random(args.seed)
    source = banking77(args.banking77, "train").rename(columns={"category": "label"})
    source = source.drop_duplicates("text").sample(n=args.rows, random_state=args.seed).reset_index(drop=True)
    confusable = confusable_labels(source)
    names = sorted(ERROR_RATES)
    records, correct = [], {a: [0, 0] for a in names}
    for i, (text, label) in enumerate(zip(source["text"], source["label"])):
        for annotator in rng.sample(names, 3):
            wrong = rng.random() < ERROR_RATES[annotator]
            given = rng.choice(confusable[label]) if wrong else label
            correct[annotator][0] += given == label
            correct[annotator][1] += 1
            records.append({"id": f"ex{i}", "text": text, "label": given, "annotator": annotator})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "annotations.csv"
        pd.DataFrame(records).to_csv(path, index=False)
        settings = Settings(annotator_column="annotator", id_column="id", embedder=args.embedder,
                            select=("DA204",))
        started = time.perf_counter()
        dataset = load_dataset(path, settings)
        report = audit_dataset(dataset, settings)
        seconds = time.perf_counter() - started
    truth = dict(zip((f"ex{i}" for i in range(len(source))), source["label"]))
    consensus = dict(zip(dataset.row_ids, dataset.labels))
    excluded = {row for f in report.findings if f.code == "DA204" for row in f.excluded}
    right = {rid: consensus[rid] == truth[rid] for rid in consensus}
    kept = [rid for rid in right if rid not in excluded]

    def share(ids):
        return sum(right[r] for r in ids) / max(len(ids), 1)

    print(f"{len(source):,} examples, {len(records):,} annotations by {len(names)} annotators "
          f"(--embedder {args.embedder}); scan {seconds:.1f} s, peak RSS {peak_rss_mb():.0f} MB")
    print(f"consensus accuracy: all {share(list(right)):.3f}; rows DA204 keeps {share(kept):.3f} ({len(kept):,}); "
          f"rows it excludes {share(list(excluded)):.3f} ({len(excluded):,})")
    wrong_caught = sum(1 for r in excluded if not right[r]) / max(sum(1 for r in right if not right[r]), 1)
    print(f"wrong consensus labels caught by the agreement gate: {wrong_caught:.3f}")
    print("\n| annotator | error rate | true accuracy | agreement with consensus | cleanlab quality |")
    print("|---|---:|---:|---:|---:|")
    stats = {a.annotator: a for a in report.annotators}
    for name in names:
        a = stats[name]
        print(f"| {name} | {ERROR_RATES[name]:.0%} | {correct[name][0] / correct[name][1]:.3f} | "
              f"{a.agreement_with_consensus:.3f} | {'' if a.quality is None else f'{a.quality:.3f}'} |")
    true_acc = [correct[n][0] / correct[n][1] for n in names]
    print(f"\nSpearman rank correlation with true accuracy: agreement "
          f"{spearman(true_acc, [stats[n].agreement_with_consensus for n in names]):.2f}"
          + ("" if any(stats[n].quality is None for n in names) else
             f", cleanlab quality {spearman(true_acc, [stats[n].quality for n in names]):.2f}"))


if __name__ == "__main__":
    main()
