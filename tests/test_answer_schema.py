"""--answer-schema (settings key answer_schema): DA501 judges every answer by a JSON Schema the
user gives; a violation is an error (the row leaves the clean count, the gate fails), and a
schema file that cannot be used stops the scan before any data is read (exit 2)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_results import assert_ran, assert_usage_error

DATA = Path(__file__).parent / "data"


def banking_chats(tmp_path: Path, change=None) -> Path:
    """BANKING77 (10 labels x 25 real requests) as chats whose answers are {"intent": label}."""
    with (DATA / "banking77_10_labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = [{"messages": [{"role": "user", "content": r["text"]},
                             {"role": "assistant", "content": json.dumps({"intent": r["category"]})}]}
               for r in rows]
    for position, answer in (change or {}).items():
        records[position]["messages"][1]["content"] = answer
    path = tmp_path / "banking_chats.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def intent_schema(tmp_path: Path) -> Path:
    with (DATA / "banking77_10_labels.csv").open(encoding="utf-8", newline="") as handle:
        labels = sorted({r["category"] for r in csv.DictReader(handle)})
    path = tmp_path / "intent.schema.json"
    path.write_text(json.dumps({"type": "object", "required": ["intent"], "additionalProperties": False,
                                "properties": {"intent": {"enum": labels}}}), encoding="utf-8")
    return path


def da501(result) -> list[dict]:
    return [f for f in json.loads(result.stdout)["findings"] if f["code"] == "DA501"]


def test_violations_are_errors_that_fail_the_gate(run_cli, tmp_path):
    path = banking_chats(tmp_path, {3: json.dumps({"intent": "refund_please"}), 7: "activate my card",
                                    11: json.dumps({"intent": "card_arrival", "confidence": 0.9})})
    result = run_cli("scan", path, "--answer-schema", intent_schema(tmp_path), "--embedder", "none",
                     "--rules", "none", "--threshold", "1", "--json", "-")
    assert_ran(result)
    assert result.exit_code == 1, "an error finding fails the gate even above the threshold"
    found = {f["rows"][0]: f for f in da501(result)}
    assert sorted(found) == [3, 7, 11]
    assert all(f["severity"] == "error" for f in found.values())
    assert "violates it at `intent`: 'refund_please' is not one of" in found[3]["message"]
    assert "answer is prose: 'activate my card' — --answer-schema wants JSON" in found[7]["message"]
    assert "Additional properties are not allowed ('confidence' was unexpected)" in found[11]["message"]
    assert found[3]["message"].startswith("98 % of answers (247 of 250) follow --answer-schema intent.schema.json")
    assert json.loads(result.stdout)["summary"]["effective_clean_count"] <= 247


def test_clean_file_passes_and_the_setting_is_reported(run_cli, tmp_path):
    schema = intent_schema(tmp_path)
    result = run_cli("scan", banking_chats(tmp_path), "--answer-schema", schema, "--embedder", "none",
                     "--rules", "none", "--threshold", "1", "--json", "-")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert da501(result) == []
    assert report["settings"]["answer_schema"] == str(schema)


def test_settings_file_key(run_cli, tmp_path):
    schema = intent_schema(tmp_path)
    config = tmp_path / "dataaudit.toml"
    config.write_text(f'answer_schema = "{schema.as_posix()}"\nembedder = "none"\nrules = "none"\nthreshold = 1\n')
    result = run_cli("scan", banking_chats(tmp_path, {0: "{}"}), "--config", config, "--json", "-")
    assert result.exit_code == 1
    assert [f["message"].split("; ")[1] for f in da501(result)] == [
        "row 0's answer violates it at the top level: 'intent' is a required property"]


@pytest.mark.parametrize("content,fragments", [
    (None, ["--answer-schema", "file not found"]),
    ('{"type": ', ["--answer-schema", "not valid JSON"]),
    ('["intent"]', ["--answer-schema", "a JSON Schema is an object"]),
    ('{"type": "objekt"}', ["--answer-schema", "not a valid JSON Schema", "at `type`"]),
    ('{"properties": {"intent": {"minLength": -1}}}', ["not a valid JSON Schema", "properties.intent.minLength"]),
])
def test_an_unusable_schema_is_exit_2(run_cli, tmp_path, content, fragments):
    schema = tmp_path / "schema.json"
    if content is not None:
        schema.write_text(content, encoding="utf-8")
    result = run_cli("scan", banking_chats(tmp_path), "--answer-schema", schema, "--embedder", "none")
    assert_usage_error(result, *fragments)


def test_a_directory_is_exit_2(run_cli, tmp_path):
    assert_usage_error(run_cli("scan", banking_chats(tmp_path), "--answer-schema", tmp_path), "not a file")


def test_a_table_has_no_answers_to_judge(run_cli, tmp_path):
    result = run_cli("scan", DATA / "banking77_slice.csv", "--answer-schema", intent_schema(tmp_path),
                     "--embedder", "none")
    assert_usage_error(result, "--answer-schema judges the answers of chat and instruction records", "table (csv)")


def test_library_settings_check_the_schema_before_reading_data(tmp_path):
    from dataaudit import audit
    from dataaudit.errors import ConfigError

    with pytest.raises(ConfigError, match="file not found"):
        audit(tmp_path / "not_even_read.jsonl", {"answer_schema": str(tmp_path / "missing.json")})
