"""The HTML report's parts without a browser: which queue a finding goes to, the marked
differences, chat turns, the charts' numbers, the size budget, and one file that needs nothing
from the network. (tests/test_html_browser.py drives the page in Chromium.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dataaudit.model.findings import Action, Finding
from dataaudit.report.html import charts
from dataaudit.report.html.marks import inline_diff, turns
from dataaudit.report.html.queue import queue_of

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"


def _finding(check: str, actions=(), rows=(1, 2)) -> Finding:
    return Finding(check=check, code="DA000", severity="warning", rows=rows, message="m", suggested_action="a",
                   actions=tuple(actions))


@pytest.mark.parametrize("check, actions, rows, queue", [
    ("label_conflict", [Action(1, "keep"), Action(2, "relabel", "x")], (1, 2), "decide"),
    ("likely_mislabeled", [Action(1, "review", "x")], (1,), "decide"),
    ("missing_label", [Action(1, "review")], (1,), "decide"),
    ("label_variant", [], (1,), "decide"),
    ("rule_violation", [Action(1, "drop")], (1,), "fix"),
    ("rule_violation", [], (1,), "fix"),  # a warning excludes nothing but is still a row to fix
    ("empty_text", [Action(1, "drop")], (1,), "fix"),
    ("exact_duplicate", [Action(1, "keep"), Action(2, "drop")], (1, 2), "drop"),
    ("semantic_duplicate", [Action(1, "keep"), Action(2, "drop")], (1, 2), "drop"),
    ("leakage", [Action(1, "drop")], (1,), "drop"),
    ("label_imbalance", [], (), None),  # about the whole file: shown with the overview
    ("some_new_check", [Action(1, "review")], (1,), "decide"),  # unknown checks go by their actions
    ("some_new_check", [Action(1, "keep"), Action(2, "drop")], (1, 2), "drop"),
    ("some_new_check", [Action(1, "drop")], (1,), "fix"),
])
def test_each_finding_goes_to_the_queue_of_what_a_person_must_do(check, actions, rows, queue):
    assert queue_of(_finding(check, actions, rows)) == queue


@pytest.mark.parametrize("check, reference, text, segments", [
    ("near_duplicate", "cancel my card", "cancel my cards", [("=", "cancel my card"), ("+", "s")]),
    ("exact_duplicate", "Hello there.", "hello there", [("-", "H"), ("+", "h"), ("=", "ello there"), ("-", ".")]),
    ("label_conflict", "same", "same", None),
    ("semantic_duplicate", "where is my card", "where is my new card",
     [("=", "where is my "), ("+", "new "), ("=", "card")]),
    ("missing_label", "one text", "another text", None),  # rows only grouped are not compared
    ("rule_violation", "a", "b", None),
])
def test_differences_are_marked_where_rows_should_be_the_same(check, reference, text, segments):
    assert inline_diff(reference, text, check) == segments


def test_a_diff_rebuilds_both_texts():
    reference, text = "I want to cancel the order I placed", "i want to cancel teh order i placed!"
    segments = inline_diff(reference, text, "near_duplicate")
    assert "".join(p for k, p in segments if k != "-") == text
    assert "".join(p for k, p in segments if k != "+") == reference


def test_chat_transcripts_become_turns_with_multi_line_content():
    transcript = "system: be brief\nuser: write code\nassistant: here:\n```\ndef f():\n    return 1\n```"
    assert turns(transcript) == [("system", "be brief"), ("user", "write code"),
                                 ("assistant", "here:\n```\ndef f():\n    return 1\n```")]
    assert turns("no roles here\nuser: late") is None


def test_waterfall_bars_add_up_to_the_clean_count():
    svg = charts.waterfall(1000, [("exact_duplicate", 120), ("near_duplicate", 80)], 800, 1000)
    titles = re.findall(r"<title>(.*?)</title>", svg)
    assert titles == ["all rows: 1,000", "exact_duplicate: −120", "near_duplicate: −80",
                      "effective clean count: 800", "needed: 1,000"]
    assert 'aria-label="From 1,000 rows to 800 clean"' in svg


def test_chart_text_is_escaped():
    svg = charts.counts([("<script>x</script>", 3, "error")], "rules & more")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'aria-label="rules &amp; more"' in svg


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    from click.testing import CliRunner

    from dataaudit.cli import main

    folder = tmp_path_factory.mktemp("page")
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), "--embedder", "none", "--json", str(folder / "r.json"),
                                       "--html", str(folder / "r.html"), "-q"])
    assert result.exit_code == 1, result.output
    return json.loads((folder / "r.json").read_text()), (folder / "r.html").read_text(encoding="utf-8"), folder


def test_the_page_is_one_file_with_nothing_from_the_network(sample_page):
    _, page, _ = sample_page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert page.count("<script") == 1 and "<script>" in page  # inline, allowed by its hash only
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy


def test_every_finding_with_rows_is_in_the_queue_and_counted(sample_page):
    report, page, _ = sample_page
    with_rows = [f for f in report["findings"] if f["rows"]]
    ids = [int(i) for i in re.findall(r'<article class="item[^"]*" id="finding-(\d+)"', page)]
    assert sorted(ids) == sorted(f["id"] for f in with_rows)
    for f in report["findings"]:
        if not f["rows"]:  # about the whole file: in the overview
            assert f["message"].replace("'", "&#39;") in page


def test_rendering_a_saved_report_gives_the_same_bytes(sample_page, tmp_path):
    from click.testing import CliRunner

    from dataaudit.cli import main

    _, page, folder = sample_page
    CliRunner().invoke(main, ["report", str(folder / "r.json"), "--html", str(tmp_path / "again.html"), "-q"])
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == page


def test_a_page_over_budget_keeps_every_groups_first_page_and_says_how_many(sample_page, monkeypatch):
    from dataaudit.report.html import page as page_module
    from dataaudit.report.html import queue
    from dataaudit.report.json_read import read_report

    report, _, folder = sample_page
    monkeypatch.setattr(queue, "EMBED_BUDGET", 20_000)
    monkeypatch.setattr(queue, "PAGE_SIZE", 5)
    monkeypatch.setattr(page_module, "PAGE_SIZE", 5)
    html = page_module.render_html(read_report(folder / "r.json"))
    drops = [f for f in report["findings"] if f["check"] in ("exact_duplicate", "near_duplicate")]
    embedded = re.findall(r'data-queue="drop"', html)
    assert 5 <= len(embedded) - 1 < len(drops)  # the queue's own div carries data-queue too
    assert f"of {len(drops):,} in this page; the rest are in the JSON report" in html
    total = sum(1 for f in report["findings"] if f["rows"])
    assert f"of {total:,} findings are in this page" in html


def test_a_failed_or_skipped_check_shows_so_and_no_count(sample_page):
    from dataclasses import replace

    from dataaudit.model.findings import CheckRun
    from dataaudit.report.html import render_html
    from dataaudit.report.json_read import read_report

    _, _, folder = sample_page
    report = read_report(folder / "r.json")
    checks = tuple(CheckRun(c.check, c.code, "failed", error="RuntimeError: boom <b>") if c.code == "DA102" else c
                   for c in report.checks)
    html = render_html(replace(report, checks=checks))
    row = re.search(r'<tr class="status-failed"><td>DA102</td>.*?</tr>', html).group(0)
    assert "FAILED" in row and "RuntimeError: boom &lt;b&gt;" in row
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[3] == "", "a check that did not finish has no count of findings"
    assert 'class="verdict incomplete"' in html and "INCOMPLETE — " in html
    skipped = re.search(r'<tr class="status-skipped"><td>DA301</td>.*?</tr>', html).group(0)
    assert "skipped" in skipped and '<td class="n"></td><td class="n"></td>' in skipped
