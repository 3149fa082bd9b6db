"""Chat and instruction records as text: one canonical transcript to show, and a
comparison text for the duplicate checks.

The canonical transcript is the same for every format, so an Alpaca record and
the equivalent chat record are the same example:

    system: <system prompt>        (when present)
    user: <user turn>
    assistant: <assistant turn>
    ...

one turn per line, in order. Roles are lower-cased, and ShareGPT's `human`/`gpt`
become `user`/`assistant`. An Alpaca record is `user: instruction` (plus a blank
line and `input` when it is not empty) followed by `assistant: output`, after
any `history` pairs. Content given as typed parts keeps its text parts, joined
by newlines; tool calls (and the legacy `function_call`, as a one-call list) are
written as compact JSON.

A record's `tools` (function definitions, OpenAI and ShareGPT/glaive style) is kept as
a `tools` part, compact JSON: not shown in the transcript and not compared, but part of
the context an answer is given in (DA207).

The comparison text leaves out what makes unrelated records look alike: system
prompts and tool definitions, and any part (a turn, or an Alpaca instruction, input or output) that
recurs verbatim in many records — a shared instruction template or a stock answer.
Two records are duplicates when what is left is the same. When every part of a
record recurs (an exact copy of a common record), all its non-system parts are kept.
A record whose turns are all empty compares as empty text (DA001).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

_SHAREGPT_ROLES = {"human": "user", "gpt": "assistant", "user": "user", "assistant": "assistant",
                   "system": "system", "bing": "assistant", "chatgpt": "assistant"}

CHAT_FORMATS = ("openai-chat", "alpaca", "sharegpt")
# Keys that hold the conversation itself, never a label.
CHAT_KEYS = frozenset({"messages", "conversations", "instruction", "input", "output", "system", "history", "tools"})
# A part repeated in at least this many records (and this share of them) is boilerplate.
BOILERPLATE_MIN_RECORDS = 3
BOILERPLATE_MIN_SHARE = 0.01

Segment = tuple[str, str]  # (role or part name, content)


def detect_chat_format(record: dict[str, Any]) -> str | None:
    if isinstance(record.get("messages"), list):
        return "openai-chat"
    if isinstance(record.get("conversations"), list):
        return "sharegpt"
    if "instruction" in record and "output" in record:
        return "alpaca"
    return None


class ChatRecordError(ValueError):
    """A record that does not have the shape its format needs."""


def segments(record: dict[str, Any], fmt: str) -> list[Segment]:
    """The record's parts in order: chat turns, or Alpaca's system/history/instruction/input/output."""
    if fmt == "openai-chat":
        return _openai(record)
    if fmt == "sharegpt":
        return _sharegpt(record)
    if fmt == "alpaca":
        return _alpaca(record)
    raise ValueError(f"not a chat format: {fmt}")


# Parts that set the scene rather than say something: not compared by the duplicate checks.
SETTING_ROLES = frozenset({"system", "tools"})


def canonical_text(parts: list[Segment]) -> str:
    lines: list[Segment] = []
    for role, text in parts:
        if role == "tools":
            continue
        if role == "input":  # Alpaca: the input belongs to the user turn
            if text.strip() and lines and lines[-1][0] == "user":
                lines[-1] = ("user", f"{lines[-1][1]}\n\n{text}")
            continue
        lines.append(("user" if role == "instruction" else "assistant" if role == "output" else role, text))
    return "\n".join(f"{role}: {text}" for role, text in lines)


PROMPT_ROLES = frozenset({"user", "instruction", "input"})
ANSWER_ROLES = frozenset({"assistant", "output"})


def answer_of(parts: list[Segment]) -> str:
    """The record's last answer: the last assistant turn, or Alpaca's output ('' when none)."""
    return next((text for role, text in reversed(parts) if role in ANSWER_ROLES), "")


def context_text(parts: list[Segment]) -> str:
    """What the last answer answers: every part before it (system prompt, tools, earlier
    turns), role by role. Two answers conflict only when this is the same."""
    last = max((i for i, (role, _) in enumerate(parts) if role in ANSWER_ROLES), default=len(parts))
    return "\n".join(f"{role}: {text}" for role, text in parts[:last] if text.strip())


def without_answer(parts: list[Segment]) -> list[Segment]:
    """The record's parts less its last answer: what is compared when the answer is the label."""
    last = max((i for i, (role, _) in enumerate(parts) if role in ANSWER_ROLES), default=None)
    return [part for i, part in enumerate(parts) if i != last]


