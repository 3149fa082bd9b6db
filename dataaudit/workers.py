"""Tasks spread over worker processes: joblib's loky pool (spawned, not forked, so safe beside
threads), shared by the embedder's pool (embeddings/pooled.py), DA203's fold models
(labelling/model.py) and near-duplicate LSH bands (similarity/near_pairs.py). joblib is imported
when a pool is first asked for.

How many processes a computation may use is not its own choice: the executor running the
stages decides (engine/local.py: every core; engine/serial.py: this process only) and hands
a Workers value down. Called without one (a benchmark, a test), a computation uses every core."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional


@dataclass(frozen=True)
class Workers:
    """The processes a computation may spread its tasks over (1: only the caller's)."""

    processes: int

    @classmethod
    def every_core(cls) -> "Workers":
        from joblib import cpu_count

        return cls(max(1, cpu_count()))

    def each(self, function, tasks: dict) -> Iterator[tuple]:
        """(key, function(*args)) for the tasks a pool computed, as they finish: nothing when fewer
        than two processes are allowed. The caller runs in its own process whatever did not
        come back."""
        count = min(self.processes, len(tasks))
        if count < 2:
            return iter(())
        return each_in_workers(function, tasks, count)


def allowed(workers: Optional[Workers]) -> Workers:
    """The executor's Workers, or every core for a caller outside a scan."""
    return workers if workers is not None else Workers.every_core()


def each_in_workers(function, tasks: dict, workers: int) -> Iterator[tuple]:
    """(key, function(*args)) for each key -> args of `tasks`, computed in loky worker processes,
    as they finish (DA203's fold models, near-duplicate LSH bands). Stops quietly when the pool
    cannot start or breaks (a worker killed for memory, processes not allowed here): the caller
    runs what did not come back in its own process."""
    from joblib import Parallel, delayed

    run = Parallel(n_jobs=workers, backend="loky", return_as="generator_unordered")
    try:
        # Each task returns its own key: unordered results are matched to their task, not a position.
        yield from run(delayed(_keyed)(key, function, *args) for key, args in tasks.items())
    except pool_failures():
        pass


def _keyed(key, function, *args):
    return key, function(*args)


def pool_failures() -> tuple[type[BaseException], ...]:
    from concurrent.futures.process import BrokenProcessPool

    from joblib.externals.loky.process_executor import TerminatedWorkerError

    return (BrokenProcessPool, TerminatedWorkerError, OSError)
