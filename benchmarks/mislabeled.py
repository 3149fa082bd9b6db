"""DA203 likely_mislabeled on BANKING77 with injected label flips of known answer.

    python benchmarks/mislabeled.py [--banking77 DIR] [--embedder minilm] [--rates 0.02,0.05,0.10]
                                    [--modes random,confusable] [--seed 7] [--dump DIR]

The base is BANKING77 train with exact and near (≥ 0.8) duplicates removed, so a flip
never creates a DA201 conflict. A share of rows then gets a wrong label:
  random      any other label;
  confusable  the label a classifier most confuses it with (mean out-of-sample
              probability over the label's rows, from the baseline below on clean data).
Each run reports precision and recall of the flagged rows against the flips, and
precision@k: of the k rows the method ranks most likely mislabeled (k = number of
flips; all rows ranked by 1 - the out-of-sample probability of their label), the
share that were flipped — how good the ranking is, whatever the cut-off. BANKING77 has label errors of
its own: rows flagged on the un-injected base are counted as false positives in P, and
left out of "P excl. base" (precision with those pre-existing suspects ignored).

Methods, same cleanlab call (find_label_issues, filter "low_self_confidence", ranked by
self-confidence):
  baseline    word 1-2-gram TF-IDF + logistic regression, 5-fold stratified CV;
  dataaudit   the DA203 check itself: char n-gram TF-IDF (+ embeddings unless
              --embedder none), grouped folds, and its confidence gate.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from common import DEFAULT_BANKING77, banking77, machine, peak_rss_mb  # noqa: E402
from inject import clean_base  # noqa: E402

from dataaudit.checks import likely_mislabeled  # noqa: E402
from dataaudit.model.dataset import Dataset  # noqa: E402
from dataaudit.config import Settings  # noqa: E402
from dataaudit.stages import STAGES, StageRunner  # noqa: E402


def as_dataset(frame: pd.DataFrame) -> Dataset:
    table = pd.DataFrame({"row_id": list(range(len(frame))), "text": frame["text"].tolist(),
                          "compare": frame["text"].tolist(), "prompt": [None] * len(frame),
                          "label": frame["label"].tolist()})
    return Dataset(frame=table, path="banking77-injected", format="csv", sha256="-", text_columns=("text",),
                   label_column="label", id_column=None)


def dataaudit_flags(frame: pd.DataFrame, embedder: str, dump: Path | None, name: str, models: list | None = None):
    settings = Settings(embedder=embedder, select=("DA203",))
    # DA203 alone: no label-spelling merges (DA202) and no semantic groups (DA103) feed it.
    runner = StageRunner(STAGES, as_dataset(frame), settings, running=frozenset({"DA203"}))
    outcome = likely_mislabeled.run(runner.inputs(likely_mislabeled.CHECK.stages, "benchmark"))
    model = runner.get("label_model")
    if models is not None:
        models.append(model)
    if dump:
        np.savez(dump / f"{name}.npz", positions=model.positions, given=model.given, probs=model.probabilities)
    given = model.probabilities[np.arange(len(model.given)), model.given]
    ranking = [int(model.positions[i]) for i in np.argsort(given, kind="stable")]
    return [(f.rows[0], f.score) for f in outcome.findings], ranking


def baseline_probabilities(texts: list[str], y: np.ndarray, classes: int) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    features = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    return cross_val_predict(LogisticRegression(C=10, max_iter=300), features, y,
                             cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba")


def baseline_flags(frame: pd.DataFrame):
    from cleanlab.filter import find_label_issues

    classes = sorted(frame["label"].unique())
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[c] for c in frame["label"]])
    probs = baseline_probabilities(frame["text"].tolist(), y, len(classes))
    found = find_label_issues(y, probs, filter_by="low_self_confidence", n_jobs=1,
                              return_indices_ranked_by="self_confidence")
    given = probs[np.arange(len(y)), y]
    ranking = [int(i) for i in np.argsort(given, kind="stable")]
    return ([(int(i), 1.0 - float(given[i])) for i in found], ranking), probs


def scores(result, truth: set[int], base_suspects: set[int]) -> dict:
    flags, ranking = result
    flagged = {row for row, _ in flags}
    hits = len(flagged & truth)
    ranked = ranking[:len(truth)]
    ignored = (flagged - truth) & base_suspects
    return {"flagged": len(flagged), "P": hits / max(len(flagged), 1), "R": hits / max(len(truth), 1),
            "P@k": len(set(ranked) & truth) / max(len(truth), 1),
            "P excl. base": hits / max(len(flagged) - len(ignored), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--embedder", default="minilm", help="embedder for the second dataaudit run")
    parser.add_argument("--rates", default="0.02,0.05,0.10")
    parser.add_argument("--modes", default="random,confusable")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dump", type=Path, help="save each run's out-of-sample probabilities here (.npz)")
    args = parser.parse_args()
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}", flush=True)
    raw = banking77(args.banking77, "train").rename(columns={"category": "label"})
    base = clean_base(raw, "text", min_gap=0.8)[["text", "label"]]
    labels = sorted(base["label"].unique())
    print(f"base: {len(base):,} rows, {len(labels)} labels (BANKING77 train less exact/near duplicates)", flush=True)

    methods = {"baseline word TF-IDF+LR": lambda f, n: baseline_flags(f)[0],
               "dataaudit --embedder none": lambda f, n: dataaudit_flags(f, "none", args.dump, f"none-{n}")}
    if args.embedder != "none":
        methods[f"dataaudit --embedder {args.embedder}"] = \
            lambda f, n: dataaudit_flags(f, args.embedder, args.dump, f"{args.embedder}-{n}")

    # Pre-existing suspects, per method, and the confusion map for confusable flips.
    suspects, seconds = {}, {}
    for name, flags_of in methods.items():
        started = time.perf_counter()
        suspects[name] = {row for row, _ in flags_of(base, "base")[0]}
        seconds[name] = time.perf_counter() - started
        print(f"  {name}: flags {len(suspects[name])} rows of the un-injected base "
              f"({seconds[name]:.1f} s)", flush=True)
    _, base_probs = baseline_flags(base)
    index = {c: i for i, c in enumerate(labels)}
    y = np.array([index[c] for c in base["label"]])
    confusion = np.vstack([base_probs[y == c].mean(axis=0) for c in range(len(labels))])
    np.fill_diagonal(confusion, -1.0)
    most_confused = {labels[c]: labels[int(np.argmax(confusion[c]))] for c in range(len(labels))}

    rows = []
    for mode in args.modes.split(","):
        for rate in (float(r) for r in args.rates.split(",")):
            rng = random.Random(f"{args.seed}-{mode}-{rate}")
            flipped = sorted(rng.sample(range(len(base)), int(round(rate * len(base)))))
            frame = base.copy()
            for row in flipped:
                given = frame.at[row, "label"]
                frame.at[row, "label"] = (most_confused[given] if mode == "confusable"
                                          else rng.choice([l for l in labels if l != given]))
            truth = set(flipped)
            for name, flags_of in methods.items():
                started = time.perf_counter()
                result = scores(flags_of(frame, f"{mode}-{rate}"), truth, suspects[name])
                result.update(mode=mode, rate=rate, method=name, seconds=time.perf_counter() - started)
                rows.append(result)
                print(f"{mode:10s} {rate:4.0%} {name:28s} flagged {result['flagged']:4d}  P {result['P']:.3f}  "
                      f"R {result['R']:.3f}  P@k {result['P@k']:.3f}  P excl. base {result['P excl. base']:.3f}  "
                      f"({result['seconds']:.0f} s)", flush=True)
    print("\n| flips | method | flagged | precision | recall | precision@k | P excl. base |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['rate']:.0%} {r['mode']} | {r['method']} | {r['flagged']} | {r['P']:.3f} | {r['R']:.3f} | "
              f"{r['P@k']:.3f} | {r['P excl. base']:.3f} |")
    print(f"\npeak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
