"""Cache keys follow the code they were computed by, with nothing listed by hand: a copy of the
package with one constant changed in a cached stage's code misses that stage's cache on a real
scan (a new entry is written), and a change to code no cached result reaches (the terminal
report) hits every cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dataaudit
from dataaudit.cache.keys import CachedResult
from dataaudit.cache.code_version import code_digest, reach
from dataaudit.embeddings.cache import CACHE_FOLDERS

PACKAGE = Path(dataaudit.__file__).resolve().parent
SAMPLE = PACKAGE.parent / "sample_data" / "voice_agent_intents.csv"
SAMPLE_ROWS = 120  # of the sample: enough for every cached stage (the label model too), half the time of all 342

SCAN = """
import sys
import dataaudit
from dataaudit import audit
from dataaudit.config import Settings

assert dataaudit.__file__.startswith(sys.argv[1]), dataaudit.__file__
report = audit(sys.argv[2], Settings(embedder="use", cache_dir=sys.argv[3]))
assert not report.failed_checks, report.failed_checks
"""


def _copy(root: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """The package copied under root, with each file's (old, new) text replaced once."""
    target = root / "dataaudit"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    for relative, (old, new) in edits.items():
        path = target / relative
        source = path.read_text(encoding="utf-8")
        assert source.count(old) == 1, f"{old!r} is not once in {relative}: update the test"
        path.write_text(source.replace(old, new), encoding="utf-8")
    return root


def _entries(cache: Path) -> set[Path]:
    return {p.relative_to(cache) for folder in CACHE_FOLDERS for p in (cache / folder).glob("*.npz")}


def _scan(root: Path, cache: Path) -> set[str]:
    """The cache folders a scan by the package under root wrote new entries to (its misses)."""
    before = _entries(cache)
    env = {**os.environ, "PYTHONPATH": str(root), "HF_HUB_OFFLINE": "1"}
    data = cache.parent / "sample.csv"
    if not data.exists():
        lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
        data.write_text("".join(lines[: SAMPLE_ROWS + 1]), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SCAN, str(root), str(data), str(cache)], env=env,
                          capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    return {p.parts[0] for p in _entries(cache) - before}


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    """A cache filled by a scan of the unchanged package (a copy, like every variant)."""
    cache = tmp_path_factory.mktemp("cache")
    missed = _scan(_copy(tmp_path_factory.mktemp("original"), {}), cache)
    assert missed == set(CACHE_FOLDERS), "the cold scan writes an entry to every cache"
    return cache


# file: (old, new), the folders that must miss, folders that must still hit.
CHANGES = {
    "label features": ({"labelling/features.py": ("ngram_range=(2, 5)", "ngram_range=(2, 4)")},
                       {"label_model"}, {"near_pairs", "near_kept", "semantic_kept", "pairs"}),
    "label model": ({"labelling/model.py": ("C_VALUE = 10.0", "C_VALUE = 9.0")},
                    {"label_model"}, {"near_pairs", "near_kept", "semantic_kept", "pairs"}),
    "near-duplicate search": ({"similarity/near_pairs.py": ("_JACCARD_FLOOR = 0.25", "_JACCARD_FLOOR = 0.2")},
                              {"near_pairs", "near_kept", "semantic_kept", "label_model"}, {"pairs"}),
    "minimal-pair rule": ({"stages/minimal_pairs.py": ("distance > max(3, 0.6 * max(", "distance > max(3, 0.61 * max(")},
                          # near_pairs too: its stage's module (stages/near.py) imports the rule.
                          {"near_kept", "semantic_kept"}, {"pairs"}),
    "neighbour search": ({"embeddings/neighbours.py": ("SLACK = 1e-4", "SLACK = 2e-4")},
                         {"pairs", "semantic_kept"}, {"near_pairs", "near_kept"}),
    "unrelated (terminal report)": ({"report/terminal.py": ("EXAMPLES_PER_CHECK = 3", "EXAMPLES_PER_CHECK = 4")},
                                    set(), set(CACHE_FOLDERS)),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_constant_changed_in_a_cached_stage_misses_its_cache(change, warm_cache, tmp_path):
    edits, must_miss, must_hit = CHANGES[change]
    missed = _scan(_copy(tmp_path, edits), warm_cache)
    assert must_miss <= missed, f"{change}: {sorted(must_miss - missed)} served a result of the old code"
    assert not (must_hit & missed), f"{change}: {sorted(must_hit & missed)} recomputed for code they do not reach"


def test_the_reach_follows_imports_inside_functions_and_relative_ones():
    # near.verified_pairs imports similarity.near_pairs in its body, which imports minhash_lsh.
    found = reach("dataaudit.stages.near")
    assert {"dataaudit.similarity.near_pairs", "dataaudit.similarity.minhash_lsh"} <= found
    assert "dataaudit.report.terminal" not in found
    assert "dataaudit.labelling.features" in reach("dataaudit.labelling.model")
    assert code_digest("dataaudit.labelling.model") == code_digest("dataaudit.labelling.model")
    assert code_digest("dataaudit.labelling.model") != code_digest("dataaudit.similarity.near_pairs")


def test_every_declared_cache_names_real_code_and_all_five_are_declared():
    from dataaudit.embeddings.encode import NEIGHBOUR_PAIRS
    from dataaudit.stages.learned import LABEL_MODEL_RESULT
    from dataaudit.stages.near import NEAR_KEPT_PAIRS, VERIFIED_NEAR_PAIRS
    from dataaudit.stages.semantic import SEMANTIC_KEPT_PAIRS

    declared = [NEIGHBOUR_PAIRS, LABEL_MODEL_RESULT, NEAR_KEPT_PAIRS, VERIFIED_NEAR_PAIRS, SEMANTIC_KEPT_PAIRS]
    assert sorted(r.folder for r in declared) == sorted(CACHE_FOLDERS)
    for result in declared:
        assert isinstance(result, CachedResult) and result.functions(), result.folder
        assert len(result.code_version()) == 24


def test_a_wrapped_stage_keeps_its_key(monkeypatch):
    """An executor (or a test) that wraps a stage's compute keeps the stage's code in the key."""
    from dataclasses import replace

    from dataaudit.stages import STAGES
    from dataaudit.stages.learned import LABEL_MODEL_RESULT

    before = LABEL_MODEL_RESULT.code_version()
    for name, stage in list(STAGES.items()):
        monkeypatch.setitem(STAGES, name, replace(stage, compute=lambda inputs, compute=stage.compute: compute(inputs)))
    assert LABEL_MODEL_RESULT.code_version() == before
