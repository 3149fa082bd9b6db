"""Diverse enough to generalize: phrasings per label (dataaudit/quality/diversity.py), on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataaudit.quality.diversity import MIN_ROWS, diversity_text, label_phrasings, phrasing
from dataaudit.model.findings import LabelPhrasings
from dataaudit.report.json_read import read_report

DATA = Path(__file__).parent / "data"
SLOTS = {"boston", "denver", "dallas", "new", "york", "track", "cancel"}


@pytest.mark.parametrize("text, expected", [
    ("flights from boston to denver", "flights from _ to _"),
    ("flights from new york to dallas", "flights from _ to _"),  # a run of blanks is one slot
    ("what is 12 plus 30", "what is _ plus _"),  # numbers are slots without evidence
    ("cancel order 55120", "_ order _"),
    ("how do i top up my card", "how do i top up my card"),  # nothing swapped: all words stay
    ("boston", "_"),
])
def test_phrasing_blanks_numbers_and_the_files_slot_fillers(text, expected):
    assert phrasing(text, SLOTS.__contains__) == expected


def test_label_phrasings_count_clean_rows_only_and_weigh_phrasings_by_rows():
    texts = ["flights from boston to denver", "flights from dallas to boston", "i need a flight to denver please",
             "flights from denver to dallas"]
    rows_of_text = [[0, 1], [2], [3], [4]]
    labels = ["flight"] * 5
    [flight] = label_phrasings(texts, rows_of_text, labels, excluded={1}, is_slot=SLOTS.__contains__)
    assert (flight.clean_rows, flight.phrasings) == (4, 2)  # row 1, an excluded copy, does not count
    assert flight.largest_phrasing == "flights from _ to _" and flight.largest_share == 0.75
    assert flight.example == "flights from boston to denver"
    assert flight.effective_phrasings == 1.8  # exp of the entropy of (3/4, 1/4)
    assert not flight.few_templates  # under MIN_ROWS clean rows: not judged


@pytest.mark.parametrize("rows, phrasings, few", [
    (MIN_ROWS - 1, 1, False),  # too few rows to judge
    (MIN_ROWS, 2, True),
    (MIN_ROWS, 12, False),  # over half the rows
    (256, 101, False),  # a common phrasing in a big, varied label (Hinglish-TOP CREATE_ALARM)
    (10_000, 30, True),  # many rows, few phrasings
])
def test_a_few_templates_is_judged_against_the_labels_size(rows, phrasings, few):
    texts = [f"phrasing {chr(97 + k // 26)}{chr(97 + k % 26)} here" for k in range(phrasings)]
    rows_of_text = [[p for p in range(rows) if p % phrasings == k] for k in range(phrasings)]
    [label] = label_phrasings(texts, rows_of_text, ["x"] * rows, excluded=set(), is_slot=lambda w: False)
    assert label.effective_phrasings == pytest.approx(phrasings, rel=0.05)
    assert label.few_templates is few


def test_a_templated_file_is_reported_as_a_few_templates(run_cli, tmp_path):
    report_path = tmp_path / "r.json"
    result = run_cli("scan", DATA / "templated_intents.csv", "--embedder", "none", "--json", report_path)
    assert result.exit_code == 1, result.output
    diversity = {d["label"]: d for d in json.loads(report_path.read_text())["diversity"]}
    judged = {label: d for label, d in diversity.items() if d["clean_rows"] >= MIN_ROWS}
    assert len(judged) == 8 and all(d["few_templates"] for d in judged.values())
    assert diversity["quantity"]["few_templates"] is False  # 13 clean rows: not judged
    # Known answers: "what is the fare from {c1} to {c2}", "price of a flight from {c1} to {c2}",
    # "cheapest flight from {c1} to {c2} on {day}" are airfare's 3 templates; directions has 2.
    assert 2.5 <= diversity["airfare"]["effective_phrasings"] <= 5
    assert 2 <= diversity["directions"]["effective_phrasings"] <= 3
    assert diversity["math"]["largest_phrasing"] == "what is _"  # "plus" / "times" are swapped: a slot too
    assert "Diverse: 8 of 8 labels are a few templates" in " ".join(result.stdout.split())


def test_real_banking77_requests_are_phrased_in_many_ways(run_cli, tmp_path):
    report_path = tmp_path / "r.json"
    result = run_cli("scan", DATA / "banking77_10_labels.csv", "--embedder", "none", "--json", report_path)
    assert result.exit_code == 1, result.output
    diversity = json.loads(report_path.read_text())["diversity"]
    assert len(diversity) == 10 and not any(d["few_templates"] for d in diversity)
    assert all(d["effective_phrasings"] >= 0.9 * d["clean_rows"] for d in diversity)
    assert "Diverse: every label with 20+ clean rows is phrased in many ways" in " ".join(result.stdout.split())
    assert read_report(report_path).diversity == tuple(LabelPhrasings(**d) for d in diversity)


def test_without_labels_there_is_no_diversity(run_cli, tmp_path):
    path = tmp_path / "texts.csv"
    path.write_text("text\n" + "".join(f"please cancel order {k}\n" for k in range(40)), encoding="utf-8")
    report_path = tmp_path / "r.json"
    result = run_cli("scan", path, "--no-labels", "--embedder", "none", "--json", report_path)
    assert json.loads(report_path.read_text())["diversity"] == []
    assert "Diverse:" not in result.output


def test_the_line_names_the_worst_labels_first_and_counts_the_rest():
    labels = [LabelPhrasings(f"l{k}", 100, 3, 2.0 + k, 0.5, "_", f"text {k}", True) for k in range(5)]
    line = diversity_text(labels)
    assert line.startswith("Diverse: 5 of 5 labels are a few templates")
    assert line.index("l0 (") < line.index("l1 (") < line.index("l2 (") and "and 2 more" in line
    assert diversity_text([]) == f"Diverse: no label has {MIN_ROWS} clean rows to judge its phrasings by."


def test_with_sources_each_label_names_the_source_most_of_its_clean_rows_come_from():
    texts = ["set an alarm for 6", "wake me at 7", "alarm at 5 please", "remind me to call mom"]
    rows_of_text = [[0, 1, 2], [3], [4], [5]]
    labels = ["alarm"] * 5 + ["reminder"]
    sources = ["asha_01", "asha_01", "asha_02", "asha_01", None, "asha_03"]
    alarm, reminder = label_phrasings(texts, rows_of_text, labels, excluded={1}, is_slot=lambda w: False,
                                      sources=sources)
    assert (alarm.top_source, alarm.top_source_share) == ("asha_01", 0.5)  # rows 0, 3 of 0, 2, 3, 4 (1 excluded)
    assert (reminder.top_source, reminder.top_source_share) == ("asha_03", 1.0)
    [plain, _] = label_phrasings(texts, rows_of_text, labels, excluded=set(), is_slot=lambda w: False)
    assert plain.top_source is None and plain.top_source_share is None


def test_a_few_templates_label_from_mostly_one_source_says_so():
    from dataclasses import replace as with_
    few = LabelPhrasings(label="set_alarm", clean_rows=120, phrasings=9, effective_phrasings=9.0, largest_share=0.7,
                         largest_phrasing="set an alarm for _", example="set an alarm for 6", few_templates=True)
    assert "% from" not in diversity_text([few])
    assert "70 % like 'set an alarm for 6', 80 % from asha_07)" in diversity_text(
        [with_(few, top_source="asha_07", top_source_share=0.8)])
    assert "% from" not in diversity_text([with_(few, top_source="asha_07", top_source_share=0.4)])
