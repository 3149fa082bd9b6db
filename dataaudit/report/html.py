"""A self-contained HTML report (no external assets): summary, checks, labels, findings."""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from ..model.findings import Report
from ..text import shorten, visible
from .json_report import report_dict
from .terminal import repair_notes

MAX_FINDINGS = 2000

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>dataaudit — {{ r.dataset.path }}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
.verdict{padding:.8rem 1rem;border-radius:6px;font-weight:600}
.pass{background:#e6f4ea;color:#185c2b}.fail{background:#fdecea;color:#8a1c12}.incomplete{background:#fff4e5;color:#7a4b00}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6} td.n{text-align:right;font-variant-numeric:tabular-nums}
.keep{color:#185c2b;font-weight:600}.drop{color:#8a1c12}.muted{color:#777}
details{margin:.4rem 0;border:1px solid #e3e3e3;border-radius:4px;padding:.3rem .6rem}
summary{cursor:pointer}
</style></head><body>
<h1>dataaudit report</h1>
<p class="muted">{{ r.dataset.path }} · {{ r.dataset.format }} · {{ "{:,}".format(r.dataset.rows) }} rows ·
sha256 {{ r.dataset.sha256[:12] }} · dataaudit {{ r.tool.version }}</p>
{% for note in notes %}<p class="muted">{{ note }}</p>{% endfor %}
<p class="verdict {{ 'incomplete' if not r.summary.complete else ('pass' if r.summary.passed else 'fail') }}">
{{ 'INCOMPLETE — ' if not r.summary.complete }}{{ r.summary.verdict }}</p>
<h2>Checks</h2>
<table><tr><th>code</th><th>check</th><th>status</th><th>findings</th><th>rows excluded</th></tr>
{% for c in r.checks %}<tr><td>{{ c.code }}</td><td>{{ c.check }}</td>
<td>{{ c.status }}{% if c.reason %} <span class="muted">({{ c.reason }})</span>{% endif %}{% if c.error %} <span class="drop">({{ c.error }})</span>{% endif %}{% for note in c.notes %} <span class="muted">({{ note }})</span>{% endfor %}</td>
<td class="n">{{ c.findings }}</td><td class="n">{{ r.summary.excluded_by_check.get(c.check, 0) }}</td></tr>
{% endfor %}<tr><th colspan="4">effective clean count</th><th class="n">{{ "{:,}".format(r.summary.effective_clean_count) }} of {{ "{:,}".format(r.summary.total_rows) }}</th></tr></table>
{% if r.labels %}<h2>Labels</h2>
<table><tr><th>label</th><th>rows</th><th>clean</th><th>clean %</th></tr>
{% for l in labels %}<tr><td>{{ l.label }}{% if l.variants %} <span class="muted">(+ {{ l.variants|join(', ') }})</span>{% endif %}</td>
<td class="n">{{ l.rows }}</td><td class="n">{{ l.effective_clean_count }}</td><td class="n">{{ '%d' % (100 * l.effective_clean_count / (l.rows or 1)) }}%</td></tr>
{% endfor %}</table>{% endif %}
{% if r.annotators %}<h2>Annotators</h2>
<table><tr><th>annotator</th><th>labels</th><th>on shared rows</th><th>agreement with consensus</th><th>quality (cleanlab)</th><th>worst label</th></tr>
{% for a in r.annotators %}<tr><td>{{ a.annotator }}</td><td class="n">{{ a.annotations }}</td><td class="n">{{ a.checked }}</td>
<td class="n">{{ '' if a.agreement_with_consensus is none else '%.0f%%' % (100 * a.agreement_with_consensus) }}</td>
<td class="n">{{ '' if a.quality is none else '%.2f' % a.quality }}</td><td>{{ a.worst_label or '' }}</td></tr>
{% endfor %}</table>{% endif %}
{% if r.sources %}<h2>Sources ({{ r.dataset.source_column }})</h2>
<table><tr><th>source</th><th>rows</th><th>share</th><th>in duplicate groups</th><th>of all such rows</th><th>clean</th></tr>
{% for s in r.sources %}<tr><td>{{ s.source }}</td><td class="n">{{ s.rows }}</td><td class="n">{{ '%.0f%%' % (100 * s.share) }}</td>
<td class="n">{{ s.duplicate_rows }}</td><td class="n">{{ '%.0f%%' % (100 * s.duplicate_share) }}</td><td class="n">{{ s.effective_clean_count }}</td></tr>
{% endfor %}</table>{% endif %}
<h2>Findings ({{ r.findings|length }})</h2>
{% if r.findings|length > max_findings %}<p class="muted">Showing the first {{ max_findings }}; the JSON report has them all.</p>{% endif %}
{% for f in r.findings[:max_findings] %}<details><summary><b>#{{ f.id }} {{ f.code }} {{ f.check }}</b> — {{ f.message }}</summary>
<table><tr><th>row</th><th></th><th>label</th><th>text</th></tr>
{% for rid in f.rows[:50] %}<tr><td>{{ rid }}</td>
<td>{% if rid == f.keep %}<span class="keep">keep</span>{% elif rid in f.excluded %}<span class="drop">drop</span>{% endif %}</td>
<td>{{ row_label(rid) }}</td><td>{{ row_text(rid) }}</td></tr>{% endfor %}
{% if f.rows|length > 50 %}<tr><td colspan="4" class="muted">… {{ f.rows|length - 50 }} more rows</td></tr>{% endif %}
</table>{% for name, value, doc in extras(f) %}<p class="muted" title="{{ doc }}">{{ name|replace('_', ' ') }}: <b>{{ value }}</b></p>{% endfor %}<p>→ {{ f.suggested_action }}</p></details>
{% endfor %}
</body></html>
"""


def _extras_of():
    """Each finding's extra fields as its check declares them (name, shown value, what it means)."""
    from ..checks import CHECKS

    declared = {c.code: c.extras for c in CHECKS}

    def extras(data: dict) -> list[tuple[str, str, str]]:
        out = []
        for extra in declared.get(data["code"], ()):
            value = data.get(extra.name)
            if value is None or value == [] or value == {}:
                continue
            if isinstance(value, list):
                value = ", ".join(map(str, value))
            elif isinstance(value, dict):
                value = ", ".join(f"{k}: {v}" for k, v in value.items())
            out.append((extra.name, str(value), extra.doc))
        return out

    return extras


def render_html(report: Report) -> str:
    # Every value shown goes through `visible` before escaping: control characters in the data
    # (a NUL from a JSONL "\u0000", ESC, VT) appear as their pictures (␀, ␛, ␋), never raw.
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      finalize=lambda value: visible(value) if isinstance(value, str) else value)
    data = report_dict(report)
    worst_first = sorted(data["labels"], key=lambda l: (l["effective_clean_count"] / max(l["rows"], 1), l["label"]))
    return env.from_string(_TEMPLATE).render(
        r=data, labels=worst_first, max_findings=MAX_FINDINGS, notes=repair_notes(report), extras=_extras_of(),
        row_text=lambda rid: shorten(report.row(rid).text, 300),
        row_label=lambda rid: report.row(rid).label or "",
    )
