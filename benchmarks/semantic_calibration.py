"""Calibrate each embedder's semantic-duplicate threshold on STS-B train.

    HF_HUB_OFFLINE=1 python benchmarks/semantic_calibration.py [--stsb PATH] [--embedders minilm,e5,use]
        [--crosslingual PATH] [--max-pairs N] [--seed 13]

1. Reads STS-B train (tab-separated: genre, filename, year, id, score, sentence1,
   sentence2; some lines carry extra trailing fields, which are ignored). Pairs scored
   >= 4.6 (of 5) are positives (same meaning); pairs scored <= 2.5 are negatives
   (different meaning); pairs in between are left out. --max-pairs subsamples the kept
   pairs with a fixed seed (default: all of them).
2. For each embedder: embeds every distinct sentence once (rate reported without the
   model load), takes the cosine of each pair, and prints precision / recall / F1 of
   "cosine >= t means same meaning" for t = 0.70 .. 0.98 (rows with precision >= 0.80).
3. Recommended threshold per model: the lowest t with precision >= 0.95; if no t
   reaches 0.95, the t with the best precision among those with recall >= 0.30 (the
   rule used is printed).
4. Cross-lingual check (benchmarks/data/crosslingual_hi_en.csv, Hindi / Hinglish /
   code-mixed utterances with English translations): share of translation pairs at
   or above the model's recommended threshold (recall), and share of mismatched pairs
   (each Hindi sentence against one random other English sentence, fixed seed) at or
   above it (false-positive rate); also the rate over all mismatched pairs.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, machine  # noqa: E402

import numpy as np  # noqa: E402

DEFAULT_STSB = REPO.parent / "shared" / "data" / "stsb-train" / "sts-train.csv"
DEFAULT_CROSSLINGUAL = Path(__file__).resolve().parent / "data" / "crosslingual_hi_en.csv"
POSITIVE_MIN = 4.6
NEGATIVE_MAX = 2.5
THRESHOLDS = [round(t / 100, 2) for t in range(70, 99)]
TARGET_PRECISION = 0.95
FALLBACK_RECALL = 0.30
SHOW_PRECISION = 0.80


def read_stsb(path: Path) -> list[tuple[str, str, bool]]:
    """(sentence1, sentence2, is_positive) for the pairs kept."""
    if not path.is_file():
        sys.exit(f"STS-B train not found at {path}: pass --stsb PATH (sts-train.csv).")
    pairs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7:
                continue
            try:
                score = float(row[4])
            except ValueError:
                continue  # a header or a broken line
            if score >= POSITIVE_MIN:
                pairs.append((row[5], row[6], True))
            elif score <= NEGATIVE_MAX:
                pairs.append((row[5], row[6], False))
    return pairs


def read_crosslingual(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["hindi"], row["english"]) for row in csv.DictReader(handle)]


def devanagari_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(0x900 <= ord(ch) <= 0x97F for ch in letters) / max(len(letters), 1)


def score_table(cos: np.ndarray, labels: np.ndarray) -> list[dict]:
    rows = []
    positives = int(labels.sum())
    for t in THRESHOLDS:
        flagged = cos >= t
        tp = int((flagged & labels).sum())
        fp = int((flagged & ~labels).sum())
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / positives if positives else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        rows.append({"t": t, "tp": tp, "fp": fp, "precision": precision, "recall": recall, "f1": f1})
    return rows


def recommend(rows: list[dict]) -> tuple[dict, str]:
    for row in rows:
        if row["precision"] >= TARGET_PRECISION:  # nan compares False
            return row, f"lowest threshold with precision >= {TARGET_PRECISION:.2f}"
    candidates = [r for r in rows if r["recall"] >= FALLBACK_RECALL and r["precision"] == r["precision"]]
    if not candidates:
        return max(rows, key=lambda r: (r["f1"], -r["t"])), "fallback: no threshold has recall >= 0.30; best F1"
    best = max(candidates, key=lambda r: (r["precision"], -r["t"]))
    return best, (f"fallback: no threshold reaches precision {TARGET_PRECISION:.2f}; "
                  f"best precision with recall >= {FALLBACK_RECALL:.2f}")


def fmt(row: dict) -> str:
    return (f"  {row['t']:.2f}  {row['precision']:9.3f}  {row['recall']:6.3f}  {row['f1']:6.3f}"
            f"  {row['tp']:5d}  {row['fp']:5d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stsb", type=Path, default=DEFAULT_STSB)
    parser.add_argument("--embedders", default="use,minilm,e5")
    parser.add_argument("--crosslingual", type=Path, default=DEFAULT_CROSSLINGUAL)
    parser.add_argument("--max-pairs", type=int, default=0, help="subsample the kept STS-B pairs (0: all)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    from dataaudit.embeddings.models import load_embedder

    pairs = read_stsb(args.stsb)
    total_kept = len(pairs)
    if args.max_pairs and args.max_pairs < len(pairs):
        pairs = random.Random(args.seed).sample(pairs, args.max_pairs)
    labels = np.array([p[2] for p in pairs], dtype=bool)
    texts = list(dict.fromkeys(s for a, b, _ in pairs for s in (a, b)))
    index = {s: i for i, s in enumerate(texts)}
    left = np.array([index[a] for a, _, _ in pairs])
    right = np.array([index[b] for _, b, _ in pairs])

    from dataaudit.stages.minimal_pair_stage import rule_for_texts
    from dataaudit.text import normalize

    normalized = [normalize(t) for t in texts]
    # As in a scan of a file holding every STS-B sentence: the template families (and which
    # words the file swaps as slot fillers) are its texts'.
    pair_rule = rule_for_texts(normalized)
    # DA103 never pairs a template pair (a number, a slot, moved entities) below the model's
    # minimal_pair_sure: what that rule costs on STS-B, at the model's threshold.
    template = np.array(pair_rule.template_pairs(list(zip(left.tolist(), right.tolist()))))

    cross = read_crosslingual(args.crosslingual)
    hindi = [h for h, _ in cross]
    english = [e for _, e, in cross]
    rng = random.Random(args.seed)
    mismatch = [rng.choice([j for j in range(len(cross)) if j != i]) for i in range(len(cross))]
    deva = np.array([devanagari_share(h) > 0.5 for h in hindi])

    print(f"machine: {machine()}")
    print(f"STS-B train: {args.stsb}")
    sample_note = (f"subsample of {len(pairs)} of {total_kept} kept pairs, seed {args.seed}"
                   if len(pairs) < total_kept else "all kept pairs, no subsampling")
    print(f"pairs: {int(labels.sum())} positives (score >= {POSITIVE_MIN}), {int((~labels).sum())} negatives "
          f"(score <= {NEGATIVE_MAX}); {sample_note}; {len(texts)} distinct sentences")
    print(f"cross-lingual: {args.crosslingual.name}, {len(cross)} pairs ({int(deva.sum())} mostly Devanagari, "
          f"{int((~deva).sum())} Latin-script: romanized or code-mixed); mismatched pairs: seed {args.seed}")

    summary = []
    for name in [n.strip() for n in args.embedders.split(",") if n.strip()]:
        started = time.perf_counter()
        model = load_embedder(name)
        model.encode(["warm up"])
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        vectors = model.encode(texts)
        seconds = time.perf_counter() - started
        rate = len(texts) / seconds
        cos = np.einsum("ij,ij->i", vectors[left], vectors[right])
        rows = score_table(cos, labels)
        best, rule = recommend(rows)

        print(f"\n== {name}: {model.info.model}")
        print(f"load {loaded:.1f}s; embedded {len(texts)} sentences in {seconds:.1f}s = {rate:.0f} texts/s")
        print(f"cosine: positives median {np.median(cos[labels]):.3f}, negatives median {np.median(cos[~labels]):.3f}, "
              f"negatives 99th pct {np.percentile(cos[~labels], 99):.3f}")
        print("  thr   precision  recall      F1     TP     FP")
        shown = [r for r in rows if r["precision"] >= SHOW_PRECISION or r is best]
        for row in shown:
            print(fmt(row) + ("   <- recommended" if row is best else ""))
        if not shown:
            print("  (no threshold reaches precision 0.80)")
        print(f"recommended {best['t']:.2f} ({rule}): precision {best['precision']:.3f}, recall {best['recall']:.3f}, "
              f"F1 {best['f1']:.3f}; package default {model.info.threshold:.2f}")
        d, sure = model.info.threshold, model.info.minimal_pair_sure or 1.01
        plain = cos >= d
        ruled = plain & ~(template & (cos < sure))
        for what, flagged in (("cosine alone", plain), ("with the template rule (as DA103 runs)", ruled)):
            tp, fp = int((flagged & labels).sum()), int((flagged & ~labels).sum())
            print(f"  at {d:.2f}, {what}: precision {tp / max(tp + fp, 1):.3f}, recall {tp / max(int(labels.sum()), 1):.3f}"
                  f" ({tp} TP, {fp} FP)")
        print(f"  template pairs among the STS-B pairs: {int(template.sum())} ({int((template & labels).sum())} "
              f"positives, {int((template & ~labels).sum())} negatives)")

        hv = model.encode(hindi)
        ev = model.encode(english)
        sim = hv @ ev.T
        t = best["t"]
        matched = np.diag(sim)
        random_mis = sim[np.arange(len(cross)), mismatch]
        off = sim[~np.eye(len(cross), dtype=bool)]
        recall_x = float((matched >= t).mean())
        fpr_x = float((random_mis >= t).mean())
        fpr_all = float((off >= t).mean())
        print(f"cross-lingual at {t:.2f}: recall {recall_x:.3f} ({int((matched >= t).sum())}/{len(cross)}; "
              f"Devanagari {int((matched[deva] >= t).sum())}/{int(deva.sum())}, "
              f"Latin-script {int((matched[~deva] >= t).sum())}/{int((~deva).sum())}); "
              f"FPR {fpr_x:.3f} ({int((random_mis >= t).sum())}/{len(cross)} random mismatches), "
              f"{fpr_all:.3f} over all {off.size} mismatches")
        d = model.info.threshold
        print(f"  at the package default {d:.2f}: recall {float((matched >= d).mean()):.3f} "
              f"(Devanagari {int((matched[deva] >= d).sum())}/{int(deva.sum())}, "
              f"Latin-script {int((matched[~deva] >= d).sum())}/{int((~deva).sum())}); "
              f"FPR {float((random_mis >= d).mean()):.3f} random, {float((off >= d).mean()):.3f} all")
        print(f"  cosine: translations median {np.median(matched):.3f} (Devanagari {np.median(matched[deva]):.3f}, "
              f"Latin-script {np.median(matched[~deva]):.3f}); mismatches median {np.median(off):.3f}, "
              f"max {off.max():.3f}")
        skipped = sum(not model.info.reads(h) for h in hindi)
        if skipped:
            print(f"  note: dataaudit leaves {skipped}/{len(cross)} of these Hindi texts out of semantic comparison "
                  f"with {name} (unsupported script)")
        summary.append((name, best, rate, recall_x, fpr_x, fpr_all, model.info.threshold))

    print("\nsummary")
    print("  model   threshold  precision  recall  texts/s  xling recall  xling FPR (random / all)  package default")
    for name, best, rate, recall_x, fpr_x, fpr_all, default in summary:
        print(f"  {name:<7} {best['t']:9.2f}  {best['precision']:9.3f}  {best['recall']:6.3f}  {rate:7.0f}"
              f"  {recall_x:12.3f}  {fpr_x:10.3f} / {fpr_all:.3f}  {default:15.2f}")


if __name__ == "__main__":
    main()
