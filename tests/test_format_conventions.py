"""Format checks beyond their case tables: what DA505 says when it does not judge a file, and
the helpers the format checks share. Real rows from the case tables."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from dataaudit import audit
from dataaudit.checks.answer_length import sentences_of
from dataaudit.config import Settings

CASES = Path(__file__).parent / "cases"


def _scan(path: Path, code: str):
    report = audit(path, Settings(embedder="none", rules=("none",), select=(code,), threshold=1))
    run = next(run for run in report.checks if run.code == code)
    return [f for f in report.findings if f.code == code], run.notes


def _chat_answers() -> list[str]:
    shared = yaml.safe_load((CASES / "DA505.yaml").read_text(encoding="utf-8"))["shared_rows"]["answers22"]
    return [record["messages"][-1]["content"] for record in shared]


def test_answers_whose_lengths_vary_tenfold_are_not_judged_and_the_notes_say_so(tmp_path):
    # Real answers of 14-60 words, and as many one-liners: the middle 90 % span more than 10x,
    # as in the SFT demo files (5-300 words). A cut answer there is not told from a short one.
    answers = _chat_answers() + ["Yes."] * 11 + ["Sure, the"]
    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps({"messages": [{"role": "user", "content": f"question {i}"},
                                                     {"role": "assistant", "content": a}]}) + "\n"
                            for i, a in enumerate(answers)), encoding="utf-8")
    findings, notes = _scan(path, "DA505")
    assert findings == []
    assert any(note.startswith("not judged") and "answers (1–" in note for note in notes), notes


def test_the_same_answers_without_the_one_liners_are_judged(tmp_path):
    answers = _chat_answers() + ["Sure, the"]
    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps({"messages": [{"role": "user", "content": f"question {i}"},
                                                     {"role": "assistant", "content": a}]}) + "\n"
                            for i, a in enumerate(answers)), encoding="utf-8")
    findings, notes = _scan(path, "DA505")
    assert [f.rows for f in findings] == [(22,)]
    assert not any(note.startswith("not judged") for note in notes)


def test_sentences_are_counted_by_their_ends():
    assert sentences_of("Where is my card? I ordered it last week.  Please help!") == 3
    assert sentences_of("你好。我的卡在哪里？") == 2
    assert sentences_of("I need help with my card") == 1  # no end mark: still one
    assert sentences_of("... ?") == 0
