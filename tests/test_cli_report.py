"""The command line and its reports, through click's CliRunner on real files (CONTRACT.md).

click >= 8.2 keeps result.stdout and result.stderr apart. The only mock is the crash
injection: a copy of the check catalogue where one check's `run` raises.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from dataaudit import __version__
from dataaudit.checks import CHECKS
from dataaudit.cli import main
from dataaudit.config import Settings

ALL_CODES = [c.code for c in CHECKS]
LABEL_CHECKS = [c.code for c in CHECKS if c.needs_labels]
# Checks that skip themselves on the small `train` fixture, and what their reason names.
SKIPPED_HERE = {"DA203": "5 or more rows",  # no label has the rows a classifier needs
                "DA204": "--annotator-col", "DA206": "--source-col", "DA207": "not chat", "DA301": "--against",
                "DA302": "--against-benchmarks",  # a table: benchmark items are looked for in chat files
                "DA501": "not chat", "DA502": "not chat", "DA503": "not chat", "DA507": "not chat"}
FINDING_KEYS = {"id", "check", "code", "severity", "rows", "keep", "excluded", "labels", "score",
                "message", "suggested_action"}
FLAGGED_COLUMNS = ["row_id", "text", "label", "decision", "new_text", "excluded", "checks", "codes", "finding_ids",
                   "finding_keys", "duplicate_of", "suggested_label", "message", "suggested_action"]

# A small labeled file with one finding of every kind: ids in the `id` column.
ROWS = [
    ("r01", "Cancel my appointment!", "cancel_appointment"),       # 0 kept (DA101)
    ("r02", "cancel my appointment", "cancel_appointment"),        # 1 exact duplicate of r01
    ("r03", "mujhe doctor se milna hai", "book_appointment"),      # 2 kept (DA102), confirmed (DA201)
    ("r04", "mujhe doctr se milna hai", "talk_to_agent"),          # 3 near duplicate, conflict
    ("r05", "mujhe doctor se milna hai.", "book_appointment"),     # 4 exact duplicate of r03
    ("r06", "   ", "greeting"),                                    # 5 empty text
    ("r07", "what time do you open", ""),                          # 6 missing label
    ("r08", "good morning", "greeting"),                           # 7
    ("r09", "hello there", "Greeting"),                            # 8 label variant of greeting
    ("r10", "hi how are you", "greeting"),                         # 9
]


def write_csv(path: Path, rows, header=("id", "text", "label")) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [os.fspath(a) for a in args], catch_exceptions=True)

    return invoke


@pytest.fixture
def train(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "train.csv", ROWS)


def scan_json(cli, *args) -> tuple[dict, object]:
    result = cli("scan", *args, "--json", "-")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return json.loads(result.stdout), result


# -- the JSON report, field by field ---------------------------------------------------


def test_json_report_matches_the_contract(cli, train: Path) -> None:
    report, result = scan_json(cli, train, "--id-col", "id", "--threshold", "5")
    assert result.exit_code == 0, result.stderr

    assert report["schema_version"] == 1
    assert report["tool"] == {"name": "dataaudit", "version": __version__}

    dataset = report["dataset"]
    assert dataset["path"] == str(train)
    assert dataset["format"] == "csv"
    assert dataset["rows"] == len(ROWS)
    assert dataset["sha256"] == hashlib.sha256(train.read_bytes()).hexdigest()
    assert dataset["text_columns"] == ["text"]
    assert dataset["label_column"] == "label"
    assert dataset["id_column"] == "id"

    settings = report["settings"]
    assert settings["threshold"] == 5
    assert settings["near_duplicate_threshold"] == Settings().near_duplicate_threshold
    assert "embedder" in settings

    summary = report["summary"]
    assert {"total_rows", "effective_clean_count", "threshold", "passed", "excluded_rows",
            "excluded_by_check", "verdict"} <= set(summary)
    assert summary["total_rows"] == len(ROWS)
    # excluded: r02 (DA101), r04 (DA102 + DA201), r05 (DA101), r06 (DA001), r07 (DA002)
    assert summary["excluded_rows"] == 5
    assert summary["effective_clean_count"] == 5
    assert summary["threshold"] == 5
    assert summary["passed"] is True
    assert summary["excluded_by_check"] == {"empty_text": 1, "missing_label": 1, "exact_duplicate": 2,
                                            "near_duplicate": 1}
    assert sum(summary["excluded_by_check"].values()) == summary["excluded_rows"]
    assert summary["verdict"] == "5 clean examples of 10; meets the 5 needed before fine-tuning."

    labels = {entry["label"]: entry for entry in report["labels"]}
    assert set(labels) == {"book_appointment", "cancel_appointment", "greeting", "talk_to_agent"}
    for entry in report["labels"]:
        assert {"label", "rows", "effective_clean_count"} <= set(entry)
    assert labels["greeting"]["rows"] == 4 and labels["greeting"]["variants"] == ["Greeting"]
    assert labels["greeting"]["effective_clean_count"] == 3  # r06 has no text
    assert labels["talk_to_agent"]["effective_clean_count"] == 0

    codes = [c["code"] for c in report["checks"]]
    assert [c for c in codes if not c.startswith("DA4")] == ALL_CODES
    rule_codes = [c for c in codes if c.startswith("DA4")]
    assert rule_codes == sorted(rule_codes) and "DA401" in rule_codes, "the default packs' rules follow, by code"
    assert report["settings"]["rule_packs"] == ["basic", "pii"]
    for run in report["checks"]:
        assert {"check", "code", "status", "findings"} <= set(run) and "seconds" not in run
        if run["code"] in SKIPPED_HERE:
            assert run["status"] == "skipped" and SKIPPED_HERE[run["code"]] in run["reason"]
        elif run["code"] != "DA402":  # label-allowed needs --allowed-labels
            assert run["status"] == "ok"
    assert sum(c["findings"] for c in report["checks"]) == len(report["findings"])

    findings = report["findings"]
    assert [f["id"] for f in findings] == list(range(1, len(findings) + 1))
    all_ids = {row[0] for row in ROWS}
    for f in findings:
        assert FINDING_KEYS <= set(f)
        assert f["severity"] in ("info", "warning", "error")
        assert 0.0 <= f["score"] <= 1.0
        assert isinstance(f["message"], str) and f["message"]
        assert isinstance(f["suggested_action"], str) and f["suggested_action"]
        assert set(f["rows"]) <= all_ids
        assert set(f["excluded"]) <= set(f["rows"])
        assert all(isinstance(r, str) for r in f["rows"]), "row ids are --id-col strings"
        assert f["keep"] is None or f["keep"] in f["rows"]
    by_code = {}
    for f in findings:
        by_code.setdefault(f["code"], []).append(f)
    # No paraphrases here, no encoding debris (and 10 rows make no convention: DA504), and the
    # self-skipping checks have nothing; every label is rare (DA205); 10 rows are no group of 20 to
    # measure lengths (DA505) or scripts (DA506) against, nor 50 to find a case or ending habit in (DA508).
    assert set(by_code) == set(ALL_CODES) - {"DA103", "DA504", "DA505", "DA506", "DA508"} - set(SKIPPED_HERE)
    assert all(f["kind"] in ("rare", "dominant") and f["rows"] == f["excluded"] == [] for f in by_code["DA205"])
    assert [(f["keep"], f["excluded"]) for f in by_code["DA101"]] == [("r01", ["r02"]), ("r03", ["r05"])]
    (near,) = by_code["DA102"]
    assert (near["keep"], near["excluded"], near["check"]) == ("r03", ["r04"], "near_duplicate")
    assert near["labels"] == ["book_appointment", "talk_to_agent"]
    (conflict,) = by_code["DA201"]
    assert (conflict["keep"], conflict["excluded"]) == ("r03", ["r04"])
    assert conflict["rows"] == ["r03", "r04", "r05"]
    assert conflict["majority_label"] == "book_appointment"
    (variant,) = by_code["DA202"]
    assert variant["labels"] == ["greeting", "Greeting"] and variant["excluded"] == []
    assert variant["merge_into"] == "greeting"
    assert by_code["DA001"][0]["excluded"] == ["r06"]
    assert by_code["DA002"][0]["excluded"] == ["r07"]

    # Actions: the machine form of suggested_action; keep and excluded are read from them.
    assert [(f["keep"], f["actions"]) for f in by_code["DA101"]][0] == (
        "r01", [{"row": "r01", "do": "keep"}, {"row": "r02", "do": "drop"}])
    assert conflict["actions"] == [{"row": "r03", "do": "keep"},
                                   {"row": "r04", "do": "relabel", "label": "book_appointment"}]
    assert variant["actions"] == [], "a rename of label names asks nothing of single rows"
    assert by_code["DA002"][0]["actions"] == [{"row": "r07", "do": "review"}]
    for f in findings:
        assert [a["row"] for a in f["actions"] if a["do"] != "keep"] == f["excluded"]
        assert f["keep"] == next((a["row"] for a in f["actions"] if a["do"] == "keep"), None)
        assert f["key"].startswith(f["code"].lower() + "-") and len(f["key"]) == len("da101-") + 16
    assert len({f["key"] for f in findings}) == len(findings)

    # The rows the findings name, so that the report renders on its own.
    shown = {r["row_id"]: r for r in report["rows"]}
    assert set(shown) == {rid for f in findings for rid in f["rows"]}
    assert shown["r04"]["label"] == "talk_to_agent" and shown["r04"]["text"]
    # Timings live in one block, the only part that changes from run to run.
    timed = [c["code"] for c in report["run"]["checks"]]
    assert {c["code"] for c in report["checks"] if c["status"] == "ok"} <= set(timed) <= set(codes)
    assert {"normalized", "text_groups", "near_pairs"} <= {s["stage"] for s in report["run"]["stages"]}
    assert all(s["seconds"] >= 0 for s in report["run"]["stages"] + report["run"]["checks"])


def test_row_ids_are_positions_without_id_col(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [(t, l) for _, t, l in ROWS], header=("text", "label"))
    report, _ = scan_json(cli, path)
    assert report["dataset"]["id_column"] is None
    dup = next(f for f in report["findings"] if f["code"] == "DA101")
    assert (dup["keep"], dup["excluded"]) == (0, [1])
    assert all(isinstance(r, int) for f in report["findings"] for r in f["rows"])


def test_numeric_looking_ids_stay_strings(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [("007", "hello there", "greet"), ("10", "Hello there!", "greet"),
                                          ("3", "good night", "bye")])
    report, _ = scan_json(cli, path, "--id-col", "id")
    (dup,) = [f for f in report["findings"] if f["code"] == "DA101"]
    assert (dup["keep"], dup["excluded"], dup["rows"]) == ("007", ["10"], ["007", "10"])


def test_unlabeled_data_skips_label_checks_and_says_why(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [("hello there",), ("Hello there",), ("good night",)], header=("text",))
    report, result = scan_json(cli, path, "--threshold", "1")
    assert result.exit_code == 0
    assert report["dataset"]["label_column"] is None
    assert report["labels"] == []
    for run in report["checks"]:
        if run["code"] in LABEL_CHECKS:
            assert run["status"] == "skipped"
            assert "label" in run["reason"]
        elif run["code"] in SKIPPED_HERE:
            assert run["status"] == "skipped" and SKIPPED_HERE[run["code"]] in run["reason"]
        elif run["code"] != "DA402":  # label-allowed needs --allowed-labels
            assert run["status"] == "ok" and "reason" not in run
    assert report["summary"]["effective_clean_count"] == 2


def test_json_is_byte_identical_across_runs_apart_from_the_run_block(cli, train: Path) -> None:
    outputs = []
    for _ in range(2):
        result = cli("scan", train, "--id-col", "id", "--json", "-")
        assert result.stdout.endswith("}\n")
        head, run_block = result.stdout.split('\n  "run": {')
        assert '"seconds"' not in head and '"seconds"' in run_block
        outputs.append(head)
    assert outputs[0] == outputs[1]


def test_json_file_is_written_atomically(cli, train: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "report.json"
    out.parent.mkdir()
    out.write_text("old content that is much longer than nothing " * 1000, encoding="utf-8")
    result = cli("scan", train, "--json", out)
    assert result.exit_code == 1  # 5 of 1,000
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["effective_clean_count"] == 5
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.json"], "no leftover temporary files"
    assert not list(tmp_path.rglob("*.tmp"))
    # The JSON went to the file; stdout has the human summary, not JSON.
    assert not result.stdout.lstrip().startswith("{")


def test_json_into_a_missing_folder_is_a_usage_error(cli, train: Path, tmp_path: Path) -> None:
    result = cli("scan", train, "--json", tmp_path / "nope" / "report.json")
    assert result.exit_code == 2
    assert "nope" in result.stderr
    assert not list(tmp_path.rglob("*.tmp"))


# -- flagged rows ---------------------------------------------------------------


def flagged_input(tmp_path: Path) -> Path:
    rows = [
        ("a", "=SUM(A1:A2)", "formula"), ("b", "=sum(a1:a2)", "formula"),
        ("c", "+1 call me back", "call"), ("d", "+1 Call me back!", "call"),
        ("e", "-5 degrees outside", "weather"), ("f", "-5 DEGREES OUTSIDE", "weather"),
        ("g", "@home tonight", "plans"), ("h", "@Home tonight", "plans"),
        ("i", "cancel my order", "cancel"), ("j", "Cancel my order", "refund"),
        ("k", "a perfectly ordinary row", "other"),
    ]
    return write_csv(tmp_path / "in.csv", rows)


def test_flagged_csv(cli, tmp_path: Path) -> None:
    source = flagged_input(tmp_path)
    out = tmp_path / "flagged.csv"
    report, result = scan_json(cli, source, "--id-col", "id", "--flagged", out)
    assert result.exit_code == 1
    with out.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == FLAGGED_COLUMNS
        rows = list(reader)
    flagged_ids = {r for f in report["findings"] for r in f["rows"]}
    assert [r["row_id"] for r in rows] == [i for i in "abcdefghij" if i in flagged_ids]
    assert len(rows) == len(flagged_ids) == 10, "one line per flagged row; the clean row k is not there"
    by_id = {r["row_id"]: r for r in rows}
    # Kept rows are there too, marked as not excluded; their copies point at them.
    for keep, dropped in (("a", "b"), ("c", "d"), ("e", "f"), ("g", "h")):
        assert by_id[keep]["excluded"] == "false"
        assert by_id[dropped]["excluded"] == "true"
        assert by_id[dropped]["duplicate_of"] == keep
        assert by_id[keep]["codes"] == by_id[dropped]["codes"] == "DA101"
    # 1 vs 1 conflict: both rows excluded, flagged by two checks, joined with " | ".
    assert by_id["i"]["excluded"] == by_id["j"]["excluded"] == "true"
    assert by_id["j"]["codes"] == "DA101 | DA201"
    # Formula-injection guard: cells starting with =, +, - or @ are written as text.
    assert by_id["a"]["text"] == "'=SUM(A1:A2)"
    assert by_id["b"]["text"] == "'=sum(a1:a2)"
    assert by_id["c"]["text"] == "'+1 call me back"
    assert by_id["e"]["text"] == "'-5 degrees outside"
    assert by_id["g"]["text"] == "'@home tonight"
    assert by_id["i"]["text"] == "cancel my order"
    for row in rows:
        assert not row["text"].startswith(("=", "+", "-", "@"))
    assert not list(tmp_path.rglob("*.tmp"))


def test_flagged_jsonl(cli, tmp_path: Path) -> None:
    source = flagged_input(tmp_path)
    out = tmp_path / "flagged.jsonl"
    report, _ = scan_json(cli, source, "--id-col", "id", "--flagged", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert all(list(row) == FLAGGED_COLUMNS for row in rows)
    assert len(rows) == len({r["row_id"] for r in rows}) == 10
    by_id = {r["row_id"]: r for r in rows}
    assert by_id["a"]["excluded"] is False and by_id["b"]["excluded"] is True
    assert by_id["a"]["text"] == "=SUM(A1:A2)", "JSONL is data, not a spreadsheet: text as written"
    assert by_id["b"]["duplicate_of"] == ["a"]
    assert by_id["j"]["codes"] == ["DA101", "DA201"]
    assert by_id["j"]["checks"] == ["exact_duplicate", "label_conflict"]
    ids = {f["id"] for f in report["findings"]}
    assert all(set(r["finding_ids"]) <= ids for r in rows)


def test_flagged_with_another_extension_is_a_usage_error(cli, train: Path, tmp_path: Path) -> None:
    result = cli("scan", train, "--flagged", tmp_path / "flagged.xlsx")
    assert result.exit_code == 2
    assert ".csv" in result.stderr and ".jsonl" in result.stderr


# -- exit codes and the gate ---------------------------------------------------------


def test_exit_codes(cli, train: Path) -> None:
    assert cli("scan", train, "--threshold", "5").exit_code == 0
    assert cli("scan", train, "--threshold", "6").exit_code == 1
    failed = cli("scan", train)
    assert failed.exit_code == 1, "the default threshold is 1,000"
    assert "995 short of the 1,000 needed" in failed.stdout
    assert cli("scan", train, "--exit-zero").exit_code == 0
    assert cli("scan", train, "--min-per-label", "1", "--threshold", "1").exit_code == 1  # talk_to_agent: 0
    assert cli("scan", train, "--min-per-label", "1", "--threshold", "1", "--exit-zero").exit_code == 0


def test_usage_errors_exit_2(cli, train: Path, tmp_path: Path) -> None:
    missing = cli("scan", tmp_path / "missing.csv")
    assert missing.exit_code == 2 and "missing.csv" in missing.stderr
    bad_code = cli("scan", train, "--select", "DA9")
    assert bad_code.exit_code == 2 and "DA9" in bad_code.stderr
    bad_threshold = cli("scan", train, "--threshold", "0")
    assert bad_threshold.exit_code == 2 and "threshold" in bad_threshold.stderr
    for result in (missing, bad_code, bad_threshold):
        assert "Traceback" not in result.output


def test_a_crashed_check_exits_3_and_is_reported_failed(cli, train: Path, monkeypatch) -> None:
    def boom(artifacts):
        raise RuntimeError("boom in the near-duplicate check")

    crashing = tuple(replace(c, run=boom) if c.code == "DA102" else c for c in CHECKS)
    monkeypatch.setattr("dataaudit.checks.CHECKS", crashing)
    monkeypatch.setattr("dataaudit.checks.registry.CHECKS", crashing)

    report, result = scan_json(cli, train, "--id-col", "id", "--threshold", "1")
    assert result.exit_code == 3
    assert "DA102" in result.stderr and "near_duplicate" in result.stderr
    runs = {c["code"]: c for c in report["checks"]}
    assert runs["DA102"]["status"] == "failed"
    assert "RuntimeError" in runs["DA102"]["error"] and "boom" in runs["DA102"]["error"]
    assert all(runs[code]["status"] == "ok" for code in ALL_CODES if code != "DA102" and code not in SKIPPED_HERE)
    assert report["summary"]["complete"] is False
    codes = {f["code"] for f in report["findings"]}
    assert "DA102" not in codes
    assert {"DA001", "DA002", "DA101", "DA201", "DA202"} <= codes, "the other checks still ran"
    assert "near_duplicate" not in report["summary"]["excluded_by_check"]


# -- --select / --ignore / --quiet / --config -------------------------------------------


def test_select_a_prefix(cli, train: Path) -> None:
    report, _ = scan_json(cli, train, "--select", "DA1")
    runs = {c["code"]: c for c in report["checks"]}
    assert [c["code"] for c in report["checks"] if not c["code"].startswith("DA4")] == ALL_CODES, "every check is listed"
    assert {code for code, run in runs.items() if run["status"] == "ok"} == {"DA101", "DA102", "DA103"}
    assert all(run["reason"] == "not in --select" for code, run in runs.items() if code.startswith("DA4"))
    for code in ("DA001", "DA002", "DA201", "DA202", "DA301"):
        assert runs[code]["status"] == "skipped" and runs[code]["reason"]
    assert {"DA101", "DA102"} <= {f["code"] for f in report["findings"]} <= {"DA101", "DA102", "DA103"}
    assert report["settings"]["select"] == ["DA1"]


def test_select_comma_separated_and_ignore(cli, train: Path) -> None:
    report, _ = scan_json(cli, train, "--select", "DA1,DA201", "--ignore", "DA102")
    ran = {c["code"] for c in report["checks"] if c["status"] == "ok"}
    assert ran == {"DA101", "DA103", "DA201"}
    assert {c["code"]: c.get("reason") for c in report["checks"]}["DA102"] == "in --ignore"

    report, _ = scan_json(cli, train, "--ignore", "DA102")
    ran = {c["code"] for c in report["checks"] if c["status"] == "ok" and not c["code"].startswith("DA4")}
    assert ran == set(ALL_CODES) - {"DA102"} - set(SKIPPED_HERE)
    assert "DA102" not in {f["code"] for f in report["findings"]}
    # DA201 still sees near-duplicate groups: they are a shared artifact, not DA102's output.
    assert "DA201" in {f["code"] for f in report["findings"]}


def test_quiet_prints_only_the_verdict_line(cli, train: Path) -> None:
    result = cli("scan", train, "--quiet")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == ["FAIL: 5 clean examples of 10; 995 short of the 1,000 needed before fine-tuning."]
    assert result.stderr == ""
    passed = cli("scan", train, "--quiet", "--threshold", "5")
    assert passed.stdout.splitlines() == ["PASS: 5 clean examples of 10; meets the 5 needed before fine-tuning."]


def test_config_file_dataaudit_toml(cli, train: Path, tmp_path: Path) -> None:
    config = tmp_path / "dataaudit.toml"
    config.write_text('threshold = 5\nnear_duplicate_threshold = 0.9\nid_col = "id"\nignore = ["DA202"]\n',
                      encoding="utf-8")
    report, result = scan_json(cli, train, "--config", config)
    assert result.exit_code == 0, result.stderr
    assert report["settings"]["threshold"] == 5
    assert report["settings"]["near_duplicate_threshold"] == 0.9
    assert report["dataset"]["id_column"] == "id"
    assert {c["code"]: c["status"] for c in report["checks"]}["DA202"] == "skipped"
    # Flags override the file.
    report, result = scan_json(cli, train, "--config", config, "--threshold", "6")
    assert report["settings"]["threshold"] == 6 and result.exit_code == 1


def test_config_pyproject_tool_table(cli, train: Path, tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[tool.dataaudit]\nthreshold = 5\n', encoding="utf-8")
    report, result = scan_json(cli, train, "--config", pyproject)
    assert result.exit_code == 0, result.stderr
    assert report["settings"]["threshold"] == 5


def test_config_unknown_key_exits_2_naming_it(cli, train: Path, tmp_path: Path) -> None:
    config = tmp_path / "dataaudit.toml"
    config.write_text("treshold = 5\n", encoding="utf-8")
    result = cli("scan", train, "--config", config)
    assert result.exit_code == 2
    assert "treshold" in result.stderr
    assert "threshold" in result.stderr.replace("treshold", ""), "the message lists the known settings"

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.dataaudit]\nnear_threshold = 0.9\n", encoding="utf-8")
    result = cli("scan", train, "--config", pyproject)
    assert result.exit_code == 2 and "near_threshold" in result.stderr and "tool.dataaudit" in result.stderr


# -- HTML --------------------------------------------------------------------------------


def test_html_report_is_self_contained_and_escaped(cli, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [
        ("1", "hello <script>alert(1)</script>", "greeting"),
        ("2", "Hello <script>alert(1)</script>!", "greeting"),
        ("3", "good night & sleep well", "bye"),
    ])
    out = tmp_path / "report.html"
    report, result = scan_json(cli, source, "--id-col", "id", "--html", out)
    assert result.exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert report["summary"]["verdict"] in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page, "row text is escaped, never markup"
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I), "no external scripts"
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', page), "no external assets"
    assert "<style>" in page
    assert not list(tmp_path.rglob("*.tmp"))


# -- checks list / explain -----------------------------------------------------------------


def test_checks_list(cli) -> None:
    result = cli("checks", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ALL_CODES + ["DA4xx"]
    assert "rules list" in lines[-1], "rule packs' checks are listed by `dataaudit rules list`"
    for check, line in zip(CHECKS, lines):
        assert check.name in line and check.summary in line


@pytest.mark.parametrize("code", ALL_CODES)
def test_checks_explain_every_check(cli, code: str) -> None:
    result = cli("checks", "explain", code)
    assert result.exit_code == 0
    for heading in ("What it finds", "Why it matters", "Example"):
        assert heading in result.stdout
    assert result.stdout.startswith(code)


def test_checks_explain_da102_shows_its_setting_default(cli) -> None:
    default = Settings().near_duplicate_threshold
    result = cli("checks", "explain", "DA102")
    assert result.exit_code == 0
    assert f"near_duplicate_threshold = {default}" in result.stdout
    # The docstring's own statement of the default must not drift from the code.
    assert f"near_duplicate_threshold (default {default})" in result.stdout
    assert cli("checks", "explain", "near_duplicate").stdout == result.stdout
    assert cli("checks", "explain", "da102").stdout == result.stdout


def test_near_threshold_help_states_the_real_default(cli) -> None:
    result = cli("scan", "--help")
    assert f"(default {Settings().near_duplicate_threshold})" in " ".join(result.stdout.split())


def test_checks_explain_unknown_code_exits_2(cli) -> None:
    result = cli("checks", "explain", "DA999")
    assert result.exit_code == 2
    assert "DA999" in result.stderr and "DA102" in result.stderr
