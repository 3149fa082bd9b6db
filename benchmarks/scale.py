"""Wall time, rows/s and peak memory per stage at 10k / 100k (/ 1M) rows.

    python benchmarks/scale.py [--sizes 10000,100000] [--banking77 DIR] [--embedder none|use|...]

Each size runs in a fresh process so peak RSS is that size's own. Files are built
by splicing two random BANKING77 train rows at a word boundary (first part of one,
rest of the other, label of the first), so rows stay realistic in length and mostly
distinct; 3% exact copies and 3% typo copies are mixed in. Stages are timed through
the library's progress hook; the CLI run (`dataaudit scan FILE --json OUT --quiet`)
is timed end to end in a subprocess, as a user would run it. `--embedder none` (the
default here) times the surface and label checks; `--embedder use` the full default scan
(every check, embeddings into an empty cache folder).

How repetitive the file is: built from BANKING77's 10,003 training rows, each source row's
words appear in ~2 x rows / 10,003 spliced rows (200 at 1M), so near pairs grow with the
square of the size: 96k pairs >= 0.80 similar at 100k, 788k at 300k, 7.7M at 1M. Real files
with that many rows are usually less repetitive than that; templated ones can be more.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_BANKING77, HeldMemory, banking77, machine, peak_rss_mb  # noqa: E402


def build(rows: int, folder: Path, seed: int = 7, copies: float = 0.03, typos: float = 0.03) -> Path:
    from inject import typo

    import pandas as pd

    source = banking77(folder)
    texts, labels = source["text"].tolist(), source["category"].tolist()
    rng = random.Random(seed)
    out_text, out_label = [], []
    for _ in range(rows):
        roll = rng.random()
        if out_text and roll < copies:
            k = rng.randrange(len(out_text))
            out_text.append(out_text[k]); out_label.append(out_label[k])
        elif out_text and roll < copies + typos:
            k = rng.randrange(len(out_text))
            out_text.append(typo(out_text[k], rng, rng.randint(1, 2))); out_label.append(out_label[k])
        else:
            a, b = rng.randrange(len(texts)), rng.randrange(len(texts))
            wa, wb = texts[a].split(), texts[b].split()
            cut_a, cut_b = rng.randint(1, max(len(wa) - 1, 1)), rng.randint(0, max(len(wb) - 1, 0))
            out_text.append(" ".join(wa[:cut_a] + wb[cut_b:])); out_label.append(labels[a])
    rates = "" if (copies, typos) == (0.03, 0.03) else f"-{copies:g}-{typos:g}"
    path = Path(tempfile.gettempdir()) / f"dataaudit-scale-{rows}{rates}.csv"
    pd.DataFrame({"text": out_text, "label": out_label}).to_csv(path, index=False)
    return path


def measure(path: Path, embedder: str = "none") -> dict:
    """Run in a child process: per-stage seconds, the peak RSS bound after each stage, and the
    memory sampled as held at once during it (PSS of this process and its workers)."""
    from dataaudit.engine import audit_dataset
    from dataaudit.io import load_dataset
    from dataaudit.report.json_report import render_json
    from dataaudit.config import Settings

    stages: list[tuple[str, float, float, float]] = []
    mark = {"name": None, "start": 0.0}
    held = HeldMemory()

    def close():
        if mark["name"] is not None:
            stages.append((mark["name"], time.perf_counter() - mark["start"], peak_rss_mb(), held.reset()))

    def hook(stage, advance, total):
        if stage != mark["name"]:
            close()
            mark.update(name=stage, start=time.perf_counter())

    started = time.perf_counter()
    cache = tempfile.mkdtemp(prefix="dataaudit-scale-cache-")  # cold: nothing embedded yet
    settings = Settings(embedder=embedder, cache_dir=cache)
    with held:
        hook("load", 0, None)
        dataset = load_dataset(path, settings)
        report = audit_dataset(dataset, settings, hook)
        hook("render JSON", 0, None)
        text = render_json(report)
        close()
    total = time.perf_counter() - started
    failed = [c.code for c in report.checks if c.status == "failed"]
    return {"rows": len(dataset), "total": total, "stages": stages, "peak_rss_mb": peak_rss_mb(),
            "held_mb": held.overall_mb, "clean": report.summary.effective_clean_count, "json_bytes": len(text),
            "failed": failed}


def cli_run(path: Path, embedder: str) -> tuple[float, float]:
    out = path.with_suffix(".report.json")
    command = [sys.executable, "-c",
               "import resource,subprocess,sys,time;"
               "t=time.perf_counter();"
               f"subprocess.run([sys.executable,'-m','dataaudit','scan',{str(path)!r},'--json',{str(out)!r},'--quiet','--exit-zero','--embedder',{embedder!r},'--cache-dir',{tempfile.mkdtemp(prefix='dataaudit-scale-cache-')!r}],check=True,stdout=subprocess.DEVNULL);"
               "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    wall, rss = map(float, result.stdout.split())
    return wall, rss


def help_time() -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dataaudit", "--help"], check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--skip-cli", action="store_true", help="only the in-process stage timings")
    parser.add_argument("--embedder", default="none", help="none (surface + label checks) or an embedder")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child-process mode
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.embedder)))
        return
    print(f"machine: {machine()}; embedder: {args.embedder}")
    print(f"`dataaudit --help`: {help_time():.2f} s (best of 3)\n")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = build(size, args.banking77)
        child = subprocess.run([sys.executable, __file__, "--measure", str(path), "--embedder", args.embedder],
                               capture_output=True, text=True, check=True)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"== {result['rows']:,} rows: {result['total']:.1f} s in-process "
              f"({result['rows'] / result['total']:,.0f} rows/s), held at once {result['held_mb']:,.0f} MB "
              f"(sampled PSS; RSS bound {result['peak_rss_mb']:,.0f} MB), clean count {result['clean']:,}, "
              f"JSON {result['json_bytes'] / 1e6:.1f} MB" + (f", FAILED {result['failed']}" if result["failed"] else ""))
        for name, seconds, rss, peak in result["stages"]:
            rate = f"{result['rows'] / seconds:>12,.0f} rows/s" if seconds > 0.01 else " " * 19
            print(f"   {name:<28} {seconds:>7.2f} s {rate}   held {peak:>6,.0f} MB   RSS bound so far {rss:>6,.0f} MB")
        if not args.skip_cli:
            wall, rss = cli_run(path, args.embedder)
            print(f"   CLI end to end (scan --json --quiet): {wall:.1f} s, peak RSS {rss:,.0f} MB")
        print()


if __name__ == "__main__":
    main()
