"""DA202 label_variant — one label spelled several ways.

What it finds:
    Label names that are the same label written differently: case, spacing,
    punctuation or separators (`Book Appointment`, `book-appointment`,
    `book_appointment`), a plural `s`, or a small typo (`medicne_reminder`).

How it decides:
    Names equal after folding case, separators and a trailing plural `s` (words of
    5+ letters) are always one label; names without letters (`1`, `-1`) only when
    written the same. A typo (1 edit inside one word for names of 5–7 characters,
    2 for longer) is merged only with evidence: the misspelt word is not a word in
    the texts and is not the other with letters added (`irrelevant`), the rarer
    spelling has at most a fifth as many rows, there are 3+ labels, and its texts
    read most like the other label's texts (character TF-IDF centroids). Real
    labels that merely look alike, such as BANKING77's `lost_or_stolen_card` and
    `lost_or_stolen_phone`, are never merged. When DA202 is not run (--ignore,
    --select), no check merges spellings.

Why it matters:
    A split label looks like two small classes instead of one, hides label
    conflicts, and skews the label distribution. It is a naming fix: no row is
    excluded, and the finding says which name to use. Label conflicts and the
    per-label counts already treat the variants as the canonical label.

Example:
    book_appointment (120 rows) ← "Book Appointment" (3), "book-appointment" (2)
"""

from __future__ import annotations

from ..model.findings import Finding
from .base import Check, Extra, plural


def run(inputs) -> list[Finding]:
    labels = inputs["given_labels"]
    findings = []
    for merge in inputs["label_merges"].merges:
        variants = set(merge.variants)
        rows = tuple(p for p, label in enumerate(labels) if label in variants)
        counts = dict(merge.counts)
        spelled = ", ".join(f"'{name}' ({plural(counts[name], 'row')})" for name in merge.variants)
        findings.append(Finding(
            check="label_variant", code="DA202", severity="warning", rows=rows,
            labels=(merge.canonical,) + merge.variants, score=merge.score,
            message=f"{spelled} look{'s' if len(merge.variants) == 1 else ''} like '{merge.canonical}' "
                    f"({plural(counts[merge.canonical], 'row')}) spelled differently: {merge.reason}",
            suggested_action=f"rename {', '.join(repr(v) for v in merge.variants)} to '{merge.canonical}'",
            extra=(("merge_into", merge.canonical),),
        ))
    return findings


# A rename of label names, not a change to single rows: no actions, nothing excluded.
CHECK = Check(code="DA202", name="label_variant", summary="one label spelled several ways",
              run=run, module=__name__, needs_labels=True, stages=("given_labels", "label_merges"),
              extras=(Extra("merge_into", "the spelling to rename the variants to", suggests_label=True),),
              key_fields=())
