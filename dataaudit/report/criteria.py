"""The first two of the four quality criteria as verdict lines: verified labels and consistent
format (the other two: quality/diversity.py's line and representative_text.py's)."""

from __future__ import annotations

from ..model.findings import Report
from .numbers import count

# Per label check: what its findings are counted as (rows, or for DA202 the spellings to merge).
LABEL_CHECKS = {"DA201": ("row", "in label conflicts"), "DA202": ("label spelling", "to merge"),
                "DA203": ("row", "likely mislabeled"), "DA204": ("row", "disputed by annotators"),
                "DA207": ("row", "with conflicting answers")}
FORMAT_PREFIX = "DA5"


def _counted(n: int, noun: str) -> str:
    return f"{count(n)} {noun}{'' if n == 1 else 's'}"


def labels_line(report: Report) -> str:
    if not report.labels:
        return "Labels verified: no labels to verify (label checks skipped)."
    found: dict[str, set] = {code: set() for code in LABEL_CHECKS}
    for finding in report.findings:
        if finding.code == "DA202":
            found["DA202"].update(set(finding.labels) - {finding.get("merge_into")})
        elif finding.code in found:
            found[finding.code].update(finding.excluded or finding.rows)
    parts = [f"{_counted(len(found[code]), noun)} {what}" for code, (noun, what) in LABEL_CHECKS.items()
             if found[code]]
    runs = {run.code: run for run in report.checks}
    not_run = [code for code in ("DA201", "DA203") if code in runs and runs[code].status != "ok"]
    tail = f" ({' and '.join(not_run)} did not run)" if not_run else ""
    if not parts:
        return f"Labels verified: no conflict, variant or likely mislabel found{tail}."
    return f"Labels verified: {'; '.join(parts)}{tail}."


def format_line(report: Report) -> str:
    runs = [run for run in report.checks if run.code.startswith(FORMAT_PREFIX)]
    ran = [run for run in runs if run.status == "ok"]
    if not ran:
        return "Format: not checked (no consistency check ran)."
    rows = {row for f in report.findings if f.code.startswith(FORMAT_PREFIX) for row in f.rows}
    if not rows:
        return f"Format: no row breaks a convention of the file ({len(ran)} of {len(runs)} consistency checks ran)."
    codes = sorted({f.code for f in report.findings if f.code.startswith(FORMAT_PREFIX)})
    return f"Format: {_counted(len(rows), 'row')} break{'s' if len(rows) == 1 else ''} a convention of the file " \
           f"({', '.join(codes)})."
