"""DA203 likely_mislabeled — rows whose label disagrees with what the rest of the data says.

What it finds:
    A classifier is trained on the data's own texts and labels with K-fold cross-
    validation, so every row gets label probabilities from a model that never saw it
    (label_model.py: character n-gram TF-IDF, plus sentence embeddings when an embedder
    is chosen; copies of a text stay in one fold; 10 folds up to 5,000 rows, else 5, and
    past 25,000 rows the fewest that still train each model on 20,000 rows).
    Confident learning (cleanlab's find_label_issues, filter "low_self_confidence") then
    names the rows whose given label is less likely than that label usually is, as many
    as the noise it estimates; a row is reported when, besides, the classifier clearly
    prefers another label (at least 6 times the given label's probability; and, when its
    cross-validated accuracy is under 0.8, at least 0.3, under 0.65 at least 0.5). Each
    finding gives the `suggested_label`, its probability (`confidence`), the
    probability of the given label (`given_label_probability`), and up to three similar
    rows that carry the suggested label (`supporting_rows`); `checks[].notes` gives the
    classifier's accuracy.

    Not judged: rows without a label or text (DA001/DA002), rows in a DA201 label
    conflict (that check decides them), and labels with fewer than 5 rows (too few to
    learn; `checks[].notes` lists them). Data with fewer than two such labels is
    skipped, with the reason; so is data whose texts do not predict their labels
    (cross-validated accuracy below 0.5, or not clearly above always answering the
    biggest label), where every row would look mislabeled.

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

from ..model.findings import Action, CheckOutcome, CheckSkipped, Finding
from ..label_model import MIN_LABEL_ROWS
from .base import Check, Extra, floor_to, plural

# A row is flagged only when cleanlab calls it an issue AND the classifier clearly prefers
# another label: the suggestion at least MIN_ODDS times the given label's probability (a
# ratio rather than a cap on the given label's probability, so it means the same with 3
# labels as with 77). The less accurate the classifier, the clearer its preference must
# be: below each cross-validated accuracy in MIN_SUGGESTED_PROBABILITY the suggestion
# also needs that probability. Measured on 20-30 rows per label (benchmarks/
# mislabeled_small.py, BANKING77 and a Hindi/English voice set, 5 % flips): suggestions
# under 0.3 were right 76 % of the time from a classifier 0.65-0.8 accurate (0.3-0.5:
# 95 %), 89 % above 0.8; under 0.65 accurate, suggestions under 0.5 were right 56 %.
MIN_ODDS = 8.0
MIN_SUGGESTED_PROBABILITY = ((0.8, 0.3), (0.65, 0.5))  # (accuracy below, suggestion at least)
# The classifier must get at least this share of rows right (and clearly beat always
# answering the biggest label) before its disagreements mean anything.
MIN_ACCURACY = 0.5


def run(inputs) -> CheckOutcome:
    model = inputs["label_model"]
    if model is None:
        raise CheckSkipped(f"fewer than two labels have {MIN_LABEL_ROWS} or more rows to learn from")
    problem = reliability_problem(model.given, model.probabilities)
    if problem:
        raise CheckSkipped(problem)
    issues = label_issues(model.given, model.probabilities)
    raw = inputs["given_labels"]
    findings = []
    for index in issues:
        position = int(model.positions[index])
        probs = model.probabilities[index]
        given = model.classes[model.given[index]]
        suggested_index = int(np.argmax(probs))
        suggested = model.classes[suggested_index]
        support = [(p, sim) for p, sim in model.nearest_with_label(int(index), suggested_index) if sim > 0]
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
    accuracy = cross_validated_accuracy(model.given, model.probabilities)
    notes = [f"judged {len(model.positions):,} rows with {' + '.join(model.feature_sets)} "
             f"({model.folds}-fold cross-validation, accuracy {floor_to(accuracy, 2):.2f})"]
    if suggestion_floor(accuracy):
        notes.append(f"the classifier is not very accurate here, so only suggestions with probability "
                     f"{suggestion_floor(accuracy):.2f} or more are reported; more rows per label or a "
                     f"stronger --embedder make it sharper")
    if model.unlearned_labels:
        shown = ", ".join(model.unlearned_labels[:5]) + (
            f" and {len(model.unlearned_labels) - 5} more" if len(model.unlearned_labels) > 5 else "")
        notes.append(f"{plural(len(model.unlearned_labels), 'label')} with fewer than {MIN_LABEL_ROWS} rows "
                     f"not judged: {shown}")
    return CheckOutcome(findings=findings, notes=tuple(notes))


def label_issues(given: np.ndarray, probabilities: np.ndarray) -> list[int]:
    """Row indices confident learning calls label issues, most likely first, that also pass
    the confidence gate (MIN_ODDS, MIN_SUGGESTED_PROBABILITY)."""
    floor = suggestion_floor(cross_validated_accuracy(given, probabilities))
    best = probabilities.max(axis=1)
    return [i for i in suspects(given, probabilities) if best[i] >= floor]


def suspects(given: np.ndarray, probabilities: np.ndarray) -> list[int]:
    """The rows cleanlab names whose suggestion has MIN_ODDS over the given label, before the
    accuracy-dependent floor (benchmarks/mislabeled_small.py bins them to measure the floor)."""
    from cleanlab.filter import find_label_issues

    # "low_self_confidence" (rows whose given label is less likely than that label's
    # average self-confidence, capped by the estimated number of issues) measured best:
    # on BANKING77 at 5 % flips precision 0.97 at recall 0.81, where filter "both" gave
    # 0.87 / 0.68, and on 20-30 rows per label recall doubles.
    found = find_label_issues(given, probabilities, filter_by="low_self_confidence", n_jobs=1,
                              return_indices_ranked_by="self_confidence")
    given_probability = probabilities[np.arange(len(given)), given]
    best = probabilities.max(axis=1)
    return [int(i) for i in found if best[i] >= MIN_ODDS * given_probability[i]]


def suggestion_floor(accuracy: float) -> float:
    """The probability a suggestion needs from a classifier this accurate."""
    return max([floor for below, floor in MIN_SUGGESTED_PROBABILITY if accuracy < below], default=0.0)


def cross_validated_accuracy(given: np.ndarray, probabilities: np.ndarray) -> float:
    return float((probabilities.argmax(axis=1) == given).mean())


def reliability_problem(given: np.ndarray, probabilities: np.ndarray) -> str | None:
    """Why the classifier's opinion is worth nothing here, or None. When the texts barely
    predict their labels (random labels, labels about something the text does not say),
    every row looks mislabeled; better to say so than flag them all."""
    accuracy = cross_validated_accuracy(given, probabilities)
    chance = float(np.bincount(given).max() / len(given))  # always answering the biggest label
    needed = max(MIN_ACCURACY, chance + (1 - chance) / 3)
    if accuracy < needed:
        return (f"the texts do not predict their labels well enough to judge them: cross-validated accuracy "
                f"{accuracy:.2f}, below the {needed:.2f} needed (the biggest label alone is {chance:.2f})")
    return None


CHECK = Check(code="DA203", name="likely_mislabeled", summary="the label disagrees with the rest of the data",
              run=run, module=__name__, needs_labels=True, settings=("embedder",),
              stages=("label_model", "given_labels"),
              extras=(Extra("suggested_label", "the label the rest of the data says this row should have"),
                      Extra("confidence", "the classifier's probability for the suggested label"),
                      Extra("given_label_probability", "its probability for the label the row has"),
                      Extra("supporting_rows", "the most similar rows that carry the suggested label"),
                      Extra("supporting_similarities", "their similarity to this row, aligned with supporting_rows")))
