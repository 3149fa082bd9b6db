"""DA504 encoding_debris — mojibake, HTML entities or escaped line breaks the rest of the file is clean of.

What it finds:
    Rows (20 or more in the file) whose text — a table's text columns, every turn of a chat or
    instruction record — carries one of three kinds of debris that the rest of the file does
    not:
    - mojibake: UTF-8 read as another encoding ("donâ€™t", "cafÃ©"), as `ftfy` repairs it,
      when at most 10 % of the rows have it;
    - HTML entities (`&amp;`, `&#39;`, `&quot;`) where the file writes the same character raw
      in at least as many rows: a file escaped throughout (tweets as Twitter's API gives them,
      every `&` an `&amp;`) is consistent, and not flagged; texts holding HTML markup are not judged;
    - a literal `\\n` (backslash and n, outside quotes) where at most 10 % of the rows have one.

Why it matters:
    Debris is learned as text: a model trained on "donâ€™t" writes it back, and a few rows
    with `&#39;` or `\\n` among clean ones teach it a second way to write an apostrophe or a
    line break. The rest of the file shows what the text should be.

Example:
    99.9 % of rows (10,002 of 10,003) have no escaped line breaks; row 812's text has a literal
    '\\n': 'mere alarm ko sleep\\\\n par lagaye'
    The row stays in the clean count (a warning): repair the text (ftfy.fix_text,
    html.unescape), or drop the row.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from ..model.findings import CheckOutcome
from .base import Check, Extra
from .conventions import CHAT_FORMATS, MIN_RECORDS, pct, quote, row_finding

RARE_SHARE = 0.10  # debris on more rows than this is the file's own way of writing (a note, not findings)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,9}|#[0-9]{1,6}|#[xX][0-9A-Fa-f]{1,5});")
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|```")
_QUOTED = re.compile(r"\"[^\"\n]*\"|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])|`[^`\n]*`")
_ESCAPED_NEWLINE = re.compile(r"\\+n(?![a-z])|(?<=[.!?,:;])\\+n")
ACTION = "repair the text (ftfy.fix_text for mojibake, html.unescape for entities), or drop the row"


def row_texts(dataset) -> list[str]:
    """What a row says: a table's text, or every turn of a record (tool definitions left out)."""
    if dataset.format in CHAT_FORMATS:
        return ["\n".join(text for role, text in parts or [] if role != "tools") for parts in dataset.parts]
    return [text if isinstance(text, str) else "" for text in dataset.texts]


def mojibake(text: str):
    """(as written, repaired) around the first repaired stretch, or None."""
    import ftfy

    if text.isascii():
        return None
    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return None
    start = next((i for i, (a, b) in enumerate(zip(text, fixed)) if a != b), min(len(text), len(fixed)))
    left = max(0, start - 12)
    return text[left:start + 14], fixed[left:start + 12]


def entities(text: str) -> list[str]:
    if "&" not in text or _MARKUP.search(text):
        return []
    return [m.group(0) for m in _ENTITY.finditer(text) if html.unescape(m.group(0)) != m.group(0)]


def escaped_newline(text: str) -> bool:
    if "\\" not in text or "```" in text:
        return False
    return bool(_ESCAPED_NEWLINE.search(_QUOTED.sub("", text)))


def run(inputs):
    texts = row_texts(inputs.dataset)
    total = len(texts)
    if total < MIN_RECORDS:
        return CheckOutcome(findings=[], notes=(f"{total} rows: fewer than {MIN_RECORDS} make no convention",))
    findings, notes = [], []

    def report(kind: str, carriers: dict, deviation_of) -> None:
        clean = total - len(carriers)
        if len(carriers) > RARE_SHARE * total:
            notes.append(f"{len(carriers):,} rows ({pct(len(carriers), total)}) have {kind}: the file's own way of "
                         "writing, not flagged row by row")
            return
        norm = f"{pct(clean, total)} of rows ({clean:,} of {total:,}) have no {kind}"
        for position in sorted(carriers):
            findings.append(row_finding(inputs, "encoding_debris", "DA504", position, norm,
                                        deviation_of(position, carriers[position]), clean / total, ACTION))

    broken = {p: m for p, t in enumerate(texts) if (m := mojibake(t))}
    report("mojibake", broken, lambda p, m: f"text has mojibake: {quote(m[0], 40)} (repaired: {quote(m[1], 40)})")

    found = {p: e for p, t in enumerate(texts) if (e := entities(t))}
    escaped_rows = Counter(html.unescape(e) for es in found.values() for e in set(es))
    raw_rows = Counter(c for t in texts for c in set(_ENTITY.sub("", t)) if c in escaped_rows)
    debris = {ch for ch, n in escaped_rows.items() if raw_rows[ch] >= n}  # the file writes it raw at least as often
    consistent = sorted(ch for ch in escaped_rows if ch not in debris)
    if consistent:
        notes.append("HTML entities for " + ", ".join(repr(c) for c in consistent)
                     + " are the file's own way of writing (no row writes the character raw as often): not flagged")
    stray = {p: [e for e in es if html.unescape(e) in debris] for p, es in found.items()}
    report("HTML entities", {p: es for p, es in stray.items() if es},
           lambda p, es: f"text has {', '.join(dict.fromkeys(es))} where other rows write "
                         f"{', '.join(repr(html.unescape(e)) for e in dict.fromkeys(es))}: {quote(texts[p])}")

    escaped = {p: True for p, t in enumerate(texts) if escaped_newline(t)}
    report("literal '\\n' (an escaped line break)", escaped,
           lambda p, _: f"text has a literal '\\n': {quote(texts[p])}")
    findings.sort(key=lambda f: f.rows)
    return CheckOutcome(findings=findings, notes=tuple(notes))


CHECK = Check(code="DA504", name="encoding_debris",
              summary="mojibake, HTML entities or literal \\n the rest of the file is clean of",
              run=run, module=__name__, stages=("given_labels",),
              extras=(Extra("norm", "the file's convention, as measured (share of records and what they share)"),
                      Extra("deviation", "what this row does instead")))
