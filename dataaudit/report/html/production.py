"""The representativeness section: the training set against a --production sample
(quality/representativeness.py measures; report/representative_text.py writes the terminal's lines).

The section opens on the terminal's own coverage line (the judgement, with the --min-coverage
gate), then shows what the terminal can only name: every gap topic with its three production
texts and the training rows it has, the training topics production never asks about, the script
mix and median length side by side, and the label shares a classifier predicts for production
against the training shares, the biggest differences first. Shares of topics keep one decimal
as the terminal writes them (a 1.3 % topic is not "1%"); the others are whole percentages.
"""

from __future__ import annotations

from typing import Any

from ...model.findings import ProductionTopic, Representativeness, ScriptNeed
from ..numbers import count, percent
from ..representative_text import representative_lines
from . import charts
from .quality import LABELS_SHOWN

CHARTED_LABELS = 12  # label shares drawn in the chart (the biggest differences); the table has all


def _topic_share(share: float) -> str:
    return f"{share * 100:.1f} %"


def _counted(n: int, noun: str) -> str:
    return f"{count(n)} {noun}{'' if n == 1 else 's'}"


def _topic(topic: ProductionTopic) -> dict[str, Any]:
    return {"texts": list(topic.texts), "production_rows": _counted(topic.production_rows, "production text"),
            "production_share": _topic_share(topic.production_share),
            "training_rows": _counted(topic.training_rows, "training row"),
            "training_share": _topic_share(topic.training_share)}


def _need(need: ScriptNeed) -> dict[str, Any]:
    return {"script": need.script, "production": percent(need.production_share),
            "training": percent(need.training_share),
            "labels": [{"label": label, "asked": _counted(asked, "production text"), "held": _counted(held, "training row")}
                       for label, asked, held in need.labels]}


def _differences(pairs: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    """Names with their production and training shares, the biggest difference first."""
    ordered = sorted(pairs.items(), key=lambda kv: (-abs(kv[1][0] - kv[1][1]), kv[0]))
    return [{"name": name, "rank": rank, "production": round(p, 4), "training": round(t, 4),
             "difference": round(p - t, 4), "production_text": percent(p), "training_text": percent(t),
             "difference_text": f"{(p - t) * 100:+.0f} points"}
            for rank, (name, (p, t)) in enumerate(ordered)]


def production(rep: Representativeness | None) -> dict[str, Any]:
    """What the section shows; without --production only the line that says how to get it."""
    line = representative_lines(rep)[0].partition(": ")[2]
    if rep is None:
        return {"given": False, "line": line}
    first, second = rep.scripts
    scripts = _differences({name: (first.get(name, 0.0), second.get(name, 0.0)) for name in set(first) | set(second)})
    labels = _differences({label: (p, t) for label, (p, t) in rep.predicted_labels.items()})
    chart = ""
    if labels:
        chart = charts.paired([(r["name"], r["production"], r["training"]) for r in labels[:CHARTED_LABELS]],
                              "production (predicted)", "training", "Label shares: production against training",
                              joiner=" vs ")
    median_production, median_training = rep.median_words
    return {"given": True, "line": line, "path": rep.production_path, "compared_with": rep.compared_with,
            "coverage": percent(rep.coverage), "coverage_chart": charts.coverage(rep.coverage, rep.min_coverage),
            "min_coverage": rep.min_coverage, "passed": rep.passed,
            "production_rows": count(rep.production_rows), "compared": count(rep.compared),
            "training_rows": count(rep.training_rows),
            "gaps": [_topic(t) for t in rep.gaps], "unused": [_topic(t) for t in rep.unused_training_topics],
            "scripts": scripts, "script_needs": [_need(n) for n in rep.script_needs], "median_words": (f"{median_production:g}", f"{median_training:g}"),
            "labels": labels, "shown": LABELS_SHOWN, "labels_chart": chart, "labels_charted": min(len(labels), CHARTED_LABELS)}
