"""The engine: plan the checks (plan.py), run them over the stage graph on an executor
(local.py by default; serial.py proves the seam; ray_engine.py runs on a Ray cluster), assemble the Report (assemble.py). Never
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
from .ray_engine import RayExecutor
from .serial import SerialExecutor

EXECUTORS: dict[str, type[Executor]] = {executor.name: executor for executor in (LocalExecutor, SerialExecutor,
                                                                                 RayExecutor)}


def executor_for(settings: Settings) -> Executor:
    """The executor the settings' engine names (`local` or `ray`, at settings.ray_address)."""
    if settings.engine == "ray":
        return RayExecutor(settings.ray_address)
    return LocalExecutor()


def audit_dataset(dataset: Dataset, settings: Settings, progress: Optional[ProgressHook] = None,
                  against: Optional[Dataset] = None, production: Optional[Dataset] = None,
                  executor: Optional[Executor] = None) -> Report:
    settings = settings.validate()
    plan = make_plan(dataset, settings, against)
    ran = (executor or executor_for(settings)).run(plan, dataset, settings, against, progress)
    return assemble(dataset, settings, plan, ran, production, progress)


__all__ = ["EXECUTORS", "Executor", "LocalExecutor", "RayExecutor", "SerialExecutor", "audit_dataset", "executor_for"]
