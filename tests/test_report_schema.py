"""The JSON report against its published JSON Schema (`dataaudit schema`): every report shape
the scan writes validates, and the schema rejects what a pipeline must not be handed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "voice_agent_intents.csv"
DATA = ROOT / "tests" / "data"
GOLDEN_INPUTS = ROOT / "tests" / "golden" / "inputs"


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    from click.testing import CliRunner

    from dataaudit.cli import main

    printed = CliRunner().invoke(main, ["schema"]).stdout
    schema = json.loads(printed)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


SCANS = {
    "sample": [SAMPLE, "--embedder", "none", "--min-per-label", "20"],
    "sample_minilm_against": [SAMPLE, "--against", GOLDEN_INPUTS / "eval_intents.csv"],
    "chat": [DATA / "glaive_toolcall_en_demo.json", "--embedder", "none"],
    "instruction": [DATA / "v1_sft_demo.jsonl", "--embedder", "none"],
    "annotators": [GOLDEN_INPUTS / "annotations_long.csv", "--annotator-col", "annotator", "--id-col", "item",
                   "--embedder", "none"],
    "sources": [SAMPLE, "--embedder", "none", "--source-col", "speaker"],
    "ids": [DATA / "banking77_slice.csv", "--embedder", "none", "--threshold", "10"],
    "production": [DATA / "banking77_10_labels.csv", "--production", DATA / "banking77_production.csv",
                   "--min-coverage", "0.5"],
}


@pytest.mark.parametrize("name", list(SCANS))
def test_every_report_shape_validates(run_cli, schema, tmp_path, name):
    out = tmp_path / "r.json"
    result = run_cli("scan", *SCANS[name], "--json", out, "-q")
    assert result.exit_code in (0, 1), result.output
    jsonschema.validate(json.loads(out.read_text()), schema)


def test_a_report_with_a_baseline_validates(run_cli, schema, tmp_path):
    run_cli("scan", SAMPLE, "--embedder", "none", "--json", tmp_path / "a.json", "-q")
    run_cli("scan", SAMPLE, "--embedder", "none", "--baseline", tmp_path / "a.json", "--json", tmp_path / "b.json",
            "-q")
    report = json.loads((tmp_path / "b.json").read_text())
    assert "baseline" in report
    jsonschema.validate(report, schema)


@pytest.mark.parametrize("break_it", [
    lambda r: r.pop("summary"),
    lambda r: r["summary"].__setitem__("effective_clean_count", -1),
    lambda r: r["findings"][0].__setitem__("score", 1.5),
    lambda r: r["findings"][0]["actions"][0].__setitem__("do", "delete"),
    lambda r: r["findings"][0].__setitem__("key", "not-a-key"),
    lambda r: r["checks"][0].__setitem__("status", "maybe"),
    lambda r: r.__setitem__("schema_version", 2),
])
def test_the_schema_rejects_a_broken_report(run_cli, schema, tmp_path, break_it):
    run_cli("scan", SAMPLE, "--embedder", "none", "--json", tmp_path / "r.json", "-q")
    report = json.loads((tmp_path / "r.json").read_text())
    broken = copy.deepcopy(report)
    break_it(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
