"""JSON and JSON Lines: a list of objects, with errors that name the line or record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError


def parse_jsonl(text: str, path: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    # Split on "\n" only: str.splitlines() also breaks on U+2028/U+0085, which JSON allows inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}, line {number}: not valid JSON ({exc.msg}, column {exc.colno}). "
                "Each line of a JSONL file must be one JSON object; fix or remove that line."
            ) from exc
        if not isinstance(value, dict):
            raise InputError(
                f"{path}, line {number}: holds a JSON {_kind(value)}, but every line must be an object "
                'like {"text": "...", "label": "..."}. Fix that line.'
            )
        records.append(value)
    if not records:
        raise InputError(f"{path} has no JSON records. Add one JSON object per line.")
    return records


def parse_json(text: str, path: Path) -> list[dict[str, Any]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = ""
        if exc.msg.startswith("Extra data"):
            hint = " It looks like JSON Lines (one object per line): rename it to *.jsonl or pass --format jsonl."
        raise InputError(
            f"{path}, line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg}).{hint}"
        ) from exc
    if isinstance(value, dict):
        # A common wrapper: {"data": [...]} or any single list-valued key.
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) == 1:
            value = lists[0]
        else:
            raise InputError(
                f"{path} holds one JSON object; expected a list of records like "
                '[{"text": "...", "label": "..."}, ...].'
            )
    if not isinstance(value, list):
        raise InputError(f"{path} holds a JSON {_kind(value)}; expected a list of records.")
    if not value:
        raise InputError(f"{path} holds an empty list: there are no examples to audit.")
    for index, record in enumerate(value):
        if not isinstance(record, dict):
            raise InputError(
                f"{path}, record {index} (0-based): is a JSON {_kind(record)}, but every record must be an "
                "object with the same fields. Fix or remove that record."
            )
    return value


def _kind(value: Any) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )
