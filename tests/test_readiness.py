"""The readiness answer: raw rows to collect at the file's (and each label's) clean rate."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dataaudit.model.findings import LabelCount, Summary
from dataaudit.quality.readiness import readiness, readiness_dict, readiness_text


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
    assert readiness_dict(ready) == {"overall": None, "labels": [], "advice": []}


def test_each_label_below_the_minimum_at_its_own_rate():
    labels = [LabelCount("refund", rows=40, effective_clean_count=10), LabelCount("greeting", rows=30,
                                                                                  effective_clean_count=30),
              LabelCount("cancel", rows=5, effective_clean_count=0)]
    ready = readiness(_summary(40, 75, min_per_label=20, below=("cancel", "refund")), labels)
    assert [(label, need.clean_rate, need.more_rows) for label, need in ready.labels] == [
        ("refund", 0.25, 40), ("cancel", 0.0, None)]
    text = readiness_text(ready)
    assert "refund ~40" in text and "cancel (no clean rows yet)" in text and "(53 %)" in text


def _phrasings(label, rows, effective, few):
    from dataaudit.model.findings import LabelPhrasings

    return LabelPhrasings(label=label, clean_rows=rows, phrasings=int(effective) + 1, effective_phrasings=effective,
                          largest_share=0.5, largest_phrasing="_", example="x", few_templates=few)


def test_advice_names_the_labels_to_phrase_otherwise_fewest_phrasings_first():
    diversity = [_phrasings("set_alarm", 120, 9.0, True), _phrasings("math", 53, 1.8, True),
                 _phrasings("weather", 80, 60.0, False), _phrasings("greeting", 30, 4.0, False)]
    summary = replace(_summary(1200, 1500), min_phrasings=5, labels_below_phrasings=("greeting", "math"))
    ready = readiness(summary, [], diversity)
    assert ready.advice == ("other phrasings of math (~1.8 now), greeting (~4 now), set_alarm (~9 now)",)
    assert readiness_text(ready) == f"Collect {ready.advice[0]}."
    assert readiness_dict(ready)["advice"] == list(ready.advice)


def test_advice_names_the_script_production_writes_in_and_its_gaps():
    from dataaudit.model.findings import ProductionTopic, Representativeness, ScriptNeed

    rep = Representativeness(
        production_path="p.csv", production_rows=1000, training_rows=800, compared=800, compared_with="e5",
        neighbours=10, coverage=0.7, gaps=(ProductionTopic(("card limit kitna hai", "b", "c"), 40, 0.05, 2, 0.0),),
        unused_training_topics=(), scripts=({"romanized Hindi": 0.4}, {"romanized Hindi": 0.05}),
        median_words=(6.0, 7.0), predicted_labels={}, min_coverage=None, passed=True,
        script_needs=(ScriptNeed("romanized Hindi", 0.4, 0.05, (("refund", 120, 3), ("balance", 60, 0))),))
    ready = readiness(_summary(1200, 1500), [], (), rep)
    assert ready.advice == (
        "refund, balance examples in romanized Hindi (production 40 %, training 5 %; refund: 120 production texts, "
        "3 training rows; balance: 60 production texts, 0 training rows)",
        "examples of what production asks and the training set barely holds: 'card limit kitna hai' "
        "(40 production texts)")
    assert readiness(_summary(1200, 1500), [], (), None).advice == ()
