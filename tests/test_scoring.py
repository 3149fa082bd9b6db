"""The effective clean count (CONTRACT.md), overall and per label, and the gate's verdict."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Optional

import pytest

from dataaudit.engine import audit_dataset
from dataaudit.checks import CHECKS
from dataaudit.model.findings import Action, Finding
from dataaudit.io import load_dataset
from dataaudit.labelling.merges import LabelMerge, LabelMerges
from dataaudit.scoring import score
from dataaudit.config import Settings

ORDER = [c.name for c in CHECKS]
CODE = {c.name: c.code for c in CHECKS}


def finding(check: str, excluded=(), keep=None, rows=None, severity="warning") -> Finding:
    excluded = tuple(excluded)
    rows = tuple(rows) if rows is not None else tuple(sorted({*excluded, *(() if keep is None else (keep,))}))
    actions = ((Action(keep, "keep"),) if keep is not None else ()) + tuple(Action(r, "drop") for r in excluded)
    return Finding(check=check, code=CODE.get(check, "DA999"), severity=severity, rows=rows,
                   message="m", suggested_action="a", actions=actions)


def run_score(total: int, findings, labels: Optional[list] = None, threshold: int = 1000,
              min_per_label: Optional[int] = None, merges: LabelMerges = LabelMerges()):
    return score(total_rows=total, findings=findings, canonical_labels=labels or [None] * total,
                 merges=merges, threshold=threshold, min_per_label=min_per_label, check_order=ORDER)


def write_csv(path: Path, rows) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["text", "label"])
        writer.writerows([text, label or ""] for text, label in rows)
    return path


def scan(tmp_path: Path, rows, **settings):
    s = Settings(**settings)
    return audit_dataset(load_dataset(write_csv(tmp_path / "train.csv", rows), s), s)


# -- score() on findings -----------------------------------------------------------


def test_a_row_excluded_by_two_findings_counts_once() -> None:
    summary, _ = run_score(10, [
        finding("exact_duplicate", keep=0, excluded=[1, 2]),
        finding("label_conflict", keep=None, excluded=[0, 1, 2]),
    ])
    assert summary.excluded_rows == 3
    assert summary.effective_clean_count == 7
    assert summary.total_rows == 10


def test_excluded_by_check_goes_to_the_first_check_in_catalogue_order() -> None:
    # Given in reverse order: attribution follows the catalogue, not the list.
    findings = [
        finding("label_conflict", excluded=[1, 2, 3, 9]),
        finding("near_duplicate", keep=0, excluded=[3, 4]),
        finding("exact_duplicate", keep=0, excluded=[2, 4, 5]),
        finding("missing_label", excluded=[5, 6]),
        finding("empty_text", excluded=[6, 7]),
    ]
    summary, _ = run_score(12, findings)
    assert ORDER.index("empty_text") < ORDER.index("missing_label") < ORDER.index("exact_duplicate") \
        < ORDER.index("near_duplicate") < ORDER.index("label_conflict")
    assert summary.excluded_by_check == {
        "empty_text": 2,        # 6, 7
        "missing_label": 1,     # 5
        "exact_duplicate": 2,   # 2, 4
        "near_duplicate": 1,    # 3
        "label_conflict": 2,    # 1, 9
    }
    assert list(summary.excluded_by_check) == [n for n in ORDER if n in summary.excluded_by_check]
    assert sum(summary.excluded_by_check.values()) == summary.excluded_rows == 8
    assert summary.effective_clean_count == 4


def test_checks_that_exclude_nothing_are_not_listed() -> None:
    summary, _ = run_score(5, [finding("label_variant", rows=[1, 2])])
    assert summary.excluded_by_check == {}
    assert summary.excluded_rows == 0
    assert summary.effective_clean_count == 5


@pytest.mark.parametrize("total,excluded,threshold,passed,verdict", [
    (800, 388, 1000, False, "412 clean examples of 800; 588 short of the 1,000 needed before fine-tuning."),
    (1500, 500, 1000, True, "1,000 clean examples of 1,500; meets the 1,000 needed before fine-tuning."),
    (1500, 499, 1000, True, "1,001 clean examples of 1,500; meets the 1,000 needed before fine-tuning."),
    (1500, 501, 1000, False, "999 clean examples of 1,500; 1 short of the 1,000 needed before fine-tuning."),
    (2, 1, 5, False, "1 clean example of 2; 4 short of the 5 needed before fine-tuning."),
    (3, 3, 1, False, "0 clean examples of 3; 1 short of the 1 needed before fine-tuning."),
    (12345, 0, 10000, True, "12,345 clean examples of 12,345; meets the 10,000 needed before fine-tuning."),
])
def test_verdict_and_gate(total, excluded, threshold, passed, verdict) -> None:
    summary, _ = run_score(total, [finding("near_duplicate", keep=total - 1, excluded=range(excluded))],
                           threshold=threshold)
    assert summary.effective_clean_count == total - excluded
    assert summary.passed is passed
    assert summary.verdict == verdict


def test_error_severity_finding_fails_the_gate_even_above_threshold() -> None:
    summary, _ = run_score(10, [finding("rule_violation", excluded=[0], severity="error")], threshold=5)
    assert summary.effective_clean_count == 9
    assert summary.passed is False
    assert summary.verdict.endswith("1 error-severity finding must be fixed.")


def test_per_label_counts_and_min_per_label() -> None:
    labels = ["a"] * 5 + ["b"] * 3 + ["c"] * 2 + [None]
    findings = [finding("exact_duplicate", keep=0, excluded=[1, 5]), finding("missing_label", excluded=[10])]
    summary, per_label = run_score(11, findings, labels=labels, threshold=5, min_per_label=2)
    assert [(l.label, l.rows, l.effective_clean_count) for l in per_label] == [("a", 5, 4), ("b", 3, 2), ("c", 2, 2)]
    assert summary.passed is True  # every label meets 2 exactly, total 8 >= 5

    summary, _ = run_score(11, findings, labels=labels, threshold=5, min_per_label=3)
    assert summary.passed is False
    assert summary.labels_below_minimum == ("b", "c")
    assert summary.verdict == ("8 clean examples of 11; meets the 5 needed before fine-tuning. "
                               "2 labels are below the 3 clean examples required per label: b, c.")


def test_many_labels_below_minimum_are_summarized() -> None:
    labels = [f"label_{i}" for i in range(8)]
    summary, _ = run_score(8, [], labels=labels, threshold=1, min_per_label=2)
    assert summary.passed is False
    assert summary.verdict.endswith(
        "8 labels are below the 2 clean examples required per label: "
        "label_0, label_1, label_2, label_3, label_4 and 3 more.")


def test_variants_are_listed_on_the_canonical_label() -> None:
    merges = LabelMerges(merges=(LabelMerge(canonical="greeting", variants=("Greeting", "greetings"),
                                            counts=(("greeting", 2), ("Greeting", 1), ("greetings", 1)),
                                            reason="r", score=1.0),),
                         canonical={"Greeting": "greeting", "greetings": "greeting"})
    _, per_label = run_score(5, [], labels=["greeting"] * 4 + ["bye"], threshold=1, merges=merges)
    assert [(l.label, l.rows, l.variants) for l in per_label] == [("bye", 1, ()), ("greeting", 4, ("Greeting", "greetings"))]


# -- the table, through real files ------------------------------------------------------

TABLE = [
    pytest.param(
        [("hello there", "greet"), ("good night", "bye")],
        2, {}, {"greet": (1, 1), "bye": (1, 1)}, id="clean"),
    pytest.param(
        [("hello there", "greet"), ("Hello there!", "greet"), ("HELLO THERE", "greet"), ("good night", "bye")],
        2, {"exact_duplicate": 2}, {"greet": (3, 1), "bye": (1, 1)}, id="exact-duplicates-keep-one"),
    pytest.param(
        # row 1 is an empty-label copy: DA002 (earlier in the catalogue) owns it, not DA101.
        [("hello there", "greet"), ("hello there", None), ("good night", "bye")],
        2, {"missing_label": 1}, {"greet": (1, 1), "bye": (1, 1)}, id="missing-label-before-duplicate"),
    pytest.param(
        # 1 vs 1: DA101 excludes row 1, DA201 excludes rows 0 and 1: two rows gone, each counted once.
        [("cancel my order", "cancel"), ("Cancel my order", "refund"), ("good night", "bye")],
        1, {"exact_duplicate": 1, "label_conflict": 1}, {"cancel": (1, 0), "refund": (1, 0), "bye": (1, 1)},
        id="no-majority-conflict"),
    pytest.param(
        [("cancel my order", "refund"), ("Cancel my order", "cancel"), ("cancel my order!", "cancel"),
         ("good night", "bye")],
        2, {"exact_duplicate": 2}, {"cancel": (2, 1), "refund": (1, 0), "bye": (1, 1)},
        id="majority-conflict-keeps-majority-row"),
    pytest.param(
        [("", "greet"), ("   ", None), ("please cancel my appointment", "cancel"),
         ("please cancel my apointment", "cancel"), ("good night", "bye")],
        2, {"empty_text": 2, "near_duplicate": 1}, {"greet": (1, 0), "cancel": (2, 1), "bye": (1, 1)},
        id="empty-and-near"),
    pytest.param(
        [("book me in", "book_appointment"), ("i need an appointment", "book_appointment"),
         ("see the doctor", "Book Appointment"), ("good night", "bye")],
        4, {}, {"book_appointment": (3, 3), "bye": (1, 1)}, id="variants-fold-exclude-nothing"),
]


@pytest.mark.parametrize("rows,clean,by_check,per_label", TABLE)
def test_effective_clean_count_table(tmp_path: Path, rows, clean, by_check, per_label) -> None:
    report = scan(tmp_path, rows, threshold=1)
    summary = report.summary
    assert summary.effective_clean_count == clean
    assert summary.excluded_by_check == by_check
    assert summary.excluded_rows == sum(by_check.values()) == len(rows) - clean
    assert {l.label: (l.rows, l.effective_clean_count) for l in report.labels} == per_label
    excluded = {row for f in report.findings for row in f.excluded}
    assert len(excluded) == summary.excluded_rows


def test_variants_fold_into_the_canonical_label_with_variants_listed(tmp_path: Path) -> None:
    rows = [("i want to book", "book_appointment"), ("book a slot", "book_appointment"),
            ("need a checkup", "book_appointment"), ("see the doctor", "Book Appointment"),
            ("nurse visit", "book-appointments"), ("Nurse visit!", "book_appointment"),
            ("hello", "greeting"), ("hi there", "greeting")]
    report = scan(tmp_path, rows, threshold=1)
    labels = {l.label: l for l in report.labels}
    assert set(labels) == {"book_appointment", "greeting"}
    book = labels["book_appointment"]
    assert (book.rows, book.effective_clean_count) == (6, 5)  # one exact duplicate
    assert book.variants == ("Book Appointment", "book-appointments")
    assert labels["greeting"].variants == ()
    assert sum(l.effective_clean_count for l in report.labels) == report.summary.effective_clean_count


def test_min_per_label_failing_names_the_labels(tmp_path: Path) -> None:
    rows = ([("book me in for monday", "book"), ("i need an appointment", "book"), ("see the doctor soon", "book")]
            + [("hello there", "greet"), ("good morning to you", "greet")]
            + [("bye for now", "bye")])
    report = scan(tmp_path, rows, threshold=1, min_per_label=2)
    summary = report.summary
    assert summary.effective_clean_count == len(rows)
    assert summary.passed is False
    assert summary.labels_below_minimum == ("bye",)
    assert summary.verdict.endswith("1 label is below the 2 clean examples required per label: bye.")

    passing = scan(tmp_path, rows, threshold=1, min_per_label=1)
    assert passing.summary.passed is True
    assert passing.summary.labels_below_minimum == ()


def test_threshold_exactly_met_passes(tmp_path: Path) -> None:
    rows = [("hello there", "greet"), ("Hello there", "greet"), ("good night", "bye"), ("see you", "bye")]
    report = scan(tmp_path, rows, threshold=3)
    assert report.summary.effective_clean_count == 3
    assert report.summary.passed is True
    assert report.summary.verdict == "3 clean examples of 4; meets the 3 needed before fine-tuning."
    assert scan(tmp_path, rows, threshold=4).summary.passed is False
