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
# labels as with 77).
MIN_ODDS = 8.0
# Whether the classifier's opinion about a row means anything depends on the two labels
# involved, not on the file as a whole: a 3,000-row code-mixed file may be 0.57 accurate
# overall while telling its weather and alarm requests apart almost perfectly. Each label's
# agreement is Cohen's kappa between "the classifier answers this label" and "the row carries
# it", out of sample: 0 for a label the classifier answers at chance or always (the biggest
# label of a skewed file), 1 when the two always agree. A row is judged only when both its
# given and its suggested label reach MIN_LABEL_AGREEMENT, and the less reliably either is
# told apart, the clearer the suggestion must be (AGREEMENT_FLOOR, by the lower of the two);
# and, as before this gate, the weaker the classifier overall, the clearer too (ACCURACY_FLOOR,
# by its cross-validated accuracy): the suggestion needs the higher of the two floors.
# Measured on the small sets' flips (benchmarks/mislabeled_small.py, second tables): below 0.8
# agreement, suggestions under 0.3 were right 74-82 % of the time, 0.3-0.5 91-97 %; from a
# classifier under 0.65 accurate, 0.3-0.5 was right 57 % (0.65-0.8: 76 % under 0.3, 95 % at
# 0.3-0.5). On real 2-3k-row files read by hand (benchmarks/da203_real.py,
# benchmarks/data/da203_read20.tsv), 91 of Hinglish-TOP's 133 flags before this gate involved
# an intent the classifier does not tell apart (agreement 0.0 for the UNSUPPORTED_* intents,
# which read like the supported ones), and of its 13 flags with a label at 0.2-0.4, 7 were wrong
# and 2 right; on the small sets the 17 such rows were mostly real flips. Hence: not judged
# under 0.25, a 0.4 floor under 0.4 (the small sets' worst F1 -0.012, Hinglish-TOP 46 flags
# instead of 133; a cut at 0.4 gave 35 but cost the Hindi voice set 0.04 F1).
MIN_LABEL_AGREEMENT = 0.25
# A classifier right on fewer than half the rows (the accuracy the old single cut required) judges
# only labels it tells apart clearly: on the shipped clean sample with --embedder none (143 rows,
# 13 intents, accuracy 0.45) its one flag, between two labels at 0.27 / 0.31, was a false alarm;
# no small-set sample is that weak (voice, TF-IDF only: 0.64-0.67), so none of their flags is lost.
WEAK_ACCURACY = 0.5
WEAK_MIN_LABEL_AGREEMENT = 0.4
AGREEMENT_FLOOR = ((0.8, 0.3), (0.4, 0.4))  # (agreement below, suggestion at least)
ACCURACY_FLOOR = ((0.8, 0.3), (0.65, 0.5))  # (accuracy below, suggestion at least)


def label_issues(given: np.ndarray, probabilities: np.ndarray) -> list[int]:
    """Row indices confident learning calls label issues, most likely first, that also pass
    the gate: MIN_ODDS, and both labels told apart well enough for the suggestion's probability."""
    agreement = label_agreement(given, probabilities)
    accuracy = cross_validated_accuracy(given, probabilities)
    needed = min_agreement(accuracy)
    suggested = probabilities.argmax(axis=1)
    best = probabilities.max(axis=1)
    found = []
    for i in suspects(given, probabilities):
        weaker = min(agreement[given[i]], agreement[suggested[i]])
        if weaker >= needed and best[i] >= suggestion_floor(accuracy, weaker):
            found.append(i)
    return found


def reported(given: np.ndarray, probabilities: np.ndarray) -> list[int]:
    """The rows DA203 reports from these probabilities (none when the classifier is not reliable)."""
    return [] if reliability_problem(given, probabilities) else label_issues(given, probabilities)


def suspects(given: np.ndarray, probabilities: np.ndarray) -> list[int]:
    """The rows cleanlab names whose suggestion has MIN_ODDS over the given label, before the
    per-label gate (benchmarks/mislabeled_small.py bins them to measure it)."""
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


def suggestion_floor(accuracy: float, agreement: float = 1.0) -> float:
    """The probability a suggestion needs from a classifier this accurate, when the less reliably
    told apart of its two labels has this agreement."""
    return max([floor for below, floor in ACCURACY_FLOOR if accuracy < below]
               + [floor for below, floor in AGREEMENT_FLOOR if agreement < below], default=0.0)


