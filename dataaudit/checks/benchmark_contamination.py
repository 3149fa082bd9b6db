"""DA302 benchmark_contamination — training rows that hold a test item of a public benchmark.

What it finds:
    Rows whose text contains, or lightly rewrites, a test item of a widely used public
    evaluation set: MMLU, GSM8K, HumanEval, HellaSwag (validation) and TruthfulQA (their
    sources and licences: similarity/BENCHMARKS_CREDITS.md). An index shipped with dataaudit
    holds a sample of each item's word 8-grams, hashed (5.4 MB; nothing is downloaded): words
    are letters and digits, case-folded, single letters dropped (so "(a)", "A)" and "a."
    choice marks vanish), and grams stay inside one part of the item (the question, each
    choice, the answer), so a chat template, "Answer:" or new line breaks between the parts
    change nothing. A row holds an item when at least a fifth of the item's sampled grams,
    and at least 3, are in the row, or a fifth of its question's (a question of 6+ sampled
    grams, copied without its choices or answered in other words). Short items (TruthfulQA,
    HellaSwag contexts, short MMLU questions), where one edited word breaks every 8-gram, also
    keep all their word 4-grams but stock phrases ("which of the following is"): half of them,
    and at least 4, found in the row is a match too. A row that is exactly a short question
    matches too. Each finding names the benchmark, the item and how much of
    it the row holds (`overlap`; `match` verbatim from 90 %).

    Runs by default on chat and instruction files (OpenAI chat, ShareGPT, Alpaca), where
    benchmark questions and answers turn up; `--against-benchmarks` runs it on any file,
    `--ignore DA302` turns it off.

Why it matters:
    A model fine-tuned on a benchmark's test items scores well on that benchmark without
    being better: the number the team reports, and the decision it supports, are wrong.
    Synthetic data written by other models, scraped Q&A and "textbook" sets carry such
    items more often than teams expect. Contaminated rows are excluded from the effective
    clean count: drop them from training (or stop reporting that benchmark).

Example:
    row 812  "Solve: Janet's ducks lay 16 eggs per day. She eats three for breakfast
              every morning and bakes muffins for her friends every day with four. ..."
             <- GSM8K test item 0: 100% of its question's indexed word sequences
                (verbatim)

Settings:
    against_benchmarks (run it on every file, not only chat and instruction files).
"""

from __future__ import annotations

from ..io.chat import CHAT_FORMATS
from ..model.findings import Finding
from .base import Check, Extra, each, floor_to

# The benchmarks as their authors write them (the index keys them in lower case).
NAMES = {"mmlu": "MMLU", "gsm8k": "GSM8K", "humaneval": "HumanEval", "hellaswag": "HellaSwag",
         "truthfulqa": "TruthfulQA", "arc": "ARC"}


def run(inputs) -> list[Finding]:
    labels = inputs["given_labels"]
    findings = []
    for position, hits in enumerate(inputs["benchmark_matches"]):
        hits = tuple(hits)  # a tuple per row here; an array per row where Ray Data mapped the batches
        if not hits:
            continue
        best = hits[0]
        name = NAMES.get(best.benchmark, best.benchmark)
        others = hits[1:]
        also = f"; and {len(others)} more item{'s' if len(others) > 1 else ''}" if others else ""
        findings.append(Finding(
            check="benchmark_contamination", code="DA302", severity="warning", rows=(position,),
            actions=each("drop", (position,)),
            labels=(labels[position],) if labels[position] is not None else (),
            score=floor_to(min(best.share, 1.0)),
            message=f"holds {name} {best.split} item {best.item_id} (\"{best.preview}\"): "
                    f"{best.share:.0%} of its {'question' if best.scope == 'prompt' else 'text'}'s indexed word sequences"
                    f" ({best.kind}){also}",
            suggested_action=f"drop from training (a test item of {name})",
            extra=(("benchmark", name), ("split", best.split), ("item", best.item_id),
                   ("overlap", floor_to(best.share)), ("match", best.kind),
                   ("items", tuple(f"{NAMES.get(h.benchmark, h.benchmark)}/{h.split}/{h.item_id}" for h in hits))),
        ))
    return findings


def unavailable(dataset, settings, against):
    if dataset.format in CHAT_FORMATS or settings.against_benchmarks:
        return None
    return ("a table, not chat or instruction records: benchmark items turn up in those "
            "(--against-benchmarks checks this file too)")


CHECK = Check(code="DA302", name="benchmark_contamination",
              summary="training rows that hold a test item of a public benchmark (MMLU, GSM8K, HumanEval, ...)",
              run=run, module=__name__, settings=("against_benchmarks",),
              stages=("benchmark_matches", "given_labels"), unavailable=unavailable,
              extras=(Extra("benchmark", "the benchmark whose test item the row holds (the best match)"),
                      Extra("split", "the benchmark's split the item is from"),
                      Extra("item", "the item's id in that benchmark's release"),
                      Extra("overlap", "the share of the item's (or its question's) indexed word n-grams found in the row"),
                      Extra("match", "verbatim (90 % or more) or overlap"),
                      Extra("items", "every item the row holds, as benchmark/split/id, best first")))
