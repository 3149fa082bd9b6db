"""JSON and JSON Lines: a list of objects, with errors that name the line or record."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import InputError

# A \uD800-\uDFFF escape in the file: the only way a JSON text can hold a lone surrogate
# (scraped text with an emoji cut in half). Any surrogate left after parsing is lone.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def replace_lone_surrogates(records: list, text: str) -> int:
    """Replace lone surrogates (not encodable as UTF-8) with U+FFFD in place; returns how many."""
    if not _SURROGATE_ESCAPE.search(text):
        return 0
    replaced = 0

    def fix(value: str) -> str:
        nonlocal replaced
        fixed, count = _SURROGATE.subn(REPLACEMENT, value)
        replaced += count
        return fixed

    stack: list = [records]
    while stack:  # iterative: nesting depth is the parser's to limit, not ours
        container = stack.pop()
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in list(items):
            if isinstance(value, str):
                container[key] = fix(value)
            elif isinstance(value, (dict, list)):
                stack.append(value)
            if isinstance(key, str) and _SURROGATE.search(key):
                container[fix(key)] = container.pop(key)
    return replaced


def _too_deep(path: Path, where: str) -> InputError:
    return InputError(f"{path}{where}: the JSON is nested too deeply to read (more than about "
                      f"{_depth_limit():,} levels of lists or objects). An example is a flat record such as "
                      '{"text": "...", "label": "..."}; fix or remove that record.')


def _depth_limit() -> int:
    import sys

    return sys.getrecursionlimit()


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
        except RecursionError:
            raise _too_deep(path, f", line {number}") from None
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
    except RecursionError:
        raise _too_deep(path, "") from None
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
