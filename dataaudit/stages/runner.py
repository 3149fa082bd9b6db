"""Computes stages on demand, each once: memoized, timed, and failing once."""

from __future__ import annotations

import time
import traceback
from functools import partial
from pathlib import Path
from typing import Any, Callable, Optional

from ..errors import DataAuditError
from ..workers import Workers
from .base import Inputs, ProgressHook, Stage, StageFailed, map_rows


def describe(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


class StageRunner:
    def __init__(self, stages: dict[str, Stage], dataset, settings, against=None,
                 progress: Optional[ProgressHook] = None, running: frozenset[str] = frozenset(), rules: tuple = (),
                 wanted: frozenset[str] = frozenset(), workers: Optional[Workers] = None,
                 batch_rows: Optional[int] = None, map_stage: Optional[Callable[[Stage, Inputs], Any]] = None,
                 overrides: Optional[dict[str, Callable[[Inputs], Any]]] = None):
        self.stages = stages
        self.dataset = dataset
        self.settings = settings
        self.against = against
        self.progress: ProgressHook = progress or (lambda stage, advance, total: None)
        self.running = running  # codes of the checks that run: an owned stage is on only with its owner
        self.rules = rules  # the rule-pack rules that run (stages/rules.py)
        # The stages the running checks read, directly or through other stages: a stage may do
        # ahead of time what a later one will ask for (the embedding plan: every text at once).
        self.wanted = wanted
        # The processes a stage may spread its work over, as the executor decides (None: every core).
        self.workers = workers
        # Row-wise stages are mapped this many items at a time (None: all at once), as the executor asks.
        self.batch_rows = batch_rows
        # Or the executor maps them itself (a distributed map): map_stage(stage, inputs) -> the value.
        self.map_stage = map_stage
        # Stages the executor computes its own way, with the same value (a group-by on a cluster).
        self.overrides = overrides or {}
        self.row_ids = dataset.row_ids
        self._values: dict[str, Any] = {}
        self._failures: dict[str, StageFailed] = {}
        self._seconds: dict[str, float] = {}
        self._computing: dict[str, None] = {}  # the stages being computed, outermost first
        self._stack: list[list[float]] = []  # time spent in nested stages, per stage being computed
        # The stages that read each `release` stage: once they all have a value, it is dropped.
        self._readers = {name: [s.name for s in stages.values() if name in s.needs]
                         for name, stage in stages.items() if stage.release}
        self._released: set[str] = set()

    def inputs(self, allowed: tuple[str, ...], owner: str) -> Inputs:
        return Inputs(self, allowed, owner)

    def get(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        if name in self._failures:
            raise self._failures[name]
        if name in self._released:  # every reader had its value: asking again is a bug in the graph
            raise RuntimeError(f"stage {name} was released after the stages that read it; "
                               "only stages declare it (see Stage.release)")
        if name in self._computing:  # it would be computed again inside itself, silently
            raise RuntimeError(f"stage {name} needs itself: {' -> '.join([*self._computing, name])}")
        stage = self.stages[name]
        inputs = self.inputs(stage.needs, f"stage {name}")
        compute = stage.off if stage.owner and stage.owner not in self.running else stage.compute
        if compute is stage.compute and name in self.overrides:
            compute = self.overrides[name]
        elif stage.rowwise is not None and getattr(compute, "func", None) is map_rows:
            if self.map_stage is not None:
                compute = partial(self.map_stage, stage)
            elif self.batch_rows is not None:
                compute = partial(map_rows, stage.rowwise, batch_rows=self.batch_rows)
        started = time.perf_counter()
        self._stack.append([0.0])
        self._computing[name] = None
        try:
            value = compute(inputs)
        except StageFailed as failed:  # an input failed: this stage fails with the same cause
            self._failures[name] = failed
            raise
        except DataAuditError:
            raise  # something the user can fix (a damaged cache folder): exit 2 with its message
        except Exception as exc:
            failed = StageFailed(name, describe(exc))
            self._failures[name] = failed
            raise failed from exc
        finally:
            del self._computing[name]
            nested = self._stack.pop()[0]
            total = time.perf_counter() - started
            self._seconds[name] = self._seconds.get(name, 0.0) + total - nested
            if self._stack:
                self._stack[-1][0] += total
        self._values[name] = value
        for need in stage.needs:
            self._release_when_read(need)
        return value

    def _release_when_read(self, name: str) -> None:
        readers = self._readers.get(name)
        if readers is None or name not in self._values:
            return
        pending = [r for r in readers if (not self.wanted or r in self.wanted)
                   and r not in self._values and r not in self._failures and r not in self._released]
        if not pending:
            del self._values[name]
            self._released.add(name)

    def failure(self, name: str) -> Optional[StageFailed]:
        return self._failures.get(name)

    def timings(self) -> list[tuple[str, float]]:
        """Seconds spent in each stage's own work (inputs excluded), in the order they ran."""
        return [(name, round(seconds, 3)) for name, seconds in self._seconds.items()]

    def clock(self) -> "_Clock":
        """Times a check's own work: stages it triggers are counted as stages, not in the check."""
        return _Clock(self._stack)


class _Clock:
    def __init__(self, stack: list[list[float]]):
        self._stack = stack
        self.seconds = 0.0

    def __enter__(self) -> "_Clock":
        self._started = time.perf_counter()
        self._stack.append([0.0])
        return self

    def __exit__(self, *exc) -> bool:
        nested = self._stack.pop()[0]
        self.seconds = round(time.perf_counter() - self._started - nested, 3)
        return False