def answers_are_labels(answers: list[str]) -> bool:
    """A classification fine-tune: the answers take few distinct short values ("True"/"False", an
    intent name), nearly every record has one, and each value recurs."""
    given = [a.strip() for a in answers if a and a.strip()]
    if len(given) < 4 or len(given) < 0.9 * len(answers):
        return False
    distinct = set(given)
    return (len(distinct) <= max(2, min(200, len(given) // 5)) and all(len(a) <= 40 for a in distinct)
            and all("\n" not in a for a in distinct))


def prompt_text(parts: list[Segment]) -> str:
    """What the model is asked: the user turns (Alpaca: instruction and input), for leakage
    checks that must catch an eval prompt even when the training answer differs."""
    return "\n".join(text for role, text in parts if role in PROMPT_ROLES and text.strip())


def comparison_texts(records_parts: list[list[Segment]]) -> list[str]:
    counts = Counter(part for parts in records_parts for part in set(parts) if part[1].strip())
    floor = max(BOILERPLATE_MIN_RECORDS, int(BOILERPLATE_MIN_SHARE * len(records_parts)))
    out = []
    for parts in records_parts:
        content = [(role, text) for role, text in parts if role not in SETTING_ROLES and text.strip()]
        specific = [part for part in content if counts[part] < floor]
        kept = specific or content
        out.append("\n".join(f"{role}: {text}" for role, text in kept))
    return out


def _content(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict):
                text = part.get("text", part.get("value"))
                if isinstance(text, str) and part.get("type", "text") == "text":
                    parts.append(text)
        return "\n".join(parts)
    if isinstance(value, (int, float, bool)):
        return json.dumps(value)
    raise ChatRecordError(f"message content is a {type(value).__name__}, expected text or a list of parts")


def _tools(record: dict[str, Any]) -> list[Segment]:
    tools = record.get("tools")
    if not tools:
        return []
    if isinstance(tools, str):  # glaive keeps the definitions as a JSON string
        try:
            tools = json.loads(tools)
        except ValueError:
            return [("tools", tools)]
    return [("tools", json.dumps(tools, ensure_ascii=False, sort_keys=True, separators=(",", ":")))]


def _openai(record: dict[str, Any]) -> list[Segment]:
    lines = _tools(record)
    for message in record["messages"]:
        if not isinstance(message, dict):
            raise ChatRecordError("a message is not an object with 'role' and 'content'")
        role = str(message.get("role", "")).lower() or "unknown"
        text = _content(message.get("content"))
        # The legacy `function_call` is written as a one-call `tool_calls` list: one shape to read (DA507).
        tool_calls = message.get("tool_calls") or (
            [{"function": message["function_call"], "type": "function"}] if message.get("function_call") else None)
        if tool_calls:
            calls = json.dumps(tool_calls, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            text = f"{text}\n{calls}" if text else calls
        lines.append((role, text))
    return lines


def _sharegpt(record: dict[str, Any]) -> list[Segment]:
    lines = _tools(record)
    if isinstance(record.get("system"), str) and record["system"]:
        lines.append(("system", record["system"]))
    for message in record["conversations"]:
        if not isinstance(message, dict):
            raise ChatRecordError("a conversation turn is not an object with 'from' and 'value'")
        speaker = str(message.get("from", message.get("role", ""))).lower()
        role = _SHAREGPT_ROLES.get(speaker, speaker or "unknown")
        lines.append((role, _content(message.get("value", message.get("content")))))
    return lines


def _alpaca(record: dict[str, Any]) -> list[Segment]:
    lines = []
    if isinstance(record.get("system"), str) and record["system"]:
        lines.append(("system", record["system"]))
    for pair in record.get("history") or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            lines.append(("user", _content(pair[0])))
            lines.append(("assistant", _content(pair[1])))
    lines.append(("instruction", _content(record.get("instruction"))))
    lines.append(("input", _content(record.get("input"))))
    lines.append(("output", _content(record.get("output"))))
    return lines
