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
        self.read_only = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
                             "vector BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID")
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise DataAuditError(
                    f"The embedding cache {self.path} is damaged ({exc}). Delete that file (it is only a "
                    "cache), or pass --no-cache."
                ) from exc
            self._open_read_only(exc)
        except OSError as exc:
            self._open_read_only(exc)

    def _open_read_only(self, cause: Exception) -> None:
        """A shared cache on a read-only folder is still read; new vectors just are not stored."""
        if not self.path.is_file():
            raise DataAuditError(
                f"Cannot create the embedding cache at {self.path} ({cause}). Point --cache-dir at a writable "
                "folder, or pass --no-cache."
            ) from cause
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, timeout=60)
            self._db.execute("SELECT 1 FROM vectors LIMIT 1")
        except sqlite3.Error as exc:
            raise DataAuditError(
                f"Cannot read the embedding cache {self.path} ({exc}). Delete it, point --cache-dir elsewhere, "
                "or pass --no-cache."
            ) from exc
        self.read_only = True

    def get(self, model: str, keys: list[bytes], dim: Optional[int] = None) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        try:
            return self._get(model, keys, dim, found)
        except sqlite3.DatabaseError as exc:
            raise DataAuditError(f"The embedding cache {self.path} is damaged ({exc}). Delete that file "
                                 "(it is only a cache), or pass --no-cache.") from exc

    def _get(self, model, keys, dim, found):
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
        if not items or self.read_only:
            return
        rows = [(model, key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in items]
        try:
            self._db.execute("BEGIN")  # one transaction: all of these vectors, or none
            self._db.executemany("INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.OperationalError:
            # A read-only cache file: the scan goes on, the vectors are just not kept.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self.read_only = True

    def close(self) -> None:
        self._db.close()
