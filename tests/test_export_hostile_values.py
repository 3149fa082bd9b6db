"""Exports stay well-formed whatever the labels and texts hold, and the way back restores them.

Label Studio's config is XML: every label is a `Choice` a strict parser reads back exactly, or,
for a character XML 1.0 cannot hold (C0 controls but TAB/LF/CR, U+FFFE, U+FFFF), the documented
replacement (a control picture such as ␋, or U+FFFD) that `apply` maps back to the data's label.
Argilla's option values obey its server's limits (1-200 characters, no NUL, which PostgreSQL
cannot store) by the same replacement, plus a cut for long labels.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

HOSTILE_LABELS = [
    "cdata]]>end", "vertical\x0btab", "nul\x00byte", "line\nbreak", "cr\rlabel", "tab\tlabel",
    'quote"&<amp>\'', "non\ufffecharacter", "esc\x1b[31mred", "$dollar", "x" * 240, "plain",
]
# How each label looks in a tool, by the rule the README documents.
IN_XML = {"vertical\x0btab": "vertical\u240btab", "nul\x00byte": "nul\u2400byte",
          "non\ufffecharacter": "non\ufffdcharacter", "esc\x1b[31mred": "esc\u241b[31mred"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """A JSONL file whose every label is hostile and flagged (each text appears twice, with two
    labels), and its saved report."""
    from click.testing import CliRunner

    from dataaudit.cli import main

    folder = tmp_path_factory.mktemp("hostile")
    lines = []
    for n, label in enumerate(HOSTILE_LABELS):
        other = HOSTILE_LABELS[(n + 1) % len(HOSTILE_LABELS)]
        text = f"request number {n} with\x0ba control\x00 character"
        lines += [json.dumps({"text": text, "label": label}), json.dumps({"text": text, "label": other}),
                  json.dumps({"text": f"an unrelated sentence {n} about {label[:3]}", "label": label})]
    data = folder / "train.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    saved = folder / "report.json"
    result = CliRunner().invoke(main, ["scan", str(data), "--embedder", "none", "--json", str(saved), "-q",
                                       "--threshold", "1"])
    assert result.exit_code in (0, 1), result.output
    return data, saved


def test_label_studio_config_is_well_formed_and_reads_back(run_cli, hostile, tmp_path):
    data, saved = hostile
    result = run_cli("export", saved, "--to", "label-studio", "-o", tmp_path / "ls")
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "ls" / "label_config.xml").read_bytes()
    config = ET.fromstring(raw)  # expat: a strict, non-recovering parser
    labels = [c.get("value") for c in next(c for c in config.iter("Choices") if c.get("name") == "label")]
    assert sorted(labels) == sorted(IN_XML.get(label, label) for label in HOSTILE_LABELS)
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    for task in tasks:  # what a task shows or predicts is a choice the config offers
        for result_ in task.get("predictions", [{}])[0].get("result", []):
            if result_["from_name"] == "label":
                assert set(result_["value"]["choices"]) <= set(labels)


@pytest.mark.parametrize("label", HOSTILE_LABELS, ids=range(len(HOSTILE_LABELS)))
def test_a_label_chosen_in_label_studio_comes_back_exactly(run_cli, hostile, tmp_path, label):
    data, saved = hostile
    run_cli("export", saved, "--to", "label-studio", "-o", tmp_path / "ls")
    config = ET.fromstring((tmp_path / "ls" / "label_config.xml").read_bytes())
    offered = [c.get("value") for c in next(c for c in config.iter("Choices") if c.get("name") == "label")]
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    task = next(t for t in tasks if t["data"]["current_label"] != IN_XML.get(label, label))
    choice = IN_XML.get(label, label)
    assert choice in offered
    task["annotations"] = [{"id": 1, "was_cancelled": False, "updated_at": "2026-12-01T10:00:00Z", "result": [
        {"from_name": "action", "to_name": "text", "type": "choices", "value": {"choices": ["relabel"]}},
        {"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": [choice]}}]}]
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps([task]), encoding="utf-8")
    out = tmp_path / "clean.jsonl"
    result = run_cli("apply", data, exported, "-o", out)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[int(task["data"]["row_id"])]["label"] == label


def test_argilla_files_obey_its_limits_and_come_back_exactly(run_cli, hostile, tmp_path):
    data, saved = hostile
    result = run_cli("export", saved, "--to", "argilla", "-o", tmp_path / "ar")
    assert result.exit_code == 0, result.output
    settings = json.loads((tmp_path / "ar" / "settings.json").read_text(encoding="utf-8"))
    questions = {q["name"]: q for q in settings["questions"]}
    options = [o["value"] for o in questions["label"]["settings"]["options"]]
    assert len(options) == len(set(options)) == len(HOSTILE_LABELS)
    for value in options:
        assert 1 <= len(value) <= 200 and "\x00" not in value
    records = json.loads((tmp_path / "ar" / "records.json").read_text(encoding="utf-8"))
    for record in records:
        assert "\x00" not in record["fields"]["text"] and "\x00" not in record["metadata"]["current_label"]
        if "label" in record["suggestions"]:
            assert record["suggestions"]["label"]["value"] in options
    long_option = next(o for o in options if o.startswith("xxxx"))
    for label, option in (("x" * 240, long_option), ("nul\x00byte", "nul\u2400byte")):
        record = next(r for r in records if r["metadata"]["current_label"] != option)
        record["responses"] = {"action": [{"value": "relabel", "user_id": "u-1"}],
                               "label": [{"value": option, "user_id": "u-1"}]}
        exported = tmp_path / "annotated.json"
        exported.write_text(json.dumps([record]), encoding="utf-8")
        out = tmp_path / "clean.jsonl"
        assert run_cli("apply", data, exported, "-o", out).exit_code == 0
        cleaned = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert cleaned[int(record["id"])]["label"] == label


def test_a_file_with_fewer_than_two_labels_exports_no_empty_label_question(run_cli, write, tmp_path):
    data = write("one.csv", "text,label\nhello there,greet\nhello there,greet\nbye now,greet\n")
    saved = tmp_path / "one.json"
    run_cli("scan", data, "--embedder", "none", "--json", saved, "-q")
    assert run_cli("export", saved, "--to", "argilla", "-o", tmp_path / "ar").exit_code == 0
    settings = json.loads((tmp_path / "ar" / "settings.json").read_text())
    for question in settings["questions"]:
        if question["type"] == "label_selection":
            assert len(question["settings"]["options"]) >= 2
    assert run_cli("export", saved, "--to", "label-studio", "-o", tmp_path / "ls").exit_code == 0
    config = ET.fromstring((tmp_path / "ls" / "label_config.xml").read_bytes())
    for choices in config.iter("Choices"):
        assert len(list(choices)) >= 1
