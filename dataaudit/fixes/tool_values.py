"""Labels and texts as the annotation tools can hold them, and the way back.

Label Studio's labeling config is XML 1.0, which cannot hold C0 control characters other than
TAB, LF and CR, nor the noncharacters U+FFFE and U+FFFF (not even as character references).
Argilla keeps its records in PostgreSQL, whose text cannot hold NUL, and its label options
must be 1 to 200 characters long. So, in everything an export writes:

- a C0 control other than TAB/LF/CR becomes its Unicode control picture (NUL → ␀, VT → ␋,
  ESC → ␛: visible to the annotator, as dataaudit shows them everywhere else);
- U+FFFE and U+FFFF become U+FFFD;
- an Argilla label option longer than 200 characters is cut to 199 and ends with "…".

Every other character (quotes, `&`, `<`, `]]>`, line breaks, tabs) is kept and escaped by the
writer. The way back does not guess from the replaced text: `apply` maps a label the tool
hands back to the data label whose replacement it is (`restore_label`), and an export refuses
labels that two data labels would share.
"""

from __future__ import annotations

from typing import Iterable, Optional

from ..errors import InputError

ARGILLA_OPTION_MAX = 200  # the Argilla server's VALUE_TEXT_OPTION_VALUE_MAX_LENGTH
# C0 controls but TAB, LF and CR -> their control pictures (U+2400 + code); U+FFFE/U+FFFF -> U+FFFD
_TABLE = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\t\n\r"}
_TABLE.update({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})


def tool_text(value: str) -> str:
    """`value` with the characters XML 1.0 and PostgreSQL cannot hold made visible."""
    return value.translate(_TABLE)


def tool_label(label: str, tool: str) -> str:
    """How `label` is offered in `tool` (label-studio or argilla)."""
    shown = tool_text(label)
    if tool == "argilla" and len(shown) > ARGILLA_OPTION_MAX:
        shown = shown[:ARGILLA_OPTION_MAX - 1] + "…"
    return shown


def tool_labels(labels: Iterable[str], tool: str) -> dict[str, str]:
    """label -> its form in `tool`; exit 2 when two labels would look the same there."""
    forms: dict[str, str] = {}
    seen: dict[str, str] = {}
    for label in labels:
        form = tool_label(label, tool)
        if form in seen and seen[form] != label:
            raise InputError(f"the labels {seen[form]!r} and {label!r} would both be offered as {form!r} in {tool} "
                             "(it cannot hold some of their characters); rename one of them first.")
        seen[form] = label
        forms[label] = form
    return forms


def restore_label(label: Optional[str], known: Iterable[str]) -> Optional[str]:
    """The data's label a tool's answer stands for: the answer itself when it is a label of the
    data (or a new one), else the one data label whose tool form it is."""
    if label is None:
        return None
    known = set(known)
    if label in known:
        return label
    matches = {k for k in known for tool in ("label-studio", "argilla") if tool_label(k, tool) == label}
    return matches.pop() if len(matches) == 1 else label
