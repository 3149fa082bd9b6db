"""Derived columns: what a rule can test besides the file's own columns. Computed once per scan
(stages/rules.py), and only the ones the selected rules read.

Tokens are whitespace-separated words (`str.split()`), the same for every language; a
model's tokenizer would count differently and is not needed to tell an empty or runaway row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ..embeddings.models import dominant_script
from . import detectors

INSTRUCTION_FORMATS = ("alpaca",)
CHAT_FORMATS = ("openai-chat", "sharegpt")
# Which role may follow which: tool results follow an assistant's call (OpenAI `tool`/`function`;
# ShareGPT/LLaMA-Factory `function_call` then `observation`).
_RESULTS = {"tool", "function", "observation"}
_NEXT_ROLE = {None: {"user"}, "user": {"assistant", "function_call"},
              "assistant": {"user"} | _RESULTS, "function_call": _RESULTS,
              **{r: _RESULTS | {"assistant", "function_call"} for r in _RESULTS}}


class Record:
    """One row as rules see it: its text and label, and for instruction/chat records its parts."""

    __slots__ = ("text", "label", "parts", "format", "_turns", "_named", "_prompt", "_answer")

    def __init__(self, text: str, label: Optional[str], parts, fmt: str):
        self.text = text or ""
        self.label = label or ""
        self.parts = parts or []
        self.format = fmt
        self._turns = self._named = self._prompt = self._answer = None

    def part(self, name: str) -> str:
        """The last part of that role or field ('' when none)."""
        if self._named is None:
            self._named = {role: content for role, content in self.parts}  # later parts win
        return self._named.get(name, "")

    @property
    def turns(self) -> list[tuple[str, str]]:
        """Chat turns without the system prompt (Alpaca: its history, instruction+input, output)."""
        if self._turns is None:
            if self.format in INSTRUCTION_FORMATS:
                turns = [(r, c) for r, c in self.parts if r in ("user", "assistant")]
                asked = "\n\n".join(t for t in (self.part("instruction"), self.part("input")) if t)
                turns += [("user", asked), ("assistant", self.part("output"))]
            else:
                turns = [(r, c) for r, c in self.parts if r not in ("system", "tools")]
            self._turns = turns
        return self._turns

    @property
    def prompt(self) -> str:
        if self._prompt is None:
            if self.format in INSTRUCTION_FORMATS:
                self._prompt = "\n\n".join(t for t in (self.part("instruction"), self.part("input")) if t)
            elif self.format in CHAT_FORMATS:
                self._prompt = next((c for r, c in reversed(self.turns) if r == "user"), "")
            else:
                self._prompt = self.text
        return self._prompt

    @property
    def answer(self) -> str:
        if self._answer is None:
            if self.format in INSTRUCTION_FORMATS:
                self._answer = self.part("output")
            elif self.format in CHAT_FORMATS:
                self._answer = next((c for r, c in reversed(self.turns) if r == "assistant"), "")
            else:
                self._answer = ""
        return self._answer


@dataclass(frozen=True)
class Derived:
    name: str
    doc: str
    kind: str  # str, int or bool
    compute: Callable[[Record], Any]
    formats: Optional[tuple[str, ...]] = None  # None: every format


# How pandas, JSON and Python write a missing value; a person answering "none" is not one.
_NULL_SPELLINGS = frozenset({"NaN", "nan", "NAN", "null", "NULL", "Null", "None", "NONE", "undefined"})


def _role_order_valid(record: Record) -> bool:
    """No turns at all is system_only's business, not an ordering problem."""
    if not record.turns:
        return True
    previous = None
    for role, _ in record.turns:
        if role not in _NEXT_ROLE.get(previous, set()):
            return False
        previous = role
    return True


def _same_role_twice(record: Record) -> bool:
    roles = [role for role, _ in record.turns]
    return any(a == b and a in ("user", "assistant") for a, b in zip(roles, roles[1:]))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _repeats_prompt(record: Record) -> bool:
    answer, prompt = _fold(record.answer), _fold(record.prompt)
    return bool(prompt) and len(prompt) >= 20 and answer.startswith(prompt) and len(answer) < 1.2 * len(prompt) + 40


