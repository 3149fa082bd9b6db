"""Write output files atomically: a reader never sees half a report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import DataAuditError


def write_atomic(path: Path, content: str | bytes) -> None:
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise DataAuditError(f"Cannot write {path}: the folder {directory} does not exist. Create it first.")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DataAuditError(f"Cannot write {path}: {exc.strerror}. Choose a folder you can write to.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise DataAuditError(f"Cannot write {path}: {exc.strerror or exc}. Check free space and permissions.") from exc
        raise
