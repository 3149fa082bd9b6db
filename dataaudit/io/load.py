"""Load any supported file into a Dataset."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import Settings
from ..config.options import FORMATS
from ..model.dataset import Dataset
from ..errors import InputError
from .chat import (CHAT_FORMATS, CHAT_KEYS, ChatRecordError, answer_of, answers_are_labels, canonical_text,
                   comparison_texts, without_answer,
                   detect_chat_format, prompt_text, segments)
from .columns import Guess, check_unique_names, require_column, resolve_label_column
from .delimited import read_delimited
from .jsonfile import parse_json, parse_jsonl, replace_lone_surrogates
from .rawfile import PARQUET_MAGIC, RawFile, decode, read_raw
from .record_lines import record_lines
from .table import column_values, found_columns, from_table, with_annotations

_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".json": "json", ".parquet": "parquet", ".pq": "parquet"}


def load_dataset(path: str | Path, settings: Settings) -> Dataset:
    path = Path(path)
    try:
        return _load(path, settings)
    except RecursionError:  # a structure nested deeper than any reader of it can walk
        raise InputError(f"{path}: a record is nested too deeply to read (thousands of levels of lists or "
                         "objects). Examples are flat records; fix or remove that record.") from None


def load_frame(frame: pd.DataFrame, settings: Settings, name: str = "<DataFrame>") -> Dataset:
    """A pandas DataFrame as a Dataset, read as a CSV with the same columns would be. Its
    `sha256` is of the frame's content (pandas' row hashes), so a re-scan can tell it changed."""
    import hashlib

    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"audit() takes a file path or a pandas DataFrame, not {type(frame).__name__}.")
    if frame.empty:
        raise InputError(f"{name} has no rows. Give a DataFrame with at least one example.")
    check_unique_names([str(c) for c in frame.columns], Path(name))
    digest = hashlib.sha256("\x1f".join(map(str, frame.columns)).encode("utf-8"))
    digest.update(pd.util.hash_pandas_object(frame.astype(object), index=False).to_numpy().tobytes())
    raw = RawFile(path=Path(name), data=b"", sha256=digest.hexdigest())
    return from_table(frame.reset_index(drop=True), raw, "dataframe", settings)


def _load(path: Path, settings: Settings) -> Dataset:
    return load_raw(read_raw(path), settings)


def load_raw(raw: RawFile, settings: Settings) -> Dataset:
    """A file's bytes (read_raw's, or shards joined by an engine that reads folders) as a Dataset."""
    if settings.format not in FORMATS:
        raise InputError(f"Unknown format '{settings.format}'. Use one of: {', '.join(FORMATS)}.")
    container = container_format(raw, settings.format)
    if container == "parquet":
        return from_table(_read_parquet(raw), raw, "parquet", settings)
    text = decode(raw, settings.encoding)
    dataset = _text_dataset(text, raw, container, settings)
    return replace(dataset, record_lines=record_lines(text, container))


def _text_dataset(text: str, raw: RawFile, container: str, settings: Settings) -> Dataset:
    if container in ("csv", "tsv"):
        return from_table(read_delimited(text, raw.path, container), raw, container, settings)
    records = parse_jsonl(text, raw.path) if container == "jsonl" else parse_json(text, raw.path)
    replaced = replace_lone_surrogates(records, text)
    chat = settings.format if settings.format in CHAT_FORMATS else None
    if chat is None and settings.format == "auto" and not settings.text_columns:
        chat = detect_chat_format(records[0])
    if chat:
        dataset = _from_chat(records, raw, chat, settings)
    else:
        dataset = from_table(_records_frame(records, raw.path), raw, container, settings)
    return replace(dataset, repairs={"lone_surrogates": replaced}) if replaced else dataset


def container_format(raw: RawFile, fmt: str) -> str:
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


def _read_parquet(raw: RawFile) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        check_unique_names(pq.ParquetFile(pa.BufferReader(raw.data)).schema_arrow.names, raw.path)
        table = pq.read_table(pa.BufferReader(raw.data))
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{raw.path} is not a readable Parquet file ({exc}).") from exc
    return arrow_frame(table, raw.path)


def arrow_frame(table, path: Path) -> pd.DataFrame:
    """An Arrow table (one Parquet file's, or shards read by Ray Data) as the frame a table loader reads."""
    if table.num_rows == 0:
        raise InputError(f"{path} has columns ({', '.join(table.column_names)}) but no rows.")
    # dtype=object: an integer column with nulls must not turn into floats ("1" -> "1.0").
    return pd.DataFrame({name: pd.Series(table.column(name).to_pylist(), dtype=object)
                         for name in table.column_names})


def _records_frame(records: list[dict[str, Any]], path: Path) -> pd.DataFrame:
    columns: dict[str, None] = {}
    for record in records:
        for key in record:
            columns.setdefault(str(key))
    return pd.DataFrame({name: [record.get(name) for record in records] for name in columns}, dtype=object)


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
    answers = [answer_of(parts) for parts in parts_per_record]
    label = _chat_label_column(frame, columns, answers, fmt, settings, raw.path)
    label_column, how = label.column, label.how
    id_column = require_column(settings.id_column, columns, raw.path, "--id-col") if settings.id_column else None
    if how == "answers":
        # A classification fine-tune: the answer is the label, so records are compared by what they
        # ask; the same prompt with another answer is then a label conflict (DA201), not a duplicate.
        labels = [a.strip() or None for a in answers]
        compare = comparison_texts([without_answer(parts) for parts in parts_per_record])
    else:
        labels = column_values(frame, label_column, raw.path) if label_column else [None] * len(texts)
        compare = comparison_texts(parts_per_record)
    return with_annotations(frame, texts, labels, compare, [prompt_text(parts) for parts in parts_per_record], raw,
                            fmt, settings, (), label_column, id_column, parts=parts_per_record,
                            found=found_columns("format", label))


def _chat_label_column(frame, columns, answers, fmt: str, settings: Settings, path: Path) -> Guess:
    """The label column and how it was found. "answers": the last assistant turn (Alpaca: output) is the label."""
    answer_name = "output" if fmt == "alpaca" else "assistant"
    if settings.label_columns:
        return Guess(None, "given")
    if settings.label_from == "none":
        return Guess(None, "none")
    if settings.label_column:
        return Guess(require_column(settings.label_column, columns, path, "--label-col"), "given")
    if settings.label_from == "assistant":
        return Guess(answer_name, "answers")
    guess = resolve_label_column(None, columns, path, (), values=lambda c: frame[c].tolist(), exclude=tuple(CHAT_KEYS))
    if guess.column is not None or settings.label_from == "column":
        if guess.column is None:
            raise InputError(f"--label-from column: {path} has no label field (keys: {', '.join(columns)}). Name it "
                             "with --label-col, or use --label-from assistant.")
        return guess
    if answers_are_labels(answers):
        return Guess(answer_name, "answers")
    return Guess(None, "none")


