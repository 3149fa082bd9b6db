"""The reports frozen in tests/golden reproduce: a refactor changes no answer.

Numbers are compared to 1e-3 by default (embeddings differ in the last float bits between
CPUs); GOLDEN_EXACT=1 compares the bytes, as a refactor on one machine must.
"""

from __future__ import annotations

import json
import os

import pytest

from golden_runs import all_runs, comparable, dumps, golden_file

RUNS = all_runs()


def _close(actual, expected, where="report"):
    if isinstance(expected, float) or isinstance(actual, float):
        assert isinstance(actual, (int, float)) and actual == pytest.approx(expected, abs=1e-3), where
    elif isinstance(expected, dict):
        assert isinstance(actual, dict) and list(actual) == list(expected), f"{where}: keys differ"
        for key in expected:
            _close(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: lengths differ"
        for index, (a, e) in enumerate(zip(actual, expected)):
            _close(a, e, f"{where}[{index}]")
    else:
        assert actual == expected, where


@pytest.mark.parametrize("name", sorted(RUNS))
def test_report_reproduces(name):
    stored = golden_file(name).read_text(encoding="utf-8")
    actual = comparable(RUNS[name]())
    if os.environ.get("GOLDEN_EXACT"):
        assert dumps(actual) == stored
    else:
        _close(actual, json.loads(stored))


def test_every_golden_file_has_a_run():
    stored = {p.stem for p in golden_file("x").parent.glob("*.json")}
    assert stored == set(RUNS)
