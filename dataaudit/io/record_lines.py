"""Where each record of a text file starts: its 1-based line number, so a finding can point at
the line an editor, a diff or a code-scanning annotation shows (SARIF output, report rows).

Counted the way the loaders read the file, so record i here is record i there: CSV/TSV by the
csv module with the loader's separator and quoting (a quoted cell may span lines; blank lines
are skipped, as pandas skips them), JSONL by "\\n" with blank lines skipped (io/jsonfile.py),
a JSON array by decoding its elements one after another. A JSON file that wraps its list in an
object, or anything else, has no line per record: None."""

from __future__ import annotations

import csv
import io
import json
from typing import Optional

import numpy as np


def record_lines(text: str, container: str) -> Optional[np.ndarray]:
    """Per record (in the loader's order) the line it starts on, or None where lines do not apply."""
    try:
        if container in ("csv", "tsv"):
            return _delimited_lines(text, container)
        if container == "jsonl":
            return _jsonl_lines(text)
        if container == "json":
            return _json_array_lines(text)
    except (csv.Error, ValueError):
        return None  # the loader read it, so this cannot happen; the report then just has no lines
    return None


def _delimited_lines(text: str, container: str) -> np.ndarray:
    sep = "\t" if container == "tsv" else ","
    quoting = csv.QUOTE_NONE if container == "tsv" else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quoting=quoting)
    starts: list[int] = []
    previous_end = 0  # the line the previous record ended on
    header = True
    for row in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not row or (len(row) == 1 and row[0] and not row[0].strip()):
            continue  # an empty or whitespace-only line: pandas skips it (a line `""` is a record)
        if header:
            header = False
            continue
        starts.append(start)
    return np.asarray(starts, dtype=np.int64)


def _jsonl_lines(text: str) -> np.ndarray:
    # As parse_jsonl splits: on "\n" only (JSON allows U+2028 inside strings), blank lines skipped.
    return np.asarray([number for number, line in enumerate(text.split("\n"), start=1)
                       if line.removesuffix("\r").strip()], dtype=np.int64)


def _json_array_lines(text: str) -> Optional[np.ndarray]:
    """The line of each element of a top-level JSON array (None for any other JSON)."""
    decoder = json.JSONDecoder()
    at = _skip_space(text, 0)
    if at >= len(text) or text[at] != "[":
        return None
    at = _skip_space(text, at + 1)
    starts: list[int] = []
    line, counted_to = 1, 0
    while at < len(text) and text[at] != "]":
        line += text.count("\n", counted_to, at)
        counted_to = at
        starts.append(line)
        _, at = decoder.raw_decode(text, at)
        at = _skip_space(text, at)
        if at < len(text) and text[at] == ",":
            at = _skip_space(text, at + 1)
    return np.asarray(starts, dtype=np.int64)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n\ufeff":
        at += 1
    return at
