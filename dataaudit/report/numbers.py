"""One way to write a number, shared by the terminal and the HTML page, so the two never
disagree on a count or a percentage (the JSON carries the raw values)."""

from __future__ import annotations


def count(n: int) -> str:
    return f"{n:,}"


def percent(share: float) -> str:
    """A share as a whole percentage, rounded to nearest (0.675 → 68%, never floored)."""
    return f"{share:.0%}"


def clean_share(clean: int, rows: int) -> str:
    return percent(clean / max(rows, 1))


def score(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
