"""The overview a data lead shows others: the verdict, how all rows fall to the clean count, the
labels (clean count against the minimum, balance before and after de-duplication), the sources
and the rules. Numbers are written by report/numbers.py, as the terminal writes them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ...model.findings import Report
from ...quality.readiness import readiness, readiness_text
from ..numbers import clean_share, count, percent
from . import charts

DUPLICATE_CHECKS = ("exact_duplicate", "near_duplicate", "semantic_duplicate")
BALANCE_LABELS = 15  # labels drawn in the balance chart; the rest are summed as "other labels"


def overview(report: Report) -> dict[str, Any]:
    summary = report.summary
    ready = readiness_text(readiness(summary, report.labels, report.diversity, report.representativeness))
    return {
        "state": "incomplete" if not report.complete else ("pass" if summary.passed else "fail"),
        "verdict": summary.verdict,
        "readiness": ready,
        "waterfall": charts.waterfall(summary.total_rows, list(summary.excluded_by_check.items()),
                                      summary.effective_clean_count, summary.threshold),
        "labels": _labels(report),
        "balance": _balance(report),
        "sources": _sources(report),
        "rules": _rules(report),
        "file_findings": [f for f in report.findings if not f.rows],
    }


def _labels(report: Report) -> list[dict[str, Any]]:
    minimum = report.summary.min_per_label
    below = set(report.summary.labels_below_minimum)
    scale = max([l.rows for l in report.labels] + [minimum or 0, 1])
    worst_first = sorted(report.labels, key=lambda l: (l.label not in below, l.effective_clean_count / max(l.rows, 1),
                                                       l.effective_clean_count, l.label))
    return [{"label": l.label, "variants": list(l.variants), "rows": l.rows, "clean": l.effective_clean_count,
             "rows_text": count(l.rows), "clean_text": count(l.effective_clean_count),
             "share": round(l.effective_clean_count / max(l.rows, 1), 4),
             "share_text": clean_share(l.effective_clean_count, l.rows), "below": l.label in below,
             "bar": charts.bar(l.effective_clean_count, l.rows, scale, minimum)}
            for l in worst_first]


def _balance(report: Report) -> str:
    """Each label's share of all rows, and of the rows left once duplicates are dropped."""
    if len(report.labels) < 2:
        return ""
    canonical = {v: l.label for l in report.labels for v in (l.label, *l.variants)}
    dropped: Counter = Counter()
    seen = set()
    for finding in report.findings:
        if finding.check in DUPLICATE_CHECKS:
            for rid in finding.excluded:
                if rid not in seen:
                    seen.add(rid)
                    dropped[canonical.get(report.row(rid).label)] += 1
    before = {l.label: l.rows for l in report.labels}
    after = {label: rows - dropped[label] for label, rows in before.items()}
    total_before, total_after = max(sum(before.values()), 1), max(sum(after.values()), 1)
    ordered = sorted(before, key=lambda label: (-before[label], label))
    shown = ordered[:BALANCE_LABELS]
    rows = [(label, before[label] / total_before, after[label] / total_after) for label in shown]
    rest = ordered[BALANCE_LABELS:]
    if rest:
        rows.append((f"{len(rest)} other labels", sum(before[l] for l in rest) / total_before,
                     sum(after[l] for l in rest) / total_after))
    return charts.paired(rows, "share of all rows", "share once duplicates are dropped",
                         "Label balance before and after de-duplication")


def _sources(report: Report) -> dict[str, Any]:
    if not report.sources:
        return {}
    rows = [(s.source, s.share, s.duplicate_share) for s in report.sources[:BALANCE_LABELS]]
    return {"column": report.dataset.source_column,
            "chart": charts.paired(rows, "share of rows", "share of duplicate rows", "Rows by source"),
            "table": [{"source": s.source, "rows": count(s.rows), "share": percent(s.share),
                       "duplicate_rows": count(s.duplicate_rows), "duplicate_share": percent(s.duplicate_share),
                       "clean": count(s.effective_clean_count)} for s in report.sources]}


def _rules(report: Report) -> str:
    """Rows flagged per rule (a rule's findings can hold several rows), errors in red."""
    flagged: Counter = Counter()
    severity: dict[str, str] = {}
    for finding in report.findings:
        if finding.check == "rule_violation":
            name = f"{finding.code} {finding.get('rule') or ''}".strip()
            flagged[name] += len(finding.rows)
            severity[name] = finding.severity
    if not flagged:
        return ""
    rows = [(name, n, severity[name]) for name, n in sorted(flagged.items(), key=lambda kv: (-kv[1], kv[0]))]
    return charts.counts(rows, "Rows flagged by each rule")
