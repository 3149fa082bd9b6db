"""Reading a saved JSON report back into a Report, so it can be rendered again (HTML,
flagged rows, the terminal summary) without the data or a new scan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from ..config import Settings
from ..errors import InputError
from ..model.findings import (Action, AnnotatorStats, CheckRun, DatasetInfo, Finding, LabelCount, LabelPhrasings,
                               ProductionTopic, Report, ReportRow, Representativeness, RunInfo, ScriptNeed,
                               SourceStats, Summary)
from .compare import Comparison, Fixed
from .json_report import FINDING_FIELDS, SCHEMA_VERSION


def read_report(path: Path) -> Report:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"Report not found: {path}. Give the file a scan wrote with --json.") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path} is not a dataaudit JSON report ({exc}). Give the file a scan wrote with --json.") from exc
    try:
        return report_from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path} is not a complete dataaudit JSON report (missing or wrong field: {exc}). "
                         "Re-run the scan with --json.") from exc


def report_from_dict(data: dict[str, Any]) -> Report:
    if not isinstance(data, dict) or data.get("tool", {}).get("name") != "dataaudit":
        raise ValueError("not written by dataaudit")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"schema_version {data.get('schema_version')!r}, this dataaudit reads {SCHEMA_VERSION}")
    if "rows" not in data:
        raise ValueError("'rows' (written since findings carry their rows; re-run the scan)")
    dataset, summary = data["dataset"], data["summary"]
    return Report(
        dataset=DatasetInfo(path=dataset["path"], format=dataset["format"], rows=dataset["rows"],
                            sha256=dataset["sha256"], text_columns=tuple(dataset["text_columns"]),
                            label_column=dataset["label_column"], id_column=dataset["id_column"],
                            source_column=dataset.get("source_column"), annotations=dataset.get("annotations"),
                            repairs=dict(dataset.get("repairs") or {}),
                            columns_found=dict(dataset.get("columns_found") or {})),
        settings=dict(data["settings"]),
        summary=Summary(total_rows=summary["total_rows"], effective_clean_count=summary["effective_clean_count"],
                        threshold=summary["threshold"], passed=summary["passed"],
                        excluded_rows=summary["excluded_rows"], excluded_by_check=dict(summary["excluded_by_check"]),
                        verdict=summary["verdict"], min_per_label=summary.get("min_per_label"),
                        labels_below_minimum=tuple(summary.get("labels_below_minimum", ())),
                        min_phrasings=summary.get("min_phrasings"),
                        labels_below_phrasings=tuple(summary.get("labels_below_phrasings", ())),
                        error_findings=sum(1 for f in data["findings"] if f["severity"] == "error")),
        labels=tuple(LabelCount(label=l["label"], rows=l["rows"], effective_clean_count=l["effective_clean_count"],
                                variants=tuple(l.get("variants", ()))) for l in data["labels"]),
        checks=tuple(CheckRun(check=c["check"], code=c["code"], status=c["status"], findings=c["findings"],
                              reason=c.get("reason"), error=c.get("error"), notes=tuple(c.get("notes", ())))
                     for c in data["checks"]),
        findings=tuple(_finding(f) for f in data["findings"]),
        annotators=tuple(AnnotatorStats(**a) for a in data.get("annotators", ())),
        sources=tuple(SourceStats(**s) for s in data.get("sources", ())),
        diversity=tuple(LabelPhrasings(**d) for d in data.get("diversity", ())),
        representativeness=_representativeness(data.get("representativeness")),
        rows=tuple(ReportRow(row_id=r["row_id"], text=r["text"], label=r["label"], source=r.get("source"),
                             record=r.get("record"), line=r.get("line"))
                   for r in data["rows"]),
        comparison=_comparison(data),
        run=RunInfo(stages=tuple((s["stage"], s["seconds"]) for s in data.get("run", {}).get("stages", ())),
                    checks=tuple((c["code"], c["seconds"]) for c in data.get("run", {}).get("checks", ())),
                    engine=data.get("run", {}).get("engine", "local")),
    )


def _representativeness(data: Optional[dict[str, Any]]) -> Optional[Representativeness]:
    if data is None:
        return None
    topic = lambda t: ProductionTopic(**{**t, "texts": tuple(t["texts"])})  # noqa: E731
    return Representativeness(
        production_path=data["production_path"], production_rows=data["production_rows"],
        training_rows=data["training_rows"], compared=data["compared"], compared_with=data["compared_with"],
        neighbours=data["neighbours"], coverage=data["coverage"], min_coverage=data["min_coverage"], passed=data["passed"],
        gaps=tuple(map(topic, data["gaps"])), unused_training_topics=tuple(map(topic, data["unused_training_topics"])),
        scripts=(data["scripts"]["production"], data["scripts"]["training"]),
        median_words=(data["median_words"]["production"], data["median_words"]["training"]),
        predicted_labels={p["label"]: (p["production_share"], p["training_share"]) for p in data["predicted_labels"]},
        script_needs=tuple(ScriptNeed(script=n["script"], production_share=n["production_share"],
                                      training_share=n["training_share"],
                                      labels=tuple((l["label"], l["production_texts"], l["training_rows"])
                                                   for l in n["labels"]))
                           for n in data.get("script_needs", ())))


def _comparison(data: dict[str, Any]):
    block = data.get("baseline")
    if block is None:
        return None

    status = {f["key"]: f.get("baseline") for f in data["findings"]}
    return Comparison(
        baseline_path=block["path"],
        before={k: block[k] for k in ("total_rows", "effective_clean_count", "threshold", "passed")},
        new=frozenset(k for k, v in status.items() if v == "new"),
        unchanged=frozenset(k for k, v in status.items() if v == "unchanged"),
        fixed=tuple(Fixed(**f) for f in block["fixed"]),
        labels_before={l["label"]: (l["rows"], l["effective_clean_count"]) for l in block.get("labels", ())})


def _finding(data: dict[str, Any]) -> Finding:
    extra = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k not in FINDING_FIELDS)
    return Finding(
        check=data["check"], code=data["code"], severity=data["severity"], rows=tuple(data["rows"]),
        message=data["message"], suggested_action=data["suggested_action"],
        actions=tuple(Action(a["row"], a["do"], a.get("label")) for a in data["actions"]),
        labels=tuple(data["labels"]), score=data["score"], id=data["id"], key=data["key"], extra=extra,
    )


def scan_settings(report: Report, **overrides):
    """Settings that read a data file the way this report's scan read it: its text, label and id
    columns (chat files: from the format, the labels from the answers when they were)."""
    info = report.dataset
    answers = info.columns_found.get("label") == "answers"
    values = {"text_columns": tuple(info.text_columns) if info.format in ("csv", "tsv", "jsonl", "json", "parquet")
              else (), "label_column": None if answers else info.label_column, "id_column": info.id_column,
              "label_from": "assistant" if answers else "auto"}
    if report.settings.get("encoding"):
        values["encoding"] = report.settings["encoding"]
    values.update({k: v for k, v in overrides.items() if v})
    return Settings(**values)

