"""Shared helpers for the benchmark scripts (not part of the package)."""

from __future__ import annotations

import os
import platform
import resource
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BANKING77 = REPO.parent / "shared" / "data" / "banking77"


def banking77(folder: Path, split: str = "train") -> pd.DataFrame:
    path = Path(folder) / f"{split}.csv"
    if not path.is_file():
        sys.exit(f"BANKING77 not found at {path}: pass --banking77 DIR (the folder with train.csv and test.csv).")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}"
