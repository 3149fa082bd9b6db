"""Load any supported file into a Dataset."""

from __future__ import annotations

import csv
import io
import json
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any, Optional

import pandas as pd

from ..dataset import Dataset
from ..errors import InputError
from ..settings import Settings
from .chat import (CHAT_FORMATS, CHAT_KEYS, ChatRecordError, canonical_text, comparison_texts,
                   detect_chat_format, prompt_text, segments)
from .columns import (LABEL_NAMES, check_unique_names, guess_column, resolve_label_column,
                      resolve_text_columns, require_column)
from .annotations import collapse_long, consensus_labels, example_sources, wide_annotations
from .jsonfile import parse_json, parse_jsonl, replace_lone_surrogates
from .rawfile import PARQUET_MAGIC, RawFile, decode, read_raw

FORMATS = ("auto", "csv", "tsv", "jsonl", "json", "parquet", "openai-chat", "alpaca", "sharegpt")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".json": "json", ".parquet": "parquet", ".pq": "parquet"}
# A text longer than this is refused (exit 2, naming the row): it is almost certainly a
# whole document pasted into a cell, and one such row could exhaust memory.
MAX_TEXT_CHARS = 5_000_000


def load_dataset(path: str | Path, settings: Settings) -> Dataset:
    path = Path(path)
    try:
        return _load(path, settings)
    except RecursionError:  # a structure nested deeper than any reader of it can walk
        raise InputError(f"{path}: a record is nested too deeply to read (thousands of levels of lists or "
                         "objects). Examples are flat records; fix or remove that record.") from None


def _load(path: Path, settings: Settings) -> Dataset:
    if settings.format not in FORMATS:
        raise InputError(f"Unknown format '{settings.format}'. Use one of: {', '.join(FORMATS)}.")
    raw = read_raw(path)
    container = _container_format(raw, settings.format)
    if container == "parquet":
        frame = _read_parquet(raw)
        return _from_table(frame, raw, "parquet", settings)
    text = decode(raw, settings.encoding)
    if container in ("csv", "tsv"):
        return _from_table(_read_delimited(text, raw.path, container), raw, container, settings)
    records = parse_jsonl(text, raw.path) if container == "jsonl" else parse_json(text, raw.path)
    replaced = replace_lone_surrogates(records, text)
    chat = settings.format if settings.format in CHAT_FORMATS else None
    if chat is None and settings.format == "auto" and not settings.text_columns:
        chat = detect_chat_format(records[0])
    if chat:
        dataset = _from_chat(records, raw, chat, settings)
    else:
        dataset = _from_table(_records_frame(records, raw.path), raw, container, settings)
    return replace(dataset, repairs={"lone_surrogates": replaced}) if replaced else dataset


def _container_format(raw: RawFile, fmt: str) -> str:
    """The file syntax to parse: csv, tsv, jsonl, json or parquet."""
    if fmt in ("csv", "tsv", "jsonl", "json", "parquet"):
        return fmt
    if raw.data.startswith(PARQUET_MAGIC):
        return "parquet"
    suffix = raw.path.suffix.lower()
    if suffix == ".gz":
        raise InputError(f"{raw.path} is compressed. Decompress it first (gunzip -k {raw.path}).")
    if fmt in CHAT_FORMATS:
        return _json_or_jsonl(raw.data)
    if suffix in _EXTENSIONS:
        # .json and .jsonl are often swapped in the wild: trust the content for those.
        return _json_or_jsonl(raw.data) if _EXTENSIONS[suffix] in ("json", "jsonl") else _EXTENSIONS[suffix]
    # Unknown extension: sniff the content.
    if raw.data.lstrip()[:1] in (b"[", b"{"):
        return _json_or_jsonl(raw.data)
    sample = raw.data[:4096].decode("utf-8", errors="ignore")
    first = sample.splitlines()[0] if sample else ""
    if "\t" in first:
        return "tsv"
    if "," in first:
        return "csv"
    raise InputError(
        f"Cannot tell the format of {raw.path} from its name or content. "
        f"Pass --format with one of: {', '.join(FORMATS[1:])}."
    )


