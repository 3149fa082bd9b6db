"""The stage graph: each stage computed once, a failing stage reported once per check that
needs it, owned rules off when their check does not run, timings in the run block."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dataaudit import audit
from dataaudit.config import Settings
from dataaudit.stages import STAGES

ROWS = ("text,label\nplease cancel my order,cancel\nplease cancel my ordr,cancel\nplease cancel my order,refund\n"
        "where is my card,arrival\nwhere is my card,arrival\nhello there,greeting\nhi there,Greeting\n")


def test_every_stage_is_computed_once(write, monkeypatch):
    calls: dict[str, int] = {}
    for name, stage in list(STAGES.items()):
        def counted(inputs, compute=stage.compute, name=name):
            calls[name] = calls.get(name, 0) + 1
            return compute(inputs)
        monkeypatch.setitem(STAGES, name, replace(stage, compute=counted))
    report = audit(write("t.csv", ROWS), Settings(embedder="none", threshold=1))
    assert report.complete
    assert calls and all(n == 1 for n in calls.values()), calls
    assert [name for name, _ in report.run.stages] == list(dict.fromkeys(name for name, _ in report.run.stages))
    assert {"normalized", "text_groups", "near_pairs", "label_groups"} <= {name for name, _ in report.run.stages}


def test_a_failing_stage_fails_each_check_that_needs_it_once_and_nothing_else(write, run_cli, tmp_path, monkeypatch):
    def broken(inputs):
        raise RuntimeError("the LSH index is corrupt")

    monkeypatch.setitem(STAGES, "near_pairs", replace(STAGES["near_pairs"], compute=broken))
    path = write("t.csv", ROWS)
    report = audit(path, Settings(embedder="none", threshold=1))
    failed = {c.code: c.error for c in report.checks if c.status == "failed"}
    # DA102's clusters, DA201's groups, DA203's folds (outside conflict groups) and DA205's
    # duplicate counts all rest on the near pairs.
    assert set(failed) == {"DA102", "DA201", "DA203", "DA205"}
    assert len(set(failed.values())) == 1, "one fault, one message"
    (message,) = set(failed.values())
    assert message.startswith("stage near_pairs failed: RuntimeError: the LSH index is corrupt")
    assert {c.code for c in report.checks if c.status == "ok"} >= {"DA001", "DA002", "DA101", "DA202"}
    assert not report.complete
    out = tmp_path / "r.json"
    result = run_cli("scan", path, "--embedder", "none", "--json", out)
    assert result.exit_code == 3 and "DA102" in result.stderr
    checks = json.loads(out.read_text(encoding="utf-8"))["checks"]
    assert sum(c.get("error", "").startswith("stage near_pairs failed") for c in checks) == 4


def test_label_checks_survive_a_failing_semantic_search_and_say_what_they_missed(write, monkeypatch):
    healthy = audit(write("ok.csv", ROWS), Settings(threshold=1))
    assert not any("semantic duplicate search failed" in note for c in healthy.checks for note in c.notes)

    def broken(inputs):
        raise MemoryError("Unable to allocate 57.0 GiB")

    monkeypatch.setitem(STAGES, "semantic_pairs", replace(STAGES["semantic_pairs"], compute=broken))
    report = audit(write("t.csv", ROWS), Settings(threshold=1))
    runs = {c.code: c for c in report.checks}
    assert {code for code, c in runs.items() if c.status == "failed"} == {"DA103"}
    assert runs["DA103"].error.startswith("stage semantic_pairs failed: MemoryError")
    assert not report.complete
    # The surface conflict (the same text labelled cancel and refund) is still found, and the
    # label checks that leaned on the semantic groups say they did without them.
    conflict = [f for f in report.findings if f.code == "DA201"]
    assert any("disagree" in f.message or "differently" in f.message for f in conflict)
    for code in ("DA201", "DA205"):
        assert runs[code].status == "ok"
        assert any("semantic duplicate search failed: MemoryError" in note for note in runs[code].notes), code
    assert runs["DA203"].status in ("ok", "skipped")


def test_a_check_may_read_only_the_stages_it_declares(write, monkeypatch):
    import dataaudit.checks.registry as registry
    from dataaudit.checks import CHECKS

    first = CHECKS[0]
    sneaky = replace(first, run=lambda inputs: inputs["near_pairs"] and [])
    monkeypatch.setattr(registry, "CHECKS", (sneaky, *CHECKS[1:]))
    report = audit(write("t.csv", ROWS), Settings(embedder="none", threshold=1))
    run = next(c for c in report.checks if c.code == first.code)
    assert run.status == "failed" and "without declaring it" in run.error


def test_ignoring_da202_merges_no_spelling_anywhere(write):
    wide = write("wide.csv", "text,asha,ravi,meena\nbook a slot,Booking,Booking,booking\n"
                             "reserve a table,booking,booking,booking\ncancel it,cancel,cancel,cancel\n")
    settings = Settings(embedder="none", threshold=1, label_columns=("asha", "ravi", "meena"))
    merged = audit(wide, settings)
    assert {l.label for l in merged.labels} == {"booking", "cancel"}
    assert {a.annotator: a.agreement_with_consensus for a in merged.annotators}["meena"] == 1.0
    ignored = audit(wide, replace(settings, ignore=("DA202",)))
    # The consensus counts 'Booking' and 'booking' as different votes, and every spelling stays as written.
    assert {l.label for l in ignored.labels} == {"Booking", "booking", "cancel"}
    assert {a.annotator: a.agreement_with_consensus for a in ignored.annotators}["meena"] < 1.0
    assert next(c for c in ignored.checks if c.code == "DA202").status == "skipped"


def test_semantic_groups_are_off_without_da103(write, monkeypatch):
    calls = []
    stage = STAGES["semantic_pairs"]
    monkeypatch.setitem(STAGES, "semantic_pairs",
                        replace(stage, compute=lambda inputs: calls.append(1) or stage.compute(inputs)))
    report = audit(write("t.csv", ROWS), Settings(threshold=1, ignore=("DA103",)))
    assert report.complete and calls == [], "nothing is embedded for semantic duplicates DA103 does not report"


@pytest.mark.parametrize("name", sorted(STAGES))
def test_every_stage_declares_only_known_inputs(name):
    assert set(STAGES[name].needs) <= set(STAGES)


def _embedding_calls(monkeypatch) -> list[list[str]]:
    from dataaudit.embeddings import encode

    calls: list[list[str]] = []
    real = encode.embed_texts
    monkeypatch.setattr(encode, "embed_texts", lambda texts, *a, **k: calls.append(list(texts)) or real(texts, *a, **k))
    return calls


LABELLED = "text,label\n" + "".join(
    f"{t},{label}\n" for label, texts in {
        # Five texts a label: the label model learns labels of MIN_LABEL_ROWS rows or more (and
        # embeds only when it has a model to fit).
        "cancel": ("please cancel my order", "please cancel my ordr", "cancel the order I placed", "stop my order",
                   "i no longer want this order"),
        "arrival": ("where is my card", "when will my card arrive", "my card has not come yet", "card still not here",
                    "has my card been posted"),
        "greeting": ("hello there", "hi there", "good morning to you", "hey how are you", "good evening friend"),
    }.items() for t in texts)


def test_one_embedding_pass_serves_da103_and_the_label_model(write, monkeypatch):
    """DA103 embeds the surface survivors; the label model also wants the near-duplicate copies it
    judges. The first request embeds both, so the model's request finds nothing left to embed."""
    calls = _embedding_calls(monkeypatch)
    report = audit(write("t.csv", LABELLED), Settings(threshold=1, use_cache=False))
    assert report.complete
    assert len(calls) == 1, [len(c) for c in calls]
    assert "please cancel my ordr" in calls[0], "the near copy DA103 leaves out is embedded for the label model"
    assert sorted(calls[0]) == sorted(set(calls[0]))


@pytest.mark.parametrize("ignore, copy_embedded", [(("DA203", "DA204"), False), (("DA103",), True)])
def test_the_embedding_pass_holds_only_what_running_checks_read(write, monkeypatch, ignore, copy_embedded):
    calls = _embedding_calls(monkeypatch)
    report = audit(write("t.csv", LABELLED), Settings(threshold=1, use_cache=False, ignore=ignore))
    assert report.complete
    embedded = [t for c in calls for t in c]
    assert ("please cancel my ordr" in embedded) is copy_embedded, embedded


def test_a_stage_that_needs_itself_fails_instead_of_computing_twice(write, monkeypatch):
    stage = STAGES["near_pairs"]
    monkeypatch.setitem(STAGES, "near_pairs", replace(stage, needs=(*stage.needs, "near_stars"),
                                                      compute=lambda inputs: inputs["near_stars"]))
    report = audit(write("t.csv", ROWS), Settings(embedder="none", threshold=1))
    failed = {c.code: c.error for c in report.checks if c.status == "failed"}
    assert "DA102" in failed and "near_stars needs itself: near_clusters -> near_stars -> near_pairs -> near_stars" in failed["DA102"]
