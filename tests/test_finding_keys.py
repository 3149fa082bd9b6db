"""A finding's key comes from content: the same problem gets the same key across runs, after
the rows are shuffled or renumbered, and after unrelated rows are appended."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

SAMPLE = Path(__file__).parents[1] / "sample_data" / "voice_agent_intents.csv"
# Statistical checks (DA203's classifier) may change their mind when the data changes.
FAST = ("--embedder", "none", "--ignore", "DA203", "--exit-zero")


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _write(path: Path, header, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _keys(run_cli, path: Path, tmp_path: Path, *args) -> dict[str, dict]:
    out = tmp_path / f"{path.stem}.json"
    result = run_cli("scan", path, *FAST, "--json", out, *args)
    assert result.exit_code == 0, result.output
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    keys = {f["key"]: f for f in findings}
    assert len(keys) == len(findings), "keys are unique within a report"
    return keys


def test_keys_survive_shuffling_and_renumbering(run_cli, tmp_path):
    header, rows = _rows(SAMPLE)
    before = _keys(run_cli, SAMPLE, tmp_path)
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    after = _keys(run_cli, _write(tmp_path / "shuffled.csv", header, shuffled), tmp_path)
    assert set(after) == set(before)
    text = header.index("text")
    by_position = {str(p): r[text] for p, r in enumerate(rows)}
    by_position_after = {str(p): r[text] for p, r in enumerate(shuffled)}
    for key, finding in before.items():  # the same key names the same rows' texts
        assert sorted(by_position[str(r)] for r in finding["rows"]) == \
            sorted(by_position_after[str(r)] for r in after[key]["rows"])


def test_keys_survive_appended_unrelated_rows(run_cli, tmp_path):
    header, rows = _rows(SAMPLE)
    before = _keys(run_cli, SAMPLE, tmp_path)
    width = len(header)
    extra = []
    for k, sentence in enumerate(["the quarterly tax form is due in april", "my bicycle chain keeps slipping off",
                                  "which glaze suits stoneware pottery best", "how many rooks does a chess set hold"]):
        row = [""] * width
        row[header.index("text")], row[header.index("label")] = sentence, "unrelated_topic"
        extra.append(row)
    after = _keys(run_cli, _write(tmp_path / "grown.csv", header, rows + extra), tmp_path)
    assert set(before) <= set(after), sorted(set(before) - set(after))


def test_row_ids_do_not_change_keys(run_cli, tmp_path):
    header, rows = _rows(SAMPLE)
    with_ids = _write(tmp_path / "ids.csv", ["uid", *header], [[f"u{p:04d}", *r] for p, r in enumerate(rows)])
    assert set(_keys(run_cli, with_ids, tmp_path, "--id-col", "uid")) == set(_keys(run_cli, SAMPLE, tmp_path))


def test_a_different_label_is_a_different_problem(run_cli, write, tmp_path):
    first = _keys(run_cli, write("a.csv", "text,label\nplease cancel it,cancel\nplease cancel it,cancel\n"), tmp_path)
    second = _keys(run_cli, write("b.csv", "text,label\nplease cancel it,refund\nplease cancel it,refund\n"), tmp_path)
    assert not set(first) & set(second)
