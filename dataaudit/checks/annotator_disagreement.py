"""DA204 annotator_disagreement — rows whose annotators do not agree on the label.

What it finds:
    With several annotators per example — one row per annotation and
    `--annotator-col ANNOTATOR` (rows of one example share its `--id-col` value, or
    its exact text), or one label column per annotator (`--label-col a --label-col b
    --label-col c`) — each example is labeled with the annotators' consensus (the most
    given label; a tie goes to the label backed by the annotators who agree with others
    most often). A row is flagged when fewer than `--min-agreement` (default 0.6) of its
    annotators gave that consensus: 1 vs 1, or 2 vs 2, or 2 of 5.

    Rows with a single annotation cannot be checked and are counted in the check's
    notes. The report's `annotators` table gives each annotator's number of labels,
    agreement with the consensus, and — when the label model (DA203's classifier) can
    judge them — cleanlab's annotator quality score (get_label_quality_multiannotator).

Why it matters:
    A label that its own annotators dispute is not verified. Training on it teaches
    one annotator's guess; evaluating on it measures noise. Disputed rows are
    excluded until a reviewer decides.

Example:
    row 12  "mujhe doctor se milna hai"
            asha: book_appointment   ravi: talk_to_agent   -> agreement 0.50 < 0.60, excluded

Settings:
    annotator_column or label_columns, min_agreement.
"""

from __future__ import annotations

from collections import Counter

from ..labelling.merges import LabelMerges
from ..model.findings import Action, AnnotatorStats, CheckOutcome, Finding
from .base import Check, Extra, floor_to, plural


def run(inputs) -> CheckOutcome:
    minimum = inputs.settings.agreement_needed
    consensus = inputs["canonical_labels"]
    per_item = canonical_annotations(inputs)
    findings, agreements, single = [], [], 0
    for position, pairs in enumerate(per_item):
        if len(pairs) < 2:
            single += len(pairs) == 1
            continue
        label = consensus[position]
        agreement = sum(1 for _, given in pairs if given == label) / len(pairs)
        agreements.append(agreement)
        if agreement >= minimum - 1e-9:
            continue
        tally = Counter(given for _, given in pairs)
        said = "; ".join(
            f"'{given}' ({', '.join(sorted(a for a, l in pairs if l == given))})"
            for given, _ in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])))
        findings.append(Finding(
            check="annotator_disagreement", code="DA204", severity="warning", rows=(position,),
            actions=(Action(position, "review", label),), labels=tuple(sorted(tally)), score=floor_to(1.0 - agreement),
            message=f"{plural(len(pairs), 'annotator')} disagree: {said}; agreement {floor_to(agreement, 2):.2f} "
                    f"is below {minimum:.2f}",
            suggested_action=f"have a reviewer decide the label (the consensus so far is '{label}'), then record it",
            extra=(("consensus_label", label), ("agreement", floor_to(agreement)),
                   ("annotations", {a: l for a, l in sorted(pairs)})),
        ))
    notes = []
    if agreements:
        notes.append(f"mean agreement {sum(agreements) / len(agreements):.2f} over "
                     f"{plural(len(agreements), 'row')} with two or more annotations")
    if single:
        notes.append(f"{plural(single, 'row')} with one annotation not checked")
    return CheckOutcome(findings=findings, notes=tuple(notes), annotators=annotator_stats(inputs, per_item))


def canonical_annotations(inputs) -> list[list[tuple[str, str]]]:
    """(annotator, label) per row, with label spellings merged as DA202 merges them (when it
    runs), so 'Greeting' and 'greeting' from two annotators are agreement, not a dispute."""
    mapping = inputs.get_or("label_merges", LabelMerges()).canonical
    dataset = inputs.dataset
    return [[(a, mapping.get(label, label)) for a, label in pairs]
            for pairs in dataset.annotations.votes_by_item(len(dataset), inputs["merge_spellings"])]


def annotator_stats(inputs, per_item) -> tuple[AnnotatorStats, ...]:
    consensus = inputs["canonical_labels"]
    labeled: Counter = Counter()
    agreed: Counter = Counter()
    checked: Counter = Counter()
    for position, pairs in enumerate(per_item):
        tally = Counter(label for _, label in pairs)
        # A tied row has no real consensus (it was broken by a rule): nobody agrees with it.
        tied = len(pairs) > 1 and sum(1 for n in tally.values() if n == max(tally.values())) > 1
        for annotator, label in pairs:
            labeled[annotator] += 1
            if len(pairs) > 1:
                checked[annotator] += 1
                agreed[annotator] += label == consensus[position] and not tied
    quality = _cleanlab_quality(inputs, per_item)
    return tuple(
        AnnotatorStats(annotator=a, annotations=labeled[a], checked=checked[a],
                       agreement_with_consensus=floor_to(agreed[a] / checked[a]) if checked[a] else None,
                       quality=quality.get(a, {}).get("quality"), worst_label=quality.get(a, {}).get("worst_label"))
        for a in sorted(labeled))


def _cleanlab_quality(inputs, per_item) -> dict[str, dict]:
    """cleanlab's annotator quality (agreement weighted by the label model's probabilities),
    over the rows the label model judged whose labels it knows. Empty when it cannot run."""
    model = inputs["label_model"]
    if model is None:
        return {}
    import numpy as np
    import pandas as pd

    index = {label: i for i, label in enumerate(model.classes)}
    rows, table = [], []
    annotators = sorted({a for pairs in per_item for a, _ in pairs})
    column = {a: i for i, a in enumerate(annotators)}
    for k, position in enumerate(model.positions.tolist()):
        pairs = per_item[position]
        if len(pairs) < 2 or any(label not in index for _, label in pairs):
            continue
        line = [np.nan] * len(annotators)
        for annotator, label in pairs:
            line[column[annotator]] = index[label]
        rows.append(k)
        table.append(line)
    if len(rows) < 2:
        return {}
    frame = pd.DataFrame(table, columns=annotators)
    frame = frame.loc[:, frame.notna().any()]  # annotators with no judged rows are left out
    import warnings

    from cleanlab.multiannotator import get_label_quality_multiannotator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cleanlab warns about annotators with few labels
        result = get_label_quality_multiannotator(frame, model.probabilities[rows], verbose=False)
    stats = result["annotator_stats"]
    return {str(a): {"quality": floor_to(float(stats.loc[a, "annotator_quality"])),
                     "worst_label": model.classes[int(stats.loc[a, "worst_class"])]}
            for a in stats.index}


def unavailable(dataset, settings, against):
    if dataset.annotations is None:
        return ("one label per row: name the annotator column with --annotator-col, or give "
                "--label-col once per annotator")
    return None


CHECK = Check(code="DA204", name="annotator_disagreement", summary="the annotators of a row disagree on its label",
              run=run, module=__name__, needs_labels=True, settings=("annotator_column", "label_columns",
                                                                    "min_agreement"),
              stages=("canonical_labels", "label_merges", "merge_spellings", "label_model"), unavailable=unavailable,
              extras=(Extra("consensus_label", "the label most of the row's annotators gave"),
                      Extra("agreement", "the share of its annotators that gave the consensus label"),
                      Extra("annotations", "each annotator's label for the row")))
