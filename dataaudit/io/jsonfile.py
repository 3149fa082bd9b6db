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
            raise InputError(_control_character(path, number, exc) or (
                f"{path}, line {number}: not valid JSON ({exc.msg}, column {exc.colno}). "
                "Each line of a JSONL file must be one JSON object; fix or remove that line.")
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
        raise InputError(_control_character(path, exc.lineno, exc) or
                         f"{path}, line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg}).{hint}") from exc
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


# How a raw control character is named, and written inside a JSON string.
_CONTROL_NAMES = {"\x00": ("NUL byte", "\\u0000"), "\t": ("tab", "\\t"), "\n": ("line break", "\\n"),
                  "\r": ("carriage return", "\\r"), "\x1b": ("escape character", "\\u001b")}


def _control_character(path: Path, line: int, exc: json.JSONDecodeError) -> str:
    """The message for a raw control character (a NUL byte kept from a scraped string, a pasted
    line break) where the parser stopped, or "" when that is not what stopped it. JSON strings
    cannot hold one as it is: inside a string the fix is its escape, outside one to remove it."""
    inside = exc.msg == "Invalid control character at"
    char = exc.doc[exc.pos:exc.pos + 1]
    if not char or ord(char) >= 0x20 or (not inside and char in "\t\n\r"):  # outside, those are whitespace
        return ""
    name, escape = _CONTROL_NAMES.get(char, (f"control character U+{ord(char):04X}", f"\\u{ord(char):04x}"))
    where = f"{path}, line {line}, column {exc.colno}: a raw {name} (U+{ord(char):04X})"
    if inside:
        return (f"{where} inside a string. JSON strings cannot hold it as it is: write it as {escape}, or remove it, "
                "then run again.")
    return f"{where} outside any string. Remove it, then run again."


def _kind(value: Any) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )
