"""DA203's confidence gate and the label model's folds and centring, against tables of cases."""

from __future__ import annotations

import numpy as np
import pytest

from dataaudit.labelling.issues import (label_agreement, label_issues, min_agreement, reliability_problem,
                                    suggestion_floor)
from dataaudit.labelling.model import MAX_TRAIN_ROWS, SMALL_DATA_FOLDS, centred, fit_label_model, fold_count


@pytest.mark.parametrize("accuracy, agreement, floor", [
    (0.95, 0.95, 0.0), (0.80, 0.80, 0.0),  # an accurate classifier, labels told apart well: the odds test alone
    (0.95, 0.79, 0.3), (0.95, 0.40, 0.3),  # a label told apart less reliably: under 0.3 is right 74-82 %
    (0.95, 0.39, 0.4), (0.95, 0.25, 0.4),  # barely told apart: on real files mostly false alarms
    (0.79, 0.95, 0.3), (0.65, 0.95, 0.3),  # a middling classifier: a suggestion under 0.3 is a coin toss
    (0.64, 0.95, 0.5), (0.40, 0.30, 0.5),  # a weak one: only clear suggestions, whatever the labels
])
def test_the_less_reliable_the_classifier_or_a_label_the_clearer_the_suggestion_must_be(accuracy, agreement, floor):
    assert suggestion_floor(accuracy, agreement) == floor


@pytest.mark.parametrize("accuracy, needed", [(0.95, 0.25), (0.5, 0.25), (0.49, 0.4), (0.2, 0.4)])
def test_a_classifier_right_on_under_half_the_rows_judges_only_labels_it_tells_apart_clearly(accuracy, needed):
    assert min_agreement(accuracy) == needed


def _answered(given: list[int], answers: list[int], classes: int) -> np.ndarray:
    """Probabilities whose argmax is `answers` (0.9 on the answer, the rest spread)."""
    probabilities = np.full((len(given), classes), 0.1 / (classes - 1))
    probabilities[np.arange(len(given)), answers] = 0.9
    return probabilities


@pytest.mark.parametrize("given, answers, expected", [
    ([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2], [1.0, 1.0, 1.0]),  # always right
    ([0] * 7 + [1] * 3, [0] * 10, [0.0, 0.0]),  # always the biggest label: no better than chance
    ([0, 1, 0, 1, 0, 1, 0, 1], [0, 0, 1, 1, 0, 0, 1, 1], [0.0, 0.0]),  # a coin toss
    ([0, 0, 0, 1, 1, 1, 2, 2], [0, 0, 0, 1, 1, 1, 1, 1], [1.0, 0.52, 0.0]),  # label 2 never answered
])
def test_label_agreement_is_kappa_of_one_label_against_the_rest(given, answers, expected):
    classes = len(expected)
    agreement = label_agreement(np.array(given), _answered(given, answers, classes))
    assert np.floor(agreement * 100) / 100 == pytest.approx(expected, abs=0.01)


def _mixed(suspects: list[tuple[int, int]], weak_answers: bool) -> tuple[np.ndarray, np.ndarray]:
    """Six labels of 30 rows. Labels 0-2: the classifier answers right (0.6 on the label). Labels
    3-5: when `weak_answers`, it answers one of them at random-looking rotation (their agreement
    ~0), else right too. Then the suspects: (given label, suggested label) at 0.9 against 0.02."""
    classes, given, rows = 6, [], []
    for label in range(classes):
        for i in range(30):
            answer = label if label < 3 or not weak_answers else 3 + (label + i) % 3
            row = np.full(classes, 0.4 / (classes - 1))
            row[answer] = 0.6
            given.append(label)
            rows.append(row)
    for label, suggested in suspects:
        row = np.full(classes, 0.08 / (classes - 2))
        row[label], row[suggested] = 0.02, 0.9
        given.append(label)
        rows.append(row)
    return np.array(given), np.array(rows)


@pytest.mark.parametrize("suspect, weak_answers, flagged", [
    ((0, 1), False, True),   # every label told apart
    ((0, 1), True, True),    # the two labels involved are told apart: judged though 3-5 are not
    ((3, 0), False, True),
    ((3, 0), True, False),   # the given label is one the classifier cannot tell: not judged
    ((0, 4), True, False),   # nor a suggestion of such a label
    ((3, 4), True, False),
])
def test_a_row_is_judged_only_between_labels_the_classifier_tells_apart(suspect, weak_answers, flagged):
    given, probabilities = _mixed([suspect] * 3, weak_answers)
    found = set(label_issues(given, probabilities))
    suspects = set(range(len(given) - 3, len(given)))
    assert found <= suspects
    assert (found == suspects) is flagged, label_agreement(given, probabilities).round(2)


def test_fewer_than_two_labels_told_apart_is_a_reason_to_skip():
    given, probabilities = _mixed([], weak_answers=True)
    assert reliability_problem(given, probabilities) is None  # labels 0-2 are told apart
    rng = np.random.default_rng(0)
    noise = rng.dirichlet(np.ones(6), size=len(given))
    reason = reliability_problem(given, noise)
    assert reason and "tells 0 of 6 labels" in reason and "row by row" in reason


def test_a_suggestion_under_eight_times_the_given_label_is_never_flagged():
    given, probabilities = _mixed([(0, 1)] * 3, False)
    probabilities[-3:, 0], probabilities[-3:, 1] = 0.1, 0.7  # 7x
    assert label_issues(given, probabilities) == []
    probabilities[-3:, 0] = 0.08  # 8.75x
    assert len(label_issues(given, probabilities)) == 3


def test_centred_vectors_lose_the_shared_direction_and_keep_zero_rows():
    rng = np.random.default_rng(0)
    shared = np.ones(8, dtype=np.float32) * 3
    vectors = np.vstack([shared + rng.normal(size=(6, 8)).astype(np.float32), np.zeros((1, 8), np.float32)])
    out = centred(vectors)
    assert np.allclose(out[:6].mean(axis=0), 0, atol=0.2)
    assert np.allclose(np.linalg.norm(out[:6], axis=1), 1, atol=1e-5)
    assert not out[6].any()


@pytest.mark.parametrize("rows_per_label, folds", [(6, 6), (12, SMALL_DATA_FOLDS)])
def test_small_files_get_more_folds(rows_per_label, folds):
    words = {"weather": "rain sun cloud storm wind snow fog heat cold mist hail frost",
             "music": "song album guitar drums piano band tune choir opera jazz rock beat"}
    texts, labels = [], []
    for label, vocabulary in words.items():
        for i, word in enumerate(vocabulary.split()[:rows_per_label]):
            texts.append(f"tell me about the {word} {i}")
            labels.append(label)
    model = fit_label_model(texts, labels, list(range(len(texts))), list(range(len(texts))))
    assert model.folds == folds


@pytest.mark.parametrize("rows, smallest_label, folds", [
    (300, 20, SMALL_DATA_FOLDS), (300, 7, 7), (5_000, 50, SMALL_DATA_FOLDS), (5_001, 50, 5),
    (25_000, 200, 5),  # 5 folds train on exactly the 20,000-row cap
    (30_000, 200, 3), (40_000, 200, 2), (100_000, 900, 2), (1_000_000, 5_000, 2),
    (100_000, 1, 2),  # never under two folds
])
def test_past_the_training_cap_fewer_folds_train_models_of_the_same_size(rows, smallest_label, folds):
    assert fold_count(rows, smallest_label) == folds
    if rows > MAX_TRAIN_ROWS and folds < 5:
        assert rows * (folds - 1) / folds >= MAX_TRAIN_ROWS  # each model still trains on the cap
