"""Where each record sits in the input text, so a cleaned file can copy every untouched
record byte for byte and rewrite only the ones a decision changes.

A file is cut into `head`, one span per record, and `tail`; record i's span includes the
separator before it (a line ending, or JSON's comma and whitespace), so dropping a record
drops its separator with it and joining the rest gives the original back exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True)
class Layout:
    head: str  # before the first record (CSV: the header line; JSON: "[" and what follows it)
    records: tuple[str, ...]  # each record's text, without the separator before it
    separators: tuple[str, ...]  # what precedes each record (the first: "")
    tail: str  # after the last record

    def join(self, records: list[tuple[int, str]]) -> str:
        """The file holding `records` ((original index, text) in order): separators as the
        original had them, the first kept record taking the first record's place."""
        out = [self.head]
        for n, (index, text) in enumerate(records):
            out.append(self.separators[index] if n else self.separators[0])
            out.append(text)
        out.append(self.tail)
        return "".join(out)


def delimited_layout(text: str, quoted: bool) -> Layout:
    """CSV (quoted: a field opening with '"' runs to its closing quote, line breaks and all)
    or TSV (quotes are text). Blank lines are skipped, as the loader skips them; they stay
    in the separator of the next record (or the tail)."""
    lines = _delimited_records(text, quoted)
    if not lines:
        raise InputError("the file has no header line")
    return _layout(lines[0][0] + lines[0][1], lines[1:], blank=lambda body: body == "")


def _layout(head: str, lines: list[tuple[str, str]], blank) -> Layout:
    """Records from (body, line ending) pairs: the first separator is the blank lines before
    the first record, each later one the previous record's line ending and blank lines."""
    records, separators = [], []
    pending = ""
    for body, ending in lines:
        if blank(body):
            pending += body + ending
            continue
        separators.append(pending)
        records.append(body)
        pending = ending
    return Layout(head=head, records=tuple(records), separators=tuple(separators), tail=pending)


def _delimited_records(text: str, quoted: bool) -> list[tuple[str, str]]:
    """(record, its line ending) pairs, a quoted field's line breaks kept inside its record."""
    out: list[tuple[str, str]] = []
    start = i = 0
    n = len(text)
    field_start, in_quotes = True, False
    while i < n:
        c = text[i]
        if in_quotes:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 2
                    continue
                in_quotes = False
            i += 1
            continue
        if c == '"' and quoted and field_start:
            in_quotes, field_start = True, False
            i += 1
            continue
        if c in "\r\n":
            end = i + 2 if c == "\r" and i + 1 < n and text[i + 1] == "\n" else i + 1
            out.append((text[start:i], text[i:end]))
            start = i = end
            field_start = True
            continue
        field_start = c in ",\t"
        i += 1
    if start < n:
        out.append((text[start:], ""))
    return out


def jsonl_layout(text: str) -> Layout:
    """One record per non-blank line; blank lines and line endings stay in the separators."""
    pieces = text.split("\n")  # "\n" only, as the loader splits
    lines = []
    for number, piece in enumerate(pieces):
        ending = "" if number == len(pieces) - 1 else "\n"
        body = piece.removesuffix("\r")
        lines.append((body, piece[len(body):] + ending))
    return _layout("", lines, blank=lambda body: not body.strip())


def json_layout(text: str) -> Layout:
    """A JSON list of records, or an object holding one list (the loader's {"data": [...]})."""
    decoder = json.JSONDecoder()
    start = _skip_space(text, 0)
    if text.startswith("{", start):
        start = _list_inside_object(text, start, decoder)
    if not text.startswith("[", start):
        raise InputError("the file is not a JSON list of records")
    i = _skip_space(text, start + 1)
    head_end = i
    records, separators = [], []
    previous_end = None
    while not text.startswith("]", i):
        _, end = decoder.raw_decode(text, i)
        separators.append("" if previous_end is None else text[previous_end:i])
        records.append(text[i:end])
        previous_end = end
        i = _skip_space(text, end)
        if text.startswith(",", i):
            i = _skip_space(text, i + 1)
    return Layout(head=text[:head_end], records=tuple(records), separators=tuple(separators),
                  tail=text[previous_end if previous_end is not None else head_end:])


def _list_inside_object(text: str, start: int, decoder: json.JSONDecoder) -> int:
    """The offset of the one list-valued member of the object at `start`."""
    i = _skip_space(text, start + 1)
    found = None
    while not text.startswith("}", i):
        _, i = decoder.raw_decode(text, i)  # the key
        i = _skip_space(text, i)
        i = _skip_space(text, i + 1)  # past ":"
        value, end = decoder.raw_decode(text, i)
        if isinstance(value, list):
            found = i
        i = _skip_space(text, end)
        if text.startswith(",", i):
            i = _skip_space(text, i + 1)
    if found is None:
        raise InputError("the JSON object holds no list of records")
    return found


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i
