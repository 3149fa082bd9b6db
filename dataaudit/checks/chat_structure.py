"""DA507 chat_structure — a conversation whose turns or tool calls are shaped unlike the file's.

What it finds:
    In OpenAI chat and ShareGPT records (20 or more):
    - role pattern: the order of the user/assistant/tool turns (system prompts are DA503's).
      Where 90 % of the conversations share one exact order (user, assistant), a record with
      another; otherwise a rare step where the rest never take it. A step that breaks turn-taking
      (a role twice in a row, a first or last turn of another role than the file's) is rare at
      5 % of the conversations; a step between two roles (a tool result answered by another
      call, a second round of questions) at 1 %, since some conversations legitimately do more.
    - tool calls (OpenAI `tool_calls` / `function_call`, ShareGPT `function_call` turns): a
      call whose arguments are not a JSON object; a call to a function the record's own
      `tools` do not declare; arguments the declared parameters do not have, or without a
      required one; and, for functions without a declaration, argument keys other than the
      ones 90 % of that function's 20 or more calls use.

Why it matters:
    The chat template and the tool-call parser are learned from these records: a record with
    two user turns in a row or a call with a misspelt argument teaches the model a shape the
    runtime rejects. The chat rule pack (DA430, DA431) refuses broken orders outright; this
    check measures against the file's own habits, and also reads the tool calls.

Example:
    96 % of conversations (1,920 of 2,000) are user, assistant; row 17's is user, user, assistant
    calls to `get_weather` pass `location`, `unit` (as the record's tools declare); row 40's
    call passes `city`, which `get_weather` does not declare
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any, Optional

from ..model.findings import CheckOutcome
from .base import Check, Extra
from .conventions import MIN_RECORDS, NORM_SHARE, pct, quote, row_finding

RARE_STEP = 0.01  # a step this rare (share of conversations) ...
RARE_STEP_MAX = 2  # ... or used by at most this many, where the rest never take it, is a stray
# A step that breaks turn-taking is a stray up to this share: every chat template alternates, so
# a file never does it by habit, while a paste or merge error repeats across 2-5 % of records
# (measured: glaive with 2 % injected, recall 0 at the 1 % limit; no real file takes such a step).
RARE_TURN_BREAK = 0.05
ACTION = "reshape the record like the others (merge or reorder turns, fix the call), or drop it"
_SCENE = ("system", "tools")


def _roles(parts) -> tuple[str, ...]:
    return tuple(role for role, _ in parts or [] if role not in _SCENE)


def _calls(parts) -> list[tuple[str, Any]]:
    """(function name, arguments as parsed: a dict, or the raw value when not a JSON object)."""
    calls = []
    for role, text in parts or []:
        if role == "function_call":  # ShareGPT / glaive: the turn is {"name": ..., "arguments": ...}
            value = _json(text)
            items = value if isinstance(value, list) else [value]
        elif role == "assistant" and text.rstrip().endswith("]"):  # OpenAI: tool_calls as the last line
            value = _json(text.rstrip().rsplit("\n", 1)[-1])
            items = [c.get("function") for c in value if isinstance(c, dict)] if isinstance(value, list) else []
        else:
            continue
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                arguments = item.get("arguments", item.get("parameters"))
                if isinstance(arguments, str):
                    parsed = _json(arguments)
                    arguments = parsed if parsed is not None else arguments
                calls.append((item["name"], arguments))
    return calls


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _declared(parts) -> Optional[dict[str, tuple[frozenset, frozenset]]]:
    """The record's tools: {name: (parameter names, required ones)}; None without tools."""
    text = next((text for role, text in parts or [] if role == "tools"), None)
    tools = _json(text) if text else None
    if not isinstance(tools, list):
        return None
    out = {}
    for tool in tools:
        spec = tool.get("function", tool) if isinstance(tool, dict) else None
        if isinstance(spec, dict) and isinstance(spec.get("name"), str):
            params = spec.get("parameters") if isinstance(spec.get("parameters"), dict) else {}
            props = params.get("properties") if isinstance(params.get("properties"), dict) else {}
            required = params.get("required") if isinstance(params.get("required"), list) else []
            out[spec["name"]] = (frozenset(props), frozenset(r for r in required if isinstance(r, str)))
    return out or None


def _keys(keys) -> str:
    return ", ".join(f"`{k}`" for k in sorted(keys)) or "no arguments"


def _role_findings(inputs, sequences: dict[int, tuple]) -> tuple[dict, list[str]]:
    total = len(sequences)
    counts = Counter(sequences.values())
    top, top_count = counts.most_common(1)[0]
    out = {}
    if top_count >= NORM_SHARE * total:
        norm = f"{pct(top_count, total)} of conversations ({top_count:,} of {total:,}) are {', '.join(top)}"
        for p, seq in sequences.items():
            if seq != top:
                out[p] = (norm, f"is {', '.join(seq) or 'empty'}")
        return out, [norm]
    steps = {p: set(zip(("(start)",) + seq, seq + ("(end)",))) for p, seq in sequences.items()}
    used = Counter(step for s in steps.values() for step in s)
    limit = max(RARE_STEP_MAX, RARE_STEP * total)
    break_limit = max(RARE_STEP_MAX, RARE_TURN_BREAK * total)
    rare = {step for step, n in used.items() if n <= (break_limit if _breaks_turns(step, used) else limit)}
    for p, s in steps.items():
        mine = sorted(s & rare, key=lambda step: (used[step], step))
        if mine:
            first = mine[0]
            never = total - used[first]
            norm = f"{pct(never, total)} of conversations ({never:,} of {total:,}) never {_step(*first)}"
            out[p] = (norm, "conversation " + "; ".join(_step(*step, does=True) for step in mine))
    return out, [f"{len(counts):,} role orders in {total:,} conversations"]


