"""A comparison in words: one line for the terminal after a --baseline scan, the `dataaudit diff`
listing, and a Markdown summary for a pull-request comment or a CI job summary."""

from __future__ import annotations

from collections import Counter

from ..model.findings import Report
from .compare import Comparison, label_changes


def baseline_line(report: Report, comparison: Comparison) -> str:
    before = comparison.before["effective_clean_count"]
    now = report.summary.effective_clean_count
    return (f"Since {comparison.baseline_path}: clean count {before:,} → {now:,} ({now - before:+,}); "
            f"{len(comparison.new):,} new findings, {len(comparison.unchanged):,} unchanged, "
            f"{len(comparison.fixed):,} fixed.")


def diff_lines(report: Report, comparison: Comparison, limit: int = 10) -> list[str]:
    """The diff as plain lines (the terminal and --markdown share the content)."""
    lines = [baseline_line(report, comparison)]
    b, s = comparison.before, report.summary
    lines.append(f"Rows {b['total_rows']:,} → {s.total_rows:,}; gate {'passed' if b['passed'] else 'failed'} → "
                 f"{'passed' if s.passed else 'failed'} (threshold {s.threshold:,}).")
    new = [f for f in report.findings if f.key in comparison.new]
    if new:
        lines.append(f"New findings by check: {_by_check(f.check for f in new)}.")
        lines += [f"  new {f.code} {f.key}: {f.message}" for f in new[:limit]]
        if len(new) > limit:
            lines.append(f"  … and {len(new) - limit:,} more new")
    if comparison.fixed:
        lines.append(f"Fixed by check: {_by_check(f.check for f in comparison.fixed)}.")
        lines += [f"  fixed {f.code} {f.key}: {f.message}" for f in comparison.fixed[:limit]]
        if len(comparison.fixed) > limit:
            lines.append(f"  … and {len(comparison.fixed) - limit:,} more fixed")
    moved = _label_moves(report, comparison)
    if moved:
        lines.append("Labels (clean count): " + "; ".join(moved[:limit]) + (" …" if len(moved) > limit else "") + ".")
    added, removed = label_changes(comparison, report)
    churn = comparison.churn
    renamed = dict(churn.renamed) if churn else {}
    if renamed:
        lines.append("Labels renamed: " + ", ".join(f"{a} → {b}" for a, b in sorted(renamed.items())) + ".")
    added = [label for label in added if label not in renamed.values()]
    removed = [label for label in removed if label not in renamed]
    if added:
        lines.append(f"Labels added: {', '.join(added)}.")
    if removed:
        lines.append(f"Labels removed: {', '.join(removed)}.")
    if churn is not None:
        share = churn.changed / churn.matched_rows if churn.matched_rows else 0.0
        lines.append(f"Label churn: {churn.changed:,} of the {churn.matched_rows:,} rows in both files changed label "
                     f"({share:.1%})" + (": " + ", ".join(f"{a} → {b} ×{n}" for a, b, n in churn.transitions[:5])
                                          if churn.transitions else "") + ".")
    else:
        lines.append("Label churn: not computed (pass --data OLD NEW to compare the rows themselves).")
    return lines


def diff_markdown(report: Report, comparison: Comparison, limit: int = 20) -> str:
    b, s = comparison.before, report.summary
    out = [f"### dataaudit: {s.effective_clean_count:,} clean examples "
           f"({s.effective_clean_count - b['effective_clean_count']:+,} since the baseline)", "",
           "| | baseline | now |", "|---|---:|---:|",
           f"| rows | {b['total_rows']:,} | {s.total_rows:,} |",
           f"| clean count | {b['effective_clean_count']:,} | {s.effective_clean_count:,} |",
           f"| gate (threshold {s.threshold:,}) | {'pass' if b['passed'] else 'fail'} | "
           f"{'pass' if s.passed else 'fail'} |",
           f"| findings new / unchanged / fixed | | {len(comparison.new):,} / {len(comparison.unchanged):,} / "
           f"{len(comparison.fixed):,} |", ""]
    detail = diff_lines(report, comparison, limit)[2:]
    out += [f"- {_md(line.strip())}" if not line.startswith("  ") else f"  - {_md(line.strip())}" for line in detail]
    return "\n".join(out) + "\n"


def _by_check(checks) -> str:
    return ", ".join(f"{check} {n:,}" for check, n in Counter(checks).most_common())


def _label_moves(report: Report, comparison: Comparison) -> list[str]:
    moves = []
    for label in report.labels:
        before = comparison.labels_before.get(label.label)
        if before is not None and before[1] != label.effective_clean_count:
            moves.append((abs(label.effective_clean_count - before[1]),
                          f"{label.label} {before[1]:,} → {label.effective_clean_count:,}"))
    return [text for _, text in sorted(moves, key=lambda m: -m[0])]


def _md(text: str) -> str:
    """Plain text safe in Markdown: no HTML, no table breaks, no accidental emphasis or links."""
    for c in "\\`*_[]<>|#":
        text = text.replace(c, "\\" + c)
    return text
