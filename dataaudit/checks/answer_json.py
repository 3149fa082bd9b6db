"""DA501 answer_json — an answer that breaks the JSON format the file's other answers share,
or the JSON Schema given with --answer-schema.

What it finds:
    Chat and instruction records (OpenAI chat, ShareGPT, Alpaca) whose last answer is not
    JSON when at least 90 % of the file's answers (20 or more) are, or is JSON of another
    shape: another top-level type (an array where the others are objects), an object
    missing a key that 90 % of the objects have, an object with keys of its own where 90 %
    share one key set, or a value of another type than 90 % of that key's values (a string
    where the others hold a number; null is allowed). Objects inside objects are judged the
    same way and named with dotted paths (`slots.date` missing where 90 % of the `slots`
    have it), and so are the objects inside arrays, all of one key's items together
    (`entities[].value` missing where 90 % of the `entities` items have it). The schema is learned from the file. A code fence or an `Answer:` prefix
    around the JSON is DA502's business: the JSON inside is what is judged here.

    With `--answer-schema schema.json` (a JSON Schema, formats checked) the schema is given,
    not learned: every answer is judged, however few, and one that is not JSON or that the
    schema rejects is an error (the row leaves the clean count and the gate fails), naming
    the path and the rule it breaks. It is the same question as without a schema — is this
    answer in the file's JSON format? — with the format stated instead of inferred, so it
    keeps the code.

Why it matters:
    A model fine-tuned to emit JSON copies what it is shown: a few prose answers, a missing
    key or a number written as a string teach it that the format is optional, and the parser
    downstream breaks on the rows it learned from them. Files with no JSON convention (and
    no --answer-schema) get no finding.

Example:
    96 % of answers (1,920 of 2,000) are JSON objects with keys `intent`, `slots`; row 812's
    answer is prose: 'I think you want to cancel the order.'
    The row stays in the clean count (a warning): fix it to the format, or drop it.
    With --answer-schema: 99 % of answers (1,998 of 2,000) follow --answer-schema intent.json;
    row 88's answer violates it at `slots.date`: 'tomorrow' is not of type 'object' (an error).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..config.answer_schema import read_answer_schema, violation
from ..errors import ConfigError
from ..model.findings import Action, CheckOutcome
from .answer_wrapper import unwrapped
from .base import Check, Extra
from .conventions import (
    MIN_RECORDS,
    NORM_SHARE,
    answers,
    not_chat,
    pct,
    quote,
    row_finding,
)

ACTION = "rewrite the answer in the format the other answers use, or drop the row"
SCHEMA_ACTION = "rewrite the answer so that it follows --answer-schema, or drop the row"


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {dict: "object", list: "array", str: "string", type(None): "null"}[type(value)]


def parse(answer: str) -> tuple[bool, Any, str]:
    """(parsed, value, error): the answer as JSON, inside a code fence or after a wrapper prefix
    (DA502 judges those)."""
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
    if inputs.settings.answer_schema:
        return _by_schema(inputs, given)
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
    objects = [v for v in as_json.values() if isinstance(v, dict)]
    schema = _object_schema(objects) if norm_type == "object" else None
    norm = (f"{pct(len(as_json), total)} of answers ({len(as_json):,} of {total:,}) are JSON"
            + (f" {_plural_type(norm_type)}" if norm_type_count >= NORM_SHARE * len(as_json) else ""))
    if schema and schema.required:
        norm += f" with keys {_keys(schema.required)}"
    findings = []
    for position, answer in given.items():
        ok, value, error = parsed[position]
        if not ok:
            deviation = _not_json(answer, error)
        elif norm_type_count >= NORM_SHARE * len(as_json) and json_type(value) != norm_type:
            deviation = f"answer is a JSON {json_type(value)}: {quote(answer)}"  # an array among objects
        elif schema and isinstance(value, dict):
            deviation = _schema_deviation(value, schema)
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


@dataclass(frozen=True)
class Shape:
    """What 90 % of the objects at one place of the answer share: the keys they all have (in the
    order they write them), the one key set they share (None when they do not), the type each
    key's value takes, and the same for values that are objects themselves (`slots`) and for
    the objects inside arrays (`entities[]`: every item of every answer's `entities` together)."""

    required: tuple[str, ...]
    exact: Optional[frozenset]
    types: dict
    nested: dict
    items: dict = field(default_factory=dict)


def _object_schema(objects: list[dict], top: bool = True) -> Optional[Shape]:
    count = len(objects)
    if count < MIN_RECORDS:
        return None
    presence = Counter(k for v in objects for k in v)
    required = tuple(sorted((k for k, n in presence.items() if n >= NORM_SHARE * count), key=lambda k: -presence[k]))
    key_sets = Counter(frozenset(v) for v in objects)
    top_set, top_count = key_sets.most_common(1)[0]
    # Inside an answer, a shared empty object ({} slots) says nothing about which keys may appear.
    exact = top_set if top_count >= NORM_SHARE * count and (top or top_set) else None
    value_types, nested, items = {}, {}, {}
    for key in required:
        kinds = Counter(json_type(v[key]) for v in objects if key in v and v[key] is not None)
        if kinds:
            kind, n = kinds.most_common(1)[0]
            if n >= NORM_SHARE * sum(kinds.values()) and sum(kinds.values()) >= MIN_RECORDS:
                value_types[key] = kind
                if kind == "object":
                    inner = _object_schema([v[key] for v in objects if isinstance(v.get(key), dict)], top=False)
                    if inner and (inner.required or inner.exact or inner.types):
                        nested[key] = inner
                elif kind == "array":
                    inner = _item_schema([v[key] for v in objects if isinstance(v.get(key), list)])
                    if inner:
                        items[key] = inner
    # Keys in the order the objects write them (the most common object's order).
    order = next((list(v) for v in objects if frozenset(v) == top_set), list(required))
    shown = tuple(k for k in order if k in required) + tuple(k for k in required if k not in order)
    return Shape(shown, exact, value_types, nested, items)


def _item_schema(arrays: list[list]) -> Optional[Shape]:
    """The shape of the objects inside one key's arrays, where 90 % of their 20+ items are objects
    (`entities: [{type, value}, ...]`): judged as one more place of the answer."""
    members = [item for array in arrays for item in array]
    objects = [item for item in members if isinstance(item, dict)]
    if len(members) < MIN_RECORDS or len(objects) < NORM_SHARE * len(members):
        return None
    inner = _object_schema(objects, top=False)
    return inner if inner and (inner.required or inner.exact or inner.types) else None


def _schema_deviation(value: dict, shape: Shape) -> Optional[str]:
    parts = _deviations(value, shape, "")
    return "answer " + "; ".join(parts) if parts else None


def _deviations(value: dict, shape: Shape, prefix: str) -> list[str]:
    """What `value` (an object at `prefix`) does that the objects there do not: keys named with dotted paths."""
    missing = [prefix + k for k in shape.required if k not in value]
    extra = sorted(prefix + k for k in value if k not in shape.exact) if shape.exact is not None else []
    parts = []
    if missing:
        parts.append(f"lacks {_keys(missing)}")
    if extra:
        parts.append(f"adds {_keys(extra)}")
    for key, kind in shape.types.items():
        if key not in value or value[key] is None:
            continue
        got = json_type(value[key])
        if got != kind:
            shown = quote(json.dumps(value[key], ensure_ascii=False), 30)
            parts.append(f"`{prefix + key}` is {_article(got)} {got} ({shown}), not {_article(kind)} {kind}")
        elif key in shape.nested:
            parts.extend(_deviations(value[key], shape.nested[key], f"{prefix}{key}."))
        elif key in shape.items:
            parts.extend(_item_deviations(value[key], shape.items[key], f"{prefix}{key}"))
    return parts


def _item_deviations(array: list, shape: Shape, path: str) -> list[str]:
    """What the items of one array do that the file's items there do not; each deviation once
    (`entities[].value` missing, however many items lack it)."""
    parts = []
    for index, item in enumerate(array):
        if not isinstance(item, dict):
            shown = quote(json.dumps(item, ensure_ascii=False), 30)
            found = [f"`{path}[{index}]` is {_article(json_type(item))} {json_type(item)} ({shown}), not an object"]
        else:
            found = _deviations(item, shape, f"{path}[].")
        parts.extend(part for part in found if part not in parts)
    return parts


def _by_schema(inputs, given: dict[int, str]):
    """Every answer judged by the schema the user gave: not JSON, or JSON the schema rejects, is an error."""
    path = inputs.settings.answer_schema
    validator = read_answer_schema(path)
    deviations = {}
    for position, answer in given.items():
        ok, value, error = parse(answer)
        if not ok:
            deviations[position] = f"{_not_json(answer, error)} — --answer-schema wants JSON"
        else:
            problem = violation(validator, value)
            if problem:
                deviations[position] = f"answer violates it {problem}"
    total = len(given)
    follow = total - len(deviations)
    norm = f"{pct(follow, total)} of answers ({follow:,} of {total:,}) follow --answer-schema {Path(path).name}"
    findings = [row_finding(inputs, "answer_json", "DA501", position, norm, deviation, follow / total if total else 0.0,
                            SCHEMA_ACTION, severity="error", actions=(Action(position, "drop"),))
                for position, deviation in sorted(deviations.items())]
    return CheckOutcome(findings=findings, notes=(norm,))


def unavailable(dataset, settings, against) -> Optional[str]:
    reason = not_chat(dataset, settings, against)
    if reason and settings.answer_schema:
        # The user asked for answers to be judged: saying nothing would read as "all answers pass".
        raise ConfigError(f"--answer-schema judges the answers of chat and instruction records (OpenAI chat, "
                          f"ShareGPT, Alpaca), but {dataset.path} is read as a table ({dataset.format}). Give such "
                          "a file (or --format openai-chat / alpaca / sharegpt), or leave out --answer-schema.")
    return reason


CHECK = Check(code="DA501", name="answer_json", summary="an answer off the JSON format most answers share",
              run=run, module=__name__, stages=("given_labels",), unavailable=unavailable, settings=("answer_schema",),
              extras=(Extra("norm", "the file's convention, as measured (share of records and what they share)"),
                      Extra("deviation", "what this row does instead")))
