"""The cleaned file, in the input's own format: every untouched record copied byte for byte,
changed records rewritten in the file's style, dropped records gone with their separator.
Parquet is rewritten with the input's schema (a file with no changes is copied as is).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Optional

from ..errors import InputError
from ..io.rawfile import RawFile
from ..model.dataset import Dataset
from .plan import Change, Plan
from .spans import Layout, delimited_layout, json_layout, jsonl_layout

ASSISTANT_ROLES = frozenset({"assistant", "gpt", "bing", "chatgpt"})


def cleaned_bytes(dataset: Dataset, raw: RawFile, container: str, text: Optional[str], plan: Plan,
                  encode) -> bytes:
    """The cleaned file. `text` is the decoded input (None for Parquet); `encode` turns text back
    into bytes the way the input was encoded."""
    if container == "parquet":
        return _parquet(dataset, raw, plan)
    if not plan.changes:
        return raw.data  # nothing to change: the very same bytes
    layout = _layout(text, container, raw)
    if len(layout.records) != len(dataset):
        raise InputError(f"{raw.path}: found {len(layout.records)} records where the scan read {len(dataset)}; "
                         "cannot map the decisions back onto the file byte for byte.")
    edit = _record_editor(dataset, container, layout)
    kept = []
    for position, record in enumerate(layout.records):
        change = plan.changes.get(position)
        if change is None:
            kept.append((position, record))
        elif change.do != "drop":
            kept.append((position, edit(record, change, layout.separators[position])))
    return encode(layout.join(kept))


def _layout(text: str, container: str, raw: RawFile) -> Layout:
    try:
        if container in ("csv", "tsv"):
            return delimited_layout(text, quoted=container == "csv")
        if container == "jsonl":
            return jsonl_layout(text)
        return json_layout(text)
    except (ValueError, IndexError) as exc:
        raise InputError(f"{raw.path}: cannot find its records again ({exc}); was it changed since it was read?") \
            from exc


def _record_editor(dataset: Dataset, container: str, layout: Layout):
    if container in ("csv", "tsv"):
        delimiter = "\t" if container == "tsv" else ","
        quoting = csv.QUOTE_NONE if container == "tsv" else csv.QUOTE_MINIMAL
        header = [h.strip() for h in next(csv.reader(io.StringIO(layout.head), delimiter=delimiter, quoting=quoting))]

        def edit_row(record: str, change: Change, separator: str) -> str:
            cells = next(csv.reader(io.StringIO(record), delimiter=delimiter, quoting=quoting))
            cells += [""] * (len(header) - len(cells))
            for column, value in _table_values(dataset, change):
                if container == "tsv" and any(c in value for c in "\t\r\n"):
                    raise InputError(f"row {dataset.row_ids[change.position]}: the new {column} holds a tab or a "
                                     "line break, which a TSV cell cannot hold. Change the decision's text.")
                cells[header.index(column)] = value
            if container == "tsv":  # no quoting, no escapes: the cells hold no tab or line break
                return "\t".join(cells)
            # The writer quotes a cell holding CR or LF only when they are in its line terminator
            # (an empty one quoted none, so a multi-line edit split the row): write a full CRLF
            # row and cut the terminator off; the record's own line ending stays in its separator.
            out = io.StringIO()
            csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerow(cells)
            return out.getvalue().removesuffix("\r\n")
        return edit_row

    def edit_record(record: str, change: Change, separator: str) -> str:
        value = json.loads(record)
        if dataset.format in ("openai-chat", "sharegpt", "alpaca"):
            _edit_chat(value, dataset, change)
        else:
            for column, new in _table_values(dataset, change):
                value[column] = new
        return _dumps_like(value, record, separator)
    return edit_record


def _table_values(dataset: Dataset, change: Change) -> list[tuple[str, str]]:
    if change.do == "relabel":
        return [(dataset.label_column, change.label)]
    return [(dataset.text_columns[0], change.text)]


def _edit_chat(record: dict[str, Any], dataset: Dataset, change: Change) -> None:
    if change.do == "relabel" and dataset.columns_found.get("label") != "answers":
        record[dataset.label_column] = change.label
        return
    _set_last_answer(record, dataset.format, change.label if change.do == "relabel" else change.text)


def _set_last_answer(record: dict[str, Any], fmt: str, answer: str) -> None:
    if fmt == "alpaca":
        record["output"] = answer
        return
    turns, role_key, content_key = ((record["messages"], "role", "content") if fmt == "openai-chat"
                                    else (record["conversations"], "from", "value"))
    for turn in reversed(turns):
        if isinstance(turn, dict) and str(turn.get(role_key, turn.get("role", ""))).lower() in ASSISTANT_ROLES:
            turn["content" if content_key not in turn and "content" in turn else content_key] = answer
            return
    turns.append({role_key: "assistant" if fmt == "openai-chat" else "gpt", content_key: answer})


def _dumps_like(value: Any, original: str, separator: str) -> str:
    """JSON in the original record's style: one line, or indented as it was; \\u escapes kept
    when the original used them."""
    ascii_only = original.isascii() and "\\u" in original
    if "\n" not in original:
        spaced = ", " in original or ": " in original
        return json.dumps(value, ensure_ascii=ascii_only, separators=(", ", ": ") if spaced else (",", ":"))
    lines = original.split("\n")
    base = len(separator.rsplit("\n", 1)[-1]) if "\n" in separator else 0
    inner = len(lines[1]) - len(lines[1].lstrip(" "))
    step = max(1, inner - base)
    dumped = json.dumps(value, ensure_ascii=ascii_only, indent=step).split("\n")
    return "\n".join([dumped[0]] + [" " * base + line for line in dumped[1:]])


def _parquet(dataset: Dataset, raw: RawFile, plan: Plan) -> bytes:
    if not plan.changes:
        return raw.data
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = pq.ParquetFile(pa.BufferReader(raw.data))
    table = source.read()
    columns = {}
    for name in table.column_names:
        values = table.column(name).to_pylist()
        for position, change in plan.changes.items():
            for column, new in (_table_values(dataset, change) if change.do != "drop" else ()):
                if column == name:
                    values[position] = new
        columns[name] = pa.array(values, type=table.schema.field(name).type)
    keep = [p for p in range(table.num_rows) if plan.changes.get(p) is None or plan.changes[p].do != "drop"]
    cleaned = pa.table(columns, schema=table.schema).take(pa.array(keep, type=pa.int64()))
    compression = source.metadata.row_group(0).column(0).compression.lower() if source.metadata.num_row_groups \
        else "snappy"
    out = io.BytesIO()
    pq.write_table(cleaned, out, compression=None if compression == "uncompressed" else compression)
    return out.getvalue()


def change_trail(dataset: Dataset, plan: Plan) -> str:
    """cleaned.changes.jsonl: one line per changed row, before and after."""
    lines = []
    for position in sorted(plan.changes):
        change = plan.changes[position]
        before = {"text": dataset.texts[position], "label": dataset.labels[position]}
        after = None if change.do == "drop" else {
            "text": change.text if change.do == "edit" else before["text"],
            "label": change.label if change.do == "relabel" else before["label"]}
        entry = {"row": dataset.row_ids[position], "decision": _decision_text(change), "by": change.by,
                 "before": before, "after": after, "finding_keys": list(change.keys)}
        if change.who:
            entry["who"] = change.who
        if change.when:
            entry["when"] = change.when
        lines.append(json.dumps(entry, ensure_ascii=False) + "\n")
    return "".join(lines)


def _decision_text(change: Change) -> str:
    return f"relabel:{change.label}" if change.do == "relabel" else change.do
