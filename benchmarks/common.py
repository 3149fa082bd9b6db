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
    """This process's peak RSS plus the peaks of its live worker processes (embedding and DA203
    pools) and of the largest finished one: an upper bound of what the run held at once."""
    # ru_maxrss is in kilobytes on Linux.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finished = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own + finished + sum(_peak_kb(pid) for pid in _descendants(os.getpid())) / 1024


def _descendants(root: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


class HeldMemory:
    """Samples, every `interval` seconds in a thread, the memory this process and its workers
    hold at once: the sum of their PSS (proportional set size, /proc/PID/smaps_rollup), so pages
    shared between a parent and its forked workers count once. `peak_mb()` is the largest sum
    since the last `reset()`, `overall_mb` since the start. Unlike peak_rss_mb this is not an
    upper bound but a sample: a spike shorter than the interval can be missed."""

    def __init__(self, interval: float = 0.25):
        import threading

        self.interval = interval
        self.overall_mb = self._peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def reset(self) -> float:
        """The peak since the last reset, and start a new one."""
        peak, self._peak = max(self._peak, self.now_mb()), 0.0
        return peak

    def now_mb(self) -> float:
        return sum(_pss_kb(pid) for pid in [os.getpid(), *_descendants(os.getpid())]) / 1024

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            held = self.now_mb()
            self._peak = max(self._peak, held)
            self.overall_mb = max(self.overall_mb, held)


def _pss_kb(pid: int) -> int:
    return _proc_kb(pid, "smaps_rollup", "Pss:")


def _peak_kb(pid: int) -> int:
    return _proc_kb(pid, "status", "VmHWM:")


def _proc_kb(pid: int, file: str, field: str) -> int:
    """A kB figure of /proc/PID/FILE (0 when the process is gone or the field is missing)."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


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
