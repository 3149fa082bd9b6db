"""DA101 exact_duplicate — the same text more than once.

What it finds:
    Rows whose text is identical after normalization: Unicode NFKC, case folding,
    punctuation folded to spaces, whitespace collapsed. "Cancel my appointment!!"
    and "cancel my appointment" are the same example.

Why it matters:
    Repeats add no information, over-weight one phrasing in training, and inflate
    the count of examples you think you have. One row of each group is kept.

Which row is kept:
    The first row (in file order) that carries the group's majority label; the
    first row when there is no majority. If the copies disagree on the label,
    DA201 label_conflict reports that too.

Example:
    row 3   "Cancel my appointment!!"   cancel_appointment   <- kept
    row 97  "cancel my appointment"     cancel_appointment   <- excluded
"""

from __future__ import annotations

from ..artifacts import Artifacts
from ..findings import Finding
from .base import Check, plural


def run(artifacts: Artifacts) -> list[Finding]:
    labels = artifacts.dataset.labels
    findings = []
    for unique, positions in enumerate(artifacts.exact_groups):
        if len(positions) < 2:
            continue
        keep = artifacts.representatives[unique]
        excluded = tuple(p for p in positions if p != keep)
        distinct = sorted({labels[p] for p in positions if labels[p] is not None})
        why = "first row with the majority label" if keep != positions[0] else "first occurrence"
        note = f"; their labels differ ({', '.join(distinct)})" if len(distinct) > 1 else ""
        findings.append(Finding(
            check="exact_duplicate", code="DA101", severity="warning", rows=tuple(positions),
            keep=keep, excluded=excluded, labels=tuple(distinct), score=1.0,
            message=f"{plural(len(excluded), 'row')} repeat{'s' if len(excluded) == 1 else ''} the text of row {artifacts.row_id(keep)}{note}",
            suggested_action=f"keep row {artifacts.row_id(keep)} ({why}), drop the others",
        ))
    return findings


CHECK = Check(code="DA101", name="exact_duplicate", summary="the same text after normalization",
              run=run, module=__name__)
