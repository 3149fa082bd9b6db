"""The effective clean count: the only place that decides what a row is worth.

CONTRACT.md: every row, minus each finding's `excluded` rows, a row counting once
however many findings exclude it. `excluded_by_check` attributes each excluded row
to the first check (in catalogue order) that excludes it, so its values add up to
`excluded_rows`.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional, Sequence

from .model.findings import Finding, LabelCount, SourceStats, Summary
from .labelling.merges import LabelMerges
from .text import listed


def score(
    total_rows: int,
    findings: Sequence[Finding],
    canonical_labels: Sequence[Optional[str]],
    merges: LabelMerges,
    threshold: int,
    min_per_label: Optional[int],
    check_order: Sequence[str],
    min_phrasings: Optional[int] = None,
    phrasings: Optional[dict[str, float]] = None,
) -> tuple[Summary, tuple[LabelCount, ...]]:
    """Findings here still hold row positions (0-based), not ids. `phrasings`: each label's
    effective phrasings over its clean rows (quality/diversity.py; a label without clean rows has none),
    which --min-phrasings gates on."""
    rank = {name: i for i, name in enumerate(check_order)}
    owner: dict[int, str] = {}
    for finding in sorted(findings, key=lambda f: rank.get(f.check, len(rank))):
        for position in finding.excluded:
            owner.setdefault(position, finding.check)
    by_check = Counter(owner.values())
    excluded_by_check = {name: by_check[name] for name in check_order if by_check[name]}
    clean = total_rows - len(owner)

    label_rows = Counter(label for label in canonical_labels if label is not None)
    label_clean = Counter(label for p, label in enumerate(canonical_labels) if label is not None and p not in owner)
    variants: dict[str, tuple[str, ...]] = {m.canonical: m.variants for m in merges.merges}
    labels = tuple(
        LabelCount(label=label, rows=label_rows[label], effective_clean_count=label_clean[label],
                   variants=variants.get(label, ()))
        for label in sorted(label_rows)
    )
    below = tuple(sorted(l.label for l in labels if min_per_label and l.effective_clean_count < min_per_label))
    few = tuple(sorted(l.label for l in labels
                       if min_phrasings and (phrasings or {}).get(l.label, 0.0) < min_phrasings))
    errors = sum(1 for f in findings if f.severity == "error")
    passed = clean >= threshold and not below and not few and errors == 0
    return Summary(
        total_rows=total_rows, effective_clean_count=clean, threshold=threshold, passed=passed,
        excluded_rows=len(owner), excluded_by_check=excluded_by_check,
        verdict=verdict(clean, total_rows, threshold, min_per_label, below, errors, min_phrasings, few),
        min_per_label=min_per_label, labels_below_minimum=below, error_findings=errors,
        min_phrasings=min_phrasings, labels_below_phrasings=few,
    ), labels


def verdict(clean: int, total: int, threshold: int, min_per_label: Optional[int],
            below: Sequence[str], errors: int, min_phrasings: Optional[int] = None,
            few: Sequence[str] = ()) -> str:
    head = f"{clean:,} clean example{'s' if clean != 1 else ''} of {total:,}"
    if clean >= threshold:
        text = f"{head}; meets the {threshold:,} needed before fine-tuning."
    else:
        text = f"{head}; {threshold - clean:,} short of the {threshold:,} needed before fine-tuning."
    if below:
        text += (f" {len(below)} label{'s are' if len(below) != 1 else ' is'} below the "
                 f"{min_per_label:,} clean examples required per label: {listed(below, 5)}.")
    if few:
        text += (f" {len(few)} label{'s have' if len(few) != 1 else ' has'} fewer than the {min_phrasings:,} "
                 f"phrasings required per label: {listed(few, 5)}.")
    if errors:
        text += f" {errors} error-severity finding{'s' if errors != 1 else ''} must be fixed."
    return text


NO_SOURCE = "(no source)"


def source_counts(sources: Sequence[Optional[str]], findings: Sequence[Finding],
                  duplicate_checks: frozenset[str]) -> tuple[SourceStats, ...]:
    """Per --source-col value: rows, rows in duplicate groups (the findings of
    `duplicate_checks`, kept rows or not: which copy is kept depends on file order, who
    repeats does not), effective clean count. Biggest source first. Findings still hold row
    positions."""
    excluded = {p for f in findings for p in f.excluded}
    duplicates = {p for f in findings if f.code in duplicate_checks for p in f.rows}
    names = source_names(sources)
    rows = Counter(names)
    dup = Counter(names[p] for p in duplicates)
    clean = Counter(name for p, name in enumerate(names) if p not in excluded)
    total, total_dup = len(names), len(duplicates)
    return tuple(
        SourceStats(source=name, rows=rows[name], share=round(rows[name] / max(total, 1), 4),
                    duplicate_rows=dup[name], duplicate_share=round(dup[name] / total_dup, 4) if total_dup else 0.0,
                    effective_clean_count=clean[name])
        for name in sorted(rows, key=lambda n: (-rows[n], n)))


def source_names(sources: Sequence[Optional[str]]) -> list[str]:
    """Each row's --source-col value as reported; empty cells are NO_SOURCE."""
    return [NO_SOURCE if s is None or not str(s).strip() else str(s) for s in sources]
