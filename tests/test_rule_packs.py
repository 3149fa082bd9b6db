"""Rule packs (DA4xx): every built-in rule against its table of rows, every way a pack can be
wrong, Great Expectations suites, and the findings in every output."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dataaudit import audit
from dataaudit.errors import DataAuditError
from dataaudit.rules.selection import builtin_packs

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "rules.yaml").read_text(encoding="utf-8"))
RULES = {r.id: r for p in builtin_packs().values() for r in p.rules}
FAST = ("--embedder", "none", "--exit-zero")


def _write_rows(path: Path, fmt: str, rows: list[dict]) -> Path:
    rows = [{k: ("word " * 9000 if v == "LONG_TEXT" else v) for k, v in r.items()} for r in rows]
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["text", "label"])
            writer.writeheader()
            writer.writerows(rows)
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[f"{c['rule']}-{c['format']}" for c in CASES])
def test_each_built_in_rule_flags_its_failing_rows_and_no_passing_row(run_cli, tmp_path, case):
    rule = RULES[case["rule"]]
    rows = case["fail"] + case["pass"]
    path = _write_rows(tmp_path / ("rows.csv" if case["format"] == "csv" else "rows.jsonl"), case["format"], rows)
    out = tmp_path / "r.json"
    fmt = [] if case["format"] == "csv" else ["--format", case["format"]]
    result = run_cli("scan", path, *fmt, *FAST, "--select", rule.code, "--rules", rule.pack,
                     *case.get("flags", []), "--json", out)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    flagged = sorted(f["rows"][0] for f in report["findings"] if f["code"] == rule.code)
    assert flagged == list(range(len(case["fail"]))), [rows[p] for p in flagged]
    for f in report["findings"]:
        assert f["rule"] == rule.id and f["pack"] == rule.pack and f["severity"] == rule.severity
        assert f["actions"] == ([{"row": f["rows"][0], "do": "drop"}] if rule.severity == "error" else [])


def test_every_built_in_rule_has_a_table_of_cases():
    assert {c["rule"] for c in CASES} == set(RULES)
    assert all(c["fail"] and c["pass"] for c in CASES)


def test_built_in_packs_follow_the_json_schema():
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "dataaudit" / "rules" / "pack.schema.json").read_text())
    folder = Path(__file__).parents[1] / "dataaudit" / "rules" / "packs"
    for path in [*folder.glob("*.yaml"), *(Path(__file__).parents[1] / "rules").glob("*.yaml")]:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pack": "x", "rules": [{"id": "a", "code": "DA450", "colour": "red"}]}, schema)


GOOD_RULE = {"id": "my-rule", "code": "DA450", "column": "text", "expectation": "expect_column_values_to_not_match_regex",
             "kwargs": {"regex": "^x$"}, "severity": "error", "message": "text is x"}


def _pack(**changes) -> dict:
    rule = {**GOOD_RULE, **changes.pop("rule", {})}
    for key in [k for k, v in rule.items() if v is None]:
        del rule[key]
    return {"pack": "mine", "rules": [rule], **changes}


BAD_PACKS = [
    (_pack(colour="red"), "unknown field 'colour'"),
    (_pack(rule={"colour": "red"}), "rule my-rule: unknown field 'colour'"),
    (_pack(rule={"expectation": "expect_column_values_to_be_purple"}), "field expectation: unknown expectation type"),
    (_pack(rule={"expectation": "expect_table_row_count_to_equal"}), "not a column-map expectation"),
    (_pack(rule={"kwargs": {"regex": ["a"]}}), "field kwargs.regex"),
    (_pack(rule={"kwargs": {"regex": "(unclosed"}}), "field kwargs.regex: not a valid regular expression"),
    (_pack(rule={"kwargs": {"min_value": 1}, "expectation": "expect_column_values_to_match_regex"}), "field kwargs"),
    (_pack(rule={"column": "no_such_column"}), "field column: 'no_such_column' is not a column"),
    (_pack(rule={"code": "DA999"}), "field code: DA400-DA499"),
    (_pack(rule={"code": "DA410"}), "DA410 is also rule answer-empty"),
    (_pack(rule={"id": "answer-empty"}), "the id answer-empty is also used"),
    (_pack(rule={"severity": "fatal"}), "field severity"),
    (_pack(rule={"message": None}), "field message is missing"),
    (_pack(rule={"mostly": 1.5}), "field mostly"),
    (_pack(rule={"requires": "nothing"}), "field requires"),
    (_pack(rule={"kwargs": {"column": "label"}}), "field kwargs: a mapping"),
    (_pack(formats=["xlsx"]), "field formats"),
    ({"pack": "mine", "rules": []}, "field rules: a non-empty list"),
    ({"pack": "Bad Name", "rules": [GOOD_RULE]}, "field pack"),
    ("pack: [unclosed", "not valid YAML"),
]


@pytest.mark.parametrize("content, message", BAD_PACKS, ids=[m for _, m in BAD_PACKS])
def test_a_bad_pack_is_exit_2_naming_file_rule_and_field(run_cli, write, tmp_path, content, message):
    folder = tmp_path / "packs"
    folder.mkdir()
    text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
    pack = folder / "mine.yaml"
    pack.write_text(text, encoding="utf-8")
    data = write("train.csv", "text,label\nhello,a\n")
    result = run_cli("scan", data, "--rules-dir", folder, *FAST)
    assert result.exit_code == 2 and message in result.stderr and "mine.yaml" in result.stderr, result.output
    assert "Traceback" not in result.output
    if "not a column" not in message:  # which columns exist is only known once the data is read
        check = run_cli("rules", "check", folder)
        assert check.exit_code == 2 and message in check.stderr


@pytest.mark.parametrize("flags, message", [
    (["--rules", "nope"], "no rule pack named 'nope'"),
    (["--rules", "none,basic"], "cannot be combined"),
    (["--rules-dir", "missing-folder"], "is not a folder"),
    (["--rules", "missing.yaml"], "Rule pack not found"),
    (["--expectations", "missing.json"], "file not found"),
])
def test_bad_rule_selection_is_exit_2(run_cli, write, tmp_path, monkeypatch, flags, message):
    monkeypatch.chdir(tmp_path)
    data = write("train.csv", "text,label\nhello,a\n")
    result = run_cli("scan", data, *flags, *FAST)
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_more_than_200_violations_all_come_back(run_cli, write, tmp_path):
    rows = [{"instruction": f"Question number {k}?", "input": "", "output": "" if k % 2 else f"Answer {k}."}
            for k in range(700)]
    path = _write_rows(tmp_path / "big.jsonl", "alpaca", rows)
    report = audit(path, {"embedder": "none", "select": ["DA410"], "threshold": 1})
    assert sorted(f.rows[0] for f in report.findings) == list(range(1, 700, 2))
    assert report.summary.excluded_by_check == {"rule_violation": 350}


def test_defaults_fit_the_format_and_say_so(tmp_path):
    alpaca = _write_rows(tmp_path / "a.jsonl", "alpaca", [{"instruction": "hi", "input": "", "output": "hello"}])
    chat = _write_rows(tmp_path / "c.jsonl", "openai-chat",
                       [{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}])
    table = _write_rows(tmp_path / "t.csv", "csv", [{"text": "hi", "label": "a"}])
    for path, packs in ((alpaca, ["basic", "instruction", "pii"]), (chat, ["basic", "chat", "pii"]),
                        (table, ["basic", "pii"])):
        report = audit(path, {"embedder": "none", "threshold": 1})
        assert report.settings["rule_packs"] == packs
    assert audit(table, {"embedder": "none", "threshold": 1, "rules": ["none"]}).settings["rule_packs"] == []


def test_error_rules_exclude_and_fail_the_gate_warnings_only_report(run_cli, tmp_path):
    rows = [{"instruction": "Name a fruit.", "input": "", "output": "<nooutput>"},   # error DA411
            {"instruction": "Name a fruit.", "input": "N/A", "output": "Apple."},   # warning DA418
            {"instruction": "Name a colour.", "input": "", "output": "Blue."}]
    path = _write_rows(tmp_path / "a.jsonl", "alpaca", rows)
    out, html, flagged = tmp_path / "r.json", tmp_path / "r.html", tmp_path / "f.csv"
    result = run_cli("scan", path, "--embedder", "none", "--threshold", "1", "--json", out, "--html", html,
                     "--flagged", flagged)
    assert result.exit_code == 1, "an error-severity finding fails the gate even above the threshold"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["effective_clean_count"] == 2
    assert report["summary"]["excluded_by_check"] == {"rule_violation": 1}
    assert "error-severity finding" in report["summary"]["verdict"]
    by_code = {f["code"]: f for f in report["findings"]}
    assert by_code["DA411"]["excluded"] == [0] and by_code["DA418"]["excluded"] == []
    assert "DA411 answer-placeholder" in result.stdout, "the terminal names the rule"
    page = html.read_text(encoding="utf-8")
    assert "DA411" in page and "answer-placeholder" in page
    rows_out = {r["row_id"]: r for r in csv.DictReader(flagged.open(encoding="utf-8", newline=""))}
    assert rows_out["0"]["codes"] == "DA411" and rows_out["0"]["excluded"] == "true"
    assert rows_out["1"]["codes"] == "DA418" and rows_out["1"]["excluded"] == "false"


def test_mostly_tolerates_a_share_of_violations(run_cli, write, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    rule = {**GOOD_RULE, "kwargs": {"regex": "^short$"}, "mostly": 0.6, "severity": "warning"}
    (folder / "mine.yaml").write_text(yaml.safe_dump({"pack": "mine", "rules": [rule]}), encoding="utf-8")
    path = write("t.csv", "text,label\nshort,a\nshort,a\na longer text,a\nanother text,a\nmore text,a\n")
    report = audit(path, {"embedder": "none", "threshold": 1, "rules": ["none"], "rules_dir": str(folder)})
    run = next(c for c in report.checks if c.code == "DA450")
    assert run.findings == 0 and "within mostly 0.6" in run.notes[0]


def test_a_great_expectations_suite_runs_as_rules(write, tmp_path):
    suite_1x = {"name": "support", "expectations": [
        {"type": "expect_column_values_to_not_match_regex", "kwargs": {"column": "text", "regex": "(?i)password"},
         "meta": {"severity": "error", "message": "asks for a password"}},
        {"type": "expect_column_value_lengths_to_be_between", "kwargs": {"column": "text", "min_value": 3}}]}
    suite_0x = {"expectation_suite_name": "old", "expectations": [
        {"expectation_type": "expect_column_values_to_be_in_set",
         "kwargs": {"column": "label", "value_set": ["refund", "cancel"]}}]}
    path = write("t.csv", "text,label\nwhat is my password,refund\nok,cancel\nI want a refund,refund\nhi there,other\n")
    for suite, expected in ((suite_1x, {("values-to-not-match-regex-text", 0),
                                        ("value-lengths-to-be-between-text", 1)}),
                            (suite_0x, {("values-to-be-in-set-label", 3)})):
        suite_path = tmp_path / "suite.json"
        suite_path.write_text(json.dumps(suite), encoding="utf-8")
        report = audit(path, {"embedder": "none", "threshold": 1, "rules": ["none"], "expectations": str(suite_path)})
        found = {(f.get("rule"), f.rows[0]) for f in report.findings if f.code.startswith("DA4")}
        assert found == expected, found
        assert all(f.code >= "DA480" for f in report.findings if f.code.startswith("DA4"))


def test_no_great_expectations_import_when_no_rule_runs(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("text,label\nhello,a\nbye,b\n", encoding="utf-8")
    code = ("import sys; from dataaudit import audit; "
            f"audit({str(path)!r}, {{'embedder': 'none', 'rules': ['none'], 'threshold': 1}}); "
            "print('great_expectations' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300).stdout.strip() == "False"


def test_great_expectations_writes_nothing_to_the_terminal(tmp_path):
    path = _write_rows(tmp_path / "a.jsonl", "alpaca", [{"instruction": "hi", "input": "", "output": ""}])
    result = subprocess.run([sys.executable, "-m", "dataaudit", "scan", str(path), "--embedder", "none", "-q",
                             "--threshold", "1"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr == "" and result.stdout.startswith("FAIL: ") and len(result.stdout.splitlines()) <= 2


def test_rules_commands(run_cli):
    listed = run_cli("rules", "list")
    assert listed.exit_code == 0 and all(code in listed.stdout for code in ("DA401", "DA410", "DA430", "DA440"))
    explained = run_cli("rules", "explain", "input-url-only")
    assert explained.exit_code == 0 and "Why it matters" in explained.stdout and "input_is_url_only" in explained.stdout
    assert run_cli("checks", "explain", "DA413").stdout == explained.stdout
    assert run_cli("rules", "explain", "nope").exit_code == 2
    checked = run_cli("rules", "check", Path(__file__).parents[1] / "rules")
    assert checked.exit_code == 0 and "ok" in checked.stdout


def test_library_rejects_a_bad_pack_before_reading_data(write, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "bad.yaml").write_text(yaml.safe_dump(_pack(rule={"severity": "fatal"})), encoding="utf-8")
    with pytest.raises(DataAuditError, match="field severity"):
        audit(tmp_path / "does-not-exist.csv", {"rules_dir": str(folder)})


def test_a_rule_on_the_derived_language_column(write, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    rule = {**GOOD_RULE, "column": "language", "expectation": "expect_column_values_to_be_in_set",
            "kwargs": {"value_set": ["en"]}, "severity": "warning"}
    (folder / "lang.yaml").write_text(yaml.safe_dump({"pack": "lang", "rules": [rule]}), encoding="utf-8")
    path = write("t.csv", "text,label\nwhere is my card and when will it arrive,a\n"
                          "¿dónde está mi tarjeta y cuándo llegará?,a\nhow do I reset the pin on my card,a\n")
    report = audit(path, {"embedder": "none", "threshold": 1, "rules": ["none"], "rules_dir": str(folder)})
    assert [f.rows[0] for f in report.findings if f.code == "DA450"] == [1]
