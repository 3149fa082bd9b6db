"""The Ray executor (--engine ray): the same plan, the same report, its row-wise work on a Ray
cluster. Ray is an optional extra (`pip install "dataaudit[ray]"`), imported only by the
engine's ray_* modules (ray_cluster.py connects), only when asked for.

What runs where:
- row-wise stages (stages/base.py: RowWise: normalizing, MinHash sketches, embeddings) are Ray
  Data `map_batches` over blocks of their items: plain tasks, or an actor pool for a stage
  that loads a model (one load per actor, kept for every batch it maps);
- the heavy parts that split into tasks (near-pair verification by LSH band groups, DA203's
  fold models) go through RayWorkers.each as Ray tasks, their shared inputs put in the
  object store once;
- grouping, clustering into stars, the checks, scoring and the report stay on the driver.
Every batch's value is put back in item order, so the stages' values, and the report, are the
local executor's (tests/test_ray_engine.py, on every golden run)."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import partial
from typing import Any, Iterator, Optional

import numpy as np

from ..config import Settings
from ..stages import STAGES, Inputs, Stage
from ..stages.near import verified_pairs
from ..workers import Workers
from .executor import Executor
from .ray_cluster import BLOCK_ROWS, connect
from .ray_stages import lsh_pairs_on_ray, text_groups_on_ray

MODEL_BLOCK_ROWS = 1_024  # embeddings: ~0.5 s of `use` per block, so progress moves


class RayExecutor(Executor):
    """Runs a plan on Ray: `address` None starts a Ray on this machine for the scan (or uses the
    one this process already started); `processes` caps the workers (default: the cluster's CPUs)."""

    name = "ray"

    def __init__(self, address: Optional[str] = None, processes: Optional[int] = None):
        self.address = address
        self.processes = processes

    def workers(self) -> Workers:
        ray = connect(self.address)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        return RayWorkers(max(1, min(self.processes or cpus, cpus)))

    def caches(self, settings: Settings) -> bool:
        # The driver's result caches as on the local executor; embeddings are cached where they
        # are computed (each worker's machine, the SQLite cache in WAL mode takes many writers).
        return settings.use_cache

    def overrides(self) -> dict:
        return {"text_groups": partial(text_groups_on_ray, address=self.address),
                "verified_near_pairs": partial(verified_pairs, lsh=partial(lsh_pairs_on_ray, address=self.address))}

    def map_stage(self, stage: Stage, inputs: Inputs) -> Any:
        ray = connect(self.address)
        rowwise = stage.rowwise
        items = rowwise.items(inputs)
        if not len(items):
            return rowwise.join([], items)
        label = rowwise.label or stage.name
        inputs.progress(label, 0, len(items))
        block = MODEL_BLOCK_ROWS if rowwise.loads_model else BLOCK_ROWS
        data = ray.data.from_arrow([_block(items, start, block) for start in range(0, len(items), block)])
        settings, workers = inputs.settings, inputs.workers.processes
        if rowwise.loads_model:
            # The stage and settings ride in the class, not as constructor arguments in the object
            # store (which Ray warns an actor restart could lose).
            actor = type("ModelBatches", (_ModelBatches,), {"stage": stage.name, "settings": settings})
            # max_restarts=0: a lost actor fails the stage (and its checks, reported) rather than a
            # restart Ray warns (on stderr, from C++) it cannot do with the pool's arguments in the
            # object store. Ray 2.60-2.63 take it as a deprecated remote argument (pyproject pins <2.64).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                mapped = data.map_batches(actor, batch_size=None, batch_format="numpy", max_restarts=0,
                                          compute=ray.data.ActorPoolStrategy(size=min(workers, _blocks(items, block))))
        else:
            mapped = data.map_batches(_StageBatches(stage.name, settings), batch_size=None, batch_format="numpy")
        parts: list[tuple[int, Any]] = []
        for batch in mapped.iter_batches(batch_size=None, batch_format="numpy"):
            parts.append((int(batch["at"][0]), _value(batch["value"])))
            inputs.progress(label, len(batch["at"]), None)
        parts.sort(key=lambda part: part[0])
        if sum(len(value) for _, value in parts) != len(items):
            raise RuntimeError(f"Ray returned {sum(len(v) for _, v in parts)} of {stage.name}'s {len(items)} values")
        return rowwise.join([value for _, value in parts], items)


