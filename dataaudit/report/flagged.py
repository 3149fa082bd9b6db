"""The flagged-rows file for annotators: one row per flagged example.

CSV (opens in a spreadsheet) or JSONL, chosen by the file extension. A row
flagged by several findings appears once, with the checks and actions joined
by " | " (lists in JSONL). Kept rows of a duplicate group are included, marked
`excluded = false`, so an annotator sees both sides of the pair.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..dataset import Dataset
from ..errors import DataAuditError
from ..findings import Report

COLUMNS = ("row_id", "text", "label", "excluded", "checks", "codes", "finding_ids", "duplicate_of",
           "suggested_label", "message", "suggested_action")
# Spreadsheet programs run cells starting with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ...except a plain signed number ("-1" as a label), which a spreadsheet reads as a number.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def flagged_rows(report: Report, dataset: Dataset) -> list[dict[str, Any]]:
    position_of = {rid: p for p, rid in enumerate(dataset.row_ids)}
    texts, labels = dataset.texts, dataset.labels
    per_row: dict[Any, list] = defaultdict(list)
    for finding in report.findings:
        for rid in finding.rows:
            per_row[rid].append(finding)
    rows = []
    for rid in sorted(per_row, key=lambda r: position_of[r]):
        findings = per_row[rid]
        position = position_of[rid]
        excluded = any(rid in f.excluded for f in findings)
        duplicate_of = [f.keep for f in findings if f.keep is not None and f.keep != rid and rid in f.excluded]
        suggested = [f.get("majority_label") or f.get("suggested_label") or f.get("merge_into")
                     for f in findings if rid in f.excluded or f.check == "label_variant"]
        rows.append({
            "row_id": rid,
            "text": texts[position],
            "label": labels[position],
            "excluded": excluded,
            "checks": _unique(f.check for f in findings),
            "codes": _unique(f.code for f in findings),
            "finding_ids": [f.id for f in findings],
            "duplicate_of": _unique(duplicate_of),
            "suggested_label": _unique(s for s in suggested if s),
            "message": [f.message for f in findings],
            "suggested_action": [_action_for(f, rid) for f in findings],
        })
    return rows


def _action_for(finding, rid) -> str:
    """A finding's action as it applies to this row: the kept row and rows whose label
    was confirmed need no change."""
    if finding.keep == rid:
        return "keep this row"
    if rid not in finding.excluded and finding.check == "label_conflict":
        return f"label confirmed ('{finding.get('majority_label')}'); no change"
    return finding.suggested_action


def _unique(values) -> list:
    return list(dict.fromkeys(values))


def render_flagged(report: Report, dataset: Dataset, path: Path) -> str:
    rows = flagged_rows(report, dataset)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if suffix not in (".csv", ".tsv"):
        raise DataAuditError(f"--flagged {path}: use a .csv or .jsonl file name so the format is clear.")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if suffix == ".tsv" else ",", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    elif value is None:
        value = ""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text  # shown as text, never evaluated
    return text
