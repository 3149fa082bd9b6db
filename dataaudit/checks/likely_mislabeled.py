"""DA203 likely_mislabeled — rows whose label disagrees with what the rest of the data says.

What it finds:
    A classifier is trained on the data's own texts and labels with K-fold cross-
    validation, so every row gets label probabilities from a model that never saw it
    (labelling/model.py: character n-gram TF-IDF, plus sentence embeddings when an embedder
    is chosen; copies of a text stay in one fold; 10 folds up to 5,000 rows, else 5, and
    past 25,000 rows the fewest that still train each model on 20,000 rows).
    Confident learning (cleanlab's find_label_issues, filter "low_self_confidence") then
    names the rows whose given label is less likely than that label usually is, as many
    as the noise it estimates; a row is reported when, besides, the classifier clearly
    prefers another label (at least 8 times the given label's probability) and both labels
    are ones it tells apart: each label's agreement (Cohen's kappa of the classifier's
    out-of-sample answer against the given labels, that label against the rest) must be
    0.25 or more for both (0.4 from a classifier right on fewer than half the rows), and
    the suggestion needs probability 0.3 where the weaker of the two is under 0.8, 0.4
    under 0.4 — or 0.3 where the classifier's cross-validated accuracy is under 0.8, and
    0.5 under 0.65. A file the classifier reads poorly overall is still judged on the
    labels it does read. Each finding gives the `suggested_label`, its probability
    (`confidence`), the probability of the given label (`given_label_probability`), and
    up to three similar rows that carry the suggested label (`supporting_rows`);
    `checks[].notes` gives the classifier's accuracy and the labels it does not judge.

    Not judged: rows without a label or text (DA001/DA002), rows in a DA201 label
    conflict (that check decides them), and labels with fewer than 5 rows (too few to
    learn; `checks[].notes` lists them), nor labels the classifier does not tell apart
    (agreement under 0.25; listed too). Data with fewer than two labels to learn or to
    tell apart is skipped, with the reason, where every row would look mislabeled; so is
    a file of text pairs (two text columns named as a pair, `sentence_A`/`sentence_B`,
    `premise`/`hypothesis`): its labels say how two texts relate, which no row's words
    tell.

Why it matters:
    A wrong label teaches the model the wrong answer as firmly as a right one teaches
    the right answer. Mislabeled rows are excluded from the effective clean count
    until someone checks them.

Example:
    row 311  "my card payment was declined at the shop"   label: exchange_rate
             suggested: declined_card_payment (0.91); rows 40, 77 say so too

Score:
    1 - the probability of the given label: higher means more likely wrong.

Settings:
    embedder (adds embedding features; `none` uses TF-IDF alone).
"""

from __future__ import annotations

import numpy as np

from ..labelling.issues import AGREEMENT_FLOOR, min_agreement, suggestion_floor
from ..labelling.model import MIN_LABEL_ROWS
from ..labelling.pairs import pair_columns, pair_reason, unused_text_columns
from ..model.findings import Action, CheckOutcome, CheckSkipped, Finding
from ..text import listed
from .base import Check, Extra, floor_to, plural


