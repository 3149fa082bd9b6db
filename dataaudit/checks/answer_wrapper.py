"""DA502 answer_wrapper — an answer wrapped differently from the file's other answers.

What it finds:
    Chat and instruction records whose last answer breaks the wrapper the file's answers
    share (20 or more answers): a code fence around the whole answer, a leading prefix such
    as `Answer:` or `Output:`, or a closing phrase ("Let me know if you need anything else.").
    Both ways: the answer lacks the wrapper 90 % of answers have, or it has a code fence or
    an `Answer:`-style prefix that at least 90 % of answers do without (and no other answer
    has).

Why it matters:
    The model learns the wrapper with the content: a few fenced JSON answers among bare ones
    teach it to fence sometimes, and the parser that reads its output fails on those. A
    stray `Answer:` prefix or a missing sign-off is the same kind of noise.

Example:
    97 % of answers (1,940 of 2,000) are bare, with no code fence; row 17's answer is
    wrapped in a ```json code fence: '```json {"intent": "refund"} ```'
    The row stays in the clean count (a warning): unwrap it, or drop it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from ..model.findings import CheckOutcome
from .base import Check, Extra
from .conventions import MIN_RECORDS, NORM_SHARE, answers, not_chat, pct, quote, row_finding

RARE_SHARE = 1 - NORM_SHARE  # a wrapper on at most this share of answers, the rest without, is a stray
_FENCE = re.compile(r"\A```([\w+.#-]*)[ \t]*\n?(.*?)\n?[ \t]*```\Z", re.DOTALL)
_PREFIX = re.compile(r"\A([A-Za-z][A-Za-z ]{0,23}?)[ \t]*:[ \t\n]+(?=\S)")
# Prefixes that only ever wrap an answer; any other shared prefix counts only as a norm (90 %).
WRAPPER_WORDS = frozenset({"answer", "final answer", "output", "response", "result", "assistant", "label", "json"})
ACTION = "write the answer with the wrapper the other answers use, or drop the row"


def fence_of(answer: str) -> Optional[tuple[str, str]]:
    """(language, inside) when the whole answer is one code fence."""
    match = _FENCE.match(answer.strip())
    if not match or "```" in match.group(2):
        return None
    return match.group(1), match.group(2)


def prefix_of(answer: str) -> Optional[str]:
    """The leading 'Word:' of an answer; not a speaker's name in a dialogue ('A: ...' with more 'A:' lines)."""
    text = answer.strip()
    match = _PREFIX.match(text)
    if not match or re.search(rf"\n[ \t]*{re.escape(match.group(1))}[ \t]*:", text):
        return None
    return match.group(1)


def unwrapped(answer: str) -> str:
    """The answer without a whole-answer code fence and a wrapper-word prefix (either order)."""
    text = answer.strip()
    for _ in range(2):
        fence = fence_of(text)
        if fence:
            text = fence[1].strip()
        prefix = prefix_of(text)
        if prefix and prefix.lower() in WRAPPER_WORDS:
            text = text[_PREFIX.match(text).end():].strip()
    return text


def closing_of(answer: str) -> Optional[str]:
    """The last line, or of a one-line answer the last sentence, when something comes before it."""
    text = answer.strip()
    if "\n" in text:
        head, last = text.rsplit("\n", 1)
    else:
        sentences = re.findall(r"[^.!?]+[.!?]+[\"')\]]*\s*", text)
        if len(sentences) < 2 or "".join(sentences).strip() != text:
            return None
        head, last = "".join(sentences[:-1]), sentences[-1]
    last = last.strip()
    return last if head.strip() and 0 < len(last) <= 120 else None


def run(inputs):
    given = answers(inputs.dataset)
    total = len(given)
    if total < MIN_RECORDS:
        return CheckOutcome(findings=[], notes=(f"{total} answers: fewer than {MIN_RECORDS} make no convention",))
    broken: dict[int, list[tuple[str, str, float]]] = {}  # position -> [(norm, deviation, share of the norm)]

    def flag(positions, followers, norm, deviation_of):
        for position in positions:
            broken.setdefault(position, []).append((norm, deviation_of(position), followers / total))

    fences = {p: fence_of(a) for p, a in given.items()}
    fenced = [p for p, f in fences.items() if f]
    languages = Counter(fences[p][0] for p in fenced)
    if len(fenced) >= NORM_SHARE * total:
        language = languages.most_common(1)[0][0]
        norm = f"{pct(len(fenced), total)} of answers ({len(fenced):,} of {total:,}) are wrapped in a ```{language} code fence"
        flag([p for p in given if not fences[p]], len(fenced), norm, lambda p: f"answer is not: {quote(given[p])}")
    elif 0 < len(fenced) <= RARE_SHARE * total and not any("```" in given[p] for p in given if not fences[p]):
        bare = total - len(fenced)
        norm = f"{pct(bare, total)} of answers ({bare:,} of {total:,}) are bare, with no code fence"
        flag(fenced, bare, norm, lambda p: f"answer is wrapped in a ```{fences[p][0]} code fence: {quote(given[p])}")

    inner = {p: (fences[p][1].strip() if fences[p] else a) for p, a in given.items()}
    prefixes = {p: prefix_of(a) for p, a in inner.items()}
    counts = Counter(v for v in prefixes.values() if v)
    top = counts.most_common(1)[0] if counts else None
    if top and top[1] >= NORM_SHARE * total:
        norm = f"{pct(top[1], total)} of answers ({top[1]:,} of {total:,}) start with '{top[0]}:'"
        flag([p for p in given if prefixes[p] != top[0]], top[1], norm, lambda p: f"answer does not: {quote(given[p])}")
    else:
        for word, n in counts.items():
            others = total - n
            if word.lower() in WRAPPER_WORDS and n <= RARE_SHARE * total and not any(
                    v and v.lower() == word.lower() and v != word for v in prefixes.values()):
                norm = f"{pct(others, total)} of answers ({others:,} of {total:,}) have no '{word}:' prefix"
                flag([p for p in given if prefixes[p] == word], others, norm,
                     lambda p: f"answer starts with '{prefixes[p]}:': {quote(given[p])}")

    closings = {p: closing_of(a) for p, a in inner.items()}
    closing_counts = Counter(v for v in closings.values() if v)
    if closing_counts:
        phrase, n = closing_counts.most_common(1)[0]
        if n >= NORM_SHARE * total:
            norm = f"{pct(n, total)} of answers ({n:,} of {total:,}) end with {quote(phrase)}"
            flag([p for p in given if closings[p] != phrase], n, norm,
                 lambda p: f"answer ends otherwise: {quote(given[p][-60:])}")

    findings = []
    for position in sorted(broken):
        pairs = broken[position]
        norm = "; ".join(n for n, _, _ in pairs)
        deviation = "; ".join(d for _, d, _ in pairs)
        share = max(s for _, _, s in pairs)
        findings.append(row_finding(inputs, "answer_wrapper", "DA502", position, norm, deviation, share, ACTION))
    return findings


CHECK = Check(code="DA502", name="answer_wrapper",
              summary="an answer wrapped (code fence, prefix, closing phrase) unlike the file's others",
              run=run, module=__name__, stages=("given_labels",), unavailable=not_chat,
              extras=(Extra("norm", "the file's convention, as measured (share of records and what they share)"),
                      Extra("deviation", "what this row does instead")))
