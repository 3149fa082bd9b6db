"""The HTML report's quality criteria without a browser: the overview's four lines (the
terminal's own), the diversity table (order, marks, the collapse past the first labels) and the
--production section (gaps with their texts, unused topics, scripts, length, label shares by
difference), all with hostile text escaped. (tests/test_html_browser.py clicks through them.)"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest

from dataaudit.quality.diversity import diversity_text
from dataaudit.model.findings import LabelPhrasings, ProductionTopic, Representativeness
from dataaudit.report.criteria import format_line, labels_line
from dataaudit.report.html import charts, render_html
from dataaudit.report.html.quality import LABELS_SHOWN, diversity_rows
from dataaudit.report.representative_text import representative_lines

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "voice_agent_intents.csv"
PRODUCTION = ROOT / "sample_data" / "voice_agent_production.csv"
EVIL = "<script>window.__pwned=1</script>\"'&"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The sample scanned with --production (character n-grams: no model to load), as a Report."""
    from click.testing import CliRunner

    from dataaudit.cli import main
    from dataaudit.report.json_read import read_report

    folder = tmp_path_factory.mktemp("quality")
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), "--embedder", "none", "--production", str(PRODUCTION),
                                       "--json", str(folder / "r.json"), "--html", str(folder / "r.html"), "-q"])
    assert result.exit_code == 1, result.output
    return read_report(folder / "r.json"), (folder / "r.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _section(page: str, name: str) -> str:
    return re.search(rf'<section id="{name}">.*?</section>', page, re.DOTALL).group(0)


def _phrasings(label: str, clean: int, effective: float, few: bool, example: str = "an example") -> LabelPhrasings:
    return LabelPhrasings(label=label, clean_rows=clean, phrasings=max(int(effective), 1), effective_phrasings=effective,
                          largest_share=0.5, largest_phrasing="_ to _", example=example, few_templates=few)


def _topic(texts, production_rows, training_rows) -> ProductionTopic:
    return ProductionTopic(texts=tuple(texts), production_rows=production_rows, production_share=production_rows / 200,
                           training_rows=training_rows, training_share=training_rows / 400)


def _representativeness(**changes) -> Representativeness:
    values = {
        "production_path": "prod.csv", "production_rows": 200, "training_rows": 400, "compared": 200,
        "compared_with": "e5", "neighbours": 10, "coverage": 0.81, "min_coverage": 0.9, "passed": False,
        "gaps": (_topic(["is there a hospital near", "nearest clinic kahan hai", "hospital close by"], 14, 1),
                 _topic(["refund my ticket", "money back please", "paisa wapas"], 6, 0)),
        "unused_training_topics": (_topic(["what is 6 plus 5", "add 3 and 4", "what is 7 times 2"], 0, 30),),
        "scripts": ({"Latin": 0.5, "Devanagari": 0.45, "romanized Hindi": 0.05},
                    {"Latin": 0.55, "Devanagari": 0.05, "romanized Hindi": 0.40}),
        "median_words": (7.0, 4.5),
        "predicted_labels": {"greeting": (0.10, 0.12), "refund": (0.30, 0.02), "goodbye": (0.0, 0.20)}}
    values.update(changes)
    return Representativeness(**values)


def test_the_quality_block_is_the_terminals_four_lines_each_linking_to_its_detail(scanned):
    report, page = scanned
    block = re.search(r'<div class="quality" id="quality">.*?</div>', page, re.DOTALL).group(0)
    items = re.findall(r"<li class=\"criterion state-(\w+)\"><a href=\"(#[\w-]+)\">(.*?)</li>", block, re.DOTALL)
    terminal = [labels_line(report), format_line(report), representative_lines(report.representativeness)[0],
                diversity_text(report.diversity)]
    assert [_text(text) for _, _, text in items] == terminal
    assert [link for _, link, _ in items] == ["#queue-decide", "#queue-fix", "#representative", "#diversity"]
    for _, link, _ in items:
        assert f'id="{link[1:]}"' in page, f"the link {link} leads somewhere"
    assert items[0][0] == "attention", "the sample has label conflicts"


def test_the_quality_block_marks_what_could_not_be_measured(scanned):
    report, _ = scanned
    page = render_html(replace(report, representativeness=None, diversity=()))
    states = {link: state for state, link in re.findall(r'<li class="criterion state-(\w+)"><a href="(#[\w-]+)"', page)}
    assert states["#representative"] == "unknown" and states["#diversity"] == "unknown"
    assert _text(_section(page, "representative")).strip().endswith(
        representative_lines(None)[0].partition(": ")[2]), "without --production: how to get the comparison"


def test_diversity_rows_put_the_few_templates_first_then_the_least_varied_then_the_unjudged():
    labels = (_phrasings("varied", 100, 90.0, False), _phrasings("tiny", 5, 1.0, False),
              _phrasings("templated", 60, 3.0, True), _phrasings("worst", 50, 1.5, True),
              _phrasings("so-so", 40, 20.0, False),
              # big and varied (250 > 2 x sqrt(10,000)), though fewer phrasings per row than the templated
              _phrasings("big", 10_000, 250.0, False))
    rows = diversity_rows(labels)
    assert [r["label"] for r in rows] == ["worst", "templated", "big", "so-so", "varied", "tiny"]
    assert [r["few"] for r in rows] == [True, True, False, False, False, False]
    assert rows[-1]["judged"] is False and rows[0]["per_row_text"] == "0.03"


def test_the_diversity_table_shows_every_field_marks_few_templates_and_collapses_long_lists(scanned):
    report, _ = scanned
    many = tuple(_phrasings(f"label{n:03d}", 30 + n, 25.0 + n, False) for n in range(120))
    many += (_phrasings("cancel", 50, 2.0, True, example="cancel order 94097"),)
    page = render_html(replace(report, diversity=many))
    section = _section(page, "diversity")
    table = re.search(r'<table id="diversity-table"[^>]*>', section).group(0)
    assert f'data-shown="{LABELS_SHOWN}"' in table
    rows = re.findall(r"<tr data-rank=.*?</tr>", section, re.DOTALL)
    assert len(rows) == 121, "every label is in the page; the script only hides those past the first"
    first = rows[0]
    assert 'data-label="cancel"' in first and 'class="few"' in first and "a few templates" in first
    cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", first, re.DOTALL)]
    assert cells[:7] == ["1", "cancel a few templates", "50", "2", "2", "0.04", "50%"]
    assert "_ to _" in cells[7] and "cancel order 94097" in cells[7]
    assert "show all 121 labels" in section and 'aria-controls="diversity-table"' in section


def test_the_production_section_shows_gaps_unused_topics_scripts_length_and_label_shares(scanned):
    rep = _representativeness()
    page = render_html(replace(scanned[0], representativeness=rep))
    section = _section(page, "representative")
    text = _text(section)
    assert representative_lines(rep)[0].partition(": ")[2] in text
    assert "81%" in text and "below --min-coverage 0.9" in text
    assert 'aria-label="81% of production covered, --min-coverage 0.9"' in section
    gaps = re.search(r'<h3 id="gaps">.*?</ol>', section, re.DOTALL).group(0)
    topics = re.findall(r'<li class="topic">.*?</ul></li>', gaps, re.DOTALL)
    assert len(topics) == 2
    assert "14 production texts (7.0 %) · 1 training row (0.2 %)" in _text(topics[0])
    for quoted in rep.gaps[0].texts:
        assert f'<pre class="text">{quoted}</pre>' in topics[0]
    unused = _text(re.search(r'<h3 id="unused">.*?</ol>', section, re.DOTALL).group(0))
    assert "30 training rows (7.5 %) · 0 production texts" in unused and "what is 7 times 2" in unused
    assert "Median length: 7 words in production, 4.5 in training." in text
    scripts = re.findall(r'<tr data-rank="\d+" data-label="([^"]+)"', re.search(
        r'<table id="scripts-table".*?</table>', section, re.DOTALL).group(0))
    assert scripts == ["Devanagari", "romanized Hindi", "Latin"], "the biggest difference first"
    labels = re.search(r'<table id="predicted-table".*?</table>', section, re.DOTALL).group(0)
    assert re.findall(r'data-label="([^"]+)"', labels) == ["refund", "goodbye", "greeting"]
    assert [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", labels)][:5] == ["1", "refund", "30%", "2%",
                                                                                   "+28 points"]
    assert "10% vs 12%" in section, "the chart sets production beside training, not after it"


def test_a_met_gate_and_no_gap_say_so(scanned):
    rep = _representativeness(coverage=0.99, passed=True, gaps=(), unused_training_topics=(), min_coverage=0.95)
    section = _section(render_html(replace(scanned[0], representativeness=rep)), "representative")
    assert "meets --min-coverage 0.95" in _text(section) and 'class="criterion state-ok"' in section
    assert "No topic: every kind of request" in section and "None: production asks about every kind" in section


def test_user_text_in_the_quality_sections_is_escaped(scanned):
    report, _ = scanned
    rep = _representativeness(
        production_path=f"prod{EVIL}.csv", gaps=(_topic([EVIL, "b", "c"], 9, 0),),
        unused_training_topics=(_topic([f"unused {EVIL}", "e", "f"], 0, 9),),
        scripts=({EVIL: 1.0}, {"Latin": 1.0}), predicted_labels={EVIL: (0.5, 0.1), "x": (0.5, 0.9)})
    evil_label = _phrasings(EVIL, 40, 2.0, True, example=f"example {EVIL}")
    page = render_html(replace(report, representativeness=rep, diversity=(evil_label,)))
    for name in ("diversity", "representative"):
        section = _section(page, name)
        assert "<script>" not in section and "__pwned=1</script>" not in section, name
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&#34;&#39;&amp;" in section, name
        assert not re.search(r'data-label="[^"]*"\'', section), "a quote in a label cannot end its attribute"
    assert page.count("<script") == 1, "only the page's own script"


def test_the_coverage_chart_draws_the_gate_only_when_there_is_one():
    gated = charts.coverage(0.8, 0.9)
    assert 'aria-label="80% of production covered, --min-coverage 0.9"' in gated and 'x1="378.0"' in gated
    assert "<line" not in charts.coverage(0.8, None)


def test_labels_below_min_phrasings_come_first_and_are_marked(scanned):
    report, _ = scanned
    labels = (_phrasings("varied", 100, 60.0, False), _phrasings("thin", 200, 30.0, False),
              _phrasings("cancel", 50, 2.0, True))
    summary = replace(report.summary, min_phrasings=40, labels_below_phrasings=("cancel", "thin"))
    section = _section(render_html(replace(report, diversity=labels, summary=summary)), "diversity")
    assert re.findall(r'<tr data-rank="\d+" data-label="([^"]+)"', section) == ["cancel", "thin", "varied"]
    assert "--min-phrasings 40: 2 labels below it" in _text(section)
    thin = re.search(r'<tr[^>]*data-label="thin".*?</tr>', section, re.DOTALL).group(0)
    assert "below --min-phrasings" in thin and "a few templates" not in thin


def test_scripts_production_needs_and_the_readiness_advice_show(scanned):
    from dataaudit.model.findings import ScriptNeed
    from dataaudit.quality.readiness import readiness, readiness_text

    report, _ = scanned
    need = ScriptNeed(script="Devanagari", production_share=0.45, training_share=0.05,
                      labels=(("refund", 12, 0), ("greeting", 5, 1)))
    changed = replace(report, representativeness=_representativeness(script_needs=(need,)))
    page = render_html(changed)
    needs = _text(re.search(r'<ul class="script-needs">.*?</ul>', page, re.DOTALL).group(0))
    assert needs.strip() == ("Devanagari: 45% of production, 5% of training; collect examples in it of what "
                             "production asks for most: refund (12 production texts, 0 training rows in it), "
                             "greeting (5 production texts, 1 training row in it).")
    advice = readiness_text(readiness(changed.summary, changed.labels, changed.diversity, changed.representativeness))
    assert "in Devanagari" in advice, "the terminal's readiness line names the script"
    assert _text(re.search(r'<p id="readiness">(.*?)</p>', page, re.DOTALL).group(1)) == advice
