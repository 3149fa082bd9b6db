"""The readiness answer: raw rows to collect at the file's (and each label's) clean rate."""

from __future__ import annotations

import pytest

from dataaudit.model.findings import LabelCount, Summary
from dataaudit.readiness import readiness, readiness_dict, readiness_text


def _summary(clean, total, threshold=1000, min_per_label=None, below=()):
    return Summary(total_rows=total, effective_clean_count=clean, threshold=threshold, passed=False,
                   excluded_rows=total - clean, excluded_by_check={}, verdict="", min_per_label=min_per_label,
                   labels_below_minimum=tuple(below))


@pytest.mark.parametrize("clean, total, threshold, rate, more", [
    (412, 800, 1000, 0.515, 1142),   # the brief's voice agent: 588 short at 51.5 % -> 1,142 raw rows
    (243, 342, 1000, 0.7105, 1066),
    (999, 1000, 1000, 0.999, 2),
    (0, 50, 1000, 0.0, None),        # nothing clean: no number of rows like these gets there
])
def test_rows_needed_overall(clean, total, threshold, rate, more):
    ready = readiness(_summary(clean, total, threshold), [])
    assert ready.overall.clean_rate == pytest.approx(rate, abs=1e-4)
    assert ready.overall.more_rows == more


def test_a_met_threshold_needs_nothing():
    ready = readiness(_summary(1200, 1500), [])
    assert ready.overall is None and readiness_text(ready) == ""
    assert readiness_dict(ready) == {"overall": None, "labels": []}


def test_each_label_below_the_minimum_at_its_own_rate():
    labels = [LabelCount("refund", rows=40, effective_clean_count=10), LabelCount("greeting", rows=30,
                                                                                  effective_clean_count=30),
              LabelCount("cancel", rows=5, effective_clean_count=0)]
    ready = readiness(_summary(40, 75, min_per_label=20, below=("cancel", "refund")), labels)
    assert [(label, need.clean_rate, need.more_rows) for label, need in ready.labels] == [
        ("refund", 0.25, 40), ("cancel", 0.0, None)]
    text = readiness_text(ready)
    assert "refund ~40" in text and "cancel (no clean rows yet)" in text and "(53 %)" in text
