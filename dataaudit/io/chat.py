"""Chat and instruction records as one canonical text.

Every format is compared on the same transcript so an Alpaca record and the
equivalent chat record are the same example:

    system: <system prompt>        (when present)
    user: <user turn>
    assistant: <assistant turn>
    ...

one turn per line, in order. Roles are lower-cased, and ShareGPT's `human`/`gpt`
become `user`/`assistant`. An Alpaca record is `user: instruction` (plus a blank
line and `input` when it is not empty) followed by `assistant: output`, after
any `history` pairs. Content given as typed parts keeps its text parts, joined
by newlines; tool calls are written as compact JSON.
"""

from __future__ import annotations

import json
from typing import Any

_SHAREGPT_ROLES = {"human": "user", "gpt": "assistant", "user": "user", "assistant": "assistant",
                   "system": "system", "bing": "assistant", "chatgpt": "assistant"}

CHAT_FORMATS = ("openai-chat", "alpaca", "sharegpt")


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


def canonical_text(record: dict[str, Any], fmt: str) -> str:
    if fmt == "openai-chat":
        return _openai(record)
    if fmt == "sharegpt":
        return _sharegpt(record)
    if fmt == "alpaca":
        return _alpaca(record)
    raise ValueError(f"not a chat format: {fmt}")


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


def _turns(lines: list[tuple[str, str]]) -> str:
    return "\n".join(f"{role}: {text}" for role, text in lines)


def _openai(record: dict[str, Any]) -> str:
    lines = []
    for message in record["messages"]:
        if not isinstance(message, dict):
            raise ChatRecordError("a message is not an object with 'role' and 'content'")
        role = str(message.get("role", "")).lower() or "unknown"
        text = _content(message.get("content"))
        if message.get("tool_calls"):
            calls = json.dumps(message["tool_calls"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            text = f"{text}\n{calls}" if text else calls
        lines.append((role, text))
    return _turns(lines)


def _sharegpt(record: dict[str, Any]) -> str:
    lines = []
    if isinstance(record.get("system"), str) and record["system"]:
        lines.append(("system", record["system"]))
    for message in record["conversations"]:
        if not isinstance(message, dict):
            raise ChatRecordError("a conversation turn is not an object with 'from' and 'value'")
        speaker = str(message.get("from", message.get("role", ""))).lower()
        role = _SHAREGPT_ROLES.get(speaker, speaker or "unknown")
        lines.append((role, _content(message.get("value", message.get("content")))))
    return _turns(lines)


def _alpaca(record: dict[str, Any]) -> str:
    lines = []
    if isinstance(record.get("system"), str) and record["system"]:
        lines.append(("system", record["system"]))
    for pair in record.get("history") or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            lines.append(("user", _content(pair[0])))
            lines.append(("assistant", _content(pair[1])))
    prompt = _content(record.get("instruction"))
    extra = _content(record.get("input"))
    if extra.strip():
        prompt = f"{prompt}\n\n{extra}"
    lines.append(("user", prompt))
    lines.append(("assistant", _content(record.get("output"))))
    return _turns(lines)
