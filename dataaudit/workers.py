"""Tasks spread over worker processes: joblib's loky pool (spawned, not forked, so safe beside
threads), shared by the embedder's pool (embeddings/pooled.py), DA203's fold models
(label_model.py) and near-duplicate LSH bands (similarity/near_pairs.py). joblib is imported
when a pool is first asked for."""

from __future__ import annotations

from typing import Iterator


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
