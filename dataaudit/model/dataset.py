"""The one table every check reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import pandas as pd

from .annotations import Annotations
from .findings import DatasetInfo, RowId


@dataclass(frozen=True)
class Dataset:
    """Loaded examples: a DataFrame with `row_id`, `text`, `compare` and `label` columns.

    `text` is the text every check compares (for chat and instruction formats the
    canonical transcript described in io/chat.py); `label` is a string or None.
    Row ids are the `--id-col` values as strings, or 0-based positions.
    """

    frame: pd.DataFrame
    path: str
    format: str
    sha256: str
    text_columns: tuple[str, ...]
    label_column: Optional[str]
    id_column: Optional[str]
    source_column: Optional[str] = None
    # Several annotators per example (io/annotations.py); `label` then holds their consensus.
    annotations: Optional[Annotations] = None
    # What the loader had to change to read the file at all, by kind: {"lone_surrogates": 3}.
    repairs: dict[str, int] = field(default_factory=dict)
    # How the text and label columns were found: given, name, similar name, content, answers, none.
    columns_found: dict[str, str] = field(default_factory=dict)
    # The input's own columns as read, one row per example (rule packs may test any of them).
    table: Optional[pd.DataFrame] = field(default=None, compare=False, repr=False)
    # Per example, the input record it came from (0-based; None: example i is record i). Several
    # annotators' rows of one example fold into its first record (io/annotations.py).
    records: Optional[np.ndarray] = field(default=None, compare=False, repr=False)
    # For text files, the line each input record starts on (io/record_lines.py); None for Parquet,
    # DataFrames and shards. Findings point at these lines (report rows, SARIF).
    record_lines: Optional[np.ndarray] = field(default=None, compare=False, repr=False)

    @property
    def has_labels(self) -> bool:
        return self.label_column is not None or self.annotations is not None

    @property
    def sources(self) -> list[Optional[str]]:
        """The --source-col value of each row (None without the column, or when the cell is empty)."""
        if "source" not in self.frame:
            return [None] * len(self.frame)
        return self.frame["source"].tolist()

    def place(self, position: int) -> tuple[int, Optional[int]]:
        """Example `position`'s input record (0-based) and the line it starts on (None: no lines)."""
        record = int(self.records[position]) if self.records is not None else position
        lines = self.record_lines
        return record, (int(lines[record]) if lines is not None and record < len(lines) else None)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def row_ids(self) -> list[RowId]:
        return self.frame["row_id"].tolist()

    @property
    def texts(self) -> list[str]:
        return self.frame["text"].tolist()

    @property
    def compare_texts(self) -> list[str]:
        """What the duplicate checks compare: `text`, or for chat formats the transcript
        without system prompts and boilerplate parts (io/chat.py)."""
        return self.frame["compare"].tolist()

    @property
    def prompts(self) -> list[Optional[str]]:
        """For chat and instruction formats, the user side of each record; None for tables."""
        return self.frame["prompt"].tolist()

    @property
    def parts(self) -> list:
        """For chat and instruction records, their (role or field, content) parts; None for tables."""
        return self.frame["parts"].tolist() if "parts" in self.frame else [None] * len(self.frame)

    @property
    def labels(self) -> list[Optional[str]]:
        return self.frame["label"].tolist()

    def info(self) -> DatasetInfo:
        return DatasetInfo(
            path=self.path,
            format=self.format,
            rows=len(self.frame),
            sha256=self.sha256,
            text_columns=self.text_columns,
            label_column=self.label_column,
            id_column=self.id_column,
            source_column=self.source_column,
            annotations=None if self.annotations is None else {
                "format": self.annotations.format, "columns": list(self.annotations.columns),
                "input_rows": self.annotations.input_rows, "annotations": len(self.annotations),
                "annotators": len(self.annotations.annotators)},
            repairs=dict(self.repairs),
            columns_found=dict(self.columns_found),
        )
