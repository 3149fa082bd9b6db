"""The engine: plan the checks (plan.py), run them over the stage graph on an executor
(local.py by default; serial.py proves the seam), assemble the Report (assemble.py). Never
prints or exits. `api.audit` is the entry that validates and loads; this runs a loaded Dataset."""

from __future__ import annotations

from typing import Optional

from ..config import Settings
from ..model.dataset import Dataset
from ..model.findings import Report
from ..stages import ProgressHook
from .assemble import assemble
from .executor import Executor
from .local import LocalExecutor
from .plan import make_plan
from .serial import SerialExecutor

EXECUTORS: dict[str, type[Executor]] = {executor.name: executor for executor in (LocalExecutor, SerialExecutor)}


def audit_dataset(dataset: Dataset, settings: Settings, progress: Optional[ProgressHook] = None,
                  against: Optional[Dataset] = None, production: Optional[Dataset] = None,
                  executor: Optional[Executor] = None) -> Report:
    settings = settings.validate()
    plan = make_plan(dataset, settings, against)
    ran = (executor or LocalExecutor()).run(plan, dataset, settings, against, progress)
    return assemble(dataset, settings, plan, ran, production, progress)


__all__ = ["EXECUTORS", "Executor", "LocalExecutor", "SerialExecutor", "audit_dataset"]
