"""Row-wise stages (stages/base.py: RowWise) give the same value however an executor cuts their
items into batches: one item at a time, seven, or all at once, on a real file. The serial
executor maps them in batches of 97 on every golden run (tests/test_executors.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from dataaudit.api import load_source
from dataaudit.config import Settings
from dataaudit.similarity import near_pairs
from dataaudit.stages import STAGES, StageRunner

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "voice_agent_intents.csv"


def _value(name: str, batch_rows, settings: Settings):
    # No cache: a value computed with ALL_PAIRS_LIMIT patched must not be served to a later test.
    settings = replace(settings, use_cache=False).validate()
    runner = StageRunner(STAGES, load_source(SAMPLE, settings), settings, wanted=frozenset(STAGES),
                         running=frozenset({"DA103"}), batch_rows=batch_rows)
    return runner.get(name)


def test_the_row_wise_stages_are_normalize_sketch_embed_and_benchmark_items():
    assert {name for name, stage in STAGES.items() if stage.rowwise is not None} == {
        "normalized", "near_sketches", "vectors", "benchmark_matches"}


@pytest.mark.parametrize("batch_rows", [1, 7])
def test_normalized_texts_do_not_depend_on_the_batches(batch_rows):
    settings = Settings(embedder="none")
    whole = _value("normalized", None, settings)
    assert len(whole) > 300 and _value("normalized", batch_rows, settings) == whole


@pytest.mark.parametrize("batch_rows", [1, 7])
def test_sketches_do_not_depend_on_the_batches(batch_rows, monkeypatch):
    monkeypatch.setattr(near_pairs, "ALL_PAIRS_LIMIT", 10)  # the sample is small: make it take the LSH path
    settings = Settings(embedder="none")
    whole = _value("near_sketches", None, settings)
    assert whole is not None and whole.shape[0] == len(_value("near_texts", None, settings))
    assert np.array_equal(_value("near_sketches", batch_rows, settings), whole)


def test_a_small_file_has_no_sketches():
    assert _value("near_sketches", 7, Settings(embedder="none")) is None


def test_vectors_do_not_depend_on_the_batches():
    settings = Settings(embedder="use", use_cache=False)
    whole = _value("vectors", None, settings)
    batched = _value("vectors", 7, settings)
    assert len(whole.row) > 100 and batched.row == whole.row
    np.testing.assert_allclose(batched.matrix, whole.matrix, atol=1e-6)


def test_the_sketches_are_released_once_the_verified_pairs_have_their_value(monkeypatch):
    """A `release` stage (512 MB of sketches at 1M rows) is dropped when every stage reading it is
    done; asking for it again is a bug in the graph and says so."""
    from dataaudit.checks import CHECKS

    monkeypatch.setattr(near_pairs, "ALL_PAIRS_LIMIT", 10)
    settings = Settings(embedder="none", use_cache=False).validate()
    runner = StageRunner(STAGES, load_source(SAMPLE, settings), settings, wanted=frozenset(STAGES))
    assert runner.get("near_sketches") is not None
    runner.get("verified_near_pairs")
    with pytest.raises(RuntimeError, match="was released"):
        runner.get("near_sketches")
    released = {name for name, stage in STAGES.items() if stage.release}
    assert released == {"near_sketches", "embedding_plan"}
    assert not released & {name for check in CHECKS for name in check.stages}, "a check reads a released stage"
