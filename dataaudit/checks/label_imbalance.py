"""DA205 label_imbalance — labels too rare to learn, and labels that dominate the data.

What it finds:
    Counts each label's distinct examples (after DA101-DA103 drop duplicate copies, with
    label spelling variants merged) and flags
      - rare labels: fewer than 10 distinct examples, or fewer than a tenth of the
        median label's — too few for a fine-tune to learn;
      - a dominant label: half or more of all distinct examples when there are three or
        more labels (four fifths with two) — a model can score that share by always
        answering it, and learns little about the rest.
    Nothing is excluded, and the findings name labels, not rows: these are facts about the
    label set, fixed by collecting data rather than by editing a row.
    (`--min-per-label N` is the gate for per-label clean counts.)

Why it matters:
    A representative label distribution is part of what makes data usable: a label
    with 4 examples will be guessed, not learned, and a label with 70% of the rows
    drowns the others.

Example:
    label 'ambulance_request': 6 distinct examples (the median label has 48)
    label 'greeting': 1,210 of 2,000 distinct examples (61%)
"""

from __future__ import annotations

import statistics
from collections import Counter

from ..model.findings import CheckOutcome, Finding
from .base import Check, Extra, floor_to, plural, without_semantic_note

RARE_MIN_EXAMPLES = 10
RARE_SHARE_OF_MEDIAN = 0.1
DOMINANT_SHARE = 0.5
DOMINANT_SHARE_TWO_LABELS = 0.8


def run(inputs) -> CheckOutcome:
    canonical = inputs["canonical_labels"]
    copies = inputs["duplicate_copy_rows"]
    empty = {p for p, text in enumerate(inputs["normalized"]) if not text}
    distinct = Counter(canonical[p] for p in range(len(canonical))
                       if canonical[p] is not None and p not in copies and p not in empty)
    counts = {label: distinct.get(label, 0) for label in set(canonical) if label is not None}
    notes = without_semantic_note(inputs, "semantic_clusters")
    if len(counts) < 2:
        return CheckOutcome(findings=[], notes=notes)
    median = statistics.median(counts.values())
    total = sum(counts.values())
    findings = []
    needed = max(RARE_MIN_EXAMPLES, RARE_SHARE_OF_MEDIAN * median)
    for label in sorted(counts):
        n = counts[label]
        if n < needed:
            findings.append(Finding(
                check="label_imbalance", code="DA205", severity="warning", rows=(),
                labels=(label,), score=floor_to(1.0 - n / needed),
                message=f"label '{label}' has {plural(n, 'distinct example')} (the median label has "
                        f"{median:g}): too few for a model to learn it",
                suggested_action=f"collect at least {int(-(-needed // 1)) - n} more distinct examples of "
                                 f"'{label}', or merge it into a related label",
                extra=(("distinct_examples", n), ("median_examples", float(median)), ("kind", "rare")),
            ))
    limit = DOMINANT_SHARE_TWO_LABELS if len(counts) == 2 else DOMINANT_SHARE
    for label in sorted(counts):
        share = counts[label] / total if total else 0.0
        if total and share >= limit:
            findings.append(Finding(
                check="label_imbalance", code="DA205", severity="warning", rows=(), labels=(label,),
                score=floor_to(share),
                message=f"label '{label}' holds {counts[label]:,} of {total:,} distinct examples ({share:.0%}): "
                        "a model can score that by always answering it",
                suggested_action=f"collect more examples of the other labels, or down-sample '{label}'",
                extra=(("distinct_examples", counts[label]), ("share", floor_to(share)), ("kind", "dominant")),
            ))
    return CheckOutcome(findings=findings, notes=notes)


CHECK = Check(code="DA205", name="label_imbalance", summary="labels too rare to learn, or one label dominating",
              run=run, module=__name__, needs_labels=True,
              stages=("canonical_labels", "duplicate_copy_rows", "normalized", "semantic_clusters"),
              extras=(Extra("kind", "rare (too few distinct examples) or dominant (too large a share)"),
                      Extra("distinct_examples", "the label's rows, duplicate copies and empty texts not counted"),
                      Extra("median_examples", "the median label's distinct examples (rare labels)"),
                      Extra("share", "the label's share of all distinct examples (dominant labels)")),
              key_fields=("kind",))
