"""Diverse enough to generalize: how many phrasings each label's clean rows hold.

A phrasing is a text with its slot fillers blanked: numbers, and the words the file itself
swaps for one another between otherwise alike texts (the minimal-pair rule's slot evidence,
stages/minimal_pair_slots.py: "flights from boston to denver" and "… dallas to miami" share
the phrasing "flights from _ to _"; a run of blanks is one blank, so "new york" fills a slot
as "boston" does). Per label, over the rows no finding excludes: the distinct phrasings,
their effective number (the exponential of the Shannon entropy of their sizes: 120 rows
spread evenly over 9 phrasings is 9; 110 of them on one is ~1.6) and the share of the
largest. A label is "a few templates" when it has enough clean rows to judge and its
effective phrasings are under FEW_PHRASINGS of them and under SQRT_PHRASINGS x the square
root of them: a big label may repeat a common phrasing ("_ ke liye alarm set karo", 18 % of
Hinglish-TOP's 256 CREATE_ALARM rows, 101 effective phrasings) and still be varied; a label
of 10,000 rows in 30 phrasings is not.

Measured (benchmarks/diversity.py, 2026-12-07): slot-filled templates (1,500 rows, 9 labels
of 1-4 templates) 0.01-0.13 effective phrasings per clean row; BANKING77 (3,000 rows) and
Hinglish-TOP (3,000 code-mixed requests) 0.90-1.00 in every label with 20 or more clean rows.
An estimate of templates, not a count: a template word the file also swaps ("track order 5" /
"cancel order 5") is read as a slot, and a multi-word filler the file never swaps is not.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Callable, Optional, Sequence

from ..model.findings import LabelPhrasings
from ..scoring import NO_SOURCE

# A label needs this many clean rows before its phrasings say anything.
MIN_ROWS = 20
# Effective phrasings per clean row under this: the label is a few templates. Between the
# templated sets' highest (0.13) and BANKING77's / Hinglish-TOP's lowest (0.90).
FEW_PHRASINGS = 0.5
# ... and under this times the square root of the clean rows (templated: at most 0.6 x the
# root; Hinglish-TOP's CREATE_ALARM, read as varied: 6.3 x).
SQRT_PHRASINGS = 2.0
SLOT = "_"
_NUMBER = re.compile(r"\d+")




def phrasing(text: str, is_slot: Callable[[str], bool]) -> str:
    """`text` (normalized: lower case, words separated by one space) with its slot fillers blanked."""
    out: list[str] = []
    for word in text.split(" "):
        blank = _NUMBER.fullmatch(word) is not None or is_slot(word)
        if not (blank and out and out[-1] == SLOT):
            out.append(SLOT if blank else word)
    return " ".join(out)


def label_phrasings(texts: Sequence[str], rows_of_text: Sequence[Sequence[int]], labels: Sequence[Optional[str]],
                    excluded: set[int], is_slot: Callable[[str], bool],
                    sources: Optional[Sequence[Optional[str]]] = None) -> tuple[LabelPhrasings, ...]:
    """Per label, the phrasings of its clean rows (rows not in `excluded`); labels by name. With
    `sources` (--source-col, by row), also the source most of the label's clean rows come from."""
    sizes: dict[str, Counter] = defaultdict(Counter)
    by_source: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], str] = {}
    for text, rows in zip(texts, rows_of_text):
        kept = [p for p in rows if p not in excluded and labels[p] is not None]
        if kept:
            shape = phrasing(text, is_slot)
            for p in kept:
                sizes[labels[p]][shape] += 1
                examples.setdefault((labels[p], shape), text)
                if sources is not None:
                    by_source[labels[p]][sources[p] if sources[p] is not None else NO_SOURCE] += 1
    return tuple(_summary(label, sizes[label], examples, by_source.get(label)) for label in sorted(sizes))


def _summary(label: str, sizes: Counter, examples: dict, sources: Optional[Counter] = None) -> LabelPhrasings:
    rows = sum(sizes.values())
    entropy = -sum(n / rows * math.log(n / rows) for n in sizes.values())
    effective = math.exp(entropy)
    largest, largest_rows = sizes.most_common(1)[0]
    return LabelPhrasings(label=label, clean_rows=rows, phrasings=len(sizes), effective_phrasings=round(effective, 1),
                          largest_share=round(largest_rows / rows, 4), largest_phrasing=largest,
                          example=examples[(label, largest)],
                          few_templates=rows >= MIN_ROWS and effective < min(FEW_PHRASINGS * rows,
                                                                             SQRT_PHRASINGS * math.sqrt(rows)),
                          **_top_source(sources, rows))


def _top_source(sources: Optional[Counter], rows: int) -> dict:
    if not sources:
        return {}
    source, count = min(sources.items(), key=lambda kv: (-kv[1], kv[0]))  # ties: the first by name
    return {"top_source": source, "top_source_share": round(count / rows, 4)}


def _from_source(label: LabelPhrasings) -> str:
    """', 70 % from speaker_07' where one source gives half or more of the label's clean rows."""
    if label.top_source is None or (label.top_source_share or 0.0) < 0.5:
        return ""
    return f", {label.top_source_share * 100:.0f} % from {label.top_source}"


def diversity_text(labels: Sequence[LabelPhrasings]) -> str:
    """One line for the verdict: which labels are a few templates, or that none is."""
    judged = [l for l in labels if l.clean_rows >= MIN_ROWS]
    few = sorted((l for l in judged if l.few_templates), key=lambda l: l.effective_phrasings / l.clean_rows)
    if not judged:
        return f"Diverse: no label has {MIN_ROWS} clean rows to judge its phrasings by."
    if not few:
        return f"Diverse: every label with {MIN_ROWS}+ clean rows is phrased in many ways ({len(judged)} judged)."
    shown = [f"{l.label} ({l.clean_rows} clean rows, ~{l.effective_phrasings:g} phrasings; "
             f"{l.largest_share * 100:.0f} % like '{l.example}'{_from_source(l)})" for l in few[:3]]
    more = f" and {len(few) - 3} more" if len(few) > 3 else ""
    return (f"Diverse: {len(few)} of {len(judged)} labels are a few templates, which a model learns by heart: "
            f"{'; '.join(shown)}{more}.")
