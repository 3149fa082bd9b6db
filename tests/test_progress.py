"""Progress a person can see in a log: plain lines when stderr is not a terminal, none with --quiet."""

from __future__ import annotations

from pathlib import Path

from dataaudit.cli.progress import LONG_EMBEDDING, PlainLines

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_line_per_stage_and_every_ten_seconds_with_rate_and_time_left():
    clock, lines = Clock(), []
    plain = PlainLines(lines.append, clock)
    plain.hook("embedding (minilm)", 0, 52_002)
    for _ in range(4):  # 12,288 texts in 40 s
        clock.now += 10
        plain.hook("embedding (minilm)", 3_072, None)
    clock.now += 3
    plain.hook("semantic neighbours", 0, None)
    plain.finish()
    assert lines[0] == "embedding (minilm): started (52,002)"
    assert lines[1] == "embedding (minilm): 52,002 texts to embed; --embedder none skips the semantic checks"
    assert lines[2] == "embedding (minilm) 3,072/52,002, 307/s, ~3 min left"
    assert lines[5] == "embedding (minilm) 12,288/52,002, 307/s, ~2 min left"
    assert lines[6] == "embedding (minilm): done in 43 s"
    assert lines[7] == "semantic neighbours: started" and lines[8] == "semantic neighbours: done in 0 s"
    assert 52_002 >= LONG_EMBEDDING


def test_a_stage_without_a_total_reports_what_it_did():
    clock, lines = Clock(), []
    plain = PlainLines(lines.append, clock)
    plain.hook("near-duplicate sketches", 0, None)
    clock.now = 11
    plain.hook("near-duplicate sketches", 2_000, None)
    assert lines[-1] == "near-duplicate sketches 2,000 done, 11 s so far"


def test_a_scan_logs_its_stages_and_quiet_logs_nothing(run_cli, tmp_path):
    result = run_cli("scan", SAMPLE, "--embedder", "none", "--cache-dir", tmp_path)  # cold: every stage runs
    assert "normalize: started (342)" in result.stderr
    assert "likely mislabeled: cross-validation: done in" in result.stderr
    assert run_cli("scan", SAMPLE, "--embedder", "none", "-q").stderr == ""
