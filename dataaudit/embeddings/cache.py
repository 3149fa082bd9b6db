"""An on-disk embedding cache: SQLite, keyed by model and text hash.

Why SQLite: every write is a transaction, so an interrupted scan leaves either the
vectors it finished or nothing (never half a record), and concurrent scans of
different files share one cache safely (WAL mode, a busy timeout). Re-scanning a
file that grew by 1% embeds only the new texts.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Optional

import numpy as np

from ..errors import DataAuditError

SCHEMA_VERSION = 1


def default_cache_dir() -> Path:
    configured = os.environ.get("DATAAUDIT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dataaudit"))


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    def __init__(self, folder: Path):
        self.path = Path(folder) / f"embeddings-v{SCHEMA_VERSION}.sqlite"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
                             "vector BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID")
        except (OSError, sqlite3.Error) as exc:
            raise DataAuditError(
                f"Cannot use the embedding cache at {self.path} ({exc}). Point --cache-dir at a writable "
                "folder, or pass --no-cache."
            ) from exc

    def get(self, model: str, keys: list[bytes], dim: Optional[int] = None) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",
                                    [model, *chunk])
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if dim is None or len(vector) == dim:
                    found[key] = vector
        return found

    def put(self, model: str, items: list[tuple[bytes, np.ndarray]]) -> None:
        if not items:
            return
        with self._db:  # one transaction: all of these vectors, or none
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)",
                                 [(model, key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in items])

    def close(self) -> None:
        self._db.close()
