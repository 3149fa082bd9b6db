"""DA301 leakage — training rows that also appear in the evaluation set.

What it finds:
    With `--against EVAL_FILE` (read with the same format and column options),
    every training row whose text exactly matches (DA101's normalization), nearly
    matches (DA102's similarity and threshold) or means the same as (DA103's
    embedder and threshold) a row of the evaluation set. Each finding names the
    evaluation rows it matches (`eval_rows`) and how (`match`: exact, near or
    semantic).

Why it matters:
    A model evaluated on examples it was trained on looks better than it is: the
    eval score stops measuring generalisation. Leaked rows are excluded from the
    effective clean count; keep them in the eval set, or drop them from training.

Example:
    train row 41  "how do I reset my card PIN?"
    eval row 7    "How do I reset my card pin"      <- exact after normalization

Settings:
    against (the evaluation file), near_duplicate_threshold, embedder, semantic_threshold.
"""

from __future__ import annotations

from ..model.findings import Finding
from ..text import listed
from .base import Check, Extra, each, floor_to, plural


def run(inputs) -> list[Finding]:
    against = inputs.against
    eval_ids = against.row_ids
    path = against.path
    groups = inputs["text_groups"].rows
    given = inputs["given_labels"]
    findings = []
    for unique, (kind, score, eval_positions) in sorted(inputs["leaks"].items()):
        rows = tuple(groups[unique])
        shown = [eval_ids[p] for p in eval_positions]
        one = len(rows) == 1
        how = {"exact": f"{'is' if one else 'are'} the same text as",
               "near": f"{'is a near-duplicate' if one else 'are near-duplicates'} (similarity ≥ {floor_to(score, 2):.2f}) of",
               "semantic": f"mean{'s' if one else ''} the same (cosine ≥ {floor_to(score, 2):.2f}) as",
               "prompt": f"ask{'s' if one else ''} the same prompt (similarity ≥ {floor_to(score, 2):.2f}) as"}[kind]
        named = listed(shown, 5)
        labels = sorted({l for p in rows if (l := given[p]) is not None})
        findings.append(Finding(
            check="leakage", code="DA301", severity="warning", rows=rows, actions=each("drop", rows),
            labels=tuple(labels), score=floor_to(min(max(score, 0.0), 1.0)),
            message=f"{plural(len(rows), 'training row')} {how} "
                    f"eval row{'s' if len(shown) > 1 else ''} {named} of {path}",
            suggested_action="drop from training (keep it in the evaluation set)",
            extra=(("eval_rows", tuple(shown)), ("match", kind)),
        ))
    return findings


def unavailable(dataset, settings, against):
    return None if against is not None else "no --against evaluation set given"


CHECK = Check(code="DA301", name="leakage", summary="training rows that also appear in the --against eval set",
              run=run, module=__name__, settings=("near_duplicate_threshold", "semantic_duplicate_threshold"),
              stages=("leaks", "text_groups", "given_labels"),
              unavailable=unavailable,
              extras=(Extra("eval_rows", "the ids of the evaluation rows it matches"),
                      Extra("match", "exact, near, semantic, or prompt (chat: the same user prompt)")))
