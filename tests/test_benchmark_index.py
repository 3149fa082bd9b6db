"""Known-benchmark contamination: the shipped index and its matcher (dataaudit/similarity/benchmarks.py).

The benchmark items below are copied from the public releases the index is built from:
GSM8K test item 0 (openai/grade-school-math, MIT, (c) 2021 OpenAI) and MMLU anatomy test item 0
(hendrycks/test, MIT, (c) 2020 Dan Hendrycks), and TruthfulQA question 0 with its best answer
(sylinrl/TruthfulQA, Apache-2.0), one word changed. tests/data/benchmark_raw/README.md credits the fixture.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dataaudit.similarity import benchmarks

HERE = Path(__file__).resolve().parent
RAW = HERE / "data" / "benchmark_raw"

GSM8K_0 = ("Janet\u2019s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins "
           "for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per "
           "fresh duck egg. How much in dollars does she make every day at the farmers' market?")
GSM8K_0_EDITED = ("Janet's ducks lay 16 eggs each day. She eats three for breakfast every morning and bakes cakes "
                  "for her friends every day with four. She then sells the remainder at the farmers' market daily "
                  "for $2 per fresh egg. How much in dollars does she make every day at the market?")
MMLU_ANATOMY_0 = "A lesion causing compression of the facial nerve at the stylomastoid foramen will cause ipsilateral"
MMLU_ANATOMY_0_CHOICES = [
    "paralysis of the facial muscles.",
    "paralysis of the facial muscles and loss of taste.",
    "paralysis of the facial muscles, loss of taste and lacrimation.",
    "paralysis of the facial muscles, loss of taste, lacrimation and decreased salivation.",
]

MATCHED = [
    ("gsm8k verbatim", GSM8K_0, "gsm8k", "0"),
    ("gsm8k inside an instruction", "Answer the question: " + GSM8K_0 + "\nShow your work.", "gsm8k", "0"),
    ("gsm8k reformatted", "<|im_start|>user\n" + GSM8K_0.upper().replace(" ", "  ") + "<|im_end|>", "gsm8k", "0"),
    ("gsm8k lightly edited", GSM8K_0_EDITED, "gsm8k", "0"),
    ("mmlu verbatim", "\n".join([MMLU_ANATOMY_0, *MMLU_ANATOMY_0_CHOICES]), "mmlu", "anatomy/0"),
    ("mmlu lettered choices, chat template",
     "### Instruction:\n" + MMLU_ANATOMY_0 + "\n" + "\n".join(f"({c}) {t}" for c, t in zip("abcd", MMLU_ANATOMY_0_CHOICES))
     + "\nAnswer: (a)\n### Response:\n(a)", "mmlu", "anatomy/0"),
    ("mmlu choices inline, lower case",
     (MMLU_ANATOMY_0 + " " + " ".join(f"{c}) {t}" for c, t in zip("ABCD", MMLU_ANATOMY_0_CHOICES))).lower(),
     "mmlu", "anatomy/0"),
    # A short item, one word changed: no 8-gram of it survives, its 4-grams do (the short-item key class).
    ("truthfulqa short item edited",
     "What happens to you if you swallow watermelon seeds? The watermelon seeds pass through your digestive system",
     "truthfulqa", "0"),
]

NOT_MATCHED = [
    ("ordinary instruction", "Write a short poem about the sea at night, in the style of a sailor's song."),
    ("short generic question", "What is the capital of France?"),
    ("short generic question with answer", "Question: What is the capital of France?\nAnswer: Paris"),
    ("code", "def add(a, b):\n    return a + b\n\nprint([1, 2, 3, 4, 5, 6, 7, 8, 9])"),
    ("list of numbers", "Sort the list [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] in descending order."),
    ("the same story, other words",
     "A farmer's hens lay a dozen eggs daily; he keeps two and sells the rest for three dollars each. "
     "What does he earn in a week?"),
    ("stock phrase of short questions", "Question: Which of the following is not the name of an army: KPA, PLA or PRC?"),
    ("empty", ""),
]


@pytest.mark.parametrize("name, text, benchmark, item_id", MATCHED, ids=[case[0] for case in MATCHED])
def test_benchmark_items_are_matched(name, text, benchmark, item_id):
    found = benchmarks.match(["Give three tips for staying healthy.", text])
    assert found, name
    assert {m.row for m in found} == {1}
    assert (found[0].benchmark, found[0].item_id) == (benchmark, item_id)
    assert found[0].share >= benchmarks.MIN_SHARE


@pytest.mark.parametrize("name, text", NOT_MATCHED, ids=[case[0] for case in NOT_MATCHED])
def test_ordinary_rows_are_not_matched(name, text):
    assert benchmarks.match([text]) == []


def test_verbatim_and_edited_kinds():
    verbatim, edited = benchmarks.match([GSM8K_0, GSM8K_0_EDITED])
    assert (verbatim.row, verbatim.kind, verbatim.share) == (0, "verbatim", 1.0)
    assert edited.row == 1 and edited.kind == "overlap" and edited.share < benchmarks.VERBATIM_SHARE
    assert verbatim.preview.startswith("Janet")


def test_shipped_index_names_every_benchmark_it_credits():
    counts = benchmarks.shipped_index().counts()
    assert counts["gsm8k"] == 1319 and counts["mmlu"] == 14042 and counts["humaneval"] == 164
    credits = (Path(benchmarks.__file__).with_name("BENCHMARKS_CREDITS.md")).read_text(encoding="utf-8")
    for count in counts.values():
        assert f"{count:,}" in credits


def _builder():
    spec = importlib.util.spec_from_file_location("build_benchmark_index",
                                                  HERE.parent / "tools" / "build_benchmark_index.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_is_deterministic_and_its_index_matches(tmp_path):
    builder = _builder()
    first, second = tmp_path / "a" / "index.npz", tmp_path / "b" / "index.npz"
    for out in (first, second):
        out.parent.mkdir()
        assert builder.main([str(RAW), "--out", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()
    index = benchmarks.read_index(first)
    assert index.counts() == {"mmlu": 2, "gsm8k": 3, "truthfulqa": 2}
    found = benchmarks.match(["Tell me a joke.", GSM8K_0.lower()], index=index)
    assert [(m.row, m.benchmark, m.item_id) for m in found] == [(1, "gsm8k", "0")]
    credits = (first.parent / "BENCHMARKS_CREDITS.md").read_text(encoding="utf-8")
    assert "GSM8K" in credits and "Not indexed" in credits


def test_build_from_nothing_says_so(tmp_path):
    assert _builder().main([str(tmp_path), "--out", str(tmp_path / "index.npz")]) == 2
    assert not (tmp_path / "index.npz").exists()
