"""The JSON report, schema_version 1 (CONTRACT.md), and reading one back. Same input, same
bytes, apart from the `run` block (timings)."""

from __future__ import annotations

import json
from typing import Any, Optional

from ..version import __version__
from ..model.findings import Finding, Report
from ..quality.readiness import readiness, readiness_dict

SCHEMA_VERSION = 1
FINDING_FIELDS = ("id", "key", "check", "code", "severity", "rows", "keep", "excluded", "labels", "score",
                  "message", "suggested_action", "actions", "baseline")


def report_dict(report: Report) -> dict[str, Any]:
    info = report.dataset
    summary = report.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "dataaudit", "version": __version__},
        "dataset": {
            "path": info.path, "format": info.format, "rows": info.rows, "sha256": info.sha256,
            "text_columns": list(info.text_columns), "label_column": info.label_column,
            "id_column": info.id_column, "source_column": info.source_column,
            "annotations": info.annotations,
            "repairs": dict(info.repairs),
            "columns_found": dict(info.columns_found),
        },
        "settings": report.settings,
        "summary": {
            "total_rows": summary.total_rows,
            "effective_clean_count": summary.effective_clean_count,
            "threshold": summary.threshold,
            "passed": summary.passed,
            "complete": report.complete,
            "excluded_rows": summary.excluded_rows,
            "excluded_by_check": summary.excluded_by_check,
            "min_per_label": summary.min_per_label,
            "labels_below_minimum": list(summary.labels_below_minimum),
            "min_phrasings": summary.min_phrasings,
            "labels_below_phrasings": list(summary.labels_below_phrasings),
            "verdict": summary.verdict,
            "readiness": readiness_dict(readiness(summary, report.labels, report.diversity,
                                                  report.representativeness)),
        },
        "labels": [
            {"label": l.label, "rows": l.rows, "effective_clean_count": l.effective_clean_count,
             **({"variants": list(l.variants)} if l.variants else {})}
            for l in report.labels
        ],
        "diversity": [
            {"label": d.label, "clean_rows": d.clean_rows, "phrasings": d.phrasings,
             "effective_phrasings": d.effective_phrasings, "largest_share": d.largest_share,
             "largest_phrasing": d.largest_phrasing, "example": d.example, "few_templates": d.few_templates,
             **({"top_source": d.top_source, "top_source_share": d.top_source_share} if d.top_source is not None
                else {})}
            for d in report.diversity
        ],
        "checks": [
            {"check": c.check, "code": c.code, "status": c.status, "findings": c.findings,
             **({"reason": c.reason} if c.reason else {}), **({"error": c.error} if c.error else {}),
             **({"notes": list(c.notes)} if c.notes else {})}
            for c in report.checks
        ],
        "annotators": [
            {"annotator": a.annotator, "annotations": a.annotations, "checked": a.checked,
             "agreement_with_consensus": a.agreement_with_consensus, "quality": a.quality,
             "worst_label": a.worst_label}
            for a in report.annotators
        ],
        "sources": [
            {"source": s.source, "rows": s.rows, "share": s.share, "duplicate_rows": s.duplicate_rows,
             "duplicate_share": s.duplicate_share, "effective_clean_count": s.effective_clean_count}
            for s in report.sources
        ],
        "representativeness": representativeness_dict(report.representativeness),
        **({"baseline": baseline_dict(report.comparison)} if report.comparison is not None else {}),
        "findings": [finding_dict(f, report.comparison) for f in report.findings],
        "rows": [{"row_id": r.row_id, "text": r.text, "label": r.label, "source": r.source, "record": r.record,
                  "line": r.line} for r in report.rows],
        "run": {
            "engine": report.run.engine,
            "stages": [{"stage": name, "seconds": seconds} for name, seconds in report.run.stages],
            "checks": [{"code": code, "seconds": seconds} for code, seconds in report.run.checks],
        },
    }


def representativeness_dict(rep) -> Optional[dict[str, Any]]:
    """The --production comparison (quality/representativeness.py), or None without one."""
    if rep is None:
        return None
    topic = lambda t: {"texts": list(t.texts), "production_rows": t.production_rows,  # noqa: E731
                       "production_share": t.production_share, "training_rows": t.training_rows,
                       "training_share": t.training_share}
    return {"production_path": rep.production_path, "production_rows": rep.production_rows,
            "training_rows": rep.training_rows, "compared": rep.compared, "compared_with": rep.compared_with,
            "neighbours": rep.neighbours, "coverage": rep.coverage, "min_coverage": rep.min_coverage, "passed": rep.passed,
            "gaps": [topic(t) for t in rep.gaps], "unused_training_topics": [topic(t) for t in rep.unused_training_topics],
            "scripts": {"production": rep.scripts[0], "training": rep.scripts[1]},
            "median_words": {"production": rep.median_words[0], "training": rep.median_words[1]},
            "predicted_labels": [{"label": label, "production_share": p, "training_share": t}
                                 for label, (p, t) in rep.predicted_labels.items()],
            "script_needs": [{"script": n.script, "production_share": n.production_share,
                              "training_share": n.training_share,
                              "labels": [{"label": label, "production_texts": asked, "training_rows": held}
                                         for label, asked, held in n.labels]}
                             for n in rep.script_needs]}


def baseline_dict(comparison) -> dict[str, Any]:
    """What changed since the --baseline report: its counts, and the findings fixed since."""
    return {"path": comparison.baseline_path, **comparison.before,
            "new": len(comparison.new), "unchanged": len(comparison.unchanged),
            "fixed": [{"key": f.key, "code": f.code, "check": f.check, "message": f.message}
                      for f in comparison.fixed],
            "labels": [{"label": label, "rows": rows, "effective_clean_count": clean}
                       for label, (rows, clean) in sorted(comparison.labels_before.items())]}


def finding_dict(finding: Finding, comparison=None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": finding.id, "key": finding.key, "check": finding.check, "code": finding.code,
        "severity": finding.severity, "rows": list(finding.rows), "keep": finding.keep,
        "excluded": list(finding.excluded), "labels": list(finding.labels), "score": finding.score,
        "message": finding.message, "suggested_action": finding.suggested_action,
        "actions": [{"row": a.row, "do": a.do, **({"label": a.label} if a.label is not None else {})}
                    for a in finding.actions],
        **({"baseline": comparison.status(finding)} if comparison is not None else {}),
    }
    for key, value in finding.extra:
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
