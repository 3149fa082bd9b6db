"""The verdict speaks of all four quality criteria: verified labels, consistent format,
representative of real traffic, diverse enough to generalize — one line each, in that order."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLE = Path(__file__).parents[1] / "sample_data"


def test_the_sample_verdict_names_all_four_criteria_in_order(run_cli, tmp_path):
    report_path = tmp_path / "r.json"
    result = run_cli("scan", SAMPLE / "voice_agent_intents.csv", "--embedder", "none", "--json", report_path)
    text = " ".join(result.stdout.split())
    positions = [text.index(start) for start in ("Labels verified:", "Format:", "Representative:", "Diverse:")]
    assert positions == sorted(positions)
    report = json.loads(report_path.read_text())
    conflicts = {row for f in report["findings"] if f["code"] == "DA201" for row in f["excluded"]}
    assert f"Labels verified: {len(conflicts)} rows in label conflicts; 8 label spellings to merge" in text
    assert "Representative: no --production sample given" in text


def test_format_line_counts_the_rows_that_break_a_convention(run_cli, tmp_path):
    rows = [{"messages": [{"role": "user", "content": f"Classify request {k}: my card number {k} is blocked"},
                          {"role": "assistant", "content": json.dumps({"intent": "card_blocked", "slot": k})}]}
            for k in range(30)]
    rows[7]["messages"][1]["content"] = "The intent is card_blocked."  # prose among JSON answers
    path = tmp_path / "chat.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run_cli("scan", path, "--embedder", "none")
    text = " ".join(result.stdout.split())
    assert "Format: 1 row breaks a convention of the file (DA501)" in text


def test_without_labels_the_labels_line_says_so(run_cli, tmp_path):
    path = tmp_path / "texts.csv"
    path.write_text("text\n" + "".join(f"please cancel my order number {k}\n" for k in range(30)), encoding="utf-8")
    result = run_cli("scan", path, "--no-labels", "--embedder", "none")
    assert "Labels verified: no labels to verify" in " ".join(result.stdout.split())
