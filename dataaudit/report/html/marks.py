"""What a finding's rows look like on the page: the differences between a row and the row it is
compared with, and chat records as turns.

Differences are marked only where the rows are meant to be the same text: character-level for
exact and near duplicates, conflicts and leaks (a typo, a capital, a full stop is one character),
word-level for semantic duplicates and answer conflicts (whole words differ); rows that are only
grouped (empty texts, missing labels, a rule's rows) are not compared. The comparison is
bounded: texts past DIFF_LIMIT characters are compared word by word, and a pair whose diff would
cost more than that is shown without marks rather than slowing the page's build down.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Optional

DIFF_LIMIT = 2_000
CHARACTER_LEVEL = frozenset({"exact_duplicate", "near_duplicate", "label_conflict", "leakage"})
WORD_LEVEL = frozenset({"semantic_duplicate", "answer_conflict"})
# Below this share of shared characters a pair is marked word by word instead (a rewritten
# sentence grouped with a conflict reads better as whole words changed than as scattered letters).
CHARACTER_RATIO = 0.8
_WORDS = re.compile(r"\s+|[^\s]+")
_ROLE = re.compile(r"^(system|user|assistant|tool|function|tools)\s*:\s?", re.IGNORECASE)

Segment = tuple[str, str]  # ("=", text) same, ("+", text) only in this row, ("-", text) only in the other


def inline_diff(reference: str, text: str, check: str) -> Optional[list[Segment]]:
    """`text` as segments against `reference`: kept, added (`+`) and, where the reference had
    something this row lacks, removed (`-`) pieces, in reading order. None when the two are the
    same, or too long to compare cheaply."""
    if reference == text or check not in CHARACTER_LEVEL | WORD_LEVEL:
        return None
    matcher = None
    if check in CHARACTER_LEVEL and max(len(reference), len(text)) <= DIFF_LIMIT:
        a, b = list(reference), list(text)
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        if matcher.ratio() < CHARACTER_RATIO:  # too different: letters marked here and there read as noise
            matcher = None
    if matcher is None:
        a, b = _WORDS.findall(reference), _WORDS.findall(text)
        if len(a) * len(b) > DIFF_LIMIT * DIFF_LIMIT // 4:
            return None
        matcher = SequenceMatcher(None, a, b, autojunk=False)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(out, "=", "".join(b[j1:j2]))
            continue
        if op in ("replace", "delete"):
            _add(out, "-", "".join(a[i1:i2]))
        if op in ("replace", "insert"):
            _add(out, "+", "".join(b[j1:j2]))
    return out


def _add(out: list[Segment], kind: str, piece: str) -> None:
    if not piece:
        return
    if out and out[-1][0] == kind:
        out[-1] = (kind, out[-1][1] + piece)
    else:
        out.append((kind, piece))


def turns(transcript: str) -> Optional[list[tuple[str, str]]]:
    """A chat/instruction record's canonical transcript (`role: content`, one turn per line,
    io/chat.py) as (role, content) turns; None when the text is not a transcript. A content line
    that does not start with a role belongs to the turn before it (multi-line turns)."""
    out: list[tuple[str, str]] = []
    for line in transcript.split("\n"):
        match = _ROLE.match(line)
        if match:
            out.append((match.group(1).lower(), line[match.end():]))
        elif out:
            out[-1] = (out[-1][0], out[-1][1] + "\n" + line)
        else:
            return None
    return out or None
