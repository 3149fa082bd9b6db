"""DA206 source_concentration — one speaker, annotator or batch supplies most of the data.

What it finds:
    With `--source-col COL` (who or where a row came from: speaker, annotator, upload
    batch), flags a source that
      - supplies a large share of the rows: at least 30%, and at least one and a half
        times an even share (75% with two sources, 50% with three); or
      - supplies the duplicates: at least 30% of all rows in duplicate groups
        (DA101-DA103, the kept copy included, so file order does not matter), at least
        five of them, and one and a half times its share of the rows — the same person
        recording the same phrase again and again.
    The report's `sources` table gives every source's rows, rows in duplicate groups
    and effective clean count. Nothing is excluded: the duplicate checks already drop
    the copies.

Why it matters:
    Examples from one voice, one annotator or one batch are less diverse than their
    count suggests: a model fine-tuned on them learns that source's habits (accent,
    phrasing, label choices) and does worse on everyone else.

Example:
    source 'asha_worker_07': 512 of 800 rows (64%), and 180 of 220 rows in duplicate groups (82%)
"""

from __future__ import annotations

from collections import Counter

from ..model.findings import Finding
from ..scoring import NO_SOURCE, source_names
from .base import Check, Extra, floor_to

MIN_ROW_SHARE = 0.3
OVER_EVEN_SHARE = 1.5
MIN_DUPLICATE_SHARE = 0.3
MIN_DUPLICATE_ROWS = 5


def run(inputs) -> list[Finding]:
    dataset = inputs.dataset
    names = source_names(dataset.sources)
    rows = Counter(names)
    repeated = inputs["duplicate_group_rows"]
    duplicates = Counter(names[p] for p in repeated)
    total, total_dup = len(names), len(repeated)
    row_limit = max(MIN_ROW_SHARE, OVER_EVEN_SHARE / len(rows)) if len(rows) > 1 else 1.0
    findings = []
    for name in sorted(rows, key=lambda n: (-rows[n], n)):
        if name == NO_SOURCE:
            continue
        share = rows[name] / total
        dup_share = duplicates[name] / total_dup if total_dup else 0.0
        many_rows = share >= row_limit
        many_dups = (duplicates[name] >= MIN_DUPLICATE_ROWS and dup_share >= MIN_DUPLICATE_SHARE
                     and dup_share >= OVER_EVEN_SHARE * share)
        if not (many_rows or many_dups):
            continue
        parts = [f"{rows[name]:,} of {total:,} rows ({share:.0%})"]
        if total_dup:
            parts.append(f"{duplicates[name]:,} of {total_dup:,} rows in duplicate groups ({dup_share:.0%})")
        what = "supplies a large share of the duplicates" if many_dups and not many_rows else "supplies a large share of the data"
        findings.append(Finding(
            check="source_concentration", code="DA206", severity="warning", rows=(), labels=(),
            score=floor_to(max(share, dup_share)),
            message=f"{dataset.source_column} '{name}' {what}: " + ", and ".join(parts),
            suggested_action=f"collect examples from other {dataset.source_column} values, and review "
                             f"'{name}''s repeated rows",
            extra=(("source", name), ("rows_from_source", rows[name]), ("share", floor_to(share)),
                   ("duplicate_rows", duplicates[name]), ("duplicate_share", floor_to(dup_share))),
        ))
    return findings


def unavailable(dataset, settings, against):
    return None if dataset.source_column else "no --source-col: name the column saying who or where each row came from"


CHECK = Check(code="DA206", name="source_concentration",
              summary="one speaker, annotator or batch supplies most rows or most duplicates",
              run=run, module=__name__, settings=("source_column",), stages=("duplicate_group_rows",),
              unavailable=unavailable,
              extras=(Extra("source", "the --source-col value"), Extra("rows_from_source", "its rows"),
                      Extra("share", "its share of all rows"),
                      Extra("duplicate_rows", "its rows in duplicate groups (kept copies included)"),
                      Extra("duplicate_share", "its share of all rows in duplicate groups")),
              key_fields=("source",))
