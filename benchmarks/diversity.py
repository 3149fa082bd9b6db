"""Diverse enough to generalize: phrasings per label on sets of known shape.

    python benchmarks/diversity.py [--banking77 DIR] [--hinglish TSV] [--rows 3000] [--seeds 3]

Three sources, each scanned with the defaults (`--embedder none`: the phrasings do not use
the embedder; only the rows it excludes as duplicates would change):

  templated  benchmarks/templated_pairs.py's slot-filled set (1,500 texts, 9 intents, each with
             a known number of templates: 1-4) with its typo copies: few phrasings; the
             estimate is compared with the true template count per label.
  banking77  BANKING77 train, `--rows` sampled rows per seed: people's own wordings, many
             phrasings per label.
  hinglish   Hinglish-TOP (code-mixed Hindi-English voice requests), the first `--rows` rows.
  tweets     `--rows` airline tweets with their sentiment (`--tweets Tweets.csv`, not shipped).

Per source: labels judged (>= MIN_ROWS clean rows), effective phrasings per clean row
(min / median / max over them), labels flagged "a few templates", and for the templated set
the estimated against the true template count.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from common import DEFAULT_BANKING77, banking77, machine, peak_rss_mb  # noqa: E402
import templated_pairs as tp  # noqa: E402

from dataaudit import audit  # noqa: E402
from dataaudit.config import Settings  # noqa: E402
from dataaudit.quality.diversity import MIN_ROWS  # noqa: E402

DEFAULT_HINGLISH = DEFAULT_BANKING77.parent / "hinglish-top" / "test.tsv"


def templated_file(folder: Path, seed: int) -> tuple[Path, dict[str, int]]:
    rows, _ = tp.build(1500, 5 + seed)
    path = folder / f"templated-{seed}.csv"
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(path, index=False)
    templates: dict[str, int] = {}
    for label, _ in tp.TEMPLATES:
        templates[label] = templates.get(label, 0) + 1
    return path, templates


def banking_file(folder: Path, source: Path, rows: int, seed: int) -> Path:
    path = folder / f"banking77-{seed}.csv"
    banking77(source).sample(n=rows, random_state=seed).to_csv(path, index=False)
    return path


def hinglish_file(folder: Path, source: Path, rows: int) -> Path:
    data = pd.read_csv(source, sep="\t", quoting=csv.QUOTE_NONE).head(rows)
    path = folder / "hinglish.csv"
    pd.DataFrame({"text": data["cs_query"], "label": data["cs_parse"].str.extract(r"\[IN:(\w+)")[0]}).to_csv(
        path, index=False)
    return path


def measure(name: str, path: Path, templates: dict[str, int] | None = None) -> dict:
    report = audit(path, Settings(embedder="none"))
    judged = [d for d in report.diversity if d.clean_rows >= MIN_ROWS]
    per_row = [d.effective_phrasings / d.clean_rows for d in judged]
    out = {"source": name, "rows": report.summary.total_rows, "labels judged": len(judged),
           "flagged": sum(d.few_templates for d in judged),
           "phrasings/row min": min(per_row), "median": statistics.median(per_row), "max": max(per_row)}
    if templates:
        errors = [abs(d.effective_phrasings - templates[d.label]) for d in judged]
        out["templates: mean |estimate - true|"] = round(statistics.mean(errors), 2)
        out["estimates"] = ", ".join(f"{d.label} {d.effective_phrasings:g}/{templates[d.label]}" for d in judged)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--hinglish", type=Path, default=DEFAULT_HINGLISH)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--tweets", type=Path, default=Path("/tmp/Tweets.csv"),
                        help="Twitter US Airline Sentiment CSV (not shipped; skipped when absent)")
    args = parser.parse_args()
    print(f"# {machine()}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for seed in range(args.seeds):
            path, templates = templated_file(folder, seed)
            results.append(measure(f"templated seed {seed}", path, templates))
            results.append(measure(f"banking77 seed {seed}", banking_file(folder, args.banking77, args.rows, seed)))
        results.append(measure("hinglish", hinglish_file(folder, args.hinglish, args.rows)))
        if args.tweets.exists():
            tweets = pd.read_csv(args.tweets).sample(n=args.rows, random_state=0)
            tweets[["text", "airline_sentiment"]].to_csv(folder / "tweets.csv", index=False)
            results.append(measure("tweets", folder / "tweets.csv"))
    for result in results:
        print("  ".join(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}" for k, v in result.items()))
    print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
