"""Flagged rows for the annotation tools teams already use, and their annotations read back.

Label Studio: a task list (`tasks.json`: `data.text`, `data.row_id`, the current label, the
reason, and dataaudit's suggestion as a `predictions` entry for the `label` choices) and
the labeling config (`label_config.xml`: the text, an `action` choice — keep, drop,
relabel, edit —, the `label` choices and a `new_text` box). Its JSON export of annotated
tasks is read back by `data.row_id`: the latest annotation that was not cancelled.

Argilla 2.x: `settings.json` (a `text` field, `action` and `label` questions, a `new_text`
text question, metadata to filter by check and label), `records.json` (records with the
row id as `id`, `suggestions` and `metadata`) and `load_into_argilla.py`, which creates
the dataset on a server. Its records export (`dataset.records.to_json`) is read back from
each record's `responses`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional
from xml.sax.saxutils import quoteattr

from ..errors import InputError
from ..report.flagged import flagged_rows
from ..version import __version__
from .decisions import Decision, parse_decision
from .tool_values import tool_labels, tool_text

ACTIONS = ("keep", "drop", "relabel", "edit")


def export_files(report, tool: str) -> dict[str, str]:
    """The files of an export (name -> content) for `tool`: label-studio or argilla."""
    rows = flagged_rows(report)
    actions: dict = {}
    for finding in report.findings:
        for action in finding.actions:
            actions.setdefault(action.row, []).append(action)
    for row in rows:
        row["_suggested"] = suggested_decision(actions.get(row["row_id"], []))
    if tool not in ("label-studio", "argilla"):
        raise InputError(f"--to {tool}: use label-studio or argilla.")
    labels = sorted({lc.label for lc in report.labels} | {s for r in rows for s in r["suggested_label"]}
                    | {r["label"] for r in rows if r["label"]})
    forms = tool_labels(labels, tool)  # what the tool can hold: fixes/tool_values.py
    offered = sorted(set(forms.values())) if len(forms) >= 2 else []  # one label leaves nothing to choose
    for row in rows:
        action, label = row["_suggested"]
        row["_suggested"] = (None, None) if action == "relabel" and not offered else \
            (action, forms[label] if label and offered else None)
        row["_label"] = forms.get(row["label"], "") if row["label"] else ""
    if tool == "label-studio":
        return {"tasks.json": _json([_task(row, report) for row in rows]),
                "label_config.xml": label_studio_config(offered)}
    return {"settings.json": _json(argilla_settings(offered, rows)),
            "records.json": _json([_record(row) for row in rows]),
            "load_into_argilla.py": ARGILLA_LOADER}


def suggested_decision(actions: list) -> tuple[Optional[str], Optional[str]]:
    """(action, label) a row's actions suggest, to pre-fill the annotator's choice: a drop
    for an extra copy or a rule error, a relabel with its label, keep for the copy a group keeps;
    nothing when the row waits for a person's judgement (a conflict with no majority)."""
    if any(a.do == "drop" for a in actions):
        return "drop", None
    labels = [a.label for a in actions if a.do in ("relabel", "review") and a.label]
    if labels:
        return "relabel", labels[0]
    if actions and all(a.do == "keep" for a in actions):
        return "keep", None
    return None, None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _reason(row: dict) -> str:
    """Why the row was flagged: each finding's message."""
    return tool_text(" | ".join(row["message"]))


def _task(row: dict, report) -> dict:
    task = {"data": {"text": tool_text(row["text"]), "row_id": str(row["row_id"]), "current_label": row["_label"],
                     "finding": _reason(row), "suggested_action": tool_text(" | ".join(row["suggested_action"])),
                     "codes": " ".join(row["codes"]), "finding_keys": " ".join(row["finding_keys"]),
                     "excluded": row["excluded"]}}
    action, label = row["_suggested"]
    result = []
    if action:
        result.append({"id": f"{row['row_id']}-action", "from_name": "action", "to_name": "text", "type": "choices",
                       "value": {"choices": [action]}})
    if label:
        result.append({"id": f"{row['row_id']}-label", "from_name": "label", "to_name": "text", "type": "choices",
                       "value": {"choices": [label]}})
    if result:
        task["predictions"] = [{"model_version": f"dataaudit-{__version__}", "result": result}]
    return task