def _json_or_jsonl(data: bytes) -> str:
    """A JSON document starts with "[", or is one object; JSON Lines has an object per line."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] == b"[":
        return "json"
    first_line, _, rest = stripped.partition(b"\n")
    try:
        first = json.loads(first_line)
    except (ValueError, RecursionError):
        return "json"  # one object spread over several lines
    if not rest.strip() and isinstance(first, dict) and any(isinstance(v, list) for v in first.values()) \
            and not detect_chat_format(first):
        return "json"  # a one-line {"data": [...]} wrapper
    return "jsonl"


def _read_delimited(text: str, path: Path, fmt: str) -> pd.DataFrame:
    sep = "\t" if fmt == "tsv" else ","
    # TSV has no quoting convention (IANA text/tab-separated-values): quotes are text.
    quoting = csv.QUOTE_NONE if fmt == "tsv" else csv.QUOTE_MINIMAL
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=sep, quoting=quoting))
    except (StopIteration, csv.Error) as exc:
        raise InputError(f"{path}: cannot read the header line ({exc}).") from exc
    check_unique_names([h.strip() for h in header], path)
    try:
        with warnings.catch_warnings():
            # A row with more fields than the header must be an error, not a silent shift.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # dtype=str and only "" as missing: labels such as "01", "NA" or "None" stay as
            # written. index_col=False: never turn the first column into an index.
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                                na_values=[""], engine="c", skip_blank_lines=True, quoting=quoting,
                                index_col=False)
    except pd.errors.ParserWarning as exc:
        line = _first_long_row(text, sep, quoting, len(header))
        raise InputError(
            f"{path}, line {line}: has more fields than the header ({len(header)}: {', '.join(header)}). "
            "A text containing the separator must be quoted, e.g. \"hello, how are you\",greeting."
        ) from exc
    except pd.errors.ParserError as exc:
        raise InputError(
            f"{path}: not valid {fmt.upper()} ({_parser_message(exc)}). Check that row's quoting and "
            "separators, or pass --format if this is not a " + fmt.upper() + " file."
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{path} has no header line. Add a header such as text,label.") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise InputError(f"{path} has a header ({', '.join(frame.columns)}) but no rows. Add examples below the header.")
    return frame


def _first_long_row(text: str, sep: str, quoting: int, width: int) -> int:
    reader = csv.reader(io.StringIO(text), delimiter=sep, quoting=quoting)
    for record in reader:
        if len(record) > width and any(field.strip() for field in record[width:]):
            return reader.line_num
    return 2


def _parser_message(exc: Exception) -> str:
    message = str(exc).strip()
    return message.replace("Error tokenizing data. C error: ", "")


def _read_parquet(raw: RawFile) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        check_unique_names(pq.ParquetFile(pa.BufferReader(raw.data)).schema_arrow.names, raw.path)
        table = pq.read_table(pa.BufferReader(raw.data))
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{raw.path} is not a readable Parquet file ({exc}).") from exc
    if table.num_rows == 0:
        raise InputError(f"{raw.path} has columns ({', '.join(table.column_names)}) but no rows.")
    # dtype=object: an integer column with nulls must not turn into floats ("1" -> "1.0").
    return pd.DataFrame({name: pd.Series(table.column(name).to_pylist(), dtype=object)
                         for name in table.column_names})


def _records_frame(records: list[dict[str, Any]], path: Path) -> pd.DataFrame:
    columns: dict[str, None] = {}
    for record in records:
        for key in record:
            columns.setdefault(str(key))
    return pd.DataFrame({name: [record.get(name) for record in records] for name in columns}, dtype=object)


def _cell_to_text(value: Any, column: str, position: int, path: Path) -> Optional[str]:
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


def _column_values(frame: pd.DataFrame, column: str, path: Path) -> list[Optional[str]]:
    return [_cell_to_text(v, column, i, path) for i, v in enumerate(frame[column].tolist())]


def _from_table(frame: pd.DataFrame, raw: RawFile, fmt: str, settings: Settings) -> Dataset:
    columns = [str(c) for c in frame.columns]
    text_columns = resolve_text_columns(settings.text_columns, columns, raw.path)
    label_column = None if settings.label_columns else \
        resolve_label_column(settings.label_column, columns, raw.path, text_columns)
    id_column = require_column(settings.id_column, columns, raw.path, "--id-col") if settings.id_column else None

    per_column = [_column_values(frame, c, raw.path) for c in text_columns]
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
    labels = _column_values(frame, label_column, raw.path) if label_column else [None] * len(texts)
    return _with_annotations(frame, texts, labels, None, None, raw, fmt, settings, text_columns, label_column,
                             id_column)


def _with_annotations(frame: pd.DataFrame, texts, labels, compare, prompts, raw: RawFile, fmt: str,
                      settings: Settings, text_columns, label_column, id_column) -> Dataset:
    """Attach the --source-col values and fold several annotators' labels into one consensus label."""
    columns = [str(c) for c in frame.columns]
    source_column = require_column(settings.source_column, columns, raw.path, "--source-col") \
        if settings.source_column else None
    label_like = [c for c in (label_column, *settings.label_columns) if c]
    if source_column and source_column in (*text_columns, *label_like):
        raise InputError(f"--source-col {source_column} is also the text or label column. Name the column saying "
                         "who or where each row came from (speaker, annotator, batch).")
    sources = _column_values(frame, source_column, raw.path) if source_column else None
    annotations = None
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
        ids = _column_values(frame, id_column, raw.path) if id_column else None
        if ids is not None and any(v is None or v == "" for v in ids):
            raise InputError(f"{raw.path}: the id column '{id_column}' is empty in row "
                             f"{next(i for i, v in enumerate(ids) if v is None or v == '')} (0-based). Every row needs an id.")
        collapsed = collapse_long(texts, labels, _column_values(frame, annotator_column, raw.path), ids,
                                  annotator_column, raw.path)
        first = collapsed.first_row
        annotations = collapsed.annotations
        pick = lambda values: None if values is None else [values[r] for r in first]  # noqa: E731
        texts, compare, prompts = pick(texts), pick(compare), pick(prompts)
        if sources is not None:
            sources = example_sources(sources, collapsed, ids, source_column, raw.path)
        row_ids = [ids[r] for r in first] if ids is not None else first
        labels = consensus_labels(annotations, len(first), merge_spellings=False)
    elif settings.label_columns:
        used = [require_column(c, columns, raw.path, "--label-col") for c in settings.label_columns]
        for column in used:
            if column in text_columns:
                raise InputError(f"--label-col {column} is also a text column. Pick a different column for the label.")
        annotations = wide_annotations([_column_values(frame, c, raw.path) for c in used], used)
        labels = consensus_labels(annotations, len(texts), merge_spellings=False)
        row_ids = _ids(frame, id_column, raw.path)
    else:
        row_ids = _ids(frame, id_column, raw.path)
    return _build(texts, labels, row_ids, raw, fmt, text_columns, label_column, id_column, compare=compare,
                  prompts=prompts, sources=sources, source_column=source_column, annotations=annotations)