def run(inputs) -> CheckOutcome:
    dataset = inputs.dataset
    table = dataset.table
    cells = (lambda column: table[column].tolist())
    if table is not None and dataset.text_columns:
        # Before the label model: a pair file's cross-validation would only be thrown away.
        pair = pair_columns(list(table.columns), dataset.text_columns, cells)
        if pair:
            raise CheckSkipped(pair_reason(dataset.text_columns, pair))
    model = inputs["label_model"]
    if model is None:
        raise CheckSkipped(f"fewer than two labels have {MIN_LABEL_ROWS} or more rows to learn from")
    judgement = model.judgement
    if judgement.problem:
        others = [] if table is None or not dataset.text_columns else unused_text_columns(
            list(table.columns), (*dataset.text_columns, dataset.label_column, dataset.id_column), cells)
        quoted = listed([f"'{c}'" for c in others], 3)
        hint = (f"; if the label depends on {quoted} too, name {'it' if len(others) == 1 else 'them'} "
                f"with --text-col" if others else "")
        raise CheckSkipped(judgement.problem + hint)
    raw = inputs["given_labels"]
    findings = []
    for index in judgement.issues:
        position = int(model.positions[index])
        probs = model.probabilities[index]
        given = model.classes[model.given[index]]
        suggested_index = int(np.argmax(probs))
        suggested = model.classes[suggested_index]
        support = [(p, sim) for p, sim in judgement.support[index] if sim > 0]
        support_ids = tuple(inputs.row_id(p) for p, _ in support)
        given_p, suggested_p = float(probs[model.given[index]]), float(probs[suggested_index])
        said = f"; similar rows {', '.join(map(str, support_ids))} are labeled '{suggested}'" if support_ids else ""
        findings.append(Finding(
            check="likely_mislabeled", code="DA203", severity="warning", rows=(position,),
            actions=(Action(position, "review", suggested),),
            labels=tuple(sorted({raw[position], suggested})), score=floor_to(1.0 - given_p),
            message=(f"labeled '{given}', but the rest of the data says '{suggested}' "
                     f"(probability {floor_to(suggested_p, 2):.2f}; '{given}' {floor_to(given_p, 2):.2f}){said}"),
            suggested_action=f"check the label: relabel to '{suggested}' if that is right, otherwise keep it and "
                             "add more examples like it",
            extra=(("suggested_label", suggested), ("confidence", floor_to(suggested_p)),
                   ("given_label_probability", floor_to(given_p)),
                   ("supporting_rows", support_ids),
                   ("supporting_similarities", tuple(floor_to(max(s, 0.0)) for _, s in support))),
        ))
    accuracy = judgement.accuracy
    notes = [f"judged {len(model.positions):,} rows with {' + '.join(model.feature_sets)} "
             f"({model.folds}-fold cross-validation, accuracy {floor_to(accuracy, 2):.2f})"]
    if judgement.weak_labels:
        weak = [model.classes[k] for k in judgement.weak_labels]
        notes.append(f"{plural(len(weak), 'label')} of {len(model.classes)} not judged: the classifier does not tell "
                     f"{'it' if len(weak) == 1 else 'them'} from the rest (agreement under {min_agreement(accuracy):.2f}): "
                     f"{listed(weak, 5)}; more rows per label or a stronger --embedder make it sharper")
    if suggestion_floor(accuracy):
        notes.append(f"the classifier is not very accurate here, so only suggestions with probability "
                     f"{suggestion_floor(accuracy):.2f} or more are reported; more rows per label or a "
                     f"stronger --embedder make it sharper")
    elif judgement.floored:
        floors = ", ".join(f"{floor:.1f} or more where either label's agreement is under {below:.2f}"
                           for below, floor in AGREEMENT_FLOOR)
        notes.append(f"a suggestion between labels told apart less reliably needs a clearer preference: probability "
                     f"{floors}")
    if model.unlearned_labels:
        notes.append(f"{plural(len(model.unlearned_labels), 'label')} with fewer than {MIN_LABEL_ROWS} rows "
                     f"not judged: {listed(model.unlearned_labels, 5)}")
    return CheckOutcome(findings=findings, notes=tuple(notes))



CHECK = Check(code="DA203", name="likely_mislabeled", summary="the label disagrees with the rest of the data",
              run=run, module=__name__, needs_labels=True, settings=("embedder",),
              stages=("label_model", "given_labels"),
              extras=(Extra("suggested_label", "the label the rest of the data says this row should have"),
                      Extra("confidence", "the classifier's probability for the suggested label"),
                      Extra("given_label_probability", "its probability for the label the row has"),
                      Extra("supporting_rows", "the most similar rows that carry the suggested label"),
                      Extra("supporting_similarities", "their similarity to this row, aligned with supporting_rows")))
