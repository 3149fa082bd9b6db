"""Representative of real traffic: held-out intents and languages against a production sample.

    python benchmarks/representativeness.py [--banking77 DIR] [--hinglish TSV] [--seeds 3]
                                            [--embedder use] [--clinc data_full.json]

What the --production comparison (dataaudit/quality/representativeness.py) should say, on real intent
data with a known answer:

  banking77 held out   training: 3,000 BANKING77 train rows of 67 intents (10 drawn per seed
                       held out); production: 1,000 test rows of all 77. Each held-out intent
                       is found when half or more of its production rows fall in reported gaps.
                       (As the scan does, 1,000 of the training rows are compared: as many as
                       production.)
                       A gap is wrong when most of its rows are of intents the training set has.
  banking77 random     training: 3,000 train rows of all intents; production: 1,000 test rows.
                       Coverage should be near 1 and no gap reported.
  hinglish language    Hinglish-TOP: training the English requests of 1,500 rows; production
                       the other 1,500 rows, half in English, half in code-mixed Hinglish. The
                       Hinglish half should be uncovered and in gaps.
  hinglish random      training and production: two halves of the code-mixed requests.
  clinc held out       CLINC150 (github.com/clinc/oos-eval, data/data_full.json, CC BY 3.0; given
                       with --clinc): training 3,000 train rows of 140 intents (10 held out),
                       production 1,000 test rows of all 150 (~7 per intent).
  clinc domain         the same with one of the 10 domains (15 intents) held out of training.
  clinc random         training 3,000 train rows of all intents; production 1,000 test rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from common import DEFAULT_BANKING77, banking77, machine, peak_rss_mb  # noqa: E402

from dataaudit.config import Settings  # noqa: E402
from dataaudit.quality.representativeness import embedders_for, gap_groups, neighbourhood, vectors_for  # noqa: E402

DEFAULT_HINGLISH = DEFAULT_BANKING77.parent / "hinglish-top" / "test.tsv"


def judge(train: list[str], prod: list[str], prod_truth: list[str], held: set[str], embedder: str) -> dict:
    train = train[: len(prod)]  # as many of each, as the scan compares them (train comes shuffled)
    vectors, compared_with = vectors_for(train + prod, embedders_for(Settings(embedder=embedder)))
    neighbours, uncovered = neighbourhood(vectors, len(train))
    groups = gap_groups(uncovered, neighbours, len(train))
    in_gap = {m - len(train) for g in groups for m in g}
    wrong = sum(1 for g in groups
                if Counter(prod_truth[m - len(train)] in held for m in g).most_common(1)[0][0] is False)
    out = {"compared with": compared_with.split(" (")[0], "coverage": 1 - len(uncovered) / len(prod),
           "gaps": len(groups), "wrong gaps": wrong}
    if held:
        found = 0
        for name in held:
            rows = [k for k, truth in enumerate(prod_truth) if truth == name]
            found += bool(rows) and sum(k in in_gap for k in rows) >= 0.5 * len(rows)
        out["held out found"] = f"{found}/{len(held)}"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--hinglish", type=Path, default=DEFAULT_HINGLISH)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--embedder", default="use")
    parser.add_argument("--clinc", type=Path, help="CLINC150's data_full.json (not shipped; see above)")
    args = parser.parse_args()
    print(f"# {machine()}")
    train_all, test_all = banking77(args.banking77, "train"), banking77(args.banking77, "test")
    intents = sorted(train_all["category"].unique())
    for seed in range(args.seeds):
        rng = np.random.default_rng(seed)
        held = set(rng.choice(intents, 10, replace=False).tolist())
        train = train_all[~train_all["category"].isin(held)].sample(3000, random_state=seed)
        prod = test_all.sample(1000, random_state=seed)
        print(f"banking77 held out, seed {seed}:", judge(list(train["text"]), list(prod["text"]),
                                                        list(prod["category"]), held, args.embedder))
        train = train_all.sample(3000, random_state=seed)
        print(f"banking77 random, seed {seed}:", judge(list(train["text"]), list(prod["text"]),
                                                      list(prod["category"]), set(), args.embedder))
    rows = pd.read_csv(args.hinglish, sep="\t", quoting=csv.QUOTE_NONE).head(3000)
    english, hinglish = list(rows["en_query"]), list(rows["cs_query"])
    prod = english[1500:2250] + hinglish[2250:]
    truth = ["en"] * 750 + ["hinglish"] * 750
    print("hinglish language:", judge(english[:1500], prod, truth, {"hinglish"}, args.embedder))
    print("hinglish random:", judge(hinglish[:1500], hinglish[1500:], ["hinglish"] * 1500, set(), args.embedder))
    if args.clinc:
        clinc(args.clinc, args.seeds, args.embedder)
    print(f"peak RSS {peak_rss_mb():.0f} MB")


def clinc(path: Path, seeds: int, embedder: str) -> None:
    data = json.loads(path.read_text())
    train_all = pd.DataFrame(data["train"], columns=["text", "category"])
    test_all = pd.DataFrame(data["test"], columns=["text", "category"])
    domain_of = {intent: domain for domain, intents in json.loads((path.parent / "domains.json").read_text()).items()
                 for intent in intents} if (path.parent / "domains.json").exists() else {}
    intents = sorted(train_all["category"].unique())
    domains = sorted(set(domain_of.values()))
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        prod = test_all.sample(1000, random_state=seed)
        held = set(rng.choice(intents, 10, replace=False).tolist())
        train = train_all[~train_all["category"].isin(held)].sample(3000, random_state=seed)
        print(f"clinc held out, seed {seed}:", judge(list(train["text"]), list(prod["text"]),
                                                    list(prod["category"]), held, embedder))
        if domains:
            domain = domains[seed % len(domains)]
            held = {i for i, d in domain_of.items() if d == domain}
            train = train_all[~train_all["category"].isin(held)].sample(3000, random_state=seed)
            print(f"clinc domain {domain}, seed {seed}:", judge(list(train["text"]), list(prod["text"]),
                                                               list(prod["category"]), held, embedder))
        train = train_all.sample(3000, random_state=seed)
        print(f"clinc random, seed {seed}:", judge(list(train["text"]), list(prod["text"]),
                                                  list(prod["category"]), set(), embedder))


if __name__ == "__main__":
    main()
