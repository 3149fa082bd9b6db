"""Tables into Datasets: which columns are text, label, id, source and annotators, every
cell as text, and several annotators' labels folded into one example each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pandas as pd

from ..config import Settings
from ..model.dataset import Dataset
from ..errors import InputError
from .annotations import collapse_long, consensus_labels, example_sources, wide_annotations
from .columns import Guess, require_column, resolve_label_column, resolve_text_columns
from .rawfile import RawFile

# A text longer than this is refused (exit 2, naming the row): it is almost certainly a
# whole document pasted into a cell, and one such row could exhaust memory.
MAX_TEXT_CHARS = 5_000_000


def cell_to_text(value: Any, column: str, position: int, path: Path) -> Optional[str]:
    """A cell as a string, None when missing. Numbers keep their written form."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return repr(value)
    if isinstance(value, (bool, int)):
        return json.dumps(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, (dict, list)):
        raise InputError(
            f"{path}, row {position} (0-based), column '{column}': holds a JSON {'object' if isinstance(value, dict) else 'list'}, "
            "not text. Records must have the same simple fields; flatten it, or choose another column (--text-col, --label-col, "
            "--id-col, --source-col, --annotator-col)."
        )
    return str(value)


def column_values(frame: pd.DataFrame, column: str, path: Path) -> list[Optional[str]]:
    return [cell_to_text(v, column, i, path) for i, v in enumerate(frame[column].tolist())]


def from_table(frame: pd.DataFrame, raw: RawFile, fmt: str, settings: Settings) -> Dataset:
    columns = [str(c) for c in frame.columns]
    cells = lambda column: frame[column].tolist()  # noqa: E731  (read only when a name does not decide)
    text_columns, text_found = resolve_text_columns(settings.text_columns, columns, raw.path, values=cells)
    if settings.label_from == "assistant":
        raise InputError(f"--label-from assistant takes the label from chat or instruction records' answers, but "
                         f"{raw.path} is a {fmt} table. Use --label-col COL, or --format openai-chat/alpaca/sharegpt.")
    if settings.label_columns or settings.label_from == "none":
        label_guess = Guess(None, "given" if settings.label_columns else "none")
    else:
        exclude = [c for c in (settings.id_column, settings.source_column, settings.annotator_column) if c]
        label_guess = resolve_label_column(settings.label_column, columns, raw.path, text_columns, values=cells,
                                           exclude=exclude)
    label_column = label_guess.column
    if settings.label_from == "column" and label_column is None:
        raise InputError(f"--label-from column: no label column found in {raw.path}. Columns are: "
                         f"{', '.join(columns)}. Name it with --label-col COL.")
    id_column = require_column(settings.id_column, columns, raw.path, "--id-col") if settings.id_column else None

    per_column = [column_values(frame, c, raw.path) for c in text_columns]
    if len(per_column) == 1:
        texts = per_column[0]
    else:
        # Several text columns are compared as one text, one column per line, in the order given.
        texts = ["\n".join(v for v in values if v) or None for values in zip(*per_column)]
    if all(t is None or not t.strip() for t in texts):
        raise InputError(
            f"{raw.path}: the text column{'s' if len(text_columns) > 1 else ''} "
            f"{', '.join(text_columns)} {'are' if len(text_columns) > 1 else 'is'} empty in all "
            f"{len(texts)} rows. Use --text-col to choose the column that holds the examples."
        )
    labels = column_values(frame, label_column, raw.path) if label_column else [None] * len(texts)
    return with_annotations(frame, texts, labels, None, None, raw, fmt, settings, text_columns, label_column,
                             id_column, found=found_columns(text_found, label_guess))


def found_columns(text_found: str, label: Guess) -> dict[str, str]:
    """Dataset.columns_found: how each column was found, and the label's note when a choice was made."""
    return {"text": text_found, "label": label.how, **({"label_note": label.note} if label.note else {})}


