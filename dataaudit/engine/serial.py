"""The serial executor: the simplest one that runs a plan, to prove the seam another executor
plugs into. Every stage the plan names is computed up front, in the plan's order (each after
its inputs), in this one process, with no cache read or written, and the row-wise stages
(normalize, sketch, embed) are mapped over small batches, as a distributed executor would
map them; then the checks run on the values. It gives the local executor's report on every
golden run (tests/test_executors.py): a stage that read something it did not declare, or
relied on being computed lazily, fails there. Slower than local.py; for tests and for
debugging a stage."""

from __future__ import annotations

from typing import Optional

from ..config import Settings
from ..stages import StageFailed, StageRunner
from ..workers import Workers
from .executor import Executor
from .plan import Plan


# Items per batch of a row-wise stage: small and odd, so batch edges fall anywhere in a file.
BATCH_ROWS = 97


class SerialExecutor(Executor):
    name = "serial"

    def batch_rows(self) -> Optional[int]:
        return BATCH_ROWS

    def workers(self) -> Workers:
        return Workers(1)

    def caches(self, settings: Settings) -> bool:
        return False

    def prepare(self, plan: Plan, stages: StageRunner) -> None:
        for name in plan.stage_order:
            try:
                stages.get(name)
            except StageFailed:
                pass  # the checks that need it fail with this cause, as on the local executor