def min_agreement(accuracy: float) -> float:
    """The agreement a label needs to be judged, from a classifier this accurate."""
    return WEAK_MIN_LABEL_AGREEMENT if accuracy < WEAK_ACCURACY else MIN_LABEL_AGREEMENT


def cross_validated_accuracy(given: np.ndarray, probabilities: np.ndarray) -> float:
    return float((probabilities.argmax(axis=1) == given).mean())


def label_agreement(given: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """Per label (column), Cohen's kappa of the out-of-sample answer against the given label, that
    label against all others; 0 for a label never given or never answered."""
    answered = probabilities.argmax(axis=1)
    classes = probabilities.shape[1]
    rows = len(given)
    both = np.bincount(given[answered == given], minlength=classes).astype(float)  # given L, answered L
    carried = np.bincount(given, minlength=classes).astype(float)
    said = np.bincount(answered, minlength=classes).astype(float)
    observed = (rows - carried - said + 2 * both) / rows  # agreement on "L or not L"
    expected = (carried * said + (rows - carried) * (rows - said)) / rows ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = np.where(expected < 1, (observed - expected) / (1 - expected), 0.0)
    return np.where((carried > 0) & (said > 0), kappa, 0.0)


def reliability_problem(given: np.ndarray, probabilities: np.ndarray) -> str | None:
    """Why the classifier's opinion is worth nothing here, or None. A flag moves a row from one
    label to another, so it needs two labels the texts predict; when fewer do (random labels,
    labels about something the text does not say), every row would look mislabeled."""
    agreement = label_agreement(given, probabilities)
    accuracy = cross_validated_accuracy(given, probabilities)
    needed = min_agreement(accuracy)
    told = int((agreement >= needed).sum())
    if told >= 2:
        return None
    chance = float(np.bincount(given).max() / len(given))  # always answering the biggest label
    return (f"the texts do not predict their labels: the classifier tells {told} of {len(agreement)} labels "
            f"from the rest (agreement {needed:.2f} or more; best {floor2(agreement.max()):.2f}), "
            f"cross-validated accuracy {accuracy:.2f} where the biggest label alone is {chance:.2f}. A label that "
            "describes something the text does not hold (how two texts relate, a conversation, a group of rows) "
            "cannot be checked row by row")


def floor2(value: float) -> float:
    return float(np.floor(max(value, 0.0) * 100) / 100)


@dataclass(frozen=True)
class Judgement:
    """What DA203 reports of a label model: nothing and why (`problem`), or its issues, each
    with the rows that support the suggestion (as label_model.LabelModel.nearest_with_label)."""

    accuracy: float
    problem: Optional[str]
    weak_labels: tuple[int, ...]  # labels (columns) told apart too poorly to judge rows by
    floored: bool  # some judged label is told apart less reliably, so its suggestions need a floor
    issues: tuple[int, ...]  # judged-row indices, most likely wrong first
    support: dict[int, tuple[tuple[int, float], ...]]  # issue -> (dataset position, cosine) of up to 3 rows


def judge(model, stored_support: Optional[dict] = None) -> Judgement:
    """The judgement of `model`. `stored_support`: what a previous run judged of these same
    probabilities (label_model_cache: the issues in order, each with its supporting rows): taken
    as it is, so a re-scan runs no cleanlab and reads no vector."""
    accuracy = cross_validated_accuracy(model.given, model.probabilities)
    problem = reliability_problem(model.given, model.probabilities)
    agreement = label_agreement(model.given, model.probabilities)
    needed = min_agreement(accuracy)
    weak = tuple(int(k) for k in np.flatnonzero(agreement < needed))
    floored = bool(((agreement >= needed) & (agreement < AGREEMENT_FLOOR[0][0])).any())
    if stored_support is not None:
        issues = () if problem else tuple(stored_support)
        return Judgement(accuracy=accuracy, problem=problem, weak_labels=weak, floored=floored, issues=issues, support=stored_support)
    issues = () if problem else tuple(label_issues(model.given, model.probabilities))
    found = model.nearest_with_labels([(i, int(np.argmax(model.probabilities[i]))) for i in issues])
    support = {i: tuple(found[i]) for i in issues}
    return Judgement(accuracy=accuracy, problem=problem, weak_labels=weak, floored=floored, issues=issues, support=support)
