r"""Draw a seeded sample of findings per check from a dataaudit report and write a TSV to read by hand.

For each check asked for (default DA102 near_duplicate, DA103 semantic_duplicate, DA201
label_conflict) it takes that check's findings in report order, draws `--n` of them (default
20; all of them when the check has fewer) with `random.Random(f"{seed}-{name}-{code}")`,
and writes one line per drawn finding, in report order, with empty `verdict` and `why`
columns for the reader to fill in (right / arguable / wrong, and one short reason).

    HF_HUB_OFFLINE=1 .venv/bin/python -m dataaudit scan FILE --json REPORT.json --exit-zero
    .venv/bin/python benchmarks/read20.py REPORT.json [--data FILE] [--name NAME] \
        [--show-col COL ...] [--checks DA102,DA103,DA201] [--n 20] [--seed 2026] \
        [--carry OLD.tsv] --out read.tsv [--append | --force]

`--data` defaults to the report's `dataset.path`. Texts and labels are read back from that file
(CSV, TSV/.txt, JSONL, JSON or Parquet by extension) with the report's text, label and id
columns; without an id column a row id is the 0-based row position, as in the report.
`--show-col` adds other columns of the file to the `extra` cell (e.g. `en_query` for
Hinglish-TOP, where rows sharing it render the same request). Several reports go in one TSV
with `--append` (header written once). `--carry` copies `verdict` and `why` from an earlier
TSV's lines with the same dataset, code and rows (after a re-scan, only new findings are blank).

TSV columns: dataset, check, code, finding_index (0-based position among the check's findings),
finding_id (the report's `id`), n_findings (the check's total), rows (keep first, then
excluded, then the rest), texts, labels, extra, message, score, similarities (DA102/DA103,
aligned with `excluded`), majority_label (DA201), verdict, why. A check with no findings gets
one line with an empty finding_index and its status and notes as the message. A group's
cells hold one entry per row, `[row] value`, joined with ` ║ `; newlines and tabs inside a
text are shown as ⏎ and ⇥. Read and write it with a CSV reader/writer (quoted fields).

How benchmarks/data/read20_verdicts.tsv was made (run from the repository root; the samples
are seeded and not committed; pandas 3.1.1):

    mkdir -p /tmp/r20
    .venv/bin/python - <<'PY'
    import csv, pandas as pd
    t = pd.read_csv("/tmp/Tweets.csv")                     # Twitter US Airline Sentiment, 14,640 rows
    t.sample(n=4000, random_state=20)[["text", "airline_sentiment", "airline"]].to_csv("/tmp/r20/tweets4k.csv", index=False)
    b = pd.read_csv("/work/shared/data/banking77/train.csv")
    b.sample(n=3000, random_state=20).to_csv("/tmp/r20/banking3k.csv", index=False)
    h = pd.read_csv("/work/shared/data/hinglish-top/test.tsv", sep="\t", quoting=csv.QUOTE_NONE).head(3000)
    pd.DataFrame({"text": h.cs_query, "label": h.cs_parse.str.extract(r"\[IN:(\w+)")[0],
                  "en_query": h.en_query}).to_csv("/tmp/r20/htop3k.csv", index=False)   # = /tmp/htop3k.csv
    s = [line.rstrip("\n").split("\t") for line in open("/work/shared/data/stsb-train/sts-train.csv", encoding="utf-8")]
    pd.DataFrame([{"text": p[5], "label": p[0], "pair_text": p[6], "score": p[4]} for p in s]).sample(
        n=3000, random_state=20).to_csv("/tmp/r20/stsb3k.csv", index=False)  # 4th shape: STS-B sentence1, genre as label
    PY
    for d in tweets4k banking3k htop3k; do
        HF_HUB_OFFLINE=1 .venv/bin/python -m dataaudit scan /tmp/r20/$d.csv --json /tmp/r20/$d.json --exit-zero
    done
    HF_HUB_OFFLINE=1 .venv/bin/python -m dataaudit scan /tmp/r20/stsb3k.csv --text-col text --label-col label \
        --json /tmp/r20/stsb3k.json --exit-zero
    .venv/bin/python benchmarks/read20.py /tmp/r20/tweets4k.json --name tweets --show-col airline --out read.tsv
    .venv/bin/python benchmarks/read20.py /tmp/r20/htop3k.json --name htop --show-col en_query --out read.tsv --append
    .venv/bin/python benchmarks/read20.py /tmp/r20/banking3k.json --name banking77 --out read.tsv --append
    .venv/bin/python benchmarks/read20.py /tmp/r20/stsb3k.json --name stsb --show-col pair_text --out read.tsv --append

then `verdict` and `why` filled in by hand. Verdicts: right = the rows are the same example
(the same request with the same specifics, or the same post re-sent with other links,
@handles, hashtags or emoji) / for DA201 the same example with conflicting labels; wrong =
any dropped or relabeled row is a different example (another slot, city, amount, negation,
how vs why); arguable = a reasonable data lead could go either way.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

import pandas as pd

COLUMNS = ["dataset", "check", "code", "finding_index", "finding_id", "n_findings", "rows", "texts", "labels",
           "extra", "message", "score", "similarities", "majority_label", "verdict", "why"]
SEP = " ║ "


def read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".txt"):
        return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    if suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    if suffix == ".json":
        return pd.read_json(path, dtype=False)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def clean(value: object) -> str:
    return str(value).replace("\r\n", "\n").replace("\n", " ⏎ ").replace("\t", " ⇥ ")


def draw(findings: list[dict], n: int, seed: str) -> list[int]:
    """Positions (0-based, sorted) of the findings to read: n of them, or all when fewer."""
    return sorted(random.Random(seed).sample(range(len(findings)), min(n, len(findings))))


def ordered_rows(finding: dict) -> list:
    keep = finding.get("keep")
    excluded = finding.get("excluded") or []
    head = ([keep] if keep is not None else []) + [r for r in excluded if r != keep]
    return head + [r for r in finding["rows"] if r not in head]


def lines_for(report: dict, frame: pd.DataFrame, name: str, codes: list[str], n: int, seed: int,
              show: list[str]) -> list[dict]:
    meta = report["dataset"]
    text_cols = meta.get("text_columns") or []
    label_col = meta.get("label_column")
    id_col = meta.get("id_column")
    missing = [c for c in [*text_cols, *([label_col] if label_col else []), *([id_col] if id_col else []), *show]
               if c not in frame.columns]
    if missing:
        sys.exit(f"read20: column(s) {missing} not in the data file (columns: {list(frame.columns)}); "
                 "pass the file that was scanned with --data")
    index = {str(v): i for i, v in enumerate(frame[id_col].tolist())} if id_col else None

    def locate(row: object) -> int:
        return index[str(row)] if index is not None else int(row)

    def text_of(i: int) -> str:
        return " | ".join(clean(frame.iloc[i][c]) for c in text_cols)

    out = []
    for code in codes:
        found = [f for f in report["findings"] if f["code"] == code]
        check_name = found[0]["check"] if found else next(
            (c["check"] for c in report["checks"] if c["code"] == code), code)
        if not found:
            check = next((c for c in report["checks"] if c["code"] == code), {})
            detail = "; ".join([check.get("status", "not run"), *([check["reason"]] if check.get("reason") else []),
                                *check.get("notes", []), *([check["error"]] if check.get("error") else [])])
            out.append({**dict.fromkeys(COLUMNS, ""), "dataset": name, "check": check_name, "code": code,
                        "n_findings": 0, "message": clean(f"no findings ({detail})")})
            continue
        for k in draw(found, n, f"{seed}-{name}-{code}"):
            f = found[k]
            rows = ordered_rows(f)
            pos = [locate(r) for r in rows]
            out.append({
                "dataset": name, "check": check_name, "code": code, "finding_index": k,
                "finding_id": f.get("id", ""), "n_findings": len(found),
                "rows": ",".join(str(r) for r in rows),
                "texts": SEP.join(f"[{r}] {text_of(i)}" for r, i in zip(rows, pos)),
                "labels": SEP.join(f"[{r}] {clean(frame.iloc[i][label_col])}" for r, i in zip(rows, pos))
                if label_col else "",
                "extra": SEP.join(f"[{r}] " + " | ".join(f"{c}={clean(frame.iloc[i][c])}" for c in show)
                                  for r, i in zip(rows, pos)) if show else "",
                "message": clean(f.get("message", "")),
                "score": f.get("score", ""),
                "similarities": ",".join(str(s) for s in f.get("similarities") or []),
                "majority_label": f.get("majority_label", "") or "",
                "verdict": "", "why": "",
            })
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", type=Path, help="the --json report of a dataaudit scan")
    parser.add_argument("--data", type=Path, help="the scanned file (default: the report's dataset.path)")
    parser.add_argument("--name", help="dataset name for the TSV (default: the data file's stem)")
    parser.add_argument("--checks", default="DA102,DA103,DA201", help="check codes, comma-separated")
    parser.add_argument("--n", type=int, default=20, help="findings to draw per check (default 20)")
    parser.add_argument("--seed", type=int, default=2026, help="sampling seed (default 2026)")
    parser.add_argument("--show-col", action="append", default=[], help="another column to show (repeatable)")
    parser.add_argument("--carry", type=Path, help="copy verdict/why from this TSV (same dataset, code, rows)")
    parser.add_argument("--out", type=Path, required=True, help="the TSV to write")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--append", action="store_true", help="add lines to an existing TSV (header once)")
    mode.add_argument("--force", action="store_true", help="overwrite an existing TSV (verdicts in it are lost)")
    args = parser.parse_args()

    report = json.loads(args.report.read_text(encoding="utf-8"))
    data = args.data or Path(report["dataset"]["path"])
    name = args.name or data.stem
    frame = read_table(data)
    if len(frame) != report["dataset"]["rows"]:
        print(f"read20: warning: {data} has {len(frame):,} rows, the report {report['dataset']['rows']:,}",
              file=sys.stderr)
    lines = lines_for(report, frame, name, [c.strip() for c in args.checks.split(",") if c.strip()],
                      args.n, args.seed, args.show_col)
    if args.carry:
        with args.carry.open(encoding="utf-8", newline="") as handle:
            old = {(r["dataset"], r["code"], r["rows"]): r for r in csv.DictReader(handle, delimiter="\t")}
        carried = 0
        for line in lines:
            before = old.get((line["dataset"], line["code"], line["rows"]))
            if before:
                line["verdict"], line["why"] = before.get("verdict", ""), before.get("why", "")
                carried += bool(line["verdict"])
        print(f"carried {carried} verdicts from {args.carry}")
    if args.out.exists() and not (args.append or args.force):
        sys.exit(f"read20: {args.out} exists; pass --append to add to it or --force to overwrite it")
    header = not (args.append and args.out.exists() and args.out.stat().st_size > 0)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a" if args.append else "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        if header:
            writer.writeheader()
        writer.writerows(lines)
    counts = {}
    for line in lines:
        counts.setdefault(line["code"], [0, line["n_findings"]])[0] += line["finding_index"] != ""
    for code in [c.strip() for c in args.checks.split(",") if c.strip()]:
        drawn, total = counts.get(code, [0, 0])
        print(f"{name} {code}: {drawn} drawn of {total} findings")
    print(f"wrote {len(lines)} lines to {args.out}")


if __name__ == "__main__":
    main()
