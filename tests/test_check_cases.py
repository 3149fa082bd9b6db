"""The check catalogue's case tables (tests/cases/DA*.yaml), like sqlfluff's rule fixtures.

Each YAML file holds `code` and a list of `cases`:

    - name: chain_is_not_transitive
      settings: {near_duplicate_threshold: 0.85}   # optional Settings fields
      status: skipped                              # optional; default "ok"
      with: intents                                # optional: start with the file's shared_rows.intents
      rows:                                        # [text, label], {text, label}, or [text] (no label column);
                                                   # dicts with more keys write those columns too
        - ["please cancel my order", cancel]
      expected:                                    # this code's findings only, in any order
        - {keep: 0, excluded: [1], labels: [cancel], rows: [0, 1]}   # labels/rows optional
      also: {DA101: [...]}                         # optional: other codes' findings, same form
      against: [[text, label], ...]                # optional: the --against evaluation rows (DA301)
      format: openai-chat                          # optional: rows are chat/instruction records, written as JSONL
      answer_schema: {type: object, ...}           # optional: a JSON Schema, written beside the rows (--answer-schema)
      xfail: "why"                                 # optional: a known bug (strict xfail)
      effective_clean_count: 2                     # for the whole scan

`excluded` and `rows` compare as sets of row positions; `labels` as the ordered list
the finding reports. Besides the table, every duplicate finding of every case must be
honest: each excluded row's normalized text is within the threshold of the kept row's.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from dataaudit.engine import audit_dataset
from dataaudit.io import load_dataset
from dataaudit.similarity.near_pairs import similarity, undoubled
from dataaudit.similarity.social import is_social, strip_social
from dataaudit.config import Settings
from dataaudit.text import normalize

CASES_DIR = Path(__file__).parent / "cases"
CODES = ("DA001", "DA002", "DA101", "DA102", "DA103", "DA201", "DA202", "DA203", "DA204", "DA205", "DA206", "DA207",
         "DA301", "DA302", "DA501", "DA502", "DA503", "DA504", "DA505", "DA506", "DA507", "DA508")
EXTRA_KEYS = ("match", "eval_rows", "suggested_label", "consensus_label", "kind", "source", "benchmark", "item")
DUPLICATE_CHECKS = ("exact_duplicate", "near_duplicate")  # DA103 is checked by cosine in its own tests


def _load_cases() -> list[Any]:
    params = []
    for code in CODES:
        document = yaml.safe_load((CASES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
        assert document["code"] == code, f"{code}.yaml declares code {document['code']}"
        shared = document.get("shared_rows", {})
        for case in document["cases"]:  # `with: NAME` puts shared rows before the case's own
            if "with" in case:
                case["rows"] = list(shared[case["with"]]) + list(case.get("rows", []))
        names = [case["name"] for case in document["cases"]]
        assert len(names) == len(set(names)), f"{code}.yaml has duplicate case names"
        for case in document["cases"]:
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
            params.append(pytest.param(code, case, id=f"{code}-{case['name']}", marks=marks))
    return params


CASES = _load_cases()


def _row(row: Any) -> tuple[str, Any, bool]:
    """(text, label, has_label) from [text, label], [text] or {text, label}."""
    if isinstance(row, dict):
        return row["text"], row.get("label"), "label" in row
    if len(row) == 1:
        return row[0], None, False
    text, label = row
    return text, label, True


def write_rows_csv(path: Path, rows: list[Any]) -> Path:
    if isinstance(rows[0], dict) and set(rows[0]) - {"text", "label"}:
        # Extra columns (annotators' labels, a source): every row a dict with the same keys.
        header = list(rows[0])
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
            writer.writerow(header)
            writer.writerows(["" if row.get(k) is None else str(row[k]) for k in header] for row in rows)
        return path
    parsed = [_row(r) for r in rows]
    labeled = [has for _, _, has in parsed]
    assert all(labeled) or not any(labeled), "a case's rows must all have a label (maybe null) or none"
    with path.open("w", newline="", encoding="utf-8") as handle:
        # Quote every cell: a whitespace-only line would otherwise read as a blank line.
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        if labeled[0]:
            writer.writerow(["text", "label"])
            writer.writerows([text, "" if label is None else str(label)] for text, label, _ in parsed)
        else:
            writer.writerow(["text"])
            writer.writerows([text] for text, _, _ in parsed)
    return path


def write_records_jsonl(path: Path, records: list[dict]) -> Path:
    import json

    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_schema(path: Path, schema: dict) -> Path:
    import json

    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def run_case(tmp_path: Path, case: dict):
    # Surface and label checks are tested without embeddings (DA103 has its own table), and
    # without rule packs (tests/cases/rules.yaml has theirs).
    given = {k: tuple(v) if isinstance(v, list) else v for k, v in case.get("settings", {}).items()}
    if "format" in case:
        given["format"] = case["format"]
    if "answer_schema" in case:
        given["answer_schema"] = str(write_schema(tmp_path / "answer_schema.json", case["answer_schema"]))
    settings = Settings(**{"embedder": "none", "rules": ("none",), **given})
    path = (write_records_jsonl(tmp_path / "rows.jsonl", case["rows"]) if "format" in case
            else write_rows_csv(tmp_path / "rows.csv", case["rows"]))
    dataset = load_dataset(path, settings)
    if not settings.annotator_column:  # long format folds annotation rows into examples
        assert len(dataset) == len(case["rows"]), "the CSV round trip lost or added rows"
    against = None
    if "against" in case:  # DA301: the evaluation set's rows
        against = load_dataset(write_rows_csv(tmp_path / "eval.csv", case["against"]), settings)
    return dataset, settings, audit_dataset(dataset, settings, against=against)


def _shape(finding, expected: dict) -> dict:
    shape = {"keep": finding.keep, "excluded": sorted(finding.excluded)}
    if "labels" in expected:
        shape["labels"] = list(finding.labels)
    if "rows" in expected:
        shape["rows"] = sorted(finding.rows)
    for key in EXTRA_KEYS:  # check-specific extras
        if key in expected:
            value = finding.get(key)
            shape[key] = sorted(value) if isinstance(value, tuple) else value
    return shape


def _expected_shape(expected: dict) -> dict:
    shape = {"keep": expected["keep"], "excluded": sorted(expected["excluded"])}
    assert len(shape["excluded"]) == len(set(shape["excluded"])), "excluded is a set: no repeats"
    if "labels" in expected:
        shape["labels"] = list(expected["labels"])
    if "rows" in expected:
        shape["rows"] = sorted(set(expected["rows"]))
    for key in EXTRA_KEYS:
        if key in expected:
            shape[key] = sorted(expected[key]) if isinstance(expected[key], list) else expected[key]
    return shape


def _order(shape: dict):
    return (shape["keep"] is None, shape["keep"] if shape["keep"] is not None else -1, shape["excluded"],
            list(shape.get("labels", [])))


def assert_findings(report, code: str, expected: list[dict]) -> None:
    actual = [f for f in report.findings if f.code == code]
    assert len(actual) == len(expected), (
        f"{code}: expected {len(expected)} finding(s), got {len(actual)}: "
        + "; ".join(f"keep={f.keep} excluded={f.excluded} labels={f.labels}" for f in actual)
    )
    wanted = sorted((_expected_shape(e) for e in expected), key=_order)
    # Pair each expected finding with the actual one of the same keep/excluded.
    got = sorted(actual, key=lambda f: _order({"keep": f.keep, "excluded": sorted(f.excluded),
                                               **({"labels": list(f.labels)} if all("labels" in e for e in expected)
                                                  else {})}))
    assert [_shape(f, e) for f, e in zip(got, wanted)] == wanted


def assert_duplicates_are_honest(dataset, settings: Settings, report) -> None:
    """Every excluded row of a duplicate finding is within the threshold of its kept row."""
    normalized = [normalize(t) for t in dataset.compare_texts]  # what the duplicate checks compare
    if is_social(list(dict.fromkeys(dataset.compare_texts))):  # near matches judged with the markup set aside
        normalized = [normalize(strip_social(t)) or n for t, n in zip(dataset.compare_texts, normalized)]
    for finding in report.findings:
        if finding.check not in DUPLICATE_CHECKS:
            continue
        assert finding.keep is not None and finding.keep not in finding.excluded
        assert set(finding.rows) == {finding.keep, *finding.excluded}
        threshold = 1.0 if finding.check == "exact_duplicate" else settings.near_duplicate_threshold
        for row in finding.excluded:
            sim = similarity(normalized[finding.keep], normalized[row])
            assert sim >= threshold or undoubled(normalized[finding.keep]) == undoubled(normalized[row]), (
                f"{finding.code}: row {row} is excluded as a duplicate of row {finding.keep} "
                f"but their similarity is {sim:.3f} < {threshold}"
            )
            assert sim >= finding.score - 1e-4, "score is the lowest similarity in the group (4 decimals)"
        if finding.check == "exact_duplicate":
            assert len({normalized[p] for p in finding.rows}) == 1


@pytest.mark.parametrize("code,case", CASES)
def test_case(tmp_path: Path, code: str, case: dict) -> None:
    dataset, settings, report = run_case(tmp_path, case)

    run = next(c for c in report.checks if c.code == code)
    assert run.status == case.get("status", "ok"), run.reason or run.error
    assert report.complete

    assert_findings(report, code, case["expected"])
    for other, expected in case.get("also", {}).items():
        assert_findings(report, other, expected)
    assert report.summary.effective_clean_count == case["effective_clean_count"]

    assert_duplicates_are_honest(dataset, settings, report)
    for finding in report.findings:
        assert 0.0 <= finding.score <= 1.0
        assert set(finding.excluded) <= set(finding.rows)
        if finding.check == "label_variant":
            assert finding.excluded == () and finding.keep is None


def test_every_check_has_a_case_table() -> None:
    from dataaudit.checks import CHECKS

    assert {c.code for c in CHECKS} == set(CODES)
    for code in CODES:
        names = [p.values[1]["name"] for p in CASES if p.values[0] == code]
        assert len(names) >= 5, f"{code} needs a real table of cases"


def test_conflict_with_majority_keeps_a_confirmed_row_when_recentring_fails(tmp_path: Path) -> None:
    # B (x) is the centre; A and C (y, the majority) are each within the threshold
    # of B but not of each other (0.830), so neither can become the centre.
    case = {"rows": [
        ["please cancel my orders now", "x"],       # B
        ["please cancel my order", "y"],            # A
        ["please cancel all my orders now", "y"],   # C
        ["hello there", "greeting"],
    ]}
    dataset, settings, report = run_case(tmp_path, case)
    excluded = {row for f in report.findings for row in f.excluded}
    conflict = next(f for f in report.findings if f.code == "DA201")
    assert conflict.keep is not None  # 'y' is confirmed, 2 of 3
    assert conflict.keep not in excluded, "the row DA201 keeps is excluded by another finding"
    assert any(row not in excluded for row in (1, 2)), "no row with the confirmed label survives"


@pytest.mark.parametrize("a,b,expected", [
    # the similarities the case tables rely on, measured, not assumed
    ("top up failed", "top up reverted", 0.643),
    ("why did my top up fail", "why was my top up reverted", 0.625),
    ("please cancel my order", "please cancel my orders now", 0.898),
    ("please cancel my orders now", "please cancel all my orders now", 0.931),
    ("please cancel my order", "please cancel all my orders now", 0.830),
    ("£5 fee", "€5 fee", 0.833),
    ("hello", "helo", 0.889),
    ("hi", "hii", 0.800),
    ("मुझे दवाई चाहिए", "मुझे दवाइ चाहिए", 0.933),
])
def test_documented_similarities(a: str, b: str, expected: float) -> None:
    assert similarity(normalize(a), normalize(b)) == pytest.approx(expected, abs=5e-4)


def test_look_alikes_are_not_near_duplicates_at_the_default_threshold(tmp_path: Path) -> None:
    from dataaudit.config import DEFAULT_NEAR_DUPLICATE_THRESHOLD

    assert 0.85 <= DEFAULT_NEAR_DUPLICATE_THRESHOLD <= 0.95
    rows = [["top up failed", "top_up_failed"], ["top up reverted", "top_up_reverted"],
            ["lost or stolen card", "lost_or_stolen_card"], ["lost or stolen phone", "lost_or_stolen_phone"]]
    assert similarity(normalize(rows[0][0]), normalize(rows[1][0])) < DEFAULT_NEAR_DUPLICATE_THRESHOLD
    _, _, report = run_case(tmp_path, {"rows": rows})
    assert [f for f in report.findings if f.code != "DA205"] == []  # one row per label is rare, not a duplicate
    assert report.summary.effective_clean_count == 4
