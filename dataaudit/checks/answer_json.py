"""DA501 answer_json — an answer that breaks the JSON format the file's other answers share.

What it finds:
    Chat and instruction records (OpenAI chat, ShareGPT, Alpaca) whose last answer is not
    JSON when at least 90 % of the file's answers (20 or more) are, or is JSON of another
    shape: another top-level type (an array where the others are objects), an object
    missing a key that 90 % of the objects have, an object with keys of its own where 90 %
    share one key set, or a value of another type than 90 % of that key's values (a string
    where the others hold a number; null is allowed). The schema is learned from the file.
    A code fence or an `Answer:` prefix around the JSON is DA502's business: the JSON inside
    is what is judged here.

Why it matters:
    A model fine-tuned to emit JSON copies what it is shown: a few prose answers, a missing
    key or a number written as a string teach it that the format is optional, and the parser
    downstream breaks on the rows it learned from them. Files with no JSON convention get no
    finding.

Example:
    96 % of answers (1,920 of 2,000) are JSON objects with keys `intent`, `slots`; row 812's
    answer is prose: 'I think you want to cancel the order.'
    The row stays in the clean count (a warning): fix it to the format, or drop it.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Optional

from ..model.findings import CheckOutcome
from .base import Check, Extra
from .conventions import MIN_RECORDS, NORM_SHARE, answers, not_chat, pct, quote, row_finding

ACTION = "rewrite the answer in the format the other answers use, or drop the row"


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {dict: "object", list: "array", str: "string", type(None): "null"}[type(value)]


def parse(answer: str) -> tuple[bool, Any, str]:
    """(parsed, value, error): the answer as JSON, inside a code fence or after a wrapper prefix
    (DA502 judges those)."""
    from .answer_wrapper import unwrapped

    text = unwrapped(answer)
    try:
        return True, json.loads(text), ""
    except (ValueError, RecursionError) as error:
        return False, None, str(error).split(":")[0] if isinstance(error, ValueError) else "too deep"


def _keys(keys) -> str:
    return ", ".join(f"`{k}`" for k in keys) if keys else "no keys"


def _not_json(answer: str, error: str) -> str:
    stripped = answer.lstrip()
    if stripped[:1] in "{[":
        return f"answer is broken JSON ({error.lower()}): {quote(answer)}"
    return f"answer is prose: {quote(answer)}"


def run(inputs):
    given = answers(inputs.dataset)
    if len(given) < MIN_RECORDS:
        return CheckOutcome(findings=[], notes=(f"{len(given)} answers: fewer than {MIN_RECORDS} make no convention",))
    parsed = {p: parse(a) for p, a in given.items()}
    as_json = {p: value for p, (ok, value, _) in parsed.items() if ok}
    total = len(given)
    if len(as_json) < NORM_SHARE * total:
        return CheckOutcome(findings=[], notes=(
            f"{pct(len(as_json), total)} of answers are JSON: no JSON convention (needs {pct(9, 10)})",))
    types = Counter(json_type(v) for v in as_json.values())
    norm_type, norm_type_count = types.most_common(1)[0]
    objects = {p: v for p, v in as_json.items() if isinstance(v, dict)}
    schema = _object_schema(objects) if norm_type == "object" else None
    norm = (f"{pct(len(as_json), total)} of answers ({len(as_json):,} of {total:,}) are JSON"
            + (f" {_plural_type(norm_type)}" if norm_type_count >= NORM_SHARE * len(as_json) else ""))
    if schema and schema[0]:
        norm += f" with keys {_keys(schema[0])}"
    findings = []
    for position, answer in given.items():
        ok, value, error = parsed[position]
        if not ok:
            deviation = _not_json(answer, error)
        elif norm_type_count >= NORM_SHARE * len(as_json) and json_type(value) != norm_type:
            deviation = f"answer is a JSON {json_type(value)}: {quote(answer)}"  # an array among objects
        elif schema and isinstance(value, dict):
            deviation = _schema_deviation(value, *schema)
        else:
            deviation = None
        if deviation:
            findings.append(row_finding(inputs, "answer_json", "DA501", position, norm, deviation,
                                        len(as_json) / total, ACTION))
    return CheckOutcome(findings=findings, notes=(norm,))


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _plural_type(kind: str) -> str:
    return {"object": "objects", "array": "arrays", "string": "strings", "number": "numbers",
            "boolean": "booleans", "null": "nulls"}[kind]


def _object_schema(objects: dict[int, dict]):
    """(the keys 90 % of the objects have, the key set 90 % share or None, {key: (type, share)} for
    keys whose values take one type in 90 % of the objects that have them)."""
    count = len(objects)
    if count < MIN_RECORDS:
        return None
    presence = Counter(k for v in objects.values() for k in v)
    required = tuple(sorted((k for k, n in presence.items() if n >= NORM_SHARE * count), key=lambda k: -presence[k]))
    key_sets = Counter(frozenset(v) for v in objects.values())
    top_set, top_count = key_sets.most_common(1)[0]
    exact = top_set if top_count >= NORM_SHARE * count else None
    value_types = {}
    for key in required:
        kinds = Counter(json_type(v[key]) for v in objects.values() if key in v and v[key] is not None)
        if kinds:
            kind, n = kinds.most_common(1)[0]
            if n >= NORM_SHARE * sum(kinds.values()) and sum(kinds.values()) >= MIN_RECORDS:
                value_types[key] = kind
    # Keys in the order the objects write them (the most common object's order).
    order = next((list(v) for v in objects.values() if frozenset(v) == top_set), list(required))
    shown = tuple(k for k in order if k in required) + tuple(k for k in required if k not in order)
    return shown, exact, value_types


def _schema_deviation(value: dict, required, exact: Optional[frozenset], value_types: dict) -> Optional[str]:
    missing = [k for k in required if k not in value]
    extra = sorted(k for k in value if k not in exact) if exact is not None else []
    wrong = [(k, json_type(value[k]), kind) for k, kind in value_types.items()
             if k in value and value[k] is not None and json_type(value[k]) != kind]
    parts = []
    if missing:
        parts.append(f"lacks {_keys(missing)}")
    if extra:
        parts.append(f"adds {_keys(extra)}")
    for key, got, kind in wrong:
        parts.append(f"`{key}` is a {got} ({quote(json.dumps(value[key], ensure_ascii=False), 30)}), not {_article(kind)} {kind}")
    if not parts:
        return None
    return "answer " + "; ".join(parts)


CHECK = Check(code="DA501", name="answer_json", summary="an answer off the JSON format most answers share",
              run=run, module=__name__, stages=("given_labels",), unavailable=not_chat,
              extras=(Extra("norm", "the file's convention, as measured (share of records and what they share)"),
                      Extra("deviation", "what this row does instead")))
