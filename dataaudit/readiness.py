"""How far the target is, in the currency the user controls: raw rows to collect.

At the file's clean rate (clean count / rows), reaching the threshold takes about
(threshold - clean) / rate more rows like these; each label below --min-per-label takes
(minimum - its clean count) / its own clean rate. An estimate: new rows are assumed to be
as clean as the ones already there (a file that is mostly copies of one phrase needs far
more, which is the point of saying so)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

from .model.findings import LabelCount, Summary


@dataclass(frozen=True)
class Need:
    clean_rate: float
    more_rows: Optional[int]  # None: the rate is 0, no number of rows like these gets there


@dataclass(frozen=True)
class Readiness:
    overall: Optional[Need]  # None when the threshold is met
    labels: tuple[tuple[str, Need], ...]  # labels below --min-per-label


def readiness(summary: Summary, labels: Sequence[LabelCount]) -> Readiness:
    overall = None
    if summary.effective_clean_count < summary.threshold:
        overall = _need(summary.effective_clean_count, summary.total_rows, summary.threshold)
    below = set(summary.labels_below_minimum)
    per_label = tuple((l.label, _need(l.effective_clean_count, l.rows, summary.min_per_label or 0))
                      for l in labels if l.label in below)
    return Readiness(overall=overall, labels=per_label)


def _need(clean: int, rows: int, target: int) -> Need:
    rate = clean / rows if rows else 0.0
    return Need(clean_rate=round(rate, 4), more_rows=math.ceil((target - clean) / rate) if rate > 0 else None)


def readiness_text(ready: Readiness) -> str:
    parts = []
    if ready.overall is not None:
        need = ready.overall
        parts.append(f"At the current clean rate ({need.clean_rate * 100:.0f} %), about {need.more_rows:,} more raw rows are "
                     "needed." if need.more_rows is not None else
                     "No row is clean yet, so adding rows like these will not reach the threshold.")
    if ready.labels:
        shown = [f"{label} ~{need.more_rows:,}" if need.more_rows is not None else f"{label} (no clean rows yet)"
                 for label, need in ready.labels[:8]]
        more = f" and {len(ready.labels) - 8} more" if len(ready.labels) > 8 else ""
        parts.append(f"Rows to collect per label below the minimum, at its clean rate: {', '.join(shown)}{more}.")
    return " ".join(parts)


def readiness_dict(ready: Readiness) -> dict:
    def need(n: Need) -> dict:
        return {"clean_rate": n.clean_rate, "more_rows_needed": n.more_rows}

    return {"overall": need(ready.overall) if ready.overall else None,
            "labels": [{"label": label, **need(n)} for label, n in ready.labels]}
