"""Precision/recall of each check on BANKING77 with injected problems of known answer.

    python benchmarks/accuracy.py [--banking77 DIR] [--seed 13] [--thresholds 0.8,0.85,0.9]

1. Start from BANKING77 train (CC BY 4.0) and drop rows until no two texts are exact
   or ≥ 0.80-similar duplicates: a base whose only duplicates are the ones we add.
2. Inject, with a fixed seed: exact copies (case/space/punctuation changes), typo
   copies (1–3 character edits, or a dropped/doubled word), label conflicts (a copy,
   exact or 1-typo, with a different label) and renamed labels (a few rows of three
   labels spelled `Title Case`, `kebab-case`, or with a dropped letter).
3. Scan and score every check against the known answers, for each near-duplicate
   threshold asked for; also count what each threshold flags in the untouched file
   and how many of those pairs carry different labels (a proxy for false alarms on
   real data, where no answer key exists).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_BANKING77, banking77, machine  # noqa: E402
from inject import clean_base, inject  # noqa: E402

from dataaudit.engine import audit_dataset  # noqa: E402
from dataaudit.io import load_dataset  # noqa: E402
from dataaudit.config import Settings  # noqa: E402


def families(injected) -> dict[int, int]:
    """Row position -> the original row it was derived from (originals map to themselves)."""
    family = {}
    for original, copy in injected.exact + injected.near + injected.conflict:
        family[original] = original
        family[copy] = original
    return family


def prf(tp: int, predicted: int, actual: int) -> tuple[float, float]:
    return (tp / predicted if predicted else 1.0), (tp / actual if actual else 1.0)


def evaluate(report, injected, base_rows: int) -> dict:
    family = families(injected)
    by_code = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)

    def pairs(code):
        return [(f.keep, x) for f in by_code.get(code, []) for x in f.excluded if f.keep is not None]

    # A flagged pair is right when both rows come from one injected family (an exact
    # copy, or the unchanged copy made for a label conflict); recall is over exact copies.
    exact_truth = {copy for _, copy in injected.exact}
    exact_pred = pairs("DA101")
    exact_same = [(k, x) for k, x in exact_pred if k in family and family.get(k) == family.get(x)]
    exact_tp = sum(1 for _, x in exact_same if x in exact_truth)

    near_truth = {copy for _, copy in injected.near}
    near_pred = pairs("DA102")
    same_family = [(k, x) for k, x in near_pred if k in family and family.get(k) == family.get(x)]
    near_tp = sum(1 for k, x in same_family if x in near_truth)
    # Pairs between two rows of one injected family are right (e.g. a typo copy of a
    # conflict copy); a pair joining different families, or base rows, is a false alarm.
    near_correct = len(same_family)

    conflict_found = 0
    conflict_groups = by_code.get("DA201", [])
    for original, copy in injected.conflict:
        if any(original in f.rows and copy in f.rows for f in conflict_groups):
            conflict_found += 1
    conflict_true_groups = sum(
        1 for f in conflict_groups if any(o in f.rows and c in f.rows for o, c in injected.conflict))

    variant_pred = {v: f.get("merge_into") for f in by_code.get("DA202", []) for v in f.labels[1:]}
    variant_tp = sum(1 for v, canonical in variant_pred.items() if injected.renamed.get(v) == canonical)

    # Truth: every injected copy is excluded; a 1-vs-1 conflict also costs its original.
    truth = base_rows - len(injected.conflict)
    count = report.summary.effective_clean_count
    return {
        "exact": (len(exact_same) / len(exact_pred) if exact_pred else 1.0, exact_tp / len(exact_truth)),
        "near": (near_correct / len(near_pred) if near_pred else 1.0, near_tp / len(near_truth)),
        "conflict": (conflict_true_groups / len(conflict_groups) if conflict_groups else 1.0,
                     conflict_found / len(injected.conflict)),
        "variant": prf(variant_tp, len(variant_pred), len(injected.renamed)),
        "count": count, "truth": truth, "count_error": (count - truth) / truth,
    }


def natural_flags(path: Path, threshold: float) -> tuple[int, int]:
    dataset = load_dataset(path, Settings(label_column="category"))
    report = audit_dataset(dataset, Settings(label_column="category", near_duplicate_threshold=threshold,
                                             select=("DA102",)))
    labels = dataset.labels
    pairs = [(f.keep, x) for f in report.findings for x in f.excluded]
    return len(pairs), sum(1 for k, x in pairs if labels[k] != labels[x])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--thresholds", default="0.8,0.85,0.88,0.9,0.92")
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]

    raw = banking77(args.banking77)
    base = clean_base(raw, "text")
    injected = inject(base, "text", "category", seed=args.seed)
    print(f"machine: {machine()}")
    print(f"BANKING77 train {len(raw):,} rows -> clean base {len(base):,} rows -> with injections "
          f"{len(injected.frame):,} rows (seed {args.seed}): {len(injected.exact)} exact copies, "
          f"{len(injected.near)} typo copies, {len(injected.conflict)} label conflicts, "
          f"{len(injected.renamed)} renamed label spellings on {len(injected.renamed_rows)} rows\n")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "injected.csv"
        injected.frame.to_csv(path, index=False)
        dataset = load_dataset(path, Settings())
        header = (f"{'near thr':>8} | {'exact P/R':>11} | {'near P/R':>11} | {'conflict P/R':>12} | "
                  f"{'variant P/R':>11} | {'clean count':>11} | {'truth':>6} | {'error':>6} | "
                  f"{'natural pairs':>13} | {'diff-label':>10} | {'sec':>5}")
        print(header)
        print("-" * len(header))
        for threshold in thresholds:
            started = time.perf_counter()
            # Surface and label checks only: semantic duplicates are measured in semantic_calibration.py,
            # likely-mislabeled rows in mislabeled.py (the truth here knows nothing of BANKING77's own
            # label noise, which DA203 would rightly flag).
            report = audit_dataset(dataset, Settings(near_duplicate_threshold=threshold, embedder="none",
                                                     ignore=("DA203",)))
            seconds = time.perf_counter() - started
            m = evaluate(report, injected, len(base))
            natural, natural_diff = natural_flags(args.banking77 / "train.csv", threshold)
            print(f"{threshold:>8.2f} | {m['exact'][0]:.3f}/{m['exact'][1]:.3f} | {m['near'][0]:.3f}/{m['near'][1]:.3f} | "
                  f"{m['conflict'][0]:.3f}/{m['conflict'][1]:.3f}  | {m['variant'][0]:.3f}/{m['variant'][1]:.3f} | "
                  f"{m['count']:>11,} | {m['truth']:>6,} | {m['count_error']:>+6.1%} | {natural:>13,} | "
                  f"{natural_diff:>10,} | {seconds:>5.1f}")
    print("\nP/R = precision/recall. near P counts a flagged pair as right when both rows come from the same "
          "injected family; 'natural pairs' = near-duplicate pairs flagged in the untouched BANKING77 train, "
          "'diff-label' = how many of those carry different labels.")


if __name__ == "__main__":
    main()
