"""DA508 text_conventions — an answer (or a text) cased or ended unlike the file's others.

What it finds:
    Two habits of how a chat/instruction answer (tables: a text) is written, each judged only
    where 95 % of 50 or more answers share it (98 % of a table's texts, which users type):
    - its first letter's case: upper-case (or lower-case, as voice transcripts are written);
    - its ending: a closed sentence (. ? ! 。 ？ ！ …, or a quote or bracket after one) against
      an open one (a comma, a lower-case word, a new sentence's first word: often an answer cut
      off); and, where that share ends with a question mark (a file of questions), one that does not.
    Rows whose first or last line is code, a list item, a table row, a URL or JSON are not
    judged for that end: a code block legitimately ends on `}` and a list on its last item.

Why it matters:
    An answer that stops mid-sentence ("... such as clustering, anomaly detection, and
    dimensionality reduction. For") is usually cut off by a length limit or an export, and
    teaches the model to stop there too; a lower-case start among capitalised answers is often
    the tail of a cut prefix ("e! Here is a random string"). Where the file has no habit
    (BANKING77's requests end with '?' in 60 %, tweets as they come) nothing is judged.

Example:
    99 % of answers (293 of 294) end a sentence (. ? ! or a closing quote); row 51's answer
    ends open: '... and dimensionality reduction. For'
    The row stays in the clean count (a warning): complete or re-case the row, or drop it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from ..model.findings import CheckOutcome
from .base import Check, Extra
from .conventions import CHAT_FORMATS, answers, pct, quote, row_finding

# A habit holds where this share of the judged rows has it. Answers are written by the data's
# author, and a few strays in them are slips (cut answers: 2 % of them still leave 97 % closed);
# a table's texts are typed by users, who vary more: 97 % of BANKING77's questions start with a
# capital, and the other 3 % ("how do i ...") are how users write, not strays.
ANSWER_SHARE = 0.95
TEXT_SHARE = 0.98
MIN_JUDGED = 50  # ... of at least this many (with 20, one stray would be 5 %: no habit is that sure)
ACTION = "complete the row or write it as the others are (case, closing punctuation), or drop it"
_CLOSERS = "\"'”’»)]*_"  # may follow the sentence end: 'He said "yes."', '(see above.)', **bold.**
_SENTENCE_END = ".?!。？！…؟।"
_NOT_PROSE_LINE = re.compile(r"^\s*(?:[-*•+>|#]|(?:\d+|[ivxlc]+|[a-zA-Z])[.)]\s|```|[{\[<]|https?://|\w+\s*[=(]|\S+\.\w+$)")
MIN_WORDS = 3  # 'bird', 'fog.': a one-word answer has no sentence case or ending


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _last_line(text: str) -> str:
    return next((line for line in reversed(text.splitlines()) if line.strip()), "")


def start_case(text: str) -> Optional[str]:
    """'upper' or 'lower' by the first character, where it is a cased letter of a prose line."""
    line = _first_line(text).lstrip()
    if not line or "```" in text[:8] or _NOT_PROSE_LINE.match(line) or len(text.split()) < MIN_WORDS:
        return None
    word = line.split()[0]
    if any(c.isupper() for c in word[1:]):  # iPhone, eBay, macOS: a name keeps its own case
        return None
    first = line[0]
    if first.isupper():
        return "upper"
    if first.islower():
        return "lower"
    return None


def ending(text: str) -> Optional[str]:
    """'?' or 'closed' (another sentence end) or 'open' (cut mid-sentence: a comma, a lower-case
    word, or a new sentence's first word or two), by the last prose line; None where the text ends
    on code, a list, a table, a title, a hashtag, a name or a number: no evidence either way."""
    line = _last_line(text).strip()
    if not line or "```" in text[-8:] or _NOT_PROSE_LINE.match(line) or len(line.split()) < MIN_WORDS:
        return None
    core = line.rstrip(_CLOSERS).rstrip()
    if not core:
        return None
    last = core[-1]
    if last in "?？":
        return "?"
    if last in _SENTENCE_END:
        return "closed"
    if core != line:  # a quoted slogan, a title in brackets, *thumbs up*: closed by its marks
        return None
    if last == ",":  # (not ';': an SQL or C statement ends on it, prose hardly ever)
        return "open"
    word = core.split()[-1]
    if word.isalpha() and word.islower():
        return "open"
    if _NEW_SENTENCE.search(core):  # '... dimensionality reduction. For'
        return "open"
    return "other"  # a name, a number, a title: not a cut, but not a question either


_NEW_SENTENCE = re.compile(r"[a-z]{2}[.?!]\s+[A-Z][a-z]*(?:\s+[a-z]+)?$")  # not 'C.S. Lewis'
_WORDS = {"upper": "start with a capital letter", "lower": "start with a lower-case letter",
          "closed": "end a sentence (. ? ! or a closing quote)", "?": "end with a question mark",
          "open": "end without closing punctuation"}


def _habit(values: dict[int, str], kind: str, group: tuple[str, ...]) -> Optional[tuple[str, str, int]]:
    """(the habit, its norm sentence, how many follow it) where the kind's share of MIN_JUDGED+ rows
    share one of `group` (values outside the group count against it)."""
    share = ANSWER_SHARE if kind == "answers" else TEXT_SHARE
    judged = len(values)
    if judged < MIN_JUDGED:
        return None
    counts = Counter(values.values())
    counts["closed"] = counts.get("closed", 0) + counts.get("?", 0)  # a question closes a sentence too
    for value in group:
        n = counts.get(value, 0)
        if n >= share * judged:
            return value, f"{pct(n, judged)} of {kind} ({n:,} of {judged:,}) {_WORDS[value]}", n
    return None


def run(inputs):
    dataset = inputs.dataset
    chat = dataset.format in CHAT_FORMATS
    kind = "answers" if chat else "texts"
    texts = answers(dataset) if chat else {p: t.strip() for p, t in enumerate(dataset.texts)
                                           if isinstance(t, str) and t.strip()}
    if chat and dataset.columns_found.get("label") == "answers":
        return CheckOutcome(findings=[], notes=("the answers are the labels: their case says nothing",))
    starts = {p: v for p, t in texts.items() if (v := start_case(t))}
    ends = {p: v for p, t in texts.items() if (v := ending(t))}
    deviations: dict[int, tuple[str, str]] = {}
    notes = []
    start_habit = _habit(starts, kind, ("upper", "lower"))
    if start_habit:
        habit, norm, _ = start_habit
        notes.append(norm)
        for p, value in starts.items():
            if value != habit:
                deviations[p] = (norm, f"{kind[:-1]} starts {value}-case: {quote(texts[p], 50)}")
    # A question file: every ending counts. Closed sentences: 'other' endings (a name, a number)
    # say nothing either way and are left out.
    end_habit = _habit(ends, kind, ("?",)) or _habit({p: v for p, v in ends.items() if v != "other"},
                                                     kind, ("closed",))
    if end_habit:
        habit, norm, _ = end_habit
        notes.append(norm)
        for p, value in ends.items():
            follows = value == "?" if habit == "?" else value in ("?", "closed", "other")
            if not follows and p not in deviations:
                said = "ends open" if value == "open" else "ends without a question mark"
                deviations[p] = (norm, f"{kind[:-1]} {said}: {quote('…' + texts[p][-50:], 56)}")
    findings = [row_finding(inputs, "text_conventions", "DA508", p, norm, deviation,
                              ANSWER_SHARE if chat else TEXT_SHARE, ACTION)
                for p, (norm, deviation) in sorted(deviations.items())]
    if not notes:
        share = ANSWER_SHARE if chat else TEXT_SHARE
        notes.append(f"no case or ending shared by {share * 100:.0f} % of {MIN_JUDGED}+ {kind}")
    return CheckOutcome(findings=findings, notes=tuple(notes))


CHECK = Check(code="DA508", name="text_conventions",
              summary="an answer (or text) cased or ended unlike the file's others",
              run=run, module=__name__, stages=("given_labels",),
              extras=(Extra("norm", "the file's habit, as measured"),
                      Extra("deviation", "how this row starts or ends")))
