"""A full default scan (every check, the default embedder, no cache) of one file, against the
bare embedding of its distinct texts, measured in the same run: the 1M-row bounds of issue 36
(< 15 min and < 4 GB for the intent-length file; < 30 min instruction-length; and where
embedding is most of it, the scan within 1.5x the bare embedding).

    python benchmarks/full_scan.py FILE [--engine local|ray] [--workers N] [--skip-bare] [--json OUT]

Each part runs in a fresh child process. Memory is the sum of the proportional set sizes of
the process and every process under it (Ray's raylet and workers too), sampled every 0.25 s:
a sample, not a bound. Files: benchmarks/scale_data.py (realistic) or benchmarks/scale.py
(the spliced stress file).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, HeldMemory, machine  # noqa: E402


def bare_embedding(path: Path, embedder: str) -> dict:
    """Seconds to embed the file's distinct texts with no cache (the executor's work pool)."""
    from dataaudit.config import Settings
    from dataaudit.embeddings.encode import embed_texts
    from dataaudit.io import load_dataset

    settings = Settings(embedder=embedder, use_cache=False)
    texts = list(dict.fromkeys(t for t in load_dataset(path, settings).compare_texts if t.strip()))
    embed_texts(texts[:64], settings)  # the model loaded, as a scan's would be
    with HeldMemory() as held:
        started = time.perf_counter()
        embed_texts(texts, settings)
        seconds = time.perf_counter() - started
    return {"texts": len(texts), "seconds": round(seconds, 1), "texts_per_s": round(len(texts) / seconds),
            "held_mb": round(held.overall_mb)}


def full_scan(path: Path, engine: str, workers: int | None, embedder: str, json_out: Path | None = None) -> dict:
    from dataaudit import api
    from dataaudit.config import Settings
    from dataaudit.engine import LocalExecutor, RayExecutor

    settings = Settings(embedder=embedder, use_cache=False, engine=engine)
    executor = RayExecutor(processes=workers) if engine == "ray" else LocalExecutor()
    with HeldMemory() as held:
        started = time.perf_counter()
        report = api.audit(path, settings, executor=executor)
        seconds = time.perf_counter() - started
    if json_out is not None:
        from dataaudit.report.json_report import render_json

        json_out.write_text(render_json(report), encoding="utf-8")
    return {"rows": report.dataset.rows, "seconds": round(seconds, 1), "rows_per_s": round(report.dataset.rows / seconds),
            "held_mb": round(held.overall_mb), "clean": report.summary.effective_clean_count,
            "findings": len(report.findings), "stages": report.run.stages, "checks": report.run.checks,
            "failed": [c.code for c in report.failed_checks]}


def _child(part: str, args) -> dict:
    command = [sys.executable, __file__, str(args.file), "--part", part, "--engine", args.engine,
               "--embedder", args.embedder] + (["--workers", str(args.workers)] if args.workers else []) + \
        (["--json", str(args.json)] if args.json and part == "scan" else [])
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, check=True, cwd=REPO, env=env, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--engine", choices=("local", "ray"), default="local")
    parser.add_argument("--workers", type=int, help="Ray workers (default: every CPU)")
    parser.add_argument("--embedder", default="use")
    parser.add_argument("--skip-bare", action="store_true", help="only the scan")
    parser.add_argument("--json", type=Path, help="write the scan's JSON report here (to compare engines)")
    parser.add_argument("--part", choices=("bare", "scan"), help=argparse.SUPPRESS)  # child-process mode
    args = parser.parse_args()
    if args.part == "bare":
        print(json.dumps(bare_embedding(args.file, args.embedder)))
        return
    if args.part == "scan":
        print(json.dumps(full_scan(args.file, args.engine, args.workers, args.embedder, args.json)))
        return
    print(machine(), flush=True)
    bare = None if args.skip_bare else _child("bare", args)
    if bare:
        print(f"bare embedding ({args.embedder}): {bare['texts']:,} distinct texts in {bare['seconds']} s "
              f"({bare['texts_per_s']:,}/s), held {bare['held_mb']:,} MB", flush=True)
    scan = _child("scan", args)
    workers = f", {args.workers} workers" if args.workers else ""
    print(f"full scan ({args.engine}{workers}): {scan['rows']:,} rows in {scan['seconds']} s "
          f"({scan['rows_per_s']:,} rows/s), held {scan['held_mb']:,} MB; clean {scan['clean']:,}, "
          f"{scan['findings']:,} findings, failed checks: {scan['failed'] or 'none'}")
    if bare:
        print(f"scan / bare embedding: {scan['seconds'] / bare['seconds']:.2f}x")
    print("stages (own seconds):", ", ".join(f"{n} {s:.1f}" for n, s in scan["stages"] if s >= 0.5))
    print("checks (own seconds):", ", ".join(f"{c} {s:.1f}" for c, s in scan["checks"] if s >= 0.5))
    print(json.dumps({"bare": bare, "scan": scan}))


if __name__ == "__main__":
    main()
