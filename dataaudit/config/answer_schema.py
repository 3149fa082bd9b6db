"""`--answer-schema schema.json`: the JSON Schema the answers must follow, read once and judged
with `jsonschema` (DA501 uses it in place of the schema it would infer from the file).

A given schema is a promise the user made, not a convention the file may or may not have:
every answer is judged (no 20-record minimum, no 90 % share), and a violation is an error.
A schema file that is missing, unreadable, not JSON or not a valid JSON Schema is a
ConfigError, raised when the settings are checked, before any data is read.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..errors import ConfigError


def read_answer_schema(path: str):
    """The validator for the schema at `path` (cached by path, size and mtime: the settings check
    and DA501 read it once), or ConfigError saying what is wrong with the file."""
    where = Path(path)
    try:
        stat = where.stat()
    except OSError:
        raise ConfigError(f"--answer-schema {path}: file not found. Give the path of a JSON Schema "
                          "(a .json file) the answers must follow.") from None
    if not where.is_file():
        raise ConfigError(f"--answer-schema {path}: not a file. Give the path of a JSON Schema (a .json file).")
    return _validator(str(where.resolve()), stat.st_size, stat.st_mtime_ns, path)


@lru_cache(maxsize=8)
def _validator(resolved: str, size: int, mtime_ns: int, shown: str):
    from jsonschema import exceptions, validators

    try:
        text = Path(resolved).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"--answer-schema {shown}: cannot be read ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"--answer-schema {shown}: not UTF-8 text. Save the schema as UTF-8 JSON.") from None
    try:
        schema = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"--answer-schema {shown}: not valid JSON ({exc}). Fix the file.") from None
    if not isinstance(schema, (dict, bool)):
        raise ConfigError(f"--answer-schema {shown}: a JSON Schema is an object (or true/false), not a "
                          f"{type(schema).__name__}; e.g. {{\"type\": \"object\", \"required\": [\"intent\"]}}.")
    cls = validators.validator_for(schema) if isinstance(schema, dict) else validators.Draft202012Validator
    try:
        cls.check_schema(schema)
    except exceptions.SchemaError as exc:
        where = _path(exc.absolute_path)
        raise ConfigError(f"--answer-schema {shown}: not a valid JSON Schema ({exc.message}"
                          f"{'' if where == 'the top level' else ' at `' + where + '`'}). Fix the schema.") from None
    # Formats ("date", "email") are checked too: a schema that names one means it.
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _path(parts) -> str:
    """`slots.date`, `items[0].name`; 'the top level' for the answer itself."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def violation(validator, value: Any) -> Optional[str]:
    """Where and how `value` breaks the schema (the most relevant error, and how many more), or None."""
    from jsonschema.exceptions import best_match

    errors = list(validator.iter_errors(value))
    if not errors:
        return None
    error = best_match(errors)
    where = _path(error.absolute_path)
    at = "at the top level" if where == "the top level" else f"at `{where}`"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    message = error.message if len(error.message) <= 120 else error.message[:119] + "…"
    return f"{at}: {message}{more}"
