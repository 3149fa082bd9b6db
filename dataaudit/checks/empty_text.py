"""DA001 empty_text — rows with no text to learn from.

What it finds:
    Rows whose text is missing, blank, or only punctuation and spaces.

Why it matters:
    An example without text teaches the model nothing, and a chat record with
    empty turns is usually a broken export. They are excluded from the clean count.

Example:
    text,label
    "  ",greeting        <- flagged: no text
"""

from __future__ import annotations

from ..model.findings import Finding
from .base import Check, each, plural


def run(inputs) -> list[Finding]:
    positions = [p for p, text in enumerate(inputs["normalized"]) if not text]
    if not positions:
        return []
    given = inputs["given_labels"]
    labels = sorted({label for p in positions if (label := given[p]) is not None})
    return [Finding(
        check="empty_text", code="DA001", severity="warning", rows=tuple(positions),
        actions=each("drop", positions), labels=tuple(labels), score=1.0,
        message=f"{plural(len(positions), 'row')} {'has' if len(positions) == 1 else 'have'} no text (blank, or only punctuation)",
        suggested_action="fill in the text or drop these rows",
    )]


CHECK = Check(code="DA001", name="empty_text", summary="rows with blank text", run=run, module=__name__,
              stages=("normalized", "given_labels"))