def _breaks_turns(step: tuple[str, str], used: Counter) -> bool:
    """A role twice in a row, or a start or end with a role the file's conversations rarely
    start or end with (measured against the most common first and last roles)."""
    a, b = step
    if a == "(start)":
        kin = {s: n for s, n in used.items() if s[0] == "(start)"}
    elif b == "(end)":
        kin = {s: n for s, n in used.items() if s[1] == "(end)"}
    else:
        return a == b
    return step != max(kin, key=lambda s: (kin[s], s))


def _step(a: str, b: str, does: bool = False) -> str:
    if a == "(start)":
        return f"start{'s' if does else ''} with {b}"
    if b == "(end)":
        return f"end{'s' if does else ''} on {a}"
    return f"{'has' if does else 'have'} {a} followed by {b}"


def _call_findings(dataset) -> tuple[dict, list[str]]:
    per_record = {p: _calls(parts) for p, parts in enumerate(dataset.parts)}
    usual: dict[str, Counter] = defaultdict(Counter)
    called = Counter()
    for p, calls in per_record.items():
        if _declared(dataset.parts[p]) is None:
            for name, arguments in calls:
                called[name] += 1
                if isinstance(arguments, dict):
                    usual[name].update(frozenset([frozenset(arguments)]))
    out: dict[int, tuple[str, str]] = {}
    for p, calls in per_record.items():
        declared = _declared(dataset.parts[p])
        for name, arguments in calls:
            problem = _call_problem(name, arguments, declared, usual.get(name), called[name])
            if problem and p not in out:
                out[p] = problem
    n = sum(len(c) for c in per_record.values())
    return out, [f"{n:,} tool calls read"] if n else []


def _call_problem(name, arguments, declared, usual: Optional[Counter], count: int) -> Optional[tuple[str, str]]:
    if not isinstance(arguments, dict):
        return ("tool calls pass their arguments as a JSON object",
                f"call to `{name}` passes {quote(json.dumps(arguments, ensure_ascii=False), 40)}")
    keys = frozenset(arguments)
    if declared is not None:
        if name not in declared:
            return ("tool calls name a function the record's tools declare",
                    f"call names `{name}`, which its tools do not declare ({_keys(declared)})")
        params, required = declared[name]
        extra, missing = keys - params, required - keys
        if extra or missing:
            said = "; ".join(filter(None, (f"passes {_keys(extra)}" if extra else "",
                                          f"leaves out required {_keys(missing)}" if missing else "")))
            return (f"calls pass the parameters their tools declare (`{name}`: {_keys(params)})",
                    f"call to `{name}` {said}")
        return None
    if usual is None or count < MIN_RECORDS:
        return None
    shape, n = usual.most_common(1)[0]
    if n >= NORM_SHARE * count and keys != shape and usual[keys] <= max(RARE_STEP_MAX, RARE_STEP * count):
        return (f"{pct(n, count)} of calls to `{name}` ({n:,} of {count:,}) pass {_keys(shape)}",
                f"call passes {_keys(keys)}")
    return None


def run(inputs):
    dataset = inputs.dataset
    sequences = {p: _roles(parts) for p, parts in enumerate(dataset.parts)}
    if len(sequences) < MIN_RECORDS:
        return CheckOutcome(findings=[], notes=(f"{len(sequences)} conversations: fewer than {MIN_RECORDS} make no "
                                                "convention",))
    roles, notes = _role_findings(inputs, sequences)
    calls, call_notes = _call_findings(dataset)
    findings = []
    for p in sorted(set(roles) | set(calls)):
        norm, deviation = roles.get(p) or calls[p]
        if p in roles and p in calls:
            deviation += f"; its {calls[p][1]} ({calls[p][0]})"
        findings.append(row_finding(inputs, "chat_structure", "DA507", p, norm, deviation, NORM_SHARE, ACTION))
    return CheckOutcome(findings=findings, notes=tuple(notes + call_notes))


def unavailable(dataset, settings, against) -> Optional[str]:
    if dataset.format not in ("openai-chat", "sharegpt"):
        return "not chat records (OpenAI chat, ShareGPT): role order and tool calls are what this compares"
    return None


CHECK = Check(code="DA507", name="chat_structure",
              summary="a conversation whose role order or tool calls are shaped unlike the file's",
              run=run, module=__name__, stages=("given_labels",), unavailable=unavailable,
              extras=(Extra("norm", "the file's convention (or the record's declared tools), as measured"),
                      Extra("deviation", "what this record does instead")))
