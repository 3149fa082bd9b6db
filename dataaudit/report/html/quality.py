"""The four quality criteria on the page: one line each in the overview (the terminal's own
lines, so the page and the terminal never judge differently), and the diversity section's
table of each label's phrasings. The --production section is production.py's.

Each line links to where its evidence is: label findings wait in the work queue's "decide a
label" group, format findings (DA5xx: no action, the row itself is odd) in "fix a row", and the
other two criteria have their own sections below the overview.
"""

from __future__ import annotations

from typing import Any

from ...quality.diversity import MIN_ROWS, diversity_text
from ...model.findings import LabelPhrasings, Report
from ..criteria import FORMAT_PREFIX, LABEL_CHECKS, format_line, labels_line
from ..numbers import count, percent
from ..representative_text import representative_lines

# Labels shown before "show all": a page of 400 labels opens on the ones that need work.
LABELS_SHOWN = 30


def criteria(report: Report) -> list[dict[str, Any]]:
    """The four lines, each as its name (the link), the rest of the terminal's line, where it
    links to, and a state for its colour: "attention" where the report itself found something
    (a finding, a failed --min-coverage gate, a few-templates label), "unknown" where the
    criterion could not be measured, "ok" otherwise."""
    rep = report.representativeness
    label_found = any(f.code in LABEL_CHECKS for f in report.findings)
    format_ran = any(r.code.startswith(FORMAT_PREFIX) and r.status == "ok" for r in report.checks)
    format_found = any(f.code.startswith(FORMAT_PREFIX) for f in report.findings)
    judged = [d for d in report.diversity if d.clean_rows >= MIN_ROWS]
    lines = [
        (labels_line(report), "#queue-decide",
         "unknown" if not report.labels else "attention" if label_found else "ok"),
        (format_line(report), "#queue-fix",
         "unknown" if not format_ran else "attention" if format_found else "ok"),
        (representative_lines(rep)[0], "#representative",
         "unknown" if rep is None else "attention" if not rep.passed or rep.gaps else "ok"),
        (diversity_text(report.diversity), "#diversity",
         "unknown" if not judged else "attention" if any(d.few_templates for d in judged) or report.summary.labels_below_phrasings
         else "ok"),
    ]
    out = []
    for line, link, state in lines:
        name, _, rest = line.partition(": ")  # every criterion's line starts with its name
        out.append({"name": name, "text": rest, "link": link, "state": state})
    return out


def diversity_rows(labels: tuple[LabelPhrasings, ...], below: frozenset = frozenset()) -> list[dict[str, Any]]:
    """Each label's phrasings, the most templated first: the few-templates labels and those `below`
    --min-phrasings (fewest effective phrasings per clean row first, as diversity_text names them),
    then the other judged labels the same way, then the labels with too few clean rows to judge."""
    def order(d: LabelPhrasings):
        flagged = d.few_templates or d.label in below
        return (not flagged, d.clean_rows < MIN_ROWS, d.effective_phrasings / max(d.clean_rows, 1), d.label)

    rows = []
    for rank, d in enumerate(sorted(labels, key=order)):
        per_row = d.effective_phrasings / max(d.clean_rows, 1)
        rows.append({"label": d.label, "rank": rank, "clean_rows": d.clean_rows, "clean_text": count(d.clean_rows),
                     "phrasings": d.phrasings, "phrasings_text": count(d.phrasings),
                     "effective": d.effective_phrasings, "effective_text": f"{d.effective_phrasings:g}",
                     "per_row": round(per_row, 4), "per_row_text": f"{per_row:.2f}",
                     "largest": d.largest_share, "largest_text": percent(d.largest_share),
                     "largest_phrasing": d.largest_phrasing, "example": d.example,
                     "few": d.few_templates, "below": d.label in below, "judged": d.clean_rows >= MIN_ROWS})
    return rows


def diversity(report: Report) -> dict[str, Any]:
    summary = report.summary
    rows = diversity_rows(report.diversity, frozenset(summary.labels_below_phrasings))
    return {"line": diversity_text(report.diversity).partition(": ")[2], "rows": rows, "shown": LABELS_SHOWN,
            "few": sum(r["few"] or r["below"] for r in rows), "min_rows": MIN_ROWS,
            "min_phrasings": summary.min_phrasings, "below": len(summary.labels_below_phrasings)}
