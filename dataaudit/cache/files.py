"""Where cached results live and how an entry of named arrays is read and written (the
embedding cache, embeddings/cache.py, and the stores beside it: cache/pairs.py,
cache/label_model.py). Kept out of the io package, whose import loads pandas."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Optional

import numpy as np

from ..errors import DataAuditError


def default_cache_dir() -> Path:
    configured = os.environ.get("DATAAUDIT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dataaudit"))


def read_arrays(path: Path, *names: str) -> Optional[dict[str, np.ndarray]]:
    """A stored side entry (neighbour pairs, label probabilities): its named arrays, or None when
    there is none or it cannot be read — a cache read never fails a scan; the caller checks the
    arrays' shapes and recomputes what does not fit."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: np.asarray(stored[name]) for name in names}
    except Exception:  # zip, pickle, EOF, missing-key and OS errors alike
        return None


def write_arrays(path: Path, **arrays: np.ndarray) -> None:
    """Store a side entry atomically (readers see all of it or none); a folder that cannot be
    written only means no entry: the cache is an optimisation."""
    from ..io.atomic import write_all  # here, not at the top: the io package imports pandas

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_all({path: buffer.getvalue()})
    except (OSError, DataAuditError):
        pass


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