def label_studio_config(labels: list[str]) -> str:
    """The labeling config for `labels` (their tool forms: no character XML 1.0 forbids); with
    none to choose between, no label control and no relabel action."""
    choices = "\n".join(f"    <Choice value={quoteattr(label)}/>" for label in labels)
    actions = "\n".join(f"    <Choice value={quoteattr(a)}/>" for a in _actions(labels))
    label_control = (f'  <Choices name="label" toName="text" choice="single" showInLine="true">\n{choices}\n'
                     '  </Choices>\n') if labels else ""
    return f"""<View>
  <Header value="$finding"/>
  <Text name="text" value="$text"/>
  <Header value="Current label: $current_label"/>
  <Choices name="action" toName="text" choice="single" showInLine="true">
{actions}
  </Choices>
{label_control}  <TextArea name="new_text" toName="text" rows="3" maxSubmissions="1" placeholder="corrected text (for edit)"/>
</View>
"""


def argilla_settings(labels: list[str], rows: list[dict]) -> dict:
    """Settings in the shape `rg.Settings.to_json` writes (argilla 2.x), so `rg.Settings.from_json` reads them."""
    codes = sorted({c for r in rows for c in r["codes"]})
    return {
        "guidelines": "dataaudit flagged these rows. Choose an action: keep, drop, relabel (pick the label) or "
                      "edit (write the corrected text). The finding in the metadata says why the row was flagged.",
        "questions": [_label_question("action", _actions(labels), True)]
                     + ([_label_question("label", labels, False)] if labels else [])
                     + [{**_unsaved("new_text"), "settings": {"type": "text", "use_markdown": False},
                       "title": "new_text", "description": "the corrected text, for edit", "required": False,
                       "dataset_id": None, "type": "text"}],
        "fields": [{**_unsaved("text"), "settings": {"type": "text", "use_markdown": False}, "title": "text",
                    "required": True, "description": None, "dataset_id": None, "type": "text"}],
        "vectors": [],
        "metadata": [_terms("current_label", sorted(set(labels) | {r["_label"] for r in rows if r["_label"]})),
                     _terms("codes", codes)],
        "allow_extra_metadata": True,
        "distribution": {"strategy": "overlap", "min_submitted": 1},
        "mapping": None,
    }


def _actions(labels: list[str]) -> list[str]:
    return [a for a in ACTIONS if a != "relabel" or labels]


def _unsaved(name: str) -> dict:
    return {"id": None, "inserted_at": None, "updated_at": None, "name": name}


def _label_question(name: str, options: list[str], required: bool) -> dict:
    return {**_unsaved(name), "settings": {"type": "label_selection",
                                           "options": [{"text": o, "value": o} for o in options],
                                           "visible_options": None},
            "title": name, "description": None, "required": required, "dataset_id": None, "type": "label_selection"}


def _terms(name: str, values: list[str]) -> dict:
    return {**_unsaved(name), "settings": {"visible_for_annotators": True, "type": "terms",
                                           "values": values or None},  # the server takes 1 or more, or none
            "title": name, "visible_for_annotators": True, "dataset_id": None}


def _record(row: dict) -> dict:
    suggestions = {}
    action, label = row["_suggested"]
    agent = f"dataaudit-{__version__}"
    if action:
        suggestions["action"] = {"value": action, "score": None, "agent": agent}
    if label:
        suggestions["label"] = {"value": label, "score": None, "agent": agent}
    return {"id": str(row["row_id"]), "fields": {"text": tool_text(row["text"])},
            "metadata": {"current_label": row["_label"], "codes": row["codes"], "finding": _reason(row),
                         "finding_keys": row["finding_keys"], "excluded": row["excluded"]},
            "suggestions": suggestions, "responses": {}, "vectors": {}, "status": "pending", "_server_id": None}