def _from_chat(records: list[dict[str, Any]], raw: RawFile, fmt: str, settings: Settings) -> Dataset:
    parts_per_record = []
    for position, record in enumerate(records):
        if detect_chat_format(record) != fmt and not (fmt == "alpaca" and "instruction" in record):
            raise InputError(
                f"{raw.path}, record {position} (0-based): does not look like {fmt} "
                f"(keys: {', '.join(map(str, record))}). Every record needs the same shape, or pass --format."
            )
        try:
            parts_per_record.append(segments(record, fmt))
        except ChatRecordError as exc:
            raise InputError(f"{raw.path}, record {position} (0-based): {exc}. Fix that record.") from exc
    texts = [canonical_text(parts) for parts in parts_per_record]
    frame = _records_frame(records, raw.path)
    columns = list(frame.columns)
    if settings.label_column:
        label_column = require_column(settings.label_column, columns, raw.path, "--label-col")
    elif settings.label_columns:
        label_column = None
    else:
        label_column = guess_column(columns, LABEL_NAMES, exclude=tuple(CHAT_KEYS))
    id_column = require_column(settings.id_column, columns, raw.path, "--id-col") if settings.id_column else None
    labels = _column_values(frame, label_column, raw.path) if label_column else [None] * len(texts)
    return _with_annotations(frame, texts, labels, comparison_texts(parts_per_record),
                             [prompt_text(parts) for parts in parts_per_record], raw, fmt, settings, (),
                             label_column, id_column)


def _ids(frame: pd.DataFrame, id_column: Optional[str], path: Path) -> list[Any]:
    if id_column is None:
        return list(range(len(frame)))
    ids = _column_values(frame, id_column, path)
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


def _build(texts, labels, ids, raw: RawFile, fmt: str, text_columns, label_column, id_column,
           compare: Optional[list[str]] = None, prompts: Optional[list[str]] = None,
           sources: Optional[list[Optional[str]]] = None, source_column: Optional[str] = None,
           annotations=None) -> Dataset:
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
         "source": pd.Series(sources if sources is not None else [None] * len(shown), dtype=object)}
    )
    return Dataset(frame=frame, path=str(raw.path), format=fmt, sha256=raw.sha256,
                   text_columns=tuple(text_columns), label_column=label_column, id_column=id_column,
                   source_column=source_column, annotations=annotations)
