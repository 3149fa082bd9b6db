"""DA203 likely_mislabeled on real 1,000-3,000-row files: how many rows it flags, and a seeded
sample of 20 flags per file to read by hand (verdicts in benchmarks/data/da203_read20.tsv).

    python benchmarks/da203_real.py build [--out /tmp/da203]        # write the files
    python benchmarks/da203_real.py scan  [--out /tmp/da203]        # dataaudit scan each, defaults
    python benchmarks/da203_real.py read  [--out /tmp/da203]        # rows flagged, 20 to read per file

The files (seeded samples of public data; none is committed):

  tweets    3,000 rows of Twitter US Airline Sentiment (/tmp/Tweets.csv: text, airline_sentiment),
            3 labels, 63 % negative;
  htop      /tmp/htop3k.csv: 3,000 Hinglish-TOP code-mixed voice requests (text, label, and
            en_query, the English request it was written from), 62 intents, 1-421 rows each;
  banking77 2,000 rows of BANKING77 train (text, category), 77 intents;
  sick      2,000 SICK 2014 sentence pairs (sentence_A, sentence_B, entailment_label), scanned with
            --text-col sentence_A: the label belongs to the pair, not to sentence_A;
  sick_a    the same 2,000 rows with sentence_A written as `text` and the label as `label`: no
            second column tells it is a pair, only the evidence can.

`read` prints, for each file, the share of rows flagged and 20 flagged rows drawn with a fixed
seed (all of them when fewer): the sample that was read for the TSV.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd

SHARED = Path("/work/shared/data")
SOURCES = {"tweets": Path("/tmp/Tweets.csv"), "htop": Path("/tmp/htop3k.csv"),
           "banking77": SHARED / "banking77" / "train.csv", "sick": SHARED / "sick2014" / "SICK_train.txt"}
SEED = 20261207
READ = 20
EXTRA_FLAGS = {"sick": ["--text-col", "sentence_A"]}


def build(out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    tweets = pd.read_csv(SOURCES["tweets"], dtype=str, keep_default_na=False)
    files["tweets"] = _write(tweets.sample(n=3000, random_state=SEED)[["tweet_id", "text", "airline_sentiment"]],
                             out / "tweets3k.csv")
    files["htop"] = SOURCES["htop"]
    bank = pd.read_csv(SOURCES["banking77"], dtype=str, keep_default_na=False)
    files["banking77"] = _write(bank.sample(n=2000, random_state=SEED), out / "banking77_2k.csv")
    sick = pd.read_csv(SOURCES["sick"], sep="\t", dtype=str, keep_default_na=False)
    sick = sick.sample(n=2000, random_state=SEED).rename(columns={"entailment_judgment": "entailment_label"})
    files["sick"] = _write(sick[["pair_ID", "sentence_A", "sentence_B", "entailment_label"]], out / "sick_pairs2k.csv")
    files["sick_a"] = _write(sick.rename(columns={"sentence_A": "text", "entailment_label": "label"})[["text", "label"]],
                             out / "sick_a2k.csv")
    return files


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def scan(out: Path, names: list[str]) -> None:
    files = build(out)
    for name in names:
        report = out / f"{name}.json"
        command = [sys.executable, "-m", "dataaudit", "scan", str(files[name]), "--json", str(report), "--quiet",
                   "--exit-zero", *EXTRA_FLAGS.get(name, [])]
        subprocess.run(command, check=True)
        print(f"{name}: {report}", flush=True)


def read(out: Path, names: list[str]) -> None:
    for name in names:
        report = json.loads((out / f"{name}.json").read_text())
        rows = report["dataset"]["rows"]
        check = next(c for c in report["checks"] if c["code"] == "DA203")
        found = [f for f in report["findings"] if f["code"] == "DA203"]
        print(f"\n## {name}: {rows:,} rows, DA203 {check['status']}, {len(found)} flagged "
              f"({len(found) / rows:.1%}) {check.get('reason', '')}")
        for note in check.get("notes", []):
            print(f"   note: {note}")
        texts = _texts(out, name, report)
        picked = sorted(random.Random(f"{SEED}-{name}").sample(range(len(found)), min(READ, len(found))))
        for k in picked:
            f = found[k]
            row = f["rows"][0]
            given = [label for label in f["labels"] if label != f["suggested_label"]] or [f["suggested_label"]]
            print("\t".join([name, str(row), texts[row].replace("\t", " ").replace("\n", " "), given[0],
                             f["suggested_label"], f"{f['confidence']:.2f}"]))


def _texts(out: Path, name: str, report: dict) -> dict:
    """Row id -> text, read back from the scanned file (row ids are 0-based positions here)."""
    path = Path(report["dataset"]["path"])
    frame = pd.read_csv(path, sep="\t" if path.suffix == ".txt" else ",", dtype=str, keep_default_na=False)
    column = report["dataset"]["text_columns"][0]
    return dict(enumerate(frame[column].tolist()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("build", "scan", "read"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/da203"))
    parser.add_argument("--files", default="tweets,htop,banking77,sick,sick_a")
    args = parser.parse_args()
    names = args.files.split(",")
    if args.step == "build":
        for name, path in build(args.out).items():
            print(f"{name}: {path}")
    elif args.step == "scan":
        scan(args.out, names)
    else:
        read(args.out, names)


if __name__ == "__main__":
    main()
