"""The HTML report in a real browser (Debian's headless Chromium, driven by Selenium): the
overview's charts and numbers, the work queue's search, filters and pages, data that tries to
run script, and the page with JavaScript turned off."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from programs import require_module, require_program

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"


@pytest.fixture(scope="module")
def browser_factory():
    require_program("chromium")
    require_program("chromedriver")
    webdriver = require_module("selenium.webdriver", 'pip install ".[test]"')
    from selenium.webdriver.chrome.service import Service

    made = []

    def make(javascript: bool = True):
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600",
                         "--disable-dev-shm-usage"):
            options.add_argument(argument)
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        options.binary_location = require_program("chromium")
        driver = webdriver.Chrome(service=Service(require_program("chromedriver")), options=options)
        made.append(driver)
        return driver

    yield make
    for driver in made:
        driver.quit()


@pytest.fixture(scope="module")
def browser(browser_factory):
    return browser_factory()


def _scan(tmp_path: Path, data: Path, *extra: str) -> tuple[dict, Path, str]:
    from click.testing import CliRunner

    from dataaudit.cli import main

    report, page = tmp_path / "report.json", tmp_path / "report.html"
    result = CliRunner().invoke(main, ["scan", str(data), "--embedder", "none", "--json", str(report),
                                       "--html", str(page), "-q", *extra])
    assert result.exit_code in (0, 1), result.output
    terminal = CliRunner().invoke(main, ["report", str(report)], env={"COLUMNS": "200"})
    return json.loads(report.read_text(encoding="utf-8")), page, terminal.stdout


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return _scan(tmp_path_factory.mktemp("sample"), SAMPLE)


def _visible(driver, selector: str) -> list:
    return [e for e in driver.find_elements("css selector", selector) if e.is_displayed()]


def test_overview_shows_the_charts_and_the_json_numbers(browser, sample, tmp_path):
    report, page, terminal = sample
    browser.get(page.as_uri())
    summary = report["summary"]
    assert browser.find_element("id", "clean-count").text == f"{summary['effective_clean_count']:,}"
    assert browser.find_element("id", "total-rows").text == f"{summary['total_rows']:,}"
    assert browser.find_element("id", "verdict").text == summary["verdict"]
    charts = browser.find_elements("css selector", "svg.chart")
    assert len(charts) >= 2 and all(c.size["width"] > 100 and c.size["height"] > 40 for c in charts)
    waterfall = charts[0].get_attribute("aria-label")
    assert waterfall == f"From {summary['total_rows']:,} rows to {summary['effective_clean_count']:,} clean"
    # every check that excluded rows has its bar, with the JSON's number
    bars = [t.get_attribute("textContent") for t in charts[0].find_elements("css selector", "rect > title")]
    for check, removed in summary["excluded_by_check"].items():
        assert f"{check}: −{removed:,}" in bars
    # per-label clean counts: the JSON's numbers, the terminal's percentages
    rows = browser.find_elements("css selector", "#labels tbody tr")
    assert len(rows) == len(report["labels"])
    by_label = {l["label"]: l for l in report["labels"]}
    shown_in_terminal = dict(re.findall(r"^ (\S+).*?(\d+%)\s*$", terminal, re.M))
    for row in rows:
        label = row.get_attribute("data-label")
        cells = [c.text for c in row.find_elements("tag name", "td")]
        assert int(cells[1].replace(",", "")) == by_label[label]["rows"]
        assert int(cells[2].replace(",", "")) == by_label[label]["effective_clean_count"]
        if label in shown_in_terminal:
            assert cells[3] == shown_in_terminal[label], label
    assert browser.get_screenshot_as_png()[:4] == b"\x89PNG"


def test_skipped_checks_are_shown_as_such(browser, sample):
    report, page, _ = sample
    browser.get(page.as_uri())
    table = {row.find_elements("tag name", "td")[0].text: row for row in
             browser.find_elements("css selector", "#checks tr") if row.find_elements("tag name", "td")}
    quiet = [c["code"] for c in report["checks"] if c["check"] == "rule_violation" and c["status"] == "ok"
             and not c["findings"]]
    assert f"{quiet[0]}–{quiet[-1]}" in table, "the rules that found nothing are one line, as in the terminal"
    for check in report["checks"]:
        if check["code"] in quiet:
            continue
        cells = [c.text for c in table[check["code"]].find_elements("tag name", "td")]
        if check["status"] == "skipped":
            assert cells[2].startswith("skipped") and cells[3] == "", check["code"]
        else:
            assert cells[3] == f"{check['findings']:,}"


def test_labels_table_sorts_by_a_click(browser, sample):
    _, page, _ = sample
    browser.get(page.as_uri())
    browser.find_element("css selector", "#labels th[data-sort=rows]").click()
    rows = [int(r.get_attribute("data-rows")) for r in browser.find_elements("css selector", "#labels tbody tr")]
    assert rows == sorted(rows)
    browser.find_element("css selector", "#labels th[data-sort=rows]").click()
    rows = [int(r.get_attribute("data-rows")) for r in browser.find_elements("css selector", "#labels tbody tr")]
    assert rows == sorted(rows, reverse=True)


def test_work_queue_groups_pages_filters_and_search(browser, sample):
    report, page, _ = sample
    browser.get(page.as_uri())
    with_rows = [f for f in report["findings"] if f["rows"]]
    assert browser.find_element("id", "matches").text == f"{len(with_rows)} findings match"
    drops = [f for f in with_rows if f["check"] in ("exact_duplicate", "near_duplicate", "semantic_duplicate")]
    shown = _visible(browser, "#queue-drop article.item")
    assert len(shown) == min(25, len(drops)) and len(drops) > 25
    scores = [float(e.get_attribute("data-score") or 0) for e in shown]
    assert scores == sorted(scores, reverse=True), "most certain first"
    pager = browser.find_element("css selector", "#queue-drop .pager")
    assert f"page 1 of {-(-len(drops) // 25)}" in pager.text
    first_page = {e.get_attribute("id") for e in shown}
    pager.find_elements("tag name", "button")[1].click()
    second = {e.get_attribute("id") for e in _visible(browser, "#queue-drop article.item")}
    assert second and not second & first_page

    browser.find_element("css selector", "#f-code option[value=DA102]").click()
    near = [f for f in with_rows if f["code"] == "DA102"]
    assert browser.find_element("id", "matches").text == f"{len(near)} findings match"
    assert {e.get_attribute("data-code") for e in _visible(browser, "article.item")} == {"DA102"}
    browser.find_element("css selector", "#f-code option[value='']").click()

    row = next(r for r in report["rows"] if r["text"] and len(r["text"]) > 12)
    browser.find_element("id", "search").send_keys(row["text"][:12])
    visible = _visible(browser, "article.item")
    assert visible and all(row["text"][:12].lower() in e.text.lower() for e in visible)
    browser.find_element("id", "search").clear()

    label = report["labels"][0]["label"]
    option = next(o for o in browser.find_elements("css selector", "#f-label option") if o.text == label)
    option.click()
    expected = [f for f in with_rows if label in f["labels"]]
    assert browser.find_element("id", "matches").text == f"{len(expected)} findings match"
    browser.find_element("css selector", "#f-queue option[value=decide]").click()
    assert all(e.get_attribute("data-queue") == "decide" for e in _visible(browser, "article.item"))
    assert not browser.find_element("id", "queue-drop").is_displayed()


HOSTILE = [
    ("1", "<script>window.__pwned = 1</script> hello there", "<b>greet</b>"),
    ("2", "<script>window.__pwned = 1</script> hello there!", "<b>greet</b>"),
    ("3\"><img src=x onerror=\"window.__pwned=2\">", "<img src=x onerror=\"window.__pwned=3\"> bye", "bye"),
    ("4", "<img src=x onerror=\"window.__pwned=3\"> bye!", "bye"),
    ("5", "javascript:window.__pwned=4 \u0000 nul and \u001b esc", "x\"onmouseover=\"window.__pwned=5"),
    ("6", "javascript:window.__pwned=4 \u0000 nul and \u001b esc", "other"),
]


def test_script_in_the_data_is_inert(browser, tmp_path):
    import csv

    data = tmp_path / "we<ird>&'name.csv"
    with open(data, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("id", "text", "label")] + HOSTILE)
    report, page, _ = _scan(tmp_path, data, "--id-col", "id", "--threshold", "1")
    browser.get(page.as_uri())
    assert browser.execute_script("return window.__pwned === undefined")
    assert len(browser.find_elements("tag name", "img")) == 0
    assert len(browser.find_elements("tag name", "script")) == 1, "only the page's own script"
    assert "we<ird>&'name.csv" in browser.title
    text = browser.find_element("tag name", "body").text
    assert "<script>window.__pwned = 1</script>" in text and "␀ nul and ␛ esc" in text
    for element in browser.find_elements("css selector", "[onerror], [onmouseover]"):
        pytest.fail(f"an event handler from the data became an attribute: {element.get_attribute('outerHTML')}")
    assert report["findings"], "the hostile rows were flagged, so they are on the page"


def test_without_javascript_the_overview_and_first_pages_show(browser_factory, sample):
    report, page, _ = sample
    driver = browser_factory(javascript=False)
    driver.get(page.as_uri())
    assert driver.find_element("id", "verdict").text == report["summary"]["verdict"]
    assert len([c for c in driver.find_elements("css selector", "svg.chart") if c.is_displayed()]) >= 2
    assert not driver.find_element("id", "controls").is_displayed()
    assert driver.find_element("css selector", ".nojs").is_displayed()
    for queue in ("decide", "fix", "drop"):
        items = driver.find_elements("css selector", f"#queue-{queue} article.item")
        shown = [e for e in items if e.is_displayed()]
        assert len(shown) == min(25, len(items))


PRODUCTION = SAMPLE.parent / "voice_agent_production.csv"


@pytest.fixture(scope="module")
def with_production(tmp_path_factory):
    return _scan(tmp_path_factory.mktemp("production"), SAMPLE, "--production", str(PRODUCTION))


def test_quality_lines_lead_to_their_sections(browser, with_production):
    from selenium.webdriver.common.keys import Keys

    report, page, terminal = with_production
    browser.get(page.as_uri())
    lines = browser.find_elements("css selector", "#quality li.criterion")
    assert [line.text.split(":")[0] for line in lines] == ["Labels verified", "Format", "Representative", "Diverse"]
    for line in lines:  # the terminal's own words (it wraps long lines; compare them joined)
        assert " ".join(line.text.split()) in " ".join(terminal.split())
    targets = [a.get_attribute("href").split("#")[1] for a in browser.find_elements("css selector", "#quality a")]
    assert targets == ["queue-decide", "queue-fix", "representative", "diversity"]
    for n, target in enumerate(targets):
        browser.get(page.as_uri())
        link = browser.find_elements("css selector", "#quality a")[n]
        link.send_keys(Keys.ENTER)  # a link is reached and followed from the keyboard
        assert browser.execute_script("return location.hash") == f"#{target}"
        top = browser.execute_script(f"return document.getElementById('{target}').getBoundingClientRect().top")
        assert abs(top) < 60, f"#{target} is scrolled to ({top})"
    coverage = report["representativeness"]["coverage"]
    assert browser.find_element("id", "coverage").text == f"{coverage:.0%}"
    shown = browser.find_elements("css selector", "#predicted-table tbody tr")
    assert len(shown) == len(report["representativeness"]["predicted_labels"])
    differences = [abs(float(r.get_attribute("data-difference"))) for r in shown]
    assert differences == sorted(differences, reverse=True)
    assert browser.find_element("id", "median-words").is_displayed()


def _page_with(tmp_path: Path, report_json: Path, **changes) -> Path:
    from dataclasses import replace

    from dataaudit.report.html import render_html
    from dataaudit.report.json_read import read_report

    page = tmp_path / "changed.html"
    page.write_text(render_html(replace(read_report(report_json), **changes)), encoding="utf-8")
    return page


def test_a_long_diversity_table_opens_collapsed_and_sorts_from_the_keyboard(browser, browser_factory, with_production,
                                                                           tmp_path):
    from selenium.webdriver.common.keys import Keys

    from dataaudit.model.findings import LabelPhrasings

    _, page, _ = with_production
    labels = tuple(LabelPhrasings(label=f"label{n:03d}", clean_rows=300 - n, phrasings=200, effective_phrasings=150.0,
                                  largest_share=0.01, largest_phrasing="_", example="x", few_templates=False)
                   for n in range(150))
    labels += (LabelPhrasings(label="cancel", clean_rows=40, phrasings=2, effective_phrasings=1.5, largest_share=0.9,
                              largest_phrasing="cancel order _", example="cancel order 5", few_templates=True),)
    browser.get(_page_with(tmp_path, page.with_suffix(".json"), diversity=labels).as_uri())
    rows = _visible(browser, "#diversity-table tbody tr")
    assert len(rows) == 30 and rows[0].get_attribute("data-label") == "cancel"
    assert "a few templates" in rows[0].text
    heading = browser.find_element("css selector", "#diversity-table th[data-sort=clean]")
    assert heading.get_property("tabIndex") == 0
    heading.send_keys(Keys.ENTER)
    rows = _visible(browser, "#diversity-table tbody tr")
    clean = [int(r.get_attribute("data-clean")) for r in rows]
    assert clean == [40, *range(151, 180)], "the 30 smallest of all the labels, not of the 30 shown before"
    assert heading.get_attribute("aria-sort") == "ascending"
    toggle = browser.find_element("css selector", "button.more-toggle[data-table=diversity-table]")
    assert toggle.text == "show all 151 labels" and toggle.get_attribute("aria-expanded") == "false"
    toggle.send_keys(Keys.ENTER)
    assert len(_visible(browser, "#diversity-table tbody tr")) == 151
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert len(_visible(browser, "#diversity-table tbody tr")) == 30

    without_script = browser_factory(javascript=False)
    without_script.get(browser.current_url)
    assert len(_visible(without_script, "#diversity-table tbody tr")) == 151, "without JavaScript nothing is hidden"
    assert not _visible(without_script, "button.more-toggle")
    assert without_script.find_element("id", "representative-line").is_displayed()


def test_script_in_production_texts_and_labels_is_inert(browser, with_production, tmp_path):
    from dataclasses import replace

    from dataaudit.model.findings import LabelPhrasings, ProductionTopic
    from dataaudit.report.json_read import read_report

    _, page, _ = with_production
    rep = read_report(page.with_suffix(".json")).representativeness
    hostile = [text for _, text, _ in HOSTILE[:3]]
    gap = ProductionTopic(texts=tuple(hostile), production_rows=9, production_share=0.11, training_rows=0,
                          training_share=0.0)
    rep = replace(rep, gaps=(gap,), unused_training_topics=(gap,),
                  predicted_labels={"<b>greet</b>": (0.5, 0.1), **rep.predicted_labels})
    diversity = (LabelPhrasings(label='x"onmouseover="window.__pwned=5', clean_rows=40, phrasings=2,
                                effective_phrasings=1.5, largest_share=0.9, largest_phrasing=hostile[2],
                                example=hostile[0], few_templates=True),)
    browser.get(_page_with(tmp_path, page.with_suffix(".json"), representativeness=rep, diversity=diversity).as_uri())
    assert browser.execute_script("return window.__pwned === undefined")
    assert len(browser.find_elements("tag name", "img")) == 0
    gaps = browser.find_element("css selector", "#representative ol.topics").text
    assert all(text in gaps for text in hostile)
    assert "<b>greet</b>" in browser.find_element("id", "predicted-table").text
    assert 'x"onmouseover="window.__pwned=5' in browser.find_element("id", "diversity-table").text
    assert browser.find_elements("css selector", "[onmouseover], [onerror]") == []
