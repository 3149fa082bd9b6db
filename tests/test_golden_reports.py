"""The reports frozen in tests/golden reproduce: a refactor changes no answer.

Numbers are compared to 1e-3 by default (embeddings differ in the last float bits between
CPUs); GOLDEN_EXACT=1 compares the bytes, as a refactor on one machine must.
"""

from __future__ import annotations

import json
import os

import pytest

from golden_runs import all_runs, close, comparable, dumps, golden_file

RUNS = all_runs()


@pytest.mark.parametrize("name", sorted(RUNS))
def test_report_reproduces(name):
    stored = golden_file(name).read_text(encoding="utf-8")
    actual = comparable(RUNS[name]())
    if os.environ.get("GOLDEN_EXACT"):
        assert dumps(actual) == stored
    else:
        close(actual, json.loads(stored))


def test_every_golden_file_has_a_run():
    stored = {p.stem for p in golden_file("x").parent.glob("*.json")}
    assert stored == set(RUNS)
