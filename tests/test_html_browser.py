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
