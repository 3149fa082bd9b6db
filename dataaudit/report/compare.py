"""Two scans compared: which findings are new, unchanged or fixed (by their stable `key`), how
the count and each label moved, which labels appeared, went or were renamed, and — given the
two data files — how many rows changed label (label churn: the task itself moving)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ..model.findings import Finding, Report
from ..text import normalize

# A label is renamed when at least this share of the rows it had carry one new label instead.
RENAME_SHARE = 0.8


@dataclass(frozen=True)
class Fixed:
    """A baseline finding whose key no longer occurs."""

    key: str
    code: str
    check: str
    message: str


@dataclass(frozen=True)
class Churn:
    matched_rows: int  # rows found in both files (by id, or by normalized text)
    changed: int  # of those, rows whose label changed
    transitions: tuple[tuple[str, str, int], ...]  # (old label, new label, rows), most first
    renamed: tuple[tuple[str, str], ...]  # (old, new): a label whose rows moved to one new label


@dataclass(frozen=True)
class Comparison:
    baseline_path: str
    before: dict  # {"total_rows", "effective_clean_count", "threshold", "passed"}
    new: frozenset[str]
    unchanged: frozenset[str]
    fixed: tuple[Fixed, ...]
    labels_before: dict[str, tuple[int, int]] = field(default_factory=dict)  # label -> (rows, clean)
    churn: Optional[Churn] = None

    def status(self, finding: Finding) -> str:
        return "new" if finding.key in self.new else "unchanged"


def compare(current: Report, baseline: Report, baseline_path: str) -> Comparison:
    now = {f.key for f in current.findings}
    then = {f.key: f for f in baseline.findings}
    fixed = tuple(Fixed(key=f.key, code=f.code, check=f.check, message=f.message)
                  for key, f in then.items() if key not in now)
    s = baseline.summary
    return Comparison(
        baseline_path=baseline_path,
        before={"total_rows": s.total_rows, "effective_clean_count": s.effective_clean_count,
                "threshold": s.threshold, "passed": s.passed},
        new=frozenset(now - set(then)), unchanged=frozenset(now & set(then)), fixed=fixed,
        labels_before={l.label: (l.rows, l.effective_clean_count) for l in baseline.labels},
    )


def label_churn(old_dataset, new_dataset) -> Churn:
    """Rows of the two files matched by id (when both have an id column) or by normalized text
    (each text's first row), and how their labels moved."""
    def keyed(dataset):
        out: dict = {}
        ids = dataset.row_ids if dataset.id_column else [normalize(t) for t in dataset.texts]
        for key, label in zip(ids, dataset.labels):
            out.setdefault(key, label)
        return out

    old, new = keyed(old_dataset), keyed(new_dataset)
    shared = [k for k in old if k in new]
    moves = Counter((old[k], new[k]) for k in shared if old[k] != new[k])
    old_counts = Counter(old[k] for k in shared)
    new_labels = set(new.values())
    renamed = []
    for (a, b), n in moves.items():
        if a is not None and b is not None and a not in new_labels and n >= RENAME_SHARE * old_counts[a]:
            renamed.append((a, b))
    return Churn(matched_rows=len(shared), changed=sum(moves.values()),
                 transitions=tuple((str(a), str(b), n) for (a, b), n in moves.most_common()),
                 renamed=tuple(sorted(renamed)))


def label_changes(comparison: Comparison, current: Report) -> tuple[list[str], list[str]]:
    """(labels added, labels removed) between the baseline and the current report."""
    before = set(comparison.labels_before)
    now = {l.label for l in current.labels}
    return sorted(now - before), sorted(before - now)
