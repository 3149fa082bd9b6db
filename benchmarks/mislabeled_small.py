"""DA203 likely_mislabeled on small, fine-grained label sets, with label flips of known answer.

    python benchmarks/mislabeled_small.py [--banking77 DIR] [--embedders none,minilm,e5]
                                          [--seeds 5] [--rate 0.05] [--per-label 20-30]

The files the toolkit is made for are small: hundreds to a few thousand rows over tens to
150 labels, 10-30 rows per label, often in more than one language. Two such sets:

  banking77   BANKING77 train less exact/near duplicates (as benchmarks/mislabeled.py),
              subsampled to 20-30 rows per intent (77 intents, ~1,900 rows), one
              sample per seed;
  voice       benchmarks/data/voice_intents_hi_en.csv: 338 voice-agent requests in
              Hindi (Devanagari), romanized Hindi, English and a mix, 15 intents,
              20-28 rows each.

Each seed flips `--rate` of the rows to a random other label. Precision, recall and F1 of
the flagged rows against the flips are pooled over the seeds (so a seed with few flips
weighs what it holds); rows flagged in the un-injected sample count as false positives.

A second table is the evidence for DA203's per-label gate: every row cleanlab names in the
flipped samples with a suggestion >= MIN_ODDS (8) x the given label's probability, before the
gate — less the rows it also names in the un-injected sample, which carry label errors of
their own —, pooled over all sets, embedders and seeds, binned by the agreement of the less
reliably told apart of its two labels (label_issues.label_agreement: one-vs-rest kappa of
the classifier's out-of-sample answers) and the suggestion's probability, with the share
that were real flips.

`--dump DIR` keeps each seed's out-of-sample probabilities and flips; `--replay DIR` scores
the gate as the code now has it on them (no scans), so two gates compare on the same numbers.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from common import DEFAULT_BANKING77, REPO, banking77, machine, peak_rss_mb  # noqa: E402
from inject import clean_base  # noqa: E402
from mislabeled import dataaudit_flags  # noqa: E402

from dataaudit.labelling.issues import label_agreement, suspects  # noqa: E402

VOICE = REPO / "benchmarks" / "data" / "voice_intents_hi_en.csv"


def subsample(base: pd.DataFrame, low: int, high: int, rng: random.Random) -> pd.DataFrame:
    parts = []
    for label, rows in base.groupby("label", sort=True):
        take = min(len(rows), rng.randint(low, high))
        parts.append(rows.sample(n=take, random_state=rng.randrange(2**31)))
    return pd.concat(parts).sample(frac=1.0, random_state=rng.randrange(2**31)).reset_index(drop=True)


def flip(frame: pd.DataFrame, rate: float, rng: random.Random) -> tuple[pd.DataFrame, set[int]]:
    labels = sorted(frame["label"].unique())
    flipped = sorted(rng.sample(range(len(frame)), max(1, int(round(rate * len(frame))))))
    out = frame.copy()
    for row in flipped:
        out.at[row, "label"] = rng.choice([label for label in labels if label != out.at[row, "label"]])
    return out, set(flipped)


AGREEMENT_BANDS = (-1.0, 0.4, 0.65, 0.8, 1.01)
PROBABILITY_BANDS = (0.0, 0.3, 0.5, 1.01)


def ungated_candidates(model, truth: set[int]) -> list[tuple[float, float, bool, int]]:
    """(the weaker agreement of its two labels, suggestion probability, is a real flip, row) for every
    row cleanlab names whose suggestion passes the odds test, before the per-label gate."""
    return candidates(model.positions, model.given, model.probabilities, truth)


def candidates(positions, given, probabilities, truth: set[int]) -> list[tuple[float, float, bool, int]]:
    agreement = label_agreement(given, probabilities)
    best, suggested = probabilities.max(axis=1), probabilities.argmax(axis=1)
    return [(float(min(agreement[given[i]], agreement[suggested[i]])), float(best[i]),
             int(positions[i]) in truth, int(positions[i])) for i in suspects(given, probabilities)]


def gate_table(candidates: list[tuple[float, float, bool, int]]) -> list[str]:
    lines = ["| weaker label's agreement | suggestion < 0.3 | 0.3-0.5 | >= 0.5 |", "|---|---:|---:|---:|"]
    for low, high in zip(AGREEMENT_BANDS, AGREEMENT_BANDS[1:]):
        cells = []
        for p_low, p_high in zip(PROBABILITY_BANDS, PROBABILITY_BANDS[1:]):
            hits = [right for acc, p, right, _ in candidates if low <= acc < high and p_low <= p < p_high]
            cells.append(f"{sum(hits) / len(hits):.2f} of {len(hits)}" if hits else "-")
        lines.append(f"| {max(low, 0):.2f}-{min(high, 1):.2f} | " + " | ".join(cells) + " |")
    return lines


def save_dump(path: Path, noisy, base, truth: set[int]) -> None:
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, noisy_positions=noisy.positions, noisy_given=noisy.given, noisy_probs=noisy.probabilities,
             base_positions=base.positions, base_given=base.given, base_probs=base.probabilities,
             truth=np.array(sorted(truth), dtype=np.int64))


def replay(folder: Path) -> None:
    """The first table from dumped probabilities, with the gate as the code now has it: the scans'
    probabilities do not depend on the gate, so gates are compared on the same numbers."""
    import numpy as np

    from dataaudit.labelling.issues import reported

    pooled: dict[tuple[str, str], list[int]] = {}
    binned = []
    for path in sorted(folder.glob("*.npz")):
        name, embedder, _ = path.stem.split("-")
        d = np.load(path)
        truth = set(d["truth"].tolist())
        known = {row for *_, row in candidates(d["base_positions"], d["base_given"], d["base_probs"], set())}
        binned += [c for c in candidates(d["noisy_positions"], d["noisy_given"], d["noisy_probs"], truth)
                   if c[3] not in known]
        found = {int(d["noisy_positions"][i]) for i in reported(d["noisy_given"], d["noisy_probs"])}
        base = len(reported(d["base_given"], d["base_probs"]))
        row = pooled.setdefault((name, embedder), [0, 0, 0, 0, 0])
        for k, v in enumerate((len(truth), len(found), len(found & truth), base, 1)):
            row[k] += v
    print("| set | embedder | flips | flagged | precision | recall | F1 | flags on clean sample |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for (name, embedder), (flips, flagged, hits, base, seeds) in sorted(pooled.items()):
        precision, recall = hits / max(flagged, 1), hits / max(flips, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        print(f"| {name} | {embedder} | {flips} | {flagged} | {precision:.3f} | {recall:.3f} | {f1:.3f} | "
              f"{base / seeds:.1f} |")
    print("\n".join(["", *gate_table(binned)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--embedders", default="none,use,minilm,e5")
    parser.add_argument("--sets", default="banking77,voice")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--per-label", default="20-30", help="rows per BANKING77 intent, LOW-HIGH")
    parser.add_argument("--dump", type=Path, help="save each seed's out-of-sample probabilities and flips here")
    parser.add_argument("--replay", type=Path, help="score DA203's current gate on a --dump folder (no scans)")
    args = parser.parse_args()
    if args.replay:
        return replay(args.replay)
    low, high = (int(x) for x in args.per_label.split("-"))
    print(f"machine: {machine()}", flush=True)

    bases = {}
    if "banking77" in args.sets:
        raw = banking77(args.banking77, "train").rename(columns={"category": "label"})
        bases["banking77"] = clean_base(raw, "text", min_gap=0.8)[["text", "label"]]
    if "voice" in args.sets:
        bases["voice"] = pd.read_csv(VOICE, dtype=str, keep_default_na=False)[["text", "label"]]

    table, candidates = [], []
    for name, base in bases.items():
        for embedder in args.embedders.split(","):
            hits = flagged = flips = base_flags = 0
            seconds = []
            for seed in range(args.seeds):
                rng = random.Random(f"{name}-{seed}")
                sample = subsample(base, low, high, rng) if name == "banking77" else base
                noisy, truth = flip(sample, args.rate, rng)
                started = time.perf_counter()
                models: list = []
                found = {row for row, _ in dataaudit_flags(noisy, embedder, None, f"{name}-{seed}", models)[0]}
                seconds.append(time.perf_counter() - started)
                base_flags += len({row for row, _ in dataaudit_flags(sample, embedder, None, "base", models)[0]})
                noisy_model, base_model = models
                if args.dump and noisy_model is not None and base_model is not None:
                    save_dump(args.dump / f"{name}-{embedder}-{seed}.npz", noisy_model, base_model, truth)
                if noisy_model is not None and base_model is not None:
                    # Rows the method already suspects in the un-injected sample are neither right nor
                    # wrong here (the sample carries label errors of its own): left out, as "P excl. base".
                    suspects = {row for _, _, _, row in ungated_candidates(base_model, set())}
                    candidates += [c for c in ungated_candidates(noisy_model, truth) if c[3] not in suspects]
                hits, flagged, flips = hits + len(found & truth), flagged + len(found), flips + len(truth)
                print(f"  {name} {embedder} seed {seed}: {len(sample)} rows, {len(truth)} flips, flagged "
                      f"{len(found)}, right {len(found & truth)} ({seconds[-1]:.1f} s)", flush=True)
            precision, recall = hits / max(flagged, 1), hits / max(flips, 1)
            f1 = 2 * precision * recall / max(precision + recall, 1e-9)
            table.append((name, embedder, flips, flagged, precision, recall, f1, base_flags / args.seeds,
                          sorted(seconds)[len(seconds) // 2]))
            print(f"{name} {embedder}: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}", flush=True)
    print(f"\n{args.rate:.0%} random flips, {args.seeds} seeds pooled")
    print("| set | embedder | flips | flagged | precision | recall | F1 | flags on clean sample | s per scan |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, embedder, flips, flagged, p, r, f1, base_flags, secs in table:
        print(f"| {name} | {embedder} | {flips} | {flagged} | {p:.3f} | {r:.3f} | {f1:.3f} | {base_flags:.1f} | "
              f"{secs:.1f} |")
    print("\nrows cleanlab names in the flipped samples with a suggestion >= MIN_ODDS (8) x the given label's, before the "
          "probability floor (rows it also names in the un-injected sample left out): share that were real flips")
    print("\n".join(gate_table(candidates)))
    print(f"\npeak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
