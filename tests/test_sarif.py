"""SARIF 2.1.0 output (--sarif): valid against the OASIS schema, one result per finding on the
line its row starts, the finding key as the fingerprint, the checks' docs as rule metadata, and
the same file again from a saved report. Record start lines (io/record_lines.py) by table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from dataaudit.checks import CHECKS
from dataaudit.checks.reference import anchor, reference_markdown
from dataaudit.io.record_lines import record_lines
from dataaudit.report.sarif import artifact_uri

DATA = Path(__file__).parent / "data"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FAST = ("--embedder", "none", "--exit-zero", "--quiet")


def _valid(log: dict) -> dict:
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


def _scan(run_cli, path, tmp_path, *flags):
    sarif, report = tmp_path / "out.sarif", tmp_path / "out.json"
    result = run_cli("scan", path, "--sarif", sarif, "--json", report, *FAST, *flags)
    assert result.exit_code == 0, result.output
    return _valid(json.loads(sarif.read_text(encoding="utf-8"))), json.loads(report.read_text(encoding="utf-8"))


def _record_at(path: Path, line: int, fmt: str) -> dict:
    """Parse the data file from `line` on: the record that starts there."""
    lines = path.read_text(encoding="utf-8").split("\n")
    rest = "\n".join(lines[line - 1:])
    if fmt == "jsonl":
        return json.loads(rest.split("\n", 1)[0])
    header = next(csv.reader(io.StringIO(lines[0])))
    return dict(zip(header, next(csv.reader(io.StringIO(rest)))))


def test_a_csv_scan_points_every_result_at_its_rows_lines(run_cli, tmp_path):
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"
    log, report = _scan(run_cli, sample, tmp_path)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "dataaudit"
    results = run["results"]
    assert len(results) == len(report["findings"]) > 20
    rows = {r["row_id"]: r for r in report["rows"]}
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c["code"] for c in report["checks"]]
    for result, finding in zip(results, report["findings"]):
        assert result["ruleId"] == finding["code"] and rules[result["ruleIndex"]]["id"] == finding["code"]
        assert result["partialFingerprints"]["dataauditFindingKey/v1"] == finding["key"]
        assert result["partialFingerprints"]["primaryLocationLineHash"] == finding["key"]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding["severity"]]
        assert finding["message"] in result["message"]["text"]
        where = [result["locations"][0]] + result.get("relatedLocations", [])
        named = [int(w["logicalLocations"][0]["name"]) for w in where]
        assert sorted(named) == sorted(finding["rows"])
        if finding["excluded"]:
            assert named[0] == finding["excluded"][0]  # the row to change comes first
        for place, row_id in zip(where, named):
            line = place["physicalLocation"]["region"]["startLine"]
            assert line == rows[row_id]["line"]
            assert _record_at(sample, line, "csv")["text"] == rows[row_id]["text"]
            assert place["physicalLocation"]["artifactLocation"]["uri"] == run["artifacts"][0]["location"]["uri"]


def test_rule_metadata_comes_from_each_checks_own_docs(run_cli, tmp_path):
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"
    log, report = _scan(run_cli, sample, tmp_path)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for check in CHECKS:
        rule = rules[check.code]
        assert rule["name"] == check.name
        assert rule["help"]["text"] == check.doc
        assert "**What it finds**" in rule["help"]["markdown"]
        assert rule["helpUri"].endswith("docs/checks.md#" + anchor(check.code, check.name))
    rules_page = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    pack_rules = [rule for code, rule in rules.items() if code.startswith("DA4")]
    assert pack_rules, "the sample's format runs rule packs"
    for rule in pack_rules:  # a rule-pack check is described by its rule, linked to its docs/rules.md entry
        assert rule["helpUri"].endswith(f"docs/rules.md#{rule['id'].lower()}-{rule['name']}")
        assert f"\n### {rule['id']} {rule['name']}\n" in rules_page
        assert rule["shortDescription"]["text"] and "Why it matters" in rule["help"]["text"]
    skipped = {c["code"] for c in report["checks"] if c["status"] == "skipped"}
    assert skipped and all(rules[code]["defaultConfiguration"].get("enabled") is False for code in skipped)


def test_the_check_reference_is_current_and_has_every_anchor():
    page = (Path(__file__).resolve().parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    assert page == reference_markdown(), "regenerate: python -m dataaudit.checks.reference > docs/checks.md"
    for check in CHECKS:
        assert f"\n## {check.code} {check.name}\n" in page


def test_a_chat_jsonl_file_points_at_its_records_lines(run_cli, tmp_path, write):
    records = [{"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
               for q, a in [("how do I reset my pin", "Open settings."), ("", "Hello."),
                            ("how do I reset my pin", "Open settings."), ("what is my balance", "Tap balance."),
                            ("how do i reset my PIN?", "Open settings.")]]
    body = "\n".join(json.dumps(r) for r in records[:2]) + "\n\n" + "\n".join(json.dumps(r) for r in records[2:]) + "\n"
    path = write("chat.jsonl", body)
    log, report = _scan(run_cli, path, tmp_path)
    lines = {r["row_id"]: r["line"] for r in report["rows"]}
    assert lines == {k: v for k, v in {0: 1, 1: 2, 2: 4, 3: 5, 4: 6}.items() if k in lines} and len(lines) >= 3
    for result in log["runs"][0]["results"]:
        for place in [result["locations"][0]] + result.get("relatedLocations", []):
            row = int(place["logicalLocations"][0]["name"])
            assert place["physicalLocation"]["region"]["startLine"] == lines[row]


def test_parquet_has_no_lines_so_results_name_the_record(run_cli, tmp_path):
    path = tmp_path / "train.parquet"
    pd.DataFrame({"text": ["reset my pin", "reset my pin", "block my card", "what is my balance"],
                  "label": ["pin", "pin", "card", "balance"]}).to_parquet(path)
    log, report = _scan(run_cli, path, tmp_path)
    results = log["runs"][0]["results"]
    assert results and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1 for r in results)
    duplicate = next(r for r in results if r["ruleId"] == "DA101")
    assert duplicate["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "record[1]"
    assert {r["line"] for r in report["rows"]} == {None}


def test_a_saved_report_gives_the_same_sarif(run_cli, tmp_path):
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"
    _scan(run_cli, sample, tmp_path)
    again = tmp_path / "again.sarif"
    result = run_cli("report", tmp_path / "out.json", "--sarif", again, "--quiet")
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == (tmp_path / "out.sarif").read_bytes()


def test_against_a_baseline_each_result_says_new_or_unchanged(run_cli, tmp_path, write):
    before = write("before.csv", "text,label\nreset my pin,pin\nreset my pin,pin\nblock my card,card\n")
    after = write("after.csv", "text,label\nreset my pin,pin\nreset my pin,pin\nblock my card,card\n"
                               "block my card,card\nwhat is my balance,balance\n")
    base = tmp_path / "base.json"
    assert run_cli("scan", before, "--json", base, *FAST).exit_code == 0
    log, _ = _scan(run_cli, after, tmp_path, "--baseline", base)
    states = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r["baselineState"]
              for r in log["runs"][0]["results"] if r["ruleId"] == "DA101"}
    assert states == {3: "unchanged", 5: "new"}


CSV_CASES = [
    ("plain", "text,label\na,x\nb,y\n", [2, 3]),
    ("quoted line break", 'text,label\n"a\nstill a",x\nb,y\n', [2, 4]),
    ("blank lines", "text,label\n\na,x\n\n\nb,y\n", [3, 6]),
    ("whitespace lines", "text,label\n   \n\t\na,x\n", [4]),
    ("an empty quoted cell is a record", 'text,label\n""\na,x\n,\n', [2, 3, 4]),
    ("CRLF", "text,label\r\na,x\r\n\"b\r\nb\",y\r\nc,z\r\n", [2, 3, 5]),
]


@pytest.mark.parametrize("name,text,lines", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_csv_record_lines_match_what_pandas_reads(name, text, lines):
    assert record_lines(text, "csv").tolist() == lines
    assert len(pd.read_csv(io.StringIO(text), dtype=str, skip_blank_lines=True)) == len(lines)


@pytest.mark.parametrize("container,text,lines", [
    ("tsv", 'text\tlabel\n"a\tx\nb\ty\n', [2, 3]),  # TSV: quotes are text
    ("jsonl", '{"a": 1}\n\n{"a": "x\\ny"}\n  \n{"a": 3}\n', [1, 3, 5]),
    ("json", '[\n  {"a": 1},\n  {"a": "[x]",\n   "b": 2},\n\n  {"a": 3}\n]\n', [2, 3, 6]),
    ("json", '[{"a": 1}, {"a": 2}]', [1, 1]),
    ("json", '{"data": [{"a": 1}]}', None),
    ("parquet", "", None),
], ids=["tsv", "jsonl", "json-array", "json-one-line", "json-wrapped", "parquet"])
def test_other_formats_record_lines(container, text, lines):
    found = record_lines(text, container)
    assert (found.tolist() if found is not None else None) == lines


def test_uris_are_relative_to_the_repository_where_they_can_be(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri("data/train.csv") == "data/train.csv"
    assert artifact_uri(str(tmp_path / "data" / "my train.csv")) == "data/my%20train.csv"
    assert artifact_uri("/elsewhere/t#1.csv").startswith("file:///elsewhere/t")
    assert artifact_uri("s3://bucket/shards") == "s3://bucket/shards"