def _language(record: Record) -> str:
    import py3langid

    return py3langid.classify(record.text[:2000])[0] if record.text.strip() else ""


def _script(record: Record) -> str:
    return dominant_script(record.text) if record.text.strip() else ""


_CHAT = CHAT_FORMATS + INSTRUCTION_FORMATS
_ALL: list[Derived] = [
    Derived("text", "the example's text (chat: the canonical transcript)", "str", lambda r: r.text),
    Derived("label", "the row's label as given ('' when none)", "str", lambda r: r.label),
    Derived("chars", "length of the text in characters", "int", lambda r: len(r.text)),
    Derived("tokens", "length of the text in whitespace tokens", "int", lambda r: len(r.text.split())),
    Derived("prompt", "what is asked: Alpaca instruction + input, or the last user turn", "str",
            lambda r: r.prompt, _CHAT),
    Derived("answer", "what is answered: Alpaca output, or the last assistant turn", "str", lambda r: r.answer, _CHAT),
    Derived("answer_chars", "length of the answer in characters", "int", lambda r: len(r.answer), _CHAT),
    Derived("answer_tokens", "length of the answer in whitespace tokens", "int", lambda r: len(r.answer.split()), _CHAT),
    Derived("instruction", "Alpaca's instruction", "str", lambda r: r.part("instruction"), INSTRUCTION_FORMATS),
    Derived("input", "Alpaca's input", "str", lambda r: r.part("input"), INSTRUCTION_FORMATS),
    Derived("output", "Alpaca's output", "str", lambda r: r.part("output"), INSTRUCTION_FORMATS),
    Derived("system", "the system prompt ('' when none)", "str", lambda r: r.part("system"), _CHAT),
    Derived("first_user", "the first user turn", "str",
            lambda r: next((c for role, c in r.turns if role == "user"), ""), _CHAT),
    Derived("last_user", "the last user turn", "str",
            lambda r: next((c for role, c in reversed(r.turns) if role == "user"), ""), _CHAT),
    Derived("last_assistant", "the last assistant turn", "str",
            lambda r: next((c for role, c in reversed(r.turns) if role == "assistant"), ""), _CHAT),
    Derived("turns", "number of turns, system prompt not counted", "int", lambda r: len(r.turns), _CHAT),
    Derived("last_role", "role of the last turn", "str", lambda r: r.turns[-1][0] if r.turns else "", _CHAT),
    Derived("role_order_valid", "turns start with user and alternate user/assistant (tool turns after an "
            "assistant's call)", "bool", _role_order_valid, CHAT_FORMATS),
    Derived("has_empty_turn", "a turn that is empty or whitespace only", "bool",
            lambda r: any(not c.strip() for _, c in r.turns), CHAT_FORMATS),
    Derived("has_null_turn", "a turn whose whole content is 'NaN', 'null' or 'None' (a broken export)", "bool",
            lambda r: any(c.strip() in _NULL_SPELLINGS for _, c in r.turns),
            CHAT_FORMATS),
    Derived("consecutive_same_role", "two user or two assistant turns in a row", "bool", _same_role_twice,
            CHAT_FORMATS),
    Derived("system_only", "no user or assistant turn, only a system prompt (or nothing)", "bool",
            lambda r: not any(role in ("user", "assistant") for role, _ in r.turns), CHAT_FORMATS),
    Derived("script", "dominant script of the text (latin, devanagari, cjk, …)", "str", _script),
    Derived("language", "language of the text (py3langid ISO 639-1 code; unreliable for romanized Hindi)",
            "str", _language),
    Derived("answer_equals_prompt", "the answer is the prompt again (case and spacing aside)", "bool",
            lambda r: bool(r.prompt.strip()) and _fold(r.answer) == _fold(r.prompt), _CHAT),
    Derived("answer_repeats_prompt", "the answer starts with the whole prompt and adds little", "bool",
            _repeats_prompt, _CHAT),
    Derived("answer_has_instruction_marker", "the answer holds a second task: '### Instruction:', '### Human:', "
            "'18. Instruction:', an 'Instruction:'/'Input:' line followed by 'Response:', or 'Human:'/'User:' lines "
            "where no dialogue was asked for", "bool",
            lambda r: detectors.has_instruction_marker(r.answer, r.prompt), _CHAT),
    Derived("answer_ends_mid_sentence", "a long prose answer that stops inside a sentence, or an unclosed code "
            "block: a truncated answer", "bool", lambda r: detectors.ends_mid_sentence(r.answer), _CHAT),
    Derived("answer_is_json", "the answer parses as a JSON object or list", "bool",
            lambda r: detectors.is_json(r.answer), _CHAT),
    Derived("prompt_asks_for_non_text_output", "the request (Alpaca: the instruction, not the input; chat: the last "
            "user turn) asks for a picture, drawing, video or sound, not one drawn in text", "bool",
            lambda r: detectors.asks_for_non_text_output(_request(r), r.answer), _CHAT),
]
for _column in ("text", "prompt", "answer", "input", "instruction"):
    _formats = None if _column == "text" else (INSTRUCTION_FORMATS if _column in ("input", "instruction") else _CHAT)
    _ALL.append(Derived(f"{_column}_is_placeholder", f"the {_column} is only a placeholder ('N/A', 'none', "
                        "'<noinput>', '<nooutput>', 'TODO', '...')" + (" (a text of punctuation only is DA001's)"
                                                                     if _column == "text" else ""), "bool",
                        lambda r, c=_column: detectors.is_placeholder(_value(r, c))
                        and (c != "text" or any(ch.isalnum() for ch in r.text))
                        and (c != "answer" or not _named_in_prompt(r)), _formats))
