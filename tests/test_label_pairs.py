"""DA203 and labels that belong to pairs of texts, and its per-label gate on a real code-mixed file.

The pair file is SICK-shaped (sentence_A, sentence_B, entailment_label), written here by hand:
SICK itself is CC BY-NC-SA and is not copied into the repository. The code-mixed file is a
real slice of Hinglish-TOP (tests/data/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dataaudit import audit
from dataaudit.labelling.pairs import _twins, pair_columns

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("first, second, twins", [
    ("sentence_A", "sentence_B", True), ("sentence1", "sentence2", True), ("text_a", "text_b", True),
    ("question1", "question2", True), ("premise", "hypothesis", True), ("Left Text", "right text", False),
    ("text_left", "text_right", True), ("query", "en_query", False), ("text", "label", False),
    ("sentence_A", "sentence_C", False), ("a", "b", False), ("text", "text2", False),
])
def test_two_columns_named_as_a_pair(first, second, twins):
    assert _twins(first, second) is twins


SUBJECTS = ["A man", "A woman", "A child", "The dog", "A girl", "An old man", "A boy", "The cat", "A chef", "A player"]
ACTS = ["is playing a guitar", "is cutting an onion", "is riding a horse", "is running in the park",
        "is swimming in a pool", "is reading a book", "is jumping over a fence", "is eating a banana"]


def _sick_shaped() -> pd.DataFrame:
    """80 sentence pairs whose label is how B relates to A: the same A gets all three labels."""
    rows = []
    for i, subject in enumerate(SUBJECTS):
        for j, act in enumerate(ACTS):
            a = f"{subject} {act}"
            kind = (i + j) % 3
            b = {0: f"{subject} is not {act[3:]}", 1: f"{subject} {act} happily", 2: f"{SUBJECTS[i - 1]} {ACTS[j - 1]}"}[kind]
            rows.append({"pair_ID": str(len(rows) + 1), "sentence_A": a, "sentence_B": b,
                         "entailment_label": ["CONTRADICTION", "ENTAILMENT", "NEUTRAL"][kind]})
    return pd.DataFrame(rows)


def _da203(report):
    return next(run for run in report.checks if run.code == "DA203")


@pytest.mark.parametrize("text_columns", [("sentence_A",), ("sentence_B",), ("sentence_A", "sentence_B")])
def test_a_pair_file_is_recognised_and_da203_says_why_it_is_off(tmp_path, text_columns):
    path = tmp_path / "pairs.csv"
    _sick_shaped().to_csv(path, index=False)
    report = audit(path, {"text_col": list(text_columns), "embedder": "none", "rules": "none"})
    run = _da203(report)
    assert run.status == "skipped"
    assert "pairs of texts" in run.reason and "sentence_A" in run.reason and "sentence_B" in run.reason
    assert not [f for f in report.findings if f.code == "DA203"]


def test_without_the_second_column_the_evidence_says_it(tmp_path):
    """sentence_A alone as `text`: nothing in the file says pair, but no label is told apart."""
    frame = _sick_shaped().rename(columns={"sentence_A": "text", "entailment_label": "label"})[["text", "label"]]
    frame.to_csv(tmp_path / "a_only.csv", index=False)
    run = _da203(audit(tmp_path / "a_only.csv", {"embedder": "none", "rules": "none"}))
    assert run.status == "skipped"
    assert "do not predict their labels" in run.reason and "how two texts relate" in run.reason


def test_a_translation_column_is_no_pair():
    table = pd.read_csv(DATA / "hinglish_top_800.csv", dtype=str, keep_default_na=False)
    assert pair_columns(list(table.columns), ("text",), lambda c: table[c].tolist()) is None


def test_a_real_code_mixed_file_is_judged_on_the_labels_the_classifier_tells_apart():
    """800 real Hinglish-TOP requests, 62 intents of 1-126 rows: the TF-IDF classifier tells most
    intents apart but not all (the UNSUPPORTED_* intents read like the supported ones). DA203 runs,
    names the labels it does not judge, and flags no row to or from them."""
    report = audit(DATA / "hinglish_top_800.csv", {"embedder": "none", "rules": "none"})
    run = _da203(report)
    assert run.status == "ok", run.reason
    weak_note = next(note for note in run.notes if "not judged: the classifier does not tell" in note)
    found = [f for f in report.findings if f.code == "DA203"]
    assert 0 < len(found) <= 0.03 * 800
    weak = weak_note.split("): ", 1)[1].split(";")[0]
    for finding in found:
        assert not set(finding.labels) & set(weak.split(", ")), finding.message


def test_shuffled_labels_on_the_same_real_file_are_skipped_with_the_reason():
    table = pd.read_csv(DATA / "hinglish_top_800.csv", dtype=str, keep_default_na=False)
    table["label"] = table["label"].sample(frac=1.0, random_state=3).tolist()
    report = audit(table[["text", "label"]], {"embedder": "none", "rules": "none"})
    run = _da203(report)
    assert run.status == "skipped" and "do not predict their labels" in run.reason
