"""DA002 missing_label — labeled data with rows that carry no label.

What it finds:
    Rows whose label cell is empty or blank while other rows are labeled.

Why it matters:
    An unlabeled row cannot be used for supervised fine-tuning until someone
    labels it, so it does not count as a clean example. (Labels are read as written:
    "None", "NA" and "0" are labels, only an empty cell is missing.)

Example:
    text,label
    "cancel my appointment",     <- flagged: no label
"""

from __future__ import annotations

from ..model.findings import Finding
from .base import Check, each, plural


def run(inputs) -> list[Finding]:
    positions = [p for p, label in enumerate(inputs["given_labels"]) if label is None]
    if not positions:
        return []
    column = inputs.dataset.label_column
    return [Finding(
        check="missing_label", code="DA002", severity="warning", rows=tuple(positions),
        actions=each("review", positions), score=1.0,
        message=f"{plural(len(positions), 'row')} {'has' if len(positions) == 1 else 'have'} "
                + (f"an empty '{column}' label" if column else "no label from any annotator"),
        suggested_action="label these rows, or drop them",
    )]


CHECK = Check(code="DA002", name="missing_label", summary="rows with an empty label", run=run,
              module=__name__, needs_labels=True, stages=("given_labels",))
