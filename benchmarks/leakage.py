"""Train/eval leakage (DA301) on BANKING77: natural leaks, and injected ones of known answer.

    python benchmarks/leakage.py [--banking77 DIR] [--embedder minilm] [--seed 5]

1. BANKING77 train vs test as published: how many training rows leak, by match kind.
2. Injected: 200 exact copies (case/spacing/punctuation changed) and 200 typo copies
   (1-2 character edits) of test rows added to train. Recall = injected rows flagged
   with the right eval row; the natural leaks of step 1 are reported, not scored.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from common import DEFAULT_BANKING77, banking77, machine  # noqa: E402
from inject import surface_copy, typo  # noqa: E402

from dataaudit.engine import audit_dataset  # noqa: E402
from dataaudit.io import load_dataset  # noqa: E402
from dataaudit.config import Settings  # noqa: E402


def leaks(train: Path, test: Path, embedder: str):
    settings = Settings(embedder=embedder, select=("DA301",))
    started = time.perf_counter()
    report = audit_dataset(load_dataset(train, settings), settings, against=load_dataset(test, settings))
    return [f for f in report.findings if f.code == "DA301"], time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    train, test = banking77(args.banking77, "train"), banking77(args.banking77, "test")
    print(f"machine: {machine()}")
    for embedder in ("none", args.embedder):
        found, seconds = leaks(args.banking77 / "train.csv", args.banking77 / "test.csv", embedder)
        kinds = Counter(f.get("match") for f in found)
        rows = sum(len(f.excluded) for f in found)
        print(f"BANKING77 train ({len(train):,}) vs test ({len(test):,}), embedder {embedder}: {rows:,} training rows "
              f"leak ({dict(kinds)}) in {seconds:.1f} s")

    rng = random.Random(args.seed)
    picks = rng.sample(range(len(test)), 400)
    extra = []
    for k, index in enumerate(picks):
        text = test.text[index]
        copy = surface_copy(text, rng) if k < 200 else typo(text, rng, rng.randint(1, 2))
        extra.append({"text": copy, "category": test.category[index]})
    injected = pd.concat([train, pd.DataFrame(extra)], ignore_index=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train_injected.csv"
        injected.to_csv(path, index=False)
        found, seconds = leaks(path, args.banking77 / "test.csv", "none")
    first_injected = len(train)
    flagged = {}
    for f in found:
        for row in f.excluded:
            flagged[row] = set(f.get("eval_rows"))
    hits = [(k, picks[k] in flagged.get(first_injected + k, set())) for k in range(400)]
    exact_recall = sum(ok for k, ok in hits if k < 200) / 200
    typo_recall = sum(ok for k, ok in hits if k >= 200) / 200
    print(f"injected leaks (surface checks only, {seconds:.1f} s): exact-copy recall {exact_recall:.3f}, "
          f"typo-copy recall {typo_recall:.3f} (200 each)")


if __name__ == "__main__":
    main()
