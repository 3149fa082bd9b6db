"""The executor seam (dataaudit/engine): the serial executor (every planned stage computed up
front, in one process, no cache) gives the report the local executor (stages on demand, the
worker pool, the caches) gives, byte for byte apart from the timings, on every golden run:
the sample data, the chat and annotator files, --against, and every case of every check table."""

from __future__ import annotations

import pytest

from dataaudit.engine import EXECUTORS, LocalExecutor, SerialExecutor
from dataaudit.engine.plan import make_plan, stage_order
from dataaudit.stages import STAGES
from golden_runs import all_runs, comparable, dumps

LOCAL = all_runs(LocalExecutor())
SERIAL = all_runs(SerialExecutor())


@pytest.mark.parametrize("name", sorted(LOCAL))
def test_the_serial_executor_gives_the_local_report(name):
    assert dumps(comparable(SERIAL[name]())) == dumps(comparable(LOCAL[name]()))


def test_the_executors_are_named_for_the_settings_that_will_choose_them():
    assert sorted(EXECUTORS) == ["local", "ray", "serial"]
    assert all(EXECUTORS[name].name == name for name in EXECUTORS)


def test_the_serial_executor_uses_one_process_and_no_cache():
    from dataaudit.config import Settings

    serial, local = SerialExecutor(), LocalExecutor()
    assert serial.workers().processes == 1 and serial.caches(Settings()) is False
    assert local.caches(Settings()) is True and local.caches(Settings(use_cache=False)) is False


def test_every_stage_comes_after_the_stages_it_needs():
    order = stage_order(STAGES, sorted(STAGES))
    assert sorted(order) == sorted(STAGES)
    position = {name: k for k, name in enumerate(order)}
    for name, stage in STAGES.items():
        for need in stage.needs:
            assert position[need] < position[name], (need, name)


def test_a_stage_that_needs_itself_fails_its_checks_on_the_serial_executor_too(tmp_path, monkeypatch):
    """The plan orders a cyclic graph anyway; computing the cycle fails with it named, as on the
    local executor (tests/test_stages.py)."""
    from dataclasses import replace

    from dataaudit import api
    from dataaudit.config import Settings

    stage = STAGES["near_pairs"]
    monkeypatch.setitem(STAGES, "near_pairs", replace(stage, needs=(*stage.needs, "near_stars"),
                                                      compute=lambda inputs: inputs["near_stars"]))
    assert set(stage_order(STAGES, ["near_clusters"])) >= {"near_pairs", "near_stars", "near_clusters"}
    path = tmp_path / "t.csv"
    path.write_text("text,label\nbook a table,booking\nbook a table please,booking\n", encoding="utf-8")
    report = api.audit(path, Settings(embedder="none", threshold=1), executor=SerialExecutor())
    failed = {c.code: c.error for c in report.checks if c.status == "failed"}
    assert "DA102" in failed and "needs itself" in failed["DA102"]


def test_the_plan_runs_what_the_settings_select_and_says_why_the_rest_do_not(tmp_path):
    from dataaudit.api import load_source
    from dataaudit.config import Settings

    path = tmp_path / "t.csv"
    path.write_text("text,label\nbook a table,booking\nbook a table,booking\ncancel it,cancel\n", encoding="utf-8")
    settings = Settings(embedder="none", ignore=("DA203",)).validate()
    plan = make_plan(load_source(path, settings), settings, None)
    reasons = {check.code: reason for check, reason in plan.planned}
    assert reasons["DA101"] is None and "DA101" in plan.running
    assert reasons["DA203"] and "DA203" not in plan.running
    assert reasons["DA301"] == "no --against evaluation set given"
    assert "label_model" not in plan.wanted and "text_groups" in plan.wanted
    assert set(plan.stage_order) >= plan.wanted


def test_the_engine_stamps_each_finding_with_its_checks_name_and_code_and_refuses_another(tmp_path, monkeypatch):
    from dataclasses import replace

    import dataaudit.checks.registry as registry
    from dataaudit import api
    from dataaudit.checks import CHECKS
    from dataaudit.config import Settings
    from dataaudit.model.findings import Finding

    path = tmp_path / "t.csv"
    path.write_text("text,label\nbook a table,booking\ncancel it,cancel\n", encoding="utf-8")
    first = CHECKS[0]

    def finding(**named):
        return Finding(severity="info", rows=(0,), message="m", suggested_action="a", **named)

    for executor in (LocalExecutor(), SerialExecutor()):
        monkeypatch.setattr(registry, "CHECKS", (replace(first, run=lambda inputs: [finding()]), *CHECKS[1:]))
        report = api.audit(path, Settings(embedder="none", threshold=1), executor=executor)
        stamped = [f for f in report.findings if f.message == "m"]
        assert [(f.code, f.check) for f in stamped] == [(first.code, first.name)]
        monkeypatch.setattr(registry, "CHECKS", (replace(first, run=lambda inputs: [finding(code="DA999")]),
                                                 *CHECKS[1:]))
        report = api.audit(path, Settings(embedder="none", threshold=1), executor=executor)
        run = next(c for c in report.checks if c.code == first.code)
        assert run.status == "failed" and "returned a finding of DA999" in run.error