@dataclass(frozen=True)
class RayWorkers(Workers):
    """Workers that are Ray tasks: `each` runs every task on the cluster, its shared arguments
    (the texts, the signatures) put in the object store once."""

    def each(self, function, tasks: dict) -> Iterator[tuple]:
        if min(self.processes, len(tasks)) < 2:
            return iter(())
        return _each_on_ray(function, tasks)


def _each_on_ray(function, tasks: dict) -> Iterator[tuple]:
    import ray
    from ray.exceptions import RayTaskError

    counts: dict[int, int] = {}
    for args in tasks.values():
        for arg in args:
            counts[id(arg)] = counts.get(id(arg), 0) + 1
    stored: dict[int, Any] = {}

    def shared(arg):
        if counts[id(arg)] < 2 or isinstance(arg, (int, float, str, bool, type(None))):
            return arg
        if id(arg) not in stored:
            stored[id(arg)] = ray.put(arg)
        return stored[id(arg)]

    remote = ray.remote(num_cpus=1)(_keyed)
    pending = [remote.remote(key, function, *(shared(a) for a in args)) for key, args in tasks.items()]
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        try:
            yield ray.get(done[0])
        except RayTaskError as failed:  # the task's own error, as if it had run here
            raise failed.as_instanceof_cause() from None
        except ray.exceptions.RayError:  # a worker lost: the caller computes what did not come back
            return


def _keyed(key, function, *args):
    return key, function(*args)


class _BatchInputs:
    """What a row-wise `each` may read on a worker (stages/base.py: RowWise): the settings, one
    process (the worker is the parallelism), no progress (the driver counts finished batches)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.workers = Workers(1)
        self.progress = lambda stage, advance, total: None

    def __getitem__(self, name: str):
        raise KeyError(f"a row-wise stage read stage '{name}' on a worker: `each` reads no stage")


def _ignore(_count: int) -> None:
    return None


class _StageBatches:
    """A plain map task: one row-wise stage's `each` over one block."""

    def __init__(self, stage: str, settings: Settings):
        self.stage, self.settings = stage, settings

    def __call__(self, batch: dict) -> dict:
        rowwise = STAGES[self.stage].rowwise
        value = rowwise.each(batch["item"].tolist(), _BatchInputs(self.settings), _ignore)
        return {"at": batch["at"], "value": _column(value)}


class _ModelBatches(_StageBatches):
    """An actor of the pool (subclassed with `stage` and `settings` set): its first, empty batch
    loads the model, which every later block reuses."""

    stage: str
    settings: Settings

    def __init__(self):
        # One thread per actor (its one CPU), as the local executor's pooled workers encode: more
        # would oversubscribe the cores (measured at 100k rows: 294 s to embed against 83 s), and
        # a model's sums in another thread count differ in the last bits, enough to move a
        # borderline DA203 suggestion (one in 12,589 findings did at 100k rows).
        os.environ["LOKY_MAX_CPU_COUNT"] = "1"  # what joblib.cpu_count(), and so the `use` model, sees
        STAGES[self.stage].rowwise.each([], _BatchInputs(self.settings), _ignore)


def _block(items, start: int, size: int):
    import pyarrow as pa

    stop = min(start + size, len(items))
    return pa.table({"at": pa.array(np.arange(start, stop, dtype=np.int64)),
                     "item": pa.array(list(items[start:stop]), type=pa.large_string())})


def _blocks(items, size: int) -> int:
    return -(-len(items) // size)


def _column(value) -> np.ndarray:
    """A batch's value as a column Ray Data carries: an array as it is, a list as objects."""
    if isinstance(value, np.ndarray):
        return value
    column = np.empty(len(value), dtype=object)
    column[:] = list(value)
    return column


def _value(column: np.ndarray):
    return column.tolist() if column.dtype == object else column
