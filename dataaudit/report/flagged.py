"""The flagged-rows file for annotators: one row per flagged example.

CSV (opens in a spreadsheet) or JSONL, chosen by the file extension. A row
flagged by several findings appears once, with the checks and actions joined
by " | " (lists in JSONL). Kept rows of a duplicate group are included, marked
`excluded = false`, so an annotator sees both sides of the pair.

The file is also the annotators' answer sheet: `decision` (left blank, or `keep`,
`drop`, `relabel:<label>`, `edit:` with the corrected text in `new_text`) is filled
in a spreadsheet and the file handed to `dataaudit apply` (fixes/decisions.py reads
it). `finding_keys` ties each row to its findings across scans.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import DataAuditError
from ..model.findings import CHANGES_THE_ROW, Report

COLUMNS = ("row_id", "text", "label", "decision", "new_text", "excluded", "checks", "codes", "finding_ids",
           "finding_keys", "duplicate_of", "suggested_label", "message", "suggested_action")
# The columns annotators fill in; everything else describes the scan.
DECISION_COLUMNS = ("decision", "new_text")
# Spreadsheet programs run cells starting with these as formulas (CSV injection)...
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# ...even after leading whitespace or control characters, which they drop (LibreOffice
# evaluates "\x00=1+2")...
_SKIPPED_BEFORE_FORMULA = ("Cc", "Cf", "Zs", "Zl", "Zp")
# ...except a plain signed number ("-1" as a label), which a spreadsheet reads as a number.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# Quoted so that no reader splits a row on them: line breaks, and every control character.
_NEEDS_QUOTES = re.compile(r'[",\t\x00-\x1f\x7f-\x9f\u2028\u2029]')


def flagged_rows(report: Report) -> list[dict[str, Any]]:
    per_row: dict[Any, list] = defaultdict(list)
    for finding in report.findings:
        for rid in finding.rows:
            per_row[rid].append(finding)
    label_fields = _label_suggestions()
    rows = []
    for shown in report.rows:  # in input order
        rid = shown.row_id
        findings = per_row.get(rid)
        if not findings:
            continue  # a supporting row of another finding, not flagged itself
        actions = [(f, a) for f in findings for a in f.actions_for(rid)]
        suggested = [a.label for _, a in actions if a.label] + [
            f.get(name) for f in findings if not f.actions for name in label_fields.get(f.code, ())]
        rows.append({
            "row_id": rid,
            "text": shown.text,
            "label": shown.label,
            "decision": None,
            "new_text": None,
            "excluded": any(a.do in CHANGES_THE_ROW for _, a in actions),
            "checks": _unique(f.check for f in findings),
            "codes": _unique(f.code for f in findings),
            "finding_ids": [f.id for f in findings],
            "finding_keys": _unique(f.key for f in findings),
            "duplicate_of": _unique(f.keep for f, a in actions if a.do in CHANGES_THE_ROW and f.keep not in (None, rid)),
            "suggested_label": _unique(s for s in suggested if s),
            "message": [f.message for f in findings],
            "suggested_action": [_action_for(f, rid) for f in findings],
        })
    return rows


def _label_suggestions() -> dict[str, tuple[str, ...]]:
    """Per check code, the extra fields that name a label for all of a finding's rows (DA202's rename)."""
    from ..checks import CHECKS

    return {c.code: tuple(e.name for e in c.extras if e.suggests_label) for c in CHECKS}


def _action_for(finding, rid) -> str:
    """A finding's action as it applies to this row, in words."""
    mine = finding.actions_for(rid)
    if any(a.do == "keep" for a in mine):
        return "keep this row"
    if finding.actions and not mine:
        return "no change for this row"
    return finding.suggested_action


def _unique(values) -> list:
    return list(dict.fromkeys(values))


def render_flagged(report: Report, path: Path) -> str:
    rows = flagged_rows(report)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "".join(_json_line(row) for row in rows)
    if suffix not in (".csv", ".tsv"):
        raise DataAuditError(f"--flagged {path}: use a .csv or .jsonl file name so the format is clear.")
    delimiter = "\t" if suffix == ".tsv" else ","
    lines = [_csv_line(COLUMNS, delimiter)]
    lines += [_csv_line([_cell(row[c]) for c in COLUMNS], delimiter) for row in rows]
    return "".join(lines)


def _json_line(row: dict[str, Any]) -> str:
    """One record per line, for every line splitter: U+2028/U+2029/U+0085 (which str.splitlines
    and some JSONL readers break on) are written as escapes, as JSON allows."""
    line = json.dumps(row, ensure_ascii=False)
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085") + "\n"


def _csv_line(cells, delimiter: str) -> str:
    """RFC 4180: CRLF line ends; a cell holding a quote, a delimiter, a line break or any other
    control character is quoted (the csv module leaves a bare CR or a vertical tab unquoted)."""
    return delimiter.join('"' + c.replace('"', '""') + '"' if _NEEDS_QUOTES.search(c) else c
                          for c in cells) + "\r\n"


def _cell(value: Any) -> str:
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    elif value is None:
        value = ""
    text = str(value)
    if _formula_like(text):
        return "'" + text  # shown as text, never evaluated
    return text


def _formula_like(text: str) -> bool:
    start = 0
    while start < len(text) and unicodedata.category(text[start]) in _SKIPPED_BEFORE_FORMULA:
        start += 1
    return text[start:].startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)
