"""DA203's confidence gate and the label model's folds and centring, against tables of cases."""

from __future__ import annotations

import numpy as np
import pytest

from dataaudit.label_issues import label_issues, suggestion_floor
from dataaudit.label_model import MAX_TRAIN_ROWS, SMALL_DATA_FOLDS, centred, fit_label_model, fold_count


@pytest.mark.parametrize("accuracy, floor", [
    (0.95, 0.0), (0.80, 0.0),  # an accurate classifier: the odds test alone
    (0.79, 0.3), (0.65, 0.3),  # a middling one: a suggestion under 0.3 is a coin toss
    (0.64, 0.5), (0.40, 0.5),  # a weak one: only clear suggestions
])
def test_the_weaker_the_classifier_the_clearer_the_suggestion_must_be(accuracy, floor):
    assert suggestion_floor(accuracy) == floor


CLASSES = 10


def _row(label_probabilities: dict[int, float]) -> np.ndarray:
    rest = (1.0 - sum(label_probabilities.values())) / (CLASSES - len(label_probabilities))
    row = np.full(CLASSES, rest)
    for label, p in label_probabilities.items():
        row[label] = p
    return row


def _probabilities(confused: int, suspect: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Ten labels with 4 rows each that the classifier gets right (probability 0.25, the
    rest spread thin, as with many labels), `confused` rows it gets wrong without a clear
    preference (0.25 against the given 0.15: never flagged; they set the accuracy), then
    the suspects, labeled 0: (probability of label 1, of the given label 0) each."""
    given, rows = [], []
    for i in range(4 * CLASSES):
        given.append(i % CLASSES)
        rows.append(_row({i % CLASSES: 0.25}))
    for i in range(confused):
        label = i % CLASSES
        given.append(label)
        rows.append(_row({label: 0.15, (label + 1) % CLASSES: 0.25}))
    for best, given_p in suspect:
        given.append(0)
        rows.append(_row({0: given_p, 1: best}))
    return np.array(given), np.array(rows)


@pytest.mark.parametrize("confused, suggestion, flagged", [
    (1, 0.28, True),    # accuracy 0.91: a 0.28 suggestion at 9x the given label's is enough
    (14, 0.28, False),  # accuracy 0.70: the same row needs 0.3
    (14, 0.45, True),
    (24, 0.45, False),  # accuracy 0.60: 0.45 is not clear enough
    (24, 0.6, True),
])
def test_the_gate_depends_on_the_classifier_accuracy(confused, suggestion, flagged):
    suspects = [(suggestion, 0.03)] * 3
    given, probabilities = _probabilities(confused, suspects)
    found = set(label_issues(given, probabilities))
    suspect_rows = set(range(len(given) - len(suspects), len(given)))
    assert found <= suspect_rows
    assert (found == suspect_rows) is flagged, float((probabilities.argmax(axis=1) == given).mean())


def test_a_suggestion_under_eight_times_the_given_label_is_never_flagged():
    given, probabilities = _probabilities(1, [(0.7, 0.1)] * 3)  # 7x
    assert label_issues(given, probabilities) == []
    given, probabilities = _probabilities(1, [(0.7, 0.08)] * 3)  # 8.75x
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
