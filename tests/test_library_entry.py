"""`dataaudit.audit()` is the whole engine: it accepts and rejects exactly the settings the
CLI does, takes a path or a DataFrame, and returns the same report the CLI writes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dataaudit import audit
from dataaudit.config import Settings
from dataaudit.errors import DataAuditError
from dataaudit.report.json_report import report_dict

CSV = "text,label,speaker\nhow do I reset my pin,pin,a\nwhere is my card,arrival,b\nwhere is my card,arrival,b\n"
UNLABELED = "text\nhow do I reset my pin\nwhere is my card\n"

# (settings-file mapping for audit(), the same as CLI flags, what the error says; None: accepted)
CASES = [
    ({"threshold": 0}, ["--threshold", "0"], "threshold must be a whole number above 0"),
    ({"threshold": 2}, ["--threshold", "2"], None),
    ({"min_per_label": 0}, ["--min-per-label", "0"], "min_per_label must be a whole number above 0"),
    ({"near_duplicate_threshold": 0.2}, ["--near-threshold", "0.2"], "near_duplicate_threshold must be a number"),
    ({"semantic_threshold": 1.5}, ["--semantic-threshold", "1.5"], "semantic_threshold must be a number"),
    ({"embedder": "none", "semantic_threshold": 0.9}, ["--embedder", "none", "--semantic-threshold", "0.9"],
     "no effect"),
    ({"embedder": "bert"}, ["--embedder", "bert"], "Unknown embedder 'bert'"),
    ({"select": ["DA9"]}, ["--select", "DA9"], "Unknown check code 'DA9'"),
    ({"select": ["DA1"], "ignore": ["DA1"]}, ["--select", "DA1", "--ignore", "DA1"], "no check"),
    ({"min_agreement": 0.7}, ["--min-agreement", "0.7"], "--min-agreement applies when several annotators"),
    ({"min_agreement": 0}, ["--min-agreement", "0"], "min_agreement must be a number above 0"),
    ({"label_cols": ["a"]}, None, "needs two or more different columns"),
    ({"annotator_col": "speaker", "label_cols": ["x", "y"]}, None, "not both"),
    ({"label_col": "missing"}, ["--label-col", "missing"], "missing"),
    ({"source_col": "speaker"}, ["--source-col", "speaker"], None),
    ({"format": "xml"}, None, "Unknown format 'xml'"),
    ({"thresold": 5}, None, "unknown setting 'thresold'"),
    ({"label_col": 3}, None, "'label_col' must be a string"),
    ({"encoding": "klingon"}, ["--encoding", "klingon"], "Unknown encoding 'klingon'"),
    ({"against": "missing-eval.csv"}, ["--against", "missing-eval.csv"], "missing-eval.csv"),
]


@pytest.mark.parametrize("mapping, flags, error", CASES, ids=[str(c[0]) for c in CASES])
def test_audit_and_the_cli_accept_and_reject_the_same_settings(run_cli, write, tmp_path, monkeypatch,
                                                               mapping, flags, error):
    monkeypatch.chdir(tmp_path)
    path = write("train.csv", CSV)
    base = {"embedder": "none"} if "embedder" not in mapping and "semantic_threshold" not in mapping else {}
    if error is None:
        assert audit(path, {**base, **mapping}).summary.total_rows == 3
    else:
        with pytest.raises(DataAuditError) as raised:
            audit(path, {**base, **mapping})
        assert error in str(raised.value)
    config = write("dataaudit.toml", "".join(f"{k} = {json.dumps(v)}\n" for k, v in mapping.items()))
    via_file = run_cli("scan", path, "--config", config, *(["--embedder", "none"] if base else []))
    runs = [via_file] + ([run_cli("scan", path, *flags, *(["--embedder", "none"] if base else []))] if flags else [])
    for result in runs:
        if error is None:
            assert result.exit_code in (0, 1), result.output
        else:
            assert result.exit_code == 2 and error in result.stderr, result.output


def test_min_per_label_on_unlabeled_data_is_rejected_by_both(run_cli, write):
    path = write("plain.csv", UNLABELED)
    with pytest.raises(DataAuditError, match="--min-per-label needs labels"):
        audit(path, {"min_per_label": 5, "embedder": "none"})
    result = run_cli("scan", path, "--min-per-label", "5", "--embedder", "none")
    assert result.exit_code == 2 and "--min-per-label needs labels" in result.stderr


def test_audit_of_a_dataframe_is_the_audit_of_its_csv(write):
    path = write("train.csv", CSV)
    frame = pd.read_csv(path, dtype=str)
    settings = Settings(embedder="none", threshold=2)
    from_file, from_frame = report_dict(audit(path, settings)), report_dict(audit(frame, settings))
    for report in (from_file, from_frame):
        report.pop("run")
        report.pop("dataset")
    # A file's rows start on lines (SARIF points at them); a DataFrame's have only their record.
    assert [row.pop("line") for row in from_file["rows"]] == [row["record"] + 2 for row in from_file["rows"]]
    assert {row.pop("line") for row in from_frame["rows"]} == {None}
    assert from_frame == from_file
    assert audit(frame, settings).dataset.format == "dataframe"


def test_audit_rejects_what_is_neither_a_path_nor_a_frame():
    with pytest.raises(DataAuditError, match="file path or a pandas DataFrame"):
        audit([{"text": "x"}])


def test_the_library_returns_what_the_cli_writes(run_cli, write, tmp_path):
    path = write("train.csv", CSV)
    out = tmp_path / "r.json"
    assert run_cli("scan", path, "--embedder", "none", "--json", out, "--threshold", "2").exit_code == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    made = report_dict(audit(path, Settings(embedder="none", threshold=2)))
    written.pop("run")
    made.pop("run")
    assert made == written
