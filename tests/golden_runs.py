"""Golden JSON reports: what dataaudit answers on the sample data, every case table, chat,
annotator and --against files, frozen so that a refactor can prove it changed nothing.

    python tests/golden_runs.py           # rewrite tests/golden/*.json from the current code
    python tests/golden_runs.py NAME ...  # only these

Only do that on purpose (a change that is meant to change results), and say so in the
commit. tests/test_golden_reports.py compares the current code with the files.
"""

from __future__ import annotations

import copy
import functools
import csv
import json
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
INPUTS = GOLDEN / "inputs"
# Fields the redesign adds; they are not in the frozen reports.
NEW_FINDING_FIELDS = ("key", "actions")
NEW_TOP_FIELDS = ("rows", "run")


def _report(path: Path, executor=None, **settings: Any) -> dict:
    """The scan's JSON report as a dict; `executor`: what runs it (None: the default, local)."""
    from dataaudit import api
    from dataaudit.report.json_report import render_json
    from dataaudit.config import Settings

    report = api.audit(path, Settings(**settings), executor=executor)
    data = json.loads(render_json(report))
    data["dataset"]["path"] = _relative(data["dataset"]["path"])
    if data["settings"].get("against"):
        data["settings"]["against"] = _relative(data["settings"]["against"])
    return data


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return Path(path).name  # a case table's temporary file


def _in_checkout(report: Callable[[], dict]) -> Callable[[], dict]:
    def run() -> dict:
        here = Path.cwd()
        os.chdir(ROOT)
        try:
            return report()
        finally:
            os.chdir(here)

    return run


def file_runs(executor=None) -> dict[str, Callable[[], dict]]:
    report = functools.partial(_report, executor=executor)
    # Relative to the checkout (runs happen there): messages that name a file read the same anywhere.
    sample, data, inputs = Path("sample_data"), Path("tests") / "data", INPUTS.relative_to(ROOT)
    return {name: _in_checkout(run) for name, run in {
        "sample_voice_agent": lambda: report(sample / "voice_agent_intents.csv"),
        # The default embedder: with e5 one pair sits at exactly the 0.92 cross-script threshold, and
        # e5's vectors differ by ~2e-4 between CPUs (AVX-512 vs AVX2), so the golden would depend on the machine.
        "sample_voice_agent_sources": lambda: report(sample / "voice_agent_intents.csv", source_column="speaker"),
        "sample_clean": lambda: report(sample / "clean_intents.csv", threshold=100),
        "chat_openai": lambda: report(data / "openai_chat_toy.jsonl", threshold=1),
        "chat_llamafactory_messages": lambda: report(data / "v1_sft_demo.jsonl", threshold=1),
        "chat_sharegpt": lambda: report(data / "glaive_toolcall_en_demo.json", threshold=1),
        "chat_alpaca": lambda: report(data / "identity.json", threshold=1),
        "banking77_slice": lambda: report(data / "banking77_slice.csv", threshold=10, min_per_label=5),
        "annotators_long": lambda: report(inputs / "annotations_long.csv", annotator_column="annotator",
                                           id_column="item", threshold=10),
        "annotators_wide": lambda: report(inputs / "annotations_wide.csv", label_columns=("asha", "ravi", "meena"),
                                           threshold=10),
        "against": lambda: report(sample / "voice_agent_intents.csv", against=str(inputs / "eval_intents.csv"),
                                   embedder="none"),
    }.items()}


