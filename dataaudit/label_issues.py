"""Which rows DA203 reports: confident learning (cleanlab) on the label model's out-of-sample
probabilities, gated by how clearly and how reliably the classifier prefers another label, and
the rows that support each suggestion. Library code: the label_model stage computes it once
(and caches it with the probabilities), the check turns it into findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

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


@dataclass(frozen=True)
class Judgement:
    """What DA203 reports of a label model: nothing and why (`problem`), or its issues, each
    with the rows that support the suggestion (as label_model.LabelModel.nearest_with_label)."""

    accuracy: float
    problem: Optional[str]
    issues: tuple[int, ...]  # judged-row indices, most likely wrong first
    support: dict[int, tuple[tuple[int, float], ...]]  # issue -> (dataset position, cosine) of up to 3 rows


def judge(model, stored_support: Optional[dict] = None) -> Judgement:
    """The judgement of `model`. `stored_support`: what a previous run judged of these same
    probabilities (label_model_cache: the issues in order, each with its supporting rows): taken
    as it is, so a re-scan runs no cleanlab and reads no vector."""
    accuracy = cross_validated_accuracy(model.given, model.probabilities)
    problem = reliability_problem(model.given, model.probabilities)
    if stored_support is not None:
        issues = () if problem else tuple(stored_support)
        return Judgement(accuracy=accuracy, problem=problem, issues=issues, support=stored_support)
    issues = () if problem else tuple(label_issues(model.given, model.probabilities))
    found = model.nearest_with_labels([(i, int(np.argmax(model.probabilities[i]))) for i in issues])
    support = {i: tuple(found[i]) for i in issues}
    return Judgement(accuracy=accuracy, problem=problem, issues=issues, support=support)