def with_annotations(frame: pd.DataFrame, texts, labels, compare, prompts, raw: RawFile, fmt: str,
                      settings: Settings, text_columns, label_column, id_column, parts=None,
                      found: Optional[dict] = None, records: Optional[list[int]] = None) -> Dataset:
    """Attach the --source-col values and fold several annotators' labels into one consensus label."""
    columns = [str(c) for c in frame.columns]
    source_column = require_column(settings.source_column, columns, raw.path, "--source-col") \
        if settings.source_column else None
    label_like = [c for c in (label_column, *settings.label_columns) if c]
    if source_column and source_column in (*text_columns, *label_like):
        raise InputError(f"--source-col {source_column} is also the text or label column. Name the column saying "
                         "who or where each row came from (speaker, annotator, batch).")
    sources = column_values(frame, source_column, raw.path) if source_column else None
    annotations = None
    records = None  # example i is input record i, unless annotators' rows fold
    if settings.annotator_column:
        annotator_column = require_column(settings.annotator_column, columns, raw.path, "--annotator-col")
        if annotator_column in (*text_columns, label_column, id_column):
            raise InputError(f"--annotator-col {annotator_column} is also the text, label or id column. Name the "
                             "column that holds each annotation's annotator.")
        if source_column == annotator_column:
            raise InputError("--source-col and --annotator-col are the same column: the annotators table in the "
                             "report already gives each annotator's share and agreement. Leave out --source-col.")
        if label_column is None:
            raise InputError(f"--annotator-col {annotator_column} needs the label column each annotator filled in. "
                             f"Name it with --label-col COL. Columns are: {', '.join(columns)}.")
        ids = column_values(frame, id_column, raw.path) if id_column else None
        if ids is not None and any(v is None or v == "" for v in ids):
            raise InputError(f"{raw.path}: the id column '{id_column}' is empty in row "
                             f"{next(i for i, v in enumerate(ids) if v is None or v == '')} (0-based). Every row needs an id.")
        collapsed = collapse_long(texts, labels, column_values(frame, annotator_column, raw.path), ids,
                                  annotator_column, raw.path)
        first = collapsed.first_row
        records = first
        annotations = collapsed.annotations
        pick = lambda values: None if values is None else [values[r] for r in first]  # noqa: E731
        texts, compare, prompts, parts = pick(texts), pick(compare), pick(prompts), pick(parts)
        frame = frame.iloc[first].reset_index(drop=True)
        if sources is not None:
            sources = example_sources(sources, collapsed, ids, source_column, raw.path)
        row_ids = [ids[r] for r in first] if ids is not None else first
        labels = consensus_labels(annotations, len(first), merge_spellings=False)
    elif settings.label_columns:
        used = [require_column(c, columns, raw.path, "--label-col") for c in settings.label_columns]
        for column in used:
            if column in text_columns:
                raise InputError(f"--label-col {column} is also a text column. Pick a different column for the label.")
        annotations = wide_annotations([column_values(frame, c, raw.path) for c in used], used)
        labels = consensus_labels(annotations, len(texts), merge_spellings=False)
        row_ids = _ids(frame, id_column, raw.path)
    else:
        row_ids = _ids(frame, id_column, raw.path)
    return build_dataset(texts, labels, row_ids, raw, fmt, text_columns, label_column, id_column, compare=compare,
                         prompts=prompts, sources=sources, source_column=source_column, annotations=annotations,
                         parts=parts, table=frame, found=found, records=records)


def _ids(frame: pd.DataFrame, id_column: Optional[str], path: Path) -> list[Any]:
    if id_column is None:
        return list(range(len(frame)))
    ids = column_values(frame, id_column, path)
    seen: dict[str, int] = {}
    for position, value in enumerate(ids):
        if value is None or value == "":
            raise InputError(f"{path}, row {position} (0-based): the id column '{id_column}' is empty. Every row needs an id.")
        if value in seen:
            raise InputError(
                f"{path}: id '{value}' in column '{id_column}' appears at rows {seen[value]} and {position} (0-based). "
                "Ids must be unique; fix them or leave out --id-col to use row positions."
            )
        seen[value] = position
    return ids


def build_dataset(texts, labels, ids, raw: RawFile, fmt: str, text_columns, label_column, id_column,
           compare: Optional[list[str]] = None, prompts: Optional[list[str]] = None,
           sources: Optional[list[Optional[str]]] = None, source_column: Optional[str] = None,
           annotations=None, parts=None, table: Optional[pd.DataFrame] = None,
           found: Optional[dict] = None, records: Optional[list[int]] = None) -> Dataset:
    for position, text in enumerate(texts):
        if text is not None and len(text) > MAX_TEXT_CHARS:
            raise InputError(
                f"{raw.path}, row {position} (0-based): the text is {len(text):,} characters, more than the "
                f"{MAX_TEXT_CHARS:,} dataaudit accepts in one example. Split or remove that row."
            )
    clean_labels = [None if (label is None or not label.strip()) else label for label in labels]
    shown = pd.Series([t if t is not None else "" for t in texts], dtype=object)
    frame = pd.DataFrame(
        {"row_id": pd.Series(ids, dtype=object),
         "text": shown,
         "compare": shown if compare is None else pd.Series(compare, dtype=object),
         "prompt": pd.Series(prompts if prompts is not None else [None] * len(shown), dtype=object),
         "label": pd.Series(clean_labels, dtype=object),
         "source": pd.Series(sources if sources is not None else [None] * len(shown), dtype=object),
         "parts": pd.Series(parts if parts is not None else [None] * len(shown), dtype=object)}
    )
    return Dataset(frame=frame, path=str(raw.path), format=fmt, sha256=raw.sha256,
                   text_columns=tuple(text_columns), label_column=label_column, id_column=id_column, table=table,
                   columns_found=dict(found or {}),
                   source_column=source_column, annotations=annotations,
                   records=None if records is None else np.asarray(records, dtype=np.int64))