def case_runs(executor=None) -> dict[str, Callable[[], dict]]:
    """Every case of every tests/cases table, run as test_check_cases runs it."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_check_cases import CASES, write_records_jsonl, write_rows_csv, write_schema

    runs = {}
    for param in CASES:
        code, case = param.values
        runs[f"{code}-{case['name']}"] = (lambda case=case: _case_report(case, write_rows_csv, write_records_jsonl,
                                                                                   write_schema, executor))
    return runs


def _case_report(case: dict, write_rows_csv, write_records_jsonl, write_schema, executor=None) -> dict:
    given = {k: tuple(v) if isinstance(v, list) else v for k, v in case.get("settings", {}).items()}
    if "format" in case:  # rows are chat/instruction records
        given["format"] = case["format"]
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # relative paths: messages that name the files read the same on every run
        try:
            path = (write_records_jsonl(Path("rows.jsonl"), case["rows"]) if "format" in case
                    else write_rows_csv(Path("rows.csv"), case["rows"]))
            if "against" in case:
                given["against"] = str(write_rows_csv(Path("eval.csv"), case["against"]))
            if "answer_schema" in case:
                given["answer_schema"] = str(write_schema(Path("answer_schema.json"), case["answer_schema"]))
            return _report(path, executor, **{"embedder": "none", **given})
        finally:
            os.chdir(here)


def comparable(report: dict) -> dict:
    """A report without timings and without the fields added after the files were frozen."""
    report = copy.deepcopy(report)
    for field in NEW_TOP_FIELDS:
        report.pop(field, None)
    for check in report.get("checks", []):
        check.pop("seconds", None)
    for finding in report.get("findings", []):
        for field in NEW_FINDING_FIELDS:
            finding.pop(field, None)
    return report


def make_inputs() -> None:
    """The annotator and eval files (written once, committed; regenerate only on purpose)."""
    INPUTS.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    # Five BANKING77 intents, 12 texts each (read from ../shared/data once; the files are committed).
    with (ROOT.parent / "shared" / "data" / "banking77" / "train.csv").open(encoding="utf-8", newline="") as handle:
        everything = list(csv.DictReader(handle))
    labels = ["card_arrival", "card_not_working", "exchange_rate", "lost_or_stolen_card", "top_up_failed"]
    rows = [r for label in labels for r in rng.sample([r for r in everything if r["category"] == label], 12)]
    annotators = {"asha": 0.05, "ravi": 0.15, "meena": 0.4}

    def vote(truth: str, error: float) -> str:
        return rng.choice([l for l in labels if l != truth]) if rng.random() < error else truth

    with (INPUTS / "annotations_long.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["item", "text", "label", "annotator"])
        for k, row in enumerate(rows):
            for name in rng.sample(sorted(annotators), 2 if k % 4 == 0 else 3):
                writer.writerow([f"b{k:03d}", row["text"], vote(row["category"], annotators[name]), name])
    with (INPUTS / "annotations_wide.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", *annotators])
        for row in rows:
            writer.writerow([row["text"], *(vote(row["category"], e) for e in annotators.values())])
    with (ROOT / "sample_data" / "voice_agent_intents.csv").open(encoding="utf-8", newline="") as handle:
        sample = list(csv.DictReader(handle))
    with (INPUTS / "eval_intents.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        for row in rng.sample(sample, 25):
            writer.writerow([row["text"], row["label"]])
        writer.writerow(["an eval question nobody asked in training", "other"])


def all_runs(executor=None) -> dict[str, Callable[[], dict]]:
    """Every golden run, by name; `executor`: what runs the scans (None: the default, local)."""
    return {**file_runs(executor), **case_runs(executor)}


def close(actual, expected, where="report"):
    """Asserts two reports (or parts) are equal, numbers to 1e-3 (embeddings differ in the last
    float bits between CPUs and batchings)."""
    import pytest

    if isinstance(expected, float) or isinstance(actual, float):
        assert isinstance(actual, (int, float)) and actual == pytest.approx(expected, abs=1e-3), where
    elif isinstance(expected, dict):
        assert isinstance(actual, dict) and list(actual) == list(expected), f"{where}: keys differ"
        for key in expected:
            close(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: lengths differ"
        for index, (a, e) in enumerate(zip(actual, expected)):
            close(a, e, f"{where}[{index}]")
    else:
        assert actual == expected, where


def dumps(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def golden_file(name: str) -> Path:
    return GOLDEN / f"{name}.json"


def main(names: list[str]) -> None:
    """Rewrite every golden, or only those named (python tests/golden_runs.py NAME ...)."""
    if not (INPUTS / "annotations_long.csv").exists():
        make_inputs()
    runs = all_runs()
    unknown = set(names) - set(runs)
    if unknown:
        raise SystemExit(f"no golden run named {', '.join(sorted(unknown))}")
    for name, run in runs.items():
        if names and name not in names:
            continue
        golden_file(name).write_text(dumps(comparable(run())), encoding="utf-8")
        print("wrote", golden_file(name).relative_to(ROOT))


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("DATAAUDIT_CACHE_DIR", tempfile.mkdtemp(prefix="dataaudit-golden-cache-"))
    main(sys.argv[1:])
