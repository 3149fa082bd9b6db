"""`dataaudit export --to label-studio|argilla` and reading those tools' exports back with `apply`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"


@pytest.fixture
def saved(sample_report) -> Path:
    return sample_report


def _flagged_ids(saved: Path) -> list[str]:
    report = json.loads(saved.read_text())
    flagged = {str(r) for f in report["findings"] for r in f["rows"]}
    return [str(r["row_id"]) for r in report["rows"] if str(r["row_id"]) in flagged]


def test_label_studio_tasks_and_config(run_cli, saved, tmp_path):
    result = run_cli("export", saved, "--to", "label-studio", "-o", tmp_path / "ls")
    assert result.exit_code == 0, result.output
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text())
    assert [t["data"]["row_id"] for t in tasks] == _flagged_ids(saved)
    config = ET.fromstring((tmp_path / "ls" / "label_config.xml").read_text())
    controls = {c.get("name"): c for c in config.iter("Choices")}
    assert set(controls) == {"action", "label"}
    assert [c.get("value") for c in controls["action"]] == ["keep", "drop", "relabel", "edit"]
    labels = {c.get("value") for c in controls["label"]}
    assert {"greeting", "payment_failed"} <= labels
    assert config.find("Text").get("value") == "$text" and config.find("TextArea").get("name") == "new_text"
    for task in tasks:  # every prediction names a control of the config and a choice it offers
        assert {"text", "row_id", "current_label", "finding", "finding_keys"} <= set(task["data"])
        for result_ in task.get("predictions", [{}])[0].get("result", []):
            assert result_["to_name"] == "text" and result_["type"] == "choices"
            offered = {c.get("value") for c in controls[result_["from_name"]]}
            assert set(result_["value"]["choices"]) <= offered
    mislabeled = next(t for t in tasks if "DA203" in t["data"]["codes"])
    chosen = {r["from_name"]: r["value"]["choices"][0] for r in mislabeled["predictions"][0]["result"]}
    assert chosen["action"] == "relabel" and chosen["label"] != mislabeled["data"]["current_label"]
    duplicate = next(t for t in tasks if t["data"]["codes"] == "DA101" and t["data"]["excluded"])
    assert duplicate["predictions"][0]["result"][0]["value"]["choices"] == ["drop"]


def test_a_label_studio_export_is_applied(run_cli, saved, tmp_path):
    run_cli("export", saved, "--to", "label-studio", "-o", tmp_path / "ls")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text())
    # What Label Studio's JSON export holds once annotated: the tasks, each with its annotations.
    answers = {0: [("action", "drop")], 1: [("action", "relabel"), ("label", "goodbye")],
               2: [("label", "greeting")], 3: [("action", "keep")]}
    for number, task in enumerate(tasks[:5]):
        task["id"] = number + 1
        task["annotations"] = [] if number not in answers else [
            {"id": 10 + number, "completed_by": {"id": 1, "email": "asha@example.org"}, "was_cancelled": False,
             "updated_at": "2026-12-01T10:00:00Z",
             "result": [{"from_name": name, "to_name": "text", "type": "choices", "value": {"choices": [value]}}
                        for name, value in answers[number]]}]
    tasks[4]["annotations"] = [{"was_cancelled": True, "result": [
        {"from_name": "action", "to_name": "text", "type": "choices", "value": {"choices": ["drop"]}}]}]
    exported = tmp_path / "project-1-at-2026-12-01.json"
    exported.write_text(json.dumps(tasks[:5]))
    result = run_cli("apply", SAMPLE, exported, "-o", tmp_path / "clean.csv")
    assert result.exit_code == 0, result.output
    trail = [json.loads(line) for line in (tmp_path / "clean.changes.jsonl").read_text().splitlines()]
    ids = [t["data"]["row_id"] for t in tasks[:3]]
    label_of_2 = tasks[2]["data"]["current_label"]
    expected = [(int(ids[0]), "drop"), (int(ids[1]), "relabel:goodbye")]
    if label_of_2 != "greeting":
        expected.append((int(ids[2]), "relabel:greeting"))
    assert [(t["row"], t["decision"]) for t in trail] == expected
    assert trail[0]["who"] == "asha@example.org" and trail[0]["when"] == "2026-12-01T10:00:00Z"


def test_argilla_settings_and_records(run_cli, saved, tmp_path):
    result = run_cli("export", saved, "--to", "argilla", "-o", tmp_path / "ar")
    assert result.exit_code == 0, result.output
    settings = json.loads((tmp_path / "ar" / "settings.json").read_text())
    questions = {q["name"]: q for q in settings["questions"]}
    assert [o["value"] for o in questions["action"]["settings"]["options"]] == ["keep", "drop", "relabel", "edit"]
    assert questions["label"]["type"] == "label_selection" and questions["new_text"]["type"] == "text"
    assert [f["name"] for f in settings["fields"]] == ["text"]
    records = json.loads((tmp_path / "ar" / "records.json").read_text())
    assert [r["id"] for r in records] == _flagged_ids(saved)
    mislabeled = next(r for r in records if "DA203" in r["metadata"]["codes"])
    assert mislabeled["suggestions"]["action"]["value"] == "relabel"
    assert mislabeled["suggestions"]["label"]["value"] in [o["value"] for o in questions["label"]["settings"]["options"]]
    loader = (tmp_path / "ar" / "load_into_argilla.py").read_text()
    compile(loader, "load_into_argilla.py", "exec")
    assert "rg.Settings.from_json" in loader and "records.from_json" in loader


def test_an_argilla_records_export_is_applied(run_cli, saved, tmp_path):
    run_cli("export", saved, "--to", "argilla", "-o", tmp_path / "ar")
    records = json.loads((tmp_path / "ar" / "records.json").read_text())[:3]
    records[0]["responses"] = {"action": [{"value": "drop", "user_id": "u-1"}]}
    records[1]["responses"] = {"action": [{"value": "edit", "user_id": "u-2"}],
                               "new_text": [{"value": "hello, is anyone on the line?", "user_id": "u-2"}]}
    exported = tmp_path / "annotated.json"
    exported.write_text(json.dumps(records))
    result = run_cli("apply", SAMPLE, exported, "-o", tmp_path / "clean.csv")
    assert result.exit_code == 0, result.output
    trail = [json.loads(line) for line in (tmp_path / "clean.changes.jsonl").read_text().splitlines()]
    assert [(str(t["row"]), t["decision"], t["who"]) for t in trail] == [
        (records[0]["id"], "drop", "u-1"), (records[1]["id"], "edit", "u-2")]
    assert trail[1]["after"]["text"] == "hello, is anyone on the line?"


def test_an_unknown_json_export_is_exit_2(run_cli, write, tmp_path):
    bad = write("export.json", json.dumps([{"foo": 1}]))
    result = run_cli("apply", SAMPLE, bad, "-o", tmp_path / "o.csv")
    assert result.exit_code == 2
    assert "neither a Label Studio export" in result.stderr
