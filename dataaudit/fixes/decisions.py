"""Decisions: what a person said to do with a flagged row, read from the file they handed back.

A decision is one of
    keep                 leave the row as it is (overrides --auto)
    drop                 remove the row
    relabel:<label>      give it that label
    edit:                replace its text with `new_text` (chat and instruction records:
                         the last answer, the part annotators fix)
A blank decision is no decision. Files read: the `--flagged` CSV/TSV/JSONL a scan wrote
(columns `row_id`, `text`, `decision`, `new_text`, optionally `annotator`/`who` and
`when`), a Label Studio JSON export and an Argilla records export (fixes/exports.py).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..errors import InputError
from ..report.flagged import _formula_like

DOES = ("keep", "drop", "relabel", "edit")
WHO_COLUMNS = ("who", "annotator", "reviewer")
WHEN_COLUMNS = ("when", "updated_at", "reviewed_at")


@dataclass(frozen=True)
class Decision:
    row_id: str  # as text: ids compare as the flagged file wrote them
    do: str  # keep, drop, relabel, edit
    label: Optional[str] = None  # relabel
    text: Optional[str] = None  # edit
    seen_text: Optional[str] = None  # the row's text when it was flagged: a changed row is not edited blind
    keys: tuple[str, ...] = ()
    who: Optional[str] = None
    when: Optional[str] = None
    where: str = ""  # "decisions.csv line 7", for messages


def parse_decision(value: Any, new_text: Any, where: str) -> Optional[tuple[str, Optional[str], Optional[str]]]:
    """(do, label, text) from a decision cell, or None when it is blank."""
    if value is None or not str(value).strip():
        return None
    raw = str(value).strip()
    do, _, rest = raw.partition(":")
    do = do.strip().lower()
    if do not in DOES:
        raise InputError(f"{where}: decision '{raw}' is not one of keep, drop, relabel:<label>, edit: "
                         "(with the corrected text in new_text). Fix the cell or leave it blank.")
    if do in ("keep", "drop"):
        if rest.strip():
            raise InputError(f"{where}: decision '{raw}': '{do}' takes nothing after it.")
        return do, None, None
    if do == "relabel":
        label = rest.strip()
        if not label:
            raise InputError(f"{where}: decision '{raw}' names no label. Write relabel:<label>, e.g. relabel:refund.")
        return do, label, None
    text = new_text if isinstance(new_text, str) and new_text != "" else (rest if rest.strip() else None)
    if text is None:
        raise InputError(f"{where}: decision 'edit:' but new_text is empty. Put the corrected text in new_text.")
    return do, None, text


def read_decisions_text(text: str, path: Path) -> list[Decision]:
    """The decisions in a flagged file (CSV, TSV, JSONL) given its text; rows without one are left out."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _from_records(_jsonl(text, path), path, json_cells=True)
    if suffix in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if suffix == ".tsv" else ",")
        return _from_records(((reader.line_num, row) for row in reader), path, json_cells=False,
                             columns=reader.fieldnames or [])
    raise InputError(f"{path}: give the flagged file (.csv, .tsv, .jsonl) or a Label Studio / Argilla export (.json).")


def decisions_file_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"Decisions file not found: {path}.") from None
    except OSError as exc:
        raise InputError(f"Cannot read the decisions file {path}: {exc.strerror or exc}.") from exc
    try:
        return data.decode("utf-8-sig")  # a spreadsheet may add a byte-order mark
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (byte {exc.start}). Save it as UTF-8 CSV.") from exc


def _jsonl(text: str, path: Path):
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}, line {number}: not valid JSON ({exc.msg}).") from exc
        if not isinstance(record, dict):
            raise InputError(f"{path}, line {number}: expected an object with row_id and decision.")
        yield number, record


def _from_records(records, path: Path, json_cells: bool, columns=None) -> list[Decision]:
    if columns is not None:
        _check_columns(list(columns), path)
    out: list[Decision] = []
    for number, record in records:
        if columns is None:
            _check_columns(list(record), path)
        where = f"{path} line {number}"
        parsed = parse_decision(record.get("decision"), record.get("new_text"), where)
        if parsed is None:
            continue
        do, label, text = parsed
        out.append(Decision(
            row_id=_as_id(record["row_id"], where), do=do, label=label, text=text,
            seen_text=_unescaped(record.get("text"), json_cells), keys=_keys(record.get("finding_keys")),
            who=_first(record, WHO_COLUMNS), when=_first(record, WHEN_COLUMNS), where=where))
    return out


def _check_columns(columns: list[str], path: Path) -> None:
    missing = [c for c in ("row_id", "decision") if c not in columns]
    if missing:
        raise InputError(f"{path} has no {' or '.join(missing)} column (columns: {', '.join(columns) or 'none'}). "
                         "Give the file `dataaudit scan --flagged` wrote, with the decision column filled in.")


def _as_id(value: Any, where: str) -> str:
    if value is None or str(value).strip() == "":
        raise InputError(f"{where}: row_id is empty. Keep the row_id column as the scan wrote it.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _unescaped(str(value), False)


def _unescaped(value: Any, json_cells: bool) -> Optional[str]:
    """A CSV cell as the scan meant it: the flagged file prefixes formula-like cells with "'"."""
    if value is None:
        return None
    text = str(value)
    if not json_cells and text.startswith("'"):
        if _formula_like(text[1:]):
            return text[1:]
    return text


def _keys(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, str) and value.strip():
        return tuple(k.strip() for k in value.split("|") if k.strip())
    return ()


def _first(record: dict, names: tuple[str, ...]) -> Optional[str]:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return str(value)
    return None
