"""What an executor does: it runs a plan (plan.py) over a loaded file: computes the stages the
plan names, runs each check that runs on them, and hands back what they found. How the stages
are computed is the executor's: where (in this process, a worker pool, a cluster), in which
order, and whether cached results are read and kept. Every executor gives the same findings;
tests/test_executors.py holds them to the same report on every golden run.

The checks run the same way everywhere (run_checks below): in catalogue order, each reading
the stages it declared, a crashed check recorded and never swallowed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Optional

from ..checks import Check
from ..config import Settings
from ..errors import DataAuditError
from ..model.dataset import Dataset
from ..model.findings import CheckOutcome, CheckRun, CheckSkipped, Finding
from ..stages import STAGES, Inputs, ProgressHook, Stage, StageFailed, StageRunner
from ..stages.base import map_rows
from ..stages.runner import describe
from ..workers import Workers
from .plan import Plan


@dataclass
class Ran:
    """What running a plan gave: a CheckRun per check, the findings in check order, the
    annotators' table (when a check measured them), seconds per check, and the stages' values
    (for the report: assemble.py reads the labels and phrasings from them)."""

    runs: list[CheckRun]
    found: list[Finding]
    annotators: tuple
    seconds: list[tuple[str, float]]
    stages: StageRunner
    engine: str = "local"  # the executor's name, for the report's run block


class Executor:
    """Runs a plan. Subclasses say how many processes a stage may use, whether the caches are
    read and written, and when stages are computed (prepare)."""

    name = "executor"

    def workers(self) -> Workers:
        raise NotImplementedError

    def caches(self, settings: Settings) -> bool:
        raise NotImplementedError

    def batch_rows(self) -> Optional[int]:
        """How many items a row-wise stage (stages/base.py: RowWise) is mapped over at a time
        (None: all at once)."""
        return None

    def map_stage(self, stage: Stage, inputs: Inputs) -> Any:
        """A row-wise stage's value (stages/base.py: RowWise): its items mapped in batch_rows()
        batches here. A distributed executor maps them where its workers are."""
        return map_rows(stage.rowwise, inputs, self.batch_rows())

    def overrides(self) -> dict[str, Callable[[Inputs], Any]]:
        """Stages this executor computes its own way, by name: the same value, computed where its
        workers are (the Ray executor's group-bys). None by default."""
        return {}

    def prepare(self, plan: Plan, stages: StageRunner) -> None:
        """Computes stages before the checks run (nothing: each is computed when first read)."""

    def run(self, plan: Plan, dataset: Dataset, settings: Settings, against: Optional[Dataset] = None,
            progress: Optional[ProgressHook] = None) -> Ran:
        # Stages read the settings for their caches too: without caches they see use_cache off.
        stage_settings = settings if self.caches(settings) else replace(settings, use_cache=False)
        stages = StageRunner(STAGES, dataset, stage_settings, against, progress, running=plan.running,
                             rules=plan.rules, wanted=plan.wanted, workers=self.workers(),
                             map_stage=self.map_stage, overrides=self.overrides())
        self.prepare(plan, stages)
        return replace(run_checks(plan, stages, progress), engine=self.name)


def run_checks(plan: Plan, stages: StageRunner, progress: Optional[ProgressHook]) -> Ran:
    ran = Ran(runs=[], found=[], annotators=(), seconds=[], stages=stages)
    for check, reason in plan.planned:
        if reason is not None:
            ran.runs.append(CheckRun(check.name, check.code, "skipped", reason=reason))
            continue
        if progress:
            progress(f"{check.code} {check.name}", 0, None)
        run, outcome = _run_check(check, stages, ran.seconds)
        ran.runs.append(run)
        if outcome is not None:
            ran.annotators = outcome.annotators or ran.annotators
            ran.found.extend(sorted(outcome.findings, key=_finding_order))
    return ran


def _run_check(check: Check, stages: StageRunner, seconds: list) -> tuple[CheckRun, Optional[CheckOutcome]]:
    with stages.clock() as clock:
        try:
            outcome = check.run(stages.inputs(check.stages, f"check {check.code}"))
            if not isinstance(outcome, CheckOutcome):
                outcome = CheckOutcome(findings=outcome)
            outcome = replace(outcome, findings=[_stamped(f, check) for f in outcome.findings])
        except CheckSkipped as skip:
            outcome, run = None, CheckRun(check.name, check.code, "skipped", reason=str(skip))
        except StageFailed as failed:  # reported once per check that needs it, with the stage's own error
            outcome, run = None, CheckRun(check.name, check.code, "failed", error=str(failed))
        except DataAuditError:
            raise  # something the user can fix (a damaged cache, say): exit 2 with its message
        except Exception as exc:  # a crashed check is recorded, never swallowed (exit 3)
            outcome, run = None, CheckRun(check.name, check.code, "failed", error=describe(exc))
    seconds.append((check.code, clock.seconds))
    if outcome is None:
        return run, None
    return CheckRun(check.name, check.code, "ok", findings=len(outcome.findings), notes=tuple(outcome.notes)), outcome


def _stamped(finding: Finding, check: Check) -> Finding:
    """The finding with its check's name and code (a check may leave them out); one naming
    another check is a bug in that check."""
    if finding.code not in ("", check.code) or finding.check not in ("", check.name):
        raise RuntimeError(f"check {check.code} {check.name} returned a finding of {finding.code} {finding.check}")
    return finding if (finding.code, finding.check) == (check.code, check.name) else \
        replace(finding, code=check.code, check=check.name)


def _finding_order(finding: Finding):
    first = finding.keep if finding.keep is not None else (finding.rows[0] if finding.rows else -1)
    return (first, finding.rows)
