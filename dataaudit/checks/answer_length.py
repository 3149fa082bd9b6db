"""DA505 answer_length — an answer (or a text) far longer or shorter than its label's others.

What it finds:
    For chat and instruction records, the last answer; for tables, the text. Lengths are
    compared within a group of like rows: the rows of one label (for chat files whose
    answers are the labels, nothing is compared); without labels, the records of one
    system prompt when the file has several common ones, else the whole file. A group needs
    20 rows, and lengths that say something: where the middle 90 % span ten times or more
    (3 to 300 words, as in most instruction files), any length is usual and the group is
    not judged (the notes name it). A row is flagged when its length (in words; a Chinese,
    Japanese, Korean or Thai character counts as one) is at least 3 times the group's 95th
    percentile and 8 words more, and at least 5 robust deviations (median absolute deviation
    of log length) from the median; for a table's texts where 95 % of the group hold at most
    3 sentences, also when it holds 3 sentences more than that and at least 5 (several records
    run together), and 8 words more than the 95th percentile; or, for answers only, a third of the
    5th percentile or less when that is 12 words or more (a cut-off answer). Short texts in a
    table are not judged: users write "card?" as often as a paragraph.

Why it matters:
    An answer ten times as long as its label's others is usually a paste error (two records
    merged, a whole document as the answer) or a different task; a three-word answer where
    the others run a hundred is usually cut off. The model learns the length as part of
    the format.

Example:
    answers labelled `refund` run 12–40 words (middle 90 % of 120); row 88's has 412
    words (10× the 95th percentile)
    The row stays in the clean count (a warning): check it, split or trim it, or drop it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from ..model.findings import CheckOutcome
from .answer_json import answers
from .base import Check, Extra
from .conventions import CHAT_FORMATS, MIN_RECORDS, quote, row_finding
from .system_prompt import system_prompt

LONG_FACTOR = 3.0  # at least this many times the group's 95th percentile ...
LONG_EXTRA = 8  # ... and this many words more
SHORT_FACTOR = 3.0  # an answer at most a third of the group's 5th percentile ...
SHORT_FLOOR = 12  # ... where that percentile is at least this many words
ROBUST_Z = 5.0  # and this many robust deviations of log length from the median
# Sentences, in a table's texts: where 95 % of a group hold at most SHORT_SENTENCES, a row with
# EXTRA_SENTENCES more (and at least MIN_SENTENCES) is several records run together. Real long requests
# (BANKING77's paragraph complaints) add a sentence or two; six requests merged add four or more
# (measured: no new finding on BANKING77, tweets, Hinglish-TOP; recall on 6-request merges 0.37 ->
# 0.82). Not answers: an explanation with its code runs to many sentences (new_codealpaca: 31 of
# 4,535 answers of 80-140 words flagged, none cut or merged; a JSON answer's sentences are data).
SHORT_SENTENCES = 3
EXTRA_SENTENCES = 3
MIN_SENTENCES = 5
# Where the middle 90 % of a group's lengths span this factor or more, no length is unusual: the
# SFT demo files' answers run 5-300 words (60x); BANKING77's labels 4-45 at most (under 10x).
TOO_VARIED = 10.0
ACTION = "check the row: trim or split it, complete it, or drop it"
_DENSE = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_DENSE}]|[^\s{_DENSE}]+")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|(?<=[。！？])")
_WORDLIKE = re.compile(r"\w")


def length_of(text: str) -> int:
    """Words; each character of a script written without spaces counts as one."""
    return len(_TOKEN.findall(text))


def sentences_of(text: str) -> int:
    """Sentences: pieces ending in . ? ! followed by a space (or 。！？), with a letter or digit."""
    return sum(1 for piece in _SENTENCE_END.split(text.strip()) if _WORDLIKE.search(piece))


def _quantile(sorted_values: list[int], q: float) -> float:
    position = q * (len(sorted_values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _groups(inputs) -> tuple[str, dict, dict]:
    """(what is measured, {row: text}, {group name: [rows]})."""
    dataset = inputs.dataset
    chat = dataset.format in CHAT_FORMATS
    if chat:
        texts = answers(dataset)
        kind = "answers"
    else:
        texts = {p: t for p, t in enumerate(dataset.texts) if isinstance(t, str) and t.strip()}
        kind = "texts"
    labels = inputs["given_labels"]
    groups: dict = defaultdict(list)
    if dataset.has_labels and dataset.columns_found.get("label") != "answers":
        for position in texts:
            if labels[position] is not None:
                groups[f"{kind} labelled `{labels[position]}`"].append(position)
        return kind, texts, groups
    prompts = {p: system_prompt(dataset.parts[p]) for p in texts} if chat else {}
    common = [s for s, n in Counter(prompts.values()).items() if s is not None and n >= MIN_RECORDS]
    if len(common) >= 2:
        for position, prompt in prompts.items():
            if prompt in common:
                groups[f"{kind} to the system prompt {quote(prompt, 40)}"].append(position)
    else:
        groups[kind] = list(texts)
    return kind, texts, groups


def run(inputs):
    dataset = inputs.dataset
    if dataset.format in CHAT_FORMATS and dataset.columns_found.get("label") == "answers":
        return CheckOutcome(findings=[], notes=("the answers are the labels: their length says nothing",))
    kind, texts, groups = _groups(inputs)
    findings, judged, too_varied = [], 0, []
    for name, rows in sorted(groups.items()):
        if len(rows) < MIN_RECORDS:
            continue
        lengths = {p: length_of(texts[p]) for p in rows}
        ordered = sorted(lengths.values())
        low, high, median = _quantile(ordered, 0.05), _quantile(ordered, 0.95), _quantile(ordered, 0.5)
        if high >= TOO_VARIED * max(low, 1):
            too_varied.append(f"{name} ({_words(low)}–{_words(high)} words)")
            continue
        judged += 1
        logs = [math.log1p(v) for v in ordered]
        centre = math.log1p(median)
        spread = 1.4826 * sorted(abs(v - centre) for v in logs)[len(logs) // 2]
        sentences = {p: sentences_of(texts[p]) for p in rows}
        usual_sentences = _quantile(sorted(sentences.values()), 0.95)
        norm = f"{name} run {_words(low)}–{_words(high)} words (middle 90 % of {len(rows):,})"
        for position in rows:
            length = lengths[position]
            far = spread == 0 or abs(math.log1p(length) - centre) >= ROBUST_Z * spread
            run_together = (kind == "texts" and usual_sentences <= SHORT_SENTENCES and length >= high + LONG_EXTRA
                            and sentences[position] >= max(MIN_SENTENCES, usual_sentences + EXTRA_SENTENCES))
            if far and length >= LONG_FACTOR * high and length >= high + LONG_EXTRA:
                deviation = f"has {length:,} words ({length / max(high, 1):.0f}× the 95th percentile)"
            elif run_together:
                deviation = (f"has {length:,} words in {sentences[position]} sentences (95 % of the group have "
                             f"{_words(usual_sentences)} or fewer)")
            elif far and kind == "answers" and low >= SHORT_FLOOR and length * SHORT_FACTOR <= low:
                deviation = f"has {length:,} word{'s' if length != 1 else ''}: {quote(texts[position], 50)}"
            else:
                continue
            findings.append(row_finding(inputs, "answer_length", "DA505", position, norm,
                                        f"{kind[:-1]} {deviation}", 0.9, ACTION))
    notes = (f"{judged} group{'s' if judged != 1 else ''} of {MIN_RECORDS}+ {kind} compared",)
    if too_varied:  # said, so that a quiet report on such a file is not read as "lengths are fine"
        notes += (f"not judged, the middle 90 % of lengths span {TOO_VARIED:.0f}× or more: " + "; ".join(too_varied),)
    return CheckOutcome(findings=findings, notes=notes)


def _words(value: float) -> str:
    return f"{value:,.0f}"


CHECK = Check(code="DA505", name="answer_length",
              summary="an answer (or text) far longer or shorter than its label's others",
              run=run, module=__name__, stages=("given_labels",),
              extras=(Extra("norm", "the group's usual length (middle 90 %)"),
                      Extra("deviation", "this row's length")))
