"""The HTML report: one self-contained file (no CDN, no network, works from disk offline).

The overview and the first page of every work-queue group are plain HTML and inline SVG, so
the page reads with JavaScript off; one inline script (page.js, allowed by its hash in the
page's Content-Security-Policy, so no other script can run) adds search, filters, pages and
sorting by hiding and showing what is already there. Every value from the data goes through
`visible` (control characters as pictures) and Jinja's autoescape.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources

from jinja2 import DictLoader, Environment, select_autoescape

from ...version import __version__
from ...model.findings import Report
from ...text import visible
from ..check_rows import check_rows
from ..json_report import report_dict
from ..numbers import count, percent, score
from ..terminal import repair_notes
from .overview import overview
from .production import production
from .quality import criteria, diversity
from .queue import PAGE_SIZE, TEXT_LIMIT, build_queues

_FILES = ("page.html.j2", "item.html.j2", "quality.html.j2", "page.css", "page.js")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _shown(value):
    """Every value written into the page: line ends as the text has them, controls made visible."""
    return visible(value.replace("\r\n", "\n")) if isinstance(value, str) else value


def _environment() -> Environment:
    env = Environment(loader=DictLoader({name: _asset(name) for name in _FILES if name.endswith(".j2")}),
                      autoescape=select_autoescape(default=True, default_for_string=True), finalize=_shown,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(count=count, percent=percent, score=score)
    return env


def render_html(report: Report) -> str:
    data = report_dict(report)
    script = _asset("page.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    env = _environment()
    macro = env.get_template("item.html.j2").make_module({"text_limit": TEXT_LIMIT}).item
    # A filter's label is a number on the item (data-labels="3 17"): any label text, however odd,
    # is matched exactly, and the attribute holds nothing from the data.
    labels = sorted({label for f in report.findings for label in f.labels})
    index_of = {label: n for n, label in enumerate(labels)}

    def render(item: dict, later: bool) -> str:
        item["label_indices"] = " ".join(str(index_of[label]) for label in item["labels"])
        return str(macro(item, later))

    queues = build_queues(report, render)
    shown_labels = sorted({label for q in queues for i in q.items for label in i["labels"]})
    names = {c.code: c.check for c in report.checks}
    codes = sorted({i["code"] for q in queues for i in q.items})
    return env.get_template("page.html.j2").render(
        r=data, s=report.summary, o=overview(report), version=__version__, notes=repair_notes(report),
        criteria=criteria(report), diversity=diversity(report), production=production(report.representativeness),
        css=_asset("page.css"), js=script, script_hash=f"sha256-{digest}",
        checks=check_rows(report), annotators=_annotators(report), queues=queues, page_size=PAGE_SIZE,
        text_limit=TEXT_LIMIT, embedded=sum(len(q.items) for q in queues), total_findings=sum(q.total for q in queues),
        filter_checks=[(code, names.get(code, "")) for code in codes],
        filter_labels=[(index_of[label], label) for label in shown_labels],
        filter_rules=sorted({i["rule"] for q in queues for i in q.items if i["rule"]}),
    )


def _annotators(report: Report) -> list[dict]:
    return [{"annotator": a.annotator, "annotations": a.annotations, "checked": a.checked,
             "agreement": "" if a.agreement_with_consensus is None else percent(a.agreement_with_consensus),
             "quality": score(a.quality), "worst_label": a.worst_label or ""} for a in report.annotators]
