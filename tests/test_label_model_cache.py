"""DA203's out-of-sample probabilities are cached: an unchanged re-scan skips the cross-validation
and reports the same, any change to what they depend on recomputes, a damaged entry is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import dataaudit.labelling.model as label_model
from dataaudit import audit
from dataaudit.config import Settings
from dataaudit.report.json_report import report_dict

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"


def _scan(path, cache: Path, **settings) -> dict:
    report = report_dict(audit(path, Settings(embedder="none", cache_dir=str(cache), **settings)))
    report.pop("run")
    return report


def _no_cross_validation(monkeypatch):
    """From here on a cross-validation fails DA203 (the runner turns a raising stage into failed checks)."""
    def refuse(*args, **kwargs):
        raise AssertionError("the cross-validation ran again")

    monkeypatch.setattr(label_model, "out_of_sample_probabilities", refuse)


def test_an_unchanged_rescan_reads_the_probabilities_and_reports_the_same(tmp_path, monkeypatch):
    cold = _scan(SAMPLE, tmp_path)
    assert list((tmp_path / "label_model").glob("*.npz"))
    _no_cross_validation(monkeypatch)
    assert _scan(SAMPLE, tmp_path) == cold


def test_a_new_row_recomputes(tmp_path, monkeypatch):
    _scan(SAMPLE, tmp_path)
    text = SAMPLE.read_bytes().decode("utf-8") + "my tablet screen cracked when i fell,report_symptom,asha_01\n"
    changed = tmp_path / "changed.csv"
    changed.write_bytes(text.encode("utf-8"))
    _no_cross_validation(monkeypatch)
    report = _scan(changed, tmp_path)  # a failing stage fails its checks, not the scan
    (da203,) = [c for c in report["checks"] if c["code"] == "DA203"]
    assert da203["status"] == "failed" and "ran again" in da203["error"]


def test_a_damaged_entry_is_recomputed_and_no_cache_writes_none(tmp_path):
    cold = _scan(SAMPLE, tmp_path)
    (entry,) = (tmp_path / "label_model").glob("*.npz")
    entry.write_bytes(b"not a numpy file")
    assert _scan(SAMPLE, tmp_path) == cold
    other = tmp_path / "other"
    _scan(SAMPLE, other, use_cache=False)
    assert not (other / "label_model").exists()
    assert json.dumps(cold)  # the report itself is plain JSON


def test_a_rescan_takes_da203_rows_and_evidence_from_the_cache_without_cleanlab_tfidf_or_vectors(tmp_path, monkeypatch):
    from dataaudit.labelling import issues as label_issues
    from dataaudit.labelling import model as lm
    from dataaudit.stages.semantic import Vectors

    def refuse(*args, **kwargs):
        raise AssertionError("the evidence was computed again")

    for embedder in ("none", "use"):
        cache = tmp_path / embedder
        cold = report_dict(audit(SAMPLE, Settings(embedder=embedder, cache_dir=str(cache))))
        da203 = [f for f in cold["findings"] if f["code"] == "DA203"]
        assert da203 and any(f["supporting_rows"] for f in da203), embedder
        with monkeypatch.context() as patched:
            patched.setattr(lm, "TfidfView", refuse)
            patched.setattr(Vectors, "rows", refuse)
            patched.setattr(label_issues, "label_issues", refuse)
            _no_cross_validation(patched)
            warm = report_dict(audit(SAMPLE, Settings(embedder=embedder, cache_dir=str(cache))))
        cold.pop("run"), warm.pop("run")
        assert warm == cold, embedder


def test_stored_evidence_follows_the_rows_when_unjudged_rows_move_them(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    columns = header.strip().split(",")
    blank = ",".join("" if c == "label" else "x" if c == "text" else "" for c in columns) + "\n"
    shifted = tmp_path / "shifted.csv"
    shifted.write_text(header + blank * 3 + "".join(body), encoding="utf-8")  # 3 unlabeled rows first
    _scan(SAMPLE, tmp_path / "cache")
    warm = _scan(shifted, tmp_path / "cache")  # same judged texts: the entry is reused
    fresh = _scan(shifted, tmp_path / "fresh")
    assert warm == fresh
    assert any(f["supporting_rows"] for f in warm["findings"] if f["code"] == "DA203")