for _column in ("text", "prompt", "input"):
    _formats = None if _column == "text" else (INSTRUCTION_FORMATS if _column == "input" else _CHAT)
    _ALL.append(Derived(f"{_column}_is_url_only", f"the {_column} is only a URL (the model cannot open it)"
                        + ("" if _column == "text" else "; not when the task works on the URL itself (parse it, "
                           "fetch it in code)"), "bool",
                        lambda r, c=_column: detectors.is_url_only(_value(r, c)) if c == "text" else
                        detectors.is_url_data_only(_value(r, c), _request(r) if c == "input" else "", r.answer),
                        _formats))
    _ALL.append(Derived(f"{_column}_refers_to_attachment", f"the {_column} points at an attachment, image or file "
                        "the model cannot see", "bool",
                        lambda r, c=_column: detectors.refers_to_attachment(_value(r, c)), _formats))
for _name, _test, _what in (("email", detectors.has_email, "an email address"),
                            ("phone", detectors.has_phone, "a phone number"),
                            ("card_number", detectors.has_card_number, "a payment card number (Luhn-valid)"),
                            ("ip", detectors.has_ip, "an IPv4 address"),
                            ("template_leftover", detectors.has_template_leftover,
                             "a template leftover ({{name}}, <placeholder>, [INSERT …])")):
    _ALL.append(Derived(f"text_has_{_name}", f"the text contains {_what}", "bool", lambda r, t=_test: t(r.text)))


def _request(record: Record) -> str:
    """What is asked for: Alpaca's instruction (its input is the data), else the prompt."""
    return record.part("instruction") if record.format in INSTRUCTION_FORMATS else record.prompt


def _named_in_prompt(record: Record) -> bool:
    """The answer is a word the prompt offers ("Which is not a JSON type: 'undefined'?" -> "undefined")."""
    word = record.answer.strip().casefold()
    return bool(word) and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", record.prompt.casefold()) is not None


def _value(record: Record, column: str) -> str:
    if column == "text":
        return record.text
    if column in ("prompt", "answer"):
        return getattr(record, column)
    return record.part(column)


DERIVED: dict[str, Derived] = {d.name: d for d in _ALL}


def available(name: str, fmt: str) -> bool:
    derived = DERIVED.get(name)
    return derived is not None and (derived.formats is None or fmt in derived.formats)


def compute(names: list[str], records: list[Record]) -> dict[str, list]:
    return {name: [DERIVED[name].compute(record) for record in records] for name in names}
