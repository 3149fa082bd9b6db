"""The local executor, the one a scan uses: stages computed in this process when a check
first reads them (each once), their heavy parts (embedding, near-pair verification, DA203's
fold models) spread over a worker pool on every core, and cached results read and kept
beside the embedding cache unless --no-cache."""

from __future__ import annotations

from ..config import Settings
from ..workers import Workers
from .executor import Executor


class LocalExecutor(Executor):
    name = "local"

    def workers(self) -> Workers:
        return Workers.every_core()

    def caches(self, settings: Settings) -> bool:
        return settings.use_cache