ARGILLA_LOADER = '''"""Create an Argilla dataset from dataaudit's export: python load_into_argilla.py NAME
(set ARGILLA_API_URL and ARGILLA_API_KEY). When annotated, export the records with
    dataset.records.to_json("annotated.json")
and apply them: dataaudit apply DATA annotated.json -o cleaned.csv"""

import sys
from pathlib import Path

import argilla as rg

here = Path(__file__).resolve().parent
client = rg.Argilla()
dataset = rg.Dataset(name=sys.argv[1] if len(sys.argv) > 1 else "dataaudit-review",
                     settings=rg.Settings.from_json(here / "settings.json"), client=client)
dataset.create()
dataset.records.from_json(here / "records.json")
print(f"created {dataset.name} with the flagged rows")
'''


# --- reading annotations back ----------------------------------------------------------------

def read_tool_export(text: str, path: Path) -> list[Decision]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}).") from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError(f"{path}: expected a Label Studio JSON export or an Argilla records export (a list).")
    if data and "data" in data[0] and ("annotations" in data[0] or "predictions" in data[0]):
        return [d for i, task in enumerate(data) if (d := _from_task(task, f"{path} task {i}"))]
    if data and "fields" in data[0]:
        return [d for i, record in enumerate(data) if (d := _from_record(record, f"{path} record {i}"))]
    if not data:
        return []
    raise InputError(f"{path}: neither a Label Studio export (tasks with data and annotations) nor an Argilla "
                     "records export (records with fields and responses).")


def _from_task(task: dict, where: str) -> Optional[Decision]:
    data = task.get("data") or {}
    if "row_id" not in data:
        raise InputError(f"{where}: no data.row_id; export the tasks dataaudit created (they carry it).")
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not annotations:
        return None
    latest = max(annotations, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""),))
    answers = {}
    for result in latest.get("result") or []:
        value = result.get("value") or {}
        if "choices" in value and value["choices"]:
            answers[result.get("from_name")] = value["choices"][0]
        elif "text" in value and value["text"]:
            answers[result.get("from_name")] = value["text"][0] if isinstance(value["text"], list) else value["text"]
    who = latest.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return _decision(data["row_id"], data.get("text"), data.get("current_label"), answers, where,
                     who=None if who is None else str(who), when=latest.get("updated_at"),
                     keys=tuple(str(data.get("finding_keys", "")).split()))


def _from_record(record: dict, where: str) -> Optional[Decision]:
    responses = record.get("responses") or {}
    answers = {}
    who = None
    for question, given in responses.items():
        if isinstance(given, list) and given:
            answers[question] = given[-1].get("value")
            who = given[-1].get("user_id", who)
    if not answers:
        return None
    metadata = record.get("metadata") or {}
    fields = record.get("fields") or {}
    return _decision(record.get("id"), fields.get("text"), metadata.get("current_label"), answers, where,
                     who=None if who is None else str(who), when=None, keys=tuple(metadata.get("finding_keys") or ()))


def _decision(row_id, text, current_label, answers: dict, where: str, who, when, keys) -> Optional[Decision]:
    if row_id is None:
        raise InputError(f"{where}: no row id; export the records dataaudit created (they carry it).")
    action, label, new_text = answers.get("action"), answers.get("label"), answers.get("new_text")
    if isinstance(label, list):
        label = label[0] if label else None
    if action is None:  # only a label chosen: a relabel when it differs, else a keep
        action = "relabel" if label and label != current_label else ("keep" if label else None)
    if action is None:
        return None
    if action == "relabel":
        if not label:
            raise InputError(f"{where}: action relabel but no label chosen.")
        cell = f"relabel:{label}"
    else:
        cell = action
    parsed = parse_decision(cell, new_text, where)
    if parsed is None:
        return None
    do, label, edited = parsed
    return Decision(row_id=str(row_id), do=do, label=label, text=edited, seen_text=text, keys=keys, who=who,
                    when=when, where=where)
