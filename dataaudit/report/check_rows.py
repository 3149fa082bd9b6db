"""The checks as the terminal and the HTML page list them: one row per check, the rules that ran
and found nothing as one row (a pack has dozens), numbers written by numbers.py."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.findings import Report
from .numbers import count

STATUS_TEXT = {"ok": "ok", "skipped": "skipped", "failed": "FAILED"}


@dataclass(frozen=True)
class CheckRow:
    code: str  # "DA401–DA443" for the collapsed rules
    check: str
    status: str  # ok, skipped, failed
    detail: str  # why it was skipped or failed, or its notes ("" when none)
    findings: str  # "" for a check that did not run: never a 0 as if it had
    excluded: str  # "" when none
    collapsed: bool = False  # the rules that found nothing, as one row

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


def check_rows(report: Report) -> list[CheckRow]:
    shared = {run.check for run in report.checks if sum(r.check == run.check for r in report.checks) > 1}
    by_code: dict[str, set] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, set()).update(finding.excluded)
    quiet = [run for run in report.checks if run.check in shared and run.status == "ok" and not run.findings]
    rows = []
    for run in report.checks:
        if run in quiet:
            continue
        # One check name, several codes (a rule pack's rules): each code's own excluded rows.
        excluded = len(by_code.get(run.code, ())) if run.check in shared else \
            report.summary.excluded_by_check.get(run.check, 0)
        rows.append(CheckRow(run.code, run.check, run.status, run.reason or run.error or "; ".join(run.notes),
                             count(run.findings) if run.status == "ok" else "", count(excluded) if excluded else ""))
    if quiet:
        codes = f"{quiet[0].code}–{quiet[-1].code}" if len(quiet) > 1 else quiet[0].code
        rows.append(CheckRow(codes, quiet[0].check, "ok", f"{len(quiet)} more rules ran and found nothing", "0", "",
                             collapsed=True))
    return rows
