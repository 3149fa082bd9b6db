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

from ..model.findings import Finding
from .base import Check, keep_and_drop, plural


def run(inputs) -> list[Finding]:
    labels = inputs["given_labels"]
    reps = inputs["representatives"]
    findings = []
    for unique, positions in enumerate(inputs["text_groups"].rows):
        if len(positions) < 2:
            continue
        keep = reps[unique]
        excluded = tuple(p for p in positions if p != keep)
        distinct = sorted({labels[p] for p in positions if labels[p] is not None})
        why = "first row with the majority label" if keep != positions[0] else "first occurrence"
        note = f"; their labels differ ({', '.join(distinct)})" if len(distinct) > 1 else ""
        findings.append(Finding(
            check="exact_duplicate", code="DA101", severity="warning", rows=tuple(positions),
            actions=keep_and_drop(keep, excluded), labels=tuple(distinct), score=1.0,
            message=f"{plural(len(excluded), 'row')} repeat{'s' if len(excluded) == 1 else ''} the text of row {inputs.row_id(keep)}{note}",
            suggested_action=f"keep row {inputs.row_id(keep)} ({why}), drop the others",
        ))
    return findings


CHECK = Check(code="DA101", name="exact_duplicate", summary="the same text after normalization",
              run=run, module=__name__, finds_duplicates=True,
              stages=("text_groups", "representatives", "given_labels"))
