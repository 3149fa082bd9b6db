"""Semantic duplicates at scale: embedding vs full-scan time, cache, neighbour recall.

    python benchmarks/semantic_scale.py [--rows 100000] [--embedder minilm]

1. Builds the same spliced BANKING77 file as scale.py.
2. Bare embedding: encodes every distinct text once with the embedder, no cache.
3. Cold full scan (all checks, JSON rendered) with an empty cache folder.
4. Warm re-scan of the same file (cache filled by step 3).
5. Grown file: 1% new rows appended; re-scan embeds only those.
6. Neighbour recall: on the embedded texts, usearch HNSW pairs vs exact pairs at the
   embedder's threshold (all pairs above it, on a sample of up to 40,000 texts).
Peak RSS is reported per step; each scan runs in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_BANKING77, machine, peak_rss_mb  # noqa: E402


def child(mode: str, path: str, embedder: str, cache: str) -> dict:
    """Runs in a fresh process; prints one JSON line."""
    import numpy as np

    from dataaudit.engine import audit_dataset
    from dataaudit.io import load_dataset
    from dataaudit.report.json_report import render_json
    from dataaudit.config import Settings
    from dataaudit.text import normalize

    settings = Settings(embedder=embedder, cache_dir=cache)
    started = time.perf_counter()
    if mode == "embed":
        from dataaudit.embeddings.models import load_embedder

        dataset = load_dataset(path, settings)
        texts = list(dict.fromkeys(t for t in dataset.compare_texts if normalize(t)))
        model = load_embedder(embedder)
        loaded = time.perf_counter()
        vectors = model.encode(texts)
        np.save(Path(cache) / "vectors.npy", vectors)
        return {"seconds": time.perf_counter() - started, "load_model": loaded - started, "texts": len(texts),
                "rss": peak_rss_mb()}
    stages: dict[str, float] = {}
    mark = {"name": None, "t": started}

    def hook(stage, advance, total):
        if stage != mark["name"]:
            now = time.perf_counter()
            if mark["name"]:
                stages[mark["name"]] = stages.get(mark["name"], 0) + now - mark["t"]
            mark.update(name=stage, t=now)

    dataset = load_dataset(path, settings)
    report = audit_dataset(dataset, settings, hook)
    render_json(report)
    hook("end", 0, None)
    return {"seconds": time.perf_counter() - started, "rss": peak_rss_mb(), "stages": stages,
            "clean": report.summary.effective_clean_count,
            "semantic": report.summary.excluded_by_check.get("semantic_duplicate", 0),
            # A check that failed makes the timing meaningless: say so, loudly.
            "failed": [f"{c.code}: {c.error}" for c in report.checks if c.status == "failed"]}


def run_child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *map(str, args)], capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def neighbour_recall(vectors_path: Path, threshold: float, sample: int = 40_000) -> tuple[float, int, float, float]:
    import numpy as np

    from dataaudit.embeddings import neighbours

    vectors = np.load(vectors_path)[:sample]
    started = time.perf_counter()
    exact = {(i, j) for i, j, _ in neighbours._exact(vectors, threshold, None)}
    exact_seconds = time.perf_counter() - started
    started = time.perf_counter()
    approx = {(i, j) for i, j, _ in neighbours._approximate(vectors, threshold, None)}
    approx_seconds = time.perf_counter() - started
    recall = len(exact & approx) / len(exact) if exact else 1.0
    return recall, len(exact), exact_seconds, approx_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--embedder", default="use", help="default: the scan's default embedder")
    parser.add_argument("--banking77", type=Path, default=DEFAULT_BANKING77)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    from scale import build

    from dataaudit.embeddings.models import resolve_info

    print(f"machine: {machine()}\nembedder: {args.embedder}")
    path = build(args.rows, args.banking77)
    with tempfile.TemporaryDirectory() as cache:
        bare = run_child("embed", path, args.embedder, cache)
        print(f"bare embedding of {bare['texts']:,} distinct texts: {bare['seconds']:.1f} s "
              f"(model load {bare['load_model']:.1f} s; {bare['texts'] / bare['seconds']:,.0f} texts/s), "
              f"peak RSS {bare['rss']:,.0f} MB")
        vectors = Path(cache) / "vectors.npy"
        recall, pairs, exact_s, approx_s = neighbour_recall(vectors, resolve_info(args.embedder).threshold)
        print(f"neighbour recall (usearch HNSW vs exact, first 40,000 texts): {recall:.4f} of {pairs:,} pairs "
              f"above the threshold; exact {exact_s:.1f} s, HNSW {approx_s:.1f} s")
        scan_cache = Path(cache) / "scan"
        cold = run_child("scan", path, args.embedder, scan_cache)
        print(f"cold full scan: {cold['seconds']:.1f} s = {cold['seconds'] / bare['seconds']:.2f} x bare embedding, "
              f"peak RSS {cold['rss']:,.0f} MB, clean {cold['clean']:,}, semantic excluded {cold['semantic']:,}")
        for failed in cold["failed"]:
            print(f"   CHECK FAILED: {failed}")
        for name, seconds in cold["stages"].items():
            print(f"   {name:<36} {seconds:7.1f} s")
        warm = run_child("scan", path, args.embedder, scan_cache)
        print(f"cached re-scan: {warm['seconds']:.1f} s = {warm['seconds'] / cold['seconds']:.0%} of the cold scan")
        for name, seconds in warm["stages"].items():
            if seconds >= 0.5:
                print(f"   {name:<36} {seconds:7.1f} s")
        grown = Path(path).with_name(Path(path).stem + "-grown.csv")
        lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
        extra = [line.replace(",", " again,", 1) for line in lines[1 : 1 + len(lines) // 100]]
        grown.write_text("".join(lines + extra), encoding="utf-8")
        more = run_child("scan", grown, args.embedder, scan_cache)
        print(f"re-scan after 1% more rows: {more['seconds']:.1f} s "
              f"(embedding stage {sum(v for k, v in more['stages'].items() if k.startswith('embedding')):.1f} s)")


if __name__ == "__main__":
    main()
