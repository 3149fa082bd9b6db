"""What the format checks (DA501-DA504) share: when a file has a convention, and how a
finding states the norm and the deviation.

A convention is learned from the file itself: it holds when at least NORM_SHARE of at
least MIN_RECORDS records follow it. A file without one gets no finding (no flood of
false alarms on data that never promised a format). Every finding is a warning about one
row and asks nothing of it: the row stays in the clean count (except a violation of a schema
the user gave, --answer-schema: an error).
"""

from __future__ import annotations

from typing import Optional

from ..model.findings import Finding

MIN_RECORDS = 20  # fewer records do not make a convention
NORM_SHARE = 0.9  # the share of records that must follow a convention for it to be one
CHAT_FORMATS = ("openai-chat", "sharegpt", "alpaca")


def pct(part: int, whole: int) -> str:
    """'96 %' — floored, so 99.96 % of records never reads as 100 %."""
    share = part / whole if whole else 0.0
    whole_pct = int(share * 100 + 1e-9)
    return f"{whole_pct} %" if whole_pct >= 10 or share == 0 else f"{share * 100:.1f} %"


def quote(text: str, limit: int = 60) -> str:
    """A short, one-line excerpt in quotes."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def answers(dataset) -> dict[int, str]:
    """Each chat/instruction record's last answer (stripped), by row position; records without one left out."""
    from ..io.chat import answer_of  # here: the io package imports pandas (`checks list` stays light)

    out = {}
    for position, parts in enumerate(dataset.parts):
        answer = answer_of(parts or []).strip()
        if answer:
            out[position] = answer
    return out


def not_chat(dataset, settings, against) -> Optional[str]:
    if dataset.format not in CHAT_FORMATS:
        return "not chat or instruction records: the answers' format is what this compares"
    return None


def row_finding(inputs, check: str, code: str, position: int, norm: str, deviation: str, share: float,
                action: str, severity: str = "warning", actions: tuple = ()) -> Finding:
    """One row that breaks the file's convention: `norm` (what most records do) and `deviation`
    (what this one does) are also given as fields, for filters and exports. A convention learned
    from the file is a warning that asks nothing of the row; a format the user gave
    (--answer-schema) is an error whose row is dropped."""
    labels = inputs["given_labels"]
    return Finding(
        check=check, code=code, severity=severity, rows=(position,), actions=actions,
        labels=(labels[position],) if labels[position] is not None else (), score=round(min(share, 1.0), 4),
        message=f"{norm}; row {inputs.row_id(position)}'s {deviation}", suggested_action=action,
        extra=(("norm", norm), ("deviation", deviation)),
    )
