"""Finding the text, label and id columns, by name or from common conventions."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Optional, Sequence

from ..errors import InputError

# Checked in order; the first present (case-insensitive) wins.
TEXT_NAMES = ("text", "utterance", "sentence", "prompt", "input", "query", "question", "content",
              "message", "document", "transcript", "transcription", "review", "comment", "body", "sentence1")
LABEL_NAMES = ("label", "labels", "intent", "category", "class", "target", "tag", "gold_label",
               "annotation", "topic", "sentiment", "y")


def _columns_list(columns: Sequence[str]) -> str:
    shown = ", ".join(columns[:30])
    return shown + (f" (and {len(columns) - 30} more)" if len(columns) > 30 else "")


def require_column(name: str, columns: Sequence[str], path: Path, flag: str) -> str:
    if name in columns:
        return name
    folded = {c.casefold(): c for c in columns}
    if name.casefold() in folded:
        return folded[name.casefold()]
    close = difflib.get_close_matches(name, list(columns), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise InputError(
        f"No such column: {name} in {path}.{hint} Columns are: {_columns_list(columns)}. Use {flag} COL."
    )


def guess_column(columns: Sequence[str], names: Sequence[str], exclude: Sequence[str] = ()) -> Optional[str]:
    folded = {c.casefold().strip(): c for c in columns if c not in exclude}
    for name in names:
        if name in folded:
            return folded[name]
    return None


def resolve_text_columns(given: Sequence[str], columns: Sequence[str], path: Path) -> tuple[str, ...]:
    if given:
        return tuple(require_column(name, columns, path, "--text-col") for name in given)
    found = guess_column(columns, TEXT_NAMES)
    if found is None and len(columns) == 1 and any(sep in columns[0] for sep in (";", "|")):
        raise InputError(
            f"{path} has one column named '{columns[0]}': it looks separated by "
            f"'{';' if ';' in columns[0] else '|'}', not commas. Convert it to comma- or tab-separated "
            "values (e.g. save as CSV), then run again."
        )
    if found is None:
        raise InputError(
            f"No text column found in {path}: none is named like {', '.join(TEXT_NAMES[:6])}, …. "
            f"Columns are: {_columns_list(columns)}. Use --text-col COL to name it."
        )
    return (found,)


def resolve_label_column(given: Optional[str], columns: Sequence[str], path: Path,
                         text_columns: Sequence[str]) -> Optional[str]:
    if given:
        column = require_column(given, columns, path, "--label-col")
        if column in text_columns:
            raise InputError(f"--label-col {column} is also a text column. Pick a different column for the label.")
        return column
    return guess_column(columns, LABEL_NAMES, exclude=text_columns)


def check_unique_names(columns: Sequence[str], path: Path) -> None:
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise InputError(
                f"{path} has two columns named '{name}'. Rename one in the header so every column name is unique."
            )
        seen.add(name)
