"""An on-disk embedding cache: SQLite, keyed by model and text hash.

Why SQLite: every write is a transaction, so an interrupted scan leaves either the
vectors it finished or nothing (never half a record), and concurrent scans of
different files share one cache safely (WAL mode, a busy timeout). Re-scanning a
file that grew by 1% embeds only the new texts.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Optional

import numpy as np

from ..cache.files import default_cache_dir
from ..cache.files import text_key as text_key  # the vectors' key, imported from here too
from ..errors import DataAuditError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


def cache_files(cache_dir: Optional[str]) -> list[tuple[Path, bool]]:
    """The files a scan may read from the cache: (path, is_folder). Outputs must not land on them."""
    folder = Path(cache_dir) if cache_dir else default_cache_dir()
    database = folder / f"embeddings-v{SCHEMA_VERSION}.sqlite"
    return [(database, False), (Path(f"{database}-wal"), False), (Path(f"{database}-shm"), False),
            *((folder / name, True) for name in CACHE_FOLDERS)]


# The folders of cached results beside the vectors (cache/pairs.py, cache/label_model.py).
CACHE_FOLDERS = ("pairs", "near_pairs", "near_kept", "semantic_kept", "label_model")


_DAMAGED = ("not a database", "malformed", "no such table", "no such column", "file is encrypted")
_BUSY = ("locked", "busy")


class EmbeddingCache:
    """A damaged cache file (truncated, garbage, another program's database) is set aside as
    `*.damaged` and rebuilt: it only ever holds what can be computed again."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / f"embeddings-v{SCHEMA_VERSION}.sqlite"
        self.read_only = False
        self.rebuilt = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._open_writable()
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                self._rebuild()
            else:
                self._open_read_only(exc)
        except OSError as exc:
            self._open_read_only(exc)

    def _open_writable(self) -> None:
        # Two scans creating the cache at once: one of them briefly sees it locked, even with a
        # busy timeout (switching to WAL takes an exclusive lock without waiting). Wait it out.
        for attempt in range(50):
            try:
                self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                # A rowid table, not WITHOUT ROWID: a 2 KB vector per row is far past what a
                # WITHOUT ROWID b-tree holds well (40,000 `use` vectors: writes 2.7 -> 0.9 s, reads
                # 0.8 -> 0.2 s). A cache made before keeps its table and still works, just slower.
                self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
                                 "vector BLOB NOT NULL, PRIMARY KEY (model, key))")
                self._db.execute("SELECT model, key, vector FROM vectors LIMIT 1").fetchall()
                return
            except sqlite3.OperationalError as exc:
                if not any(word in str(exc) for word in _BUSY) or attempt == 49:
                    raise
                self._db.close()
                time.sleep(0.1)

    def _rebuild(self) -> None:
        """Set the damaged file aside (one `.damaged` copy, for whoever wants to look) and start anew."""
        try:
            self._db.close()
        except (AttributeError, sqlite3.Error):
            pass
        aside = Path(f"{self.path}.damaged")
        try:
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{self.path}{suffix}")
                if part.exists():
                    os.replace(part, Path(f"{self.path}{suffix}.damaged"))
            self._open_writable()
        except (OSError, sqlite3.Error) as exc:
            raise DataAuditError(
                f"The embedding cache {self.path} is damaged and could not be rebuilt ({exc}). Delete that "
                "file (it is only a cache), point --cache-dir elsewhere, or pass --no-cache."
            ) from exc
        self.rebuilt = True
        # The library does not print: the CLI shows this warning on stderr (one line), a program
        # using the library gets it from the "dataaudit" logger.
        log.warning("the embedding cache %s was damaged: moved it aside to %s and started a new one "
                    "(its vectors are computed again)", self.path, aside)

    def _open_read_only(self, cause: Exception) -> None:
        """A shared cache on a read-only folder is still read; new vectors just are not stored."""
        if not self.path.is_file():
            raise DataAuditError(
                f"Cannot create the embedding cache at {self.path} ({cause}). Point --cache-dir at a writable "
                "folder, or pass --no-cache."
            ) from cause
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, timeout=60)
            self._db.execute("SELECT model, key, vector FROM vectors LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise DataAuditError(
                f"Cannot read the embedding cache {self.path} ({exc}), and its folder is not writable, so it "
                "cannot be rebuilt. Delete it, point --cache-dir elsewhere, or pass --no-cache."
            ) from exc
        self.read_only = True

    def get(self, model: str, keys: list[bytes], dim: Optional[int] = None) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        try:
            return self._get(model, keys, dim, found)
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc) or self.read_only:
                raise DataAuditError(f"Cannot read the embedding cache {self.path} ({exc}). Delete that file "
                                     "(it is only a cache), or pass --no-cache.") from exc
            self._rebuild()
            return {}

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
            self._insert(rows)
        except sqlite3.DatabaseError as exc:
            try:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            if _is_damage(exc):
                self._rebuild()
                self._insert(rows)
            else:
                # A read-only cache file: the scan goes on, the vectors are just not kept.
                self.read_only = True

    def _insert(self, rows) -> None:
        self._db.execute("BEGIN")  # one transaction: all of these vectors, or none
        self._db.executemany("INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)", rows)
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()


def _is_damage(exc: Exception) -> bool:
    return any(word in str(exc) for word in _DAMAGED)
