"""Applying fixes back: decisions (a person's, or the report's suggested actions) turned into a
cleaned copy of the input in its own format, with a trail of every change.

    decisions.py  what a decisions file says (flagged CSV/JSONL, tool exports)
    exports.py    Label Studio and Argilla: export flagged rows, read their annotations back
    plan.py       one change per row, and what could not be applied
    spans.py      where each record sits in the input text
    write.py      the cleaned bytes and the change trail
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..config import Settings
from ..errors import InputError
from ..io.load import container_format, load_dataset
from ..io.rawfile import decode, read_raw
from .decisions import Decision, decisions_file_text, read_decisions_text
from .exports import read_tool_export
from .plan import Plan, plan_changes
from .write import change_trail, cleaned_bytes

__all__ = ["Applied", "apply_fixes", "read_decisions", "Decision", "Plan"]

_BOM_CODECS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
               (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class Applied:
    output: bytes  # the cleaned file
    trail: str  # cleaned.changes.jsonl
    plan: Plan
    rows_in: int
    rows_out: int
    format: str


def read_decisions(path: str | Path) -> list[Decision]:
    """The decisions in a flagged file (CSV/TSV/JSONL) or a Label Studio / Argilla export (.json)."""
    path = Path(path)
    text = decisions_file_text(path)
    if path.suffix.lower() == ".json":
        return read_tool_export(text, path)
    return read_decisions_text(text, path)


def apply_fixes(path: str | Path, decisions: list[Decision], settings: Settings, report=None,
                auto: bool = False) -> Applied:
    """The cleaned copy of the file at `path` (nothing is written; the input is only read)."""
    path = Path(path)
    if auto and report is None:
        raise InputError("--auto applies the report's suggested actions: pass the scan's JSON with --report FILE.")
    dataset = load_dataset(path, settings)
    if dataset.annotations is not None:
        raise InputError(f"{path} holds several annotations per example (--annotator-col / several --label-col); "
                         "apply writes one-label-per-row files only. Fold the annotations first, or edit the file.")
    if report is not None and auto and report.dataset.sha256 != dataset.sha256:
        raise InputError(f"the report is of another version of {path} (its sha256 differs): its actions point at "
                         "rows that may have moved. Scan the file again and apply that report.")
    plan = plan_changes(dataset, decisions, report, auto)
    raw = read_raw(path)
    container = container_format(raw, settings.format)
    text = None if container == "parquet" else decode(raw, settings.encoding)
    output = cleaned_bytes(dataset, raw, container, text, plan, _encoder(raw.data, settings.encoding))
    dropped = plan.count("drop")
    return Applied(output=output, trail=change_trail(dataset, plan), plan=plan, rows_in=len(dataset),
                   rows_out=len(dataset) - dropped, format=dataset.format)


def _encoder(data: bytes, encoding: Optional[str]):
    """Text back to bytes as the input was written: its byte-order mark and encoding."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            return lambda text: bom + text.encode(codec)
    use = encoding or "utf-8"
    return lambda text: text.encode(use)
