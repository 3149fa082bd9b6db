"""Output files: checked before the scan, written all-or-nothing, never over an input.

A reader never sees half a report: each file is written to a temp file in its own
folder, fsynced, then renamed over the target. With several outputs, every temp file
is written before the first rename, so a full disk or a read-only folder leaves the
old outputs as they were. A run killed between the two steps leaves temp files named
`.NAME.dataaudit-PID.XXXX.tmp`; the next run that writes NAME removes those whose
process is gone.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import DataAuditError
from ..interrupts import raise_if_interrupted

_TEMP_TAG = ".dataaudit-"


@dataclass(frozen=True)
class ReadPath:
    """Something the run reads: a file, or a folder whose every file it may read."""

    role: str  # how the user named it: "the scanned file", "the --against file", ...
    path: Path
    folder: bool = False


def check_outputs(outputs: dict[str, Path], reads: Iterable[ReadPath]) -> dict[str, Path]:
    """Refuse, before any work, outputs that would destroy an input, collide, or cannot be written.

    `outputs` maps the flag (`--json`) to its path. Returns the paths to write to:
    a symlink is followed so the link itself survives.
    """
    reads = list(reads)
    targets: dict[str, Path] = {}
    for flag, path in outputs.items():
        target = _follow_link(path)
        if target.is_dir():
            raise DataAuditError(f"{flag} {path} is a directory. Give a file name inside it.")
        for read in reads:
            if _is_inside(target, read) if read.folder else _same_file(target, read.path):
                what = f"inside {read.role} {read.path}" if read.folder else f"{read.role}"
                raise DataAuditError(f"{flag} {path} is {what}; dataaudit never overwrites a file it reads. "
                                     "Choose another output path.")
        for other_flag, other in targets.items():
            if _same_file(target, other):
                raise DataAuditError(f"{other_flag} and {flag} both write {path}; give each output its own file.")
        if not _is_special(target):
            _check_writable(flag, path, target.parent)
        targets[flag] = target
    return targets


def check_output_folder(flag: str, folder: Path, reads: Iterable[ReadPath]) -> None:
    """Refuse, before any work, an output folder that is a file, lies inside or is something the
    run reads, or cannot be created or written to (the nearest existing folder above it is probed)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DataAuditError(f"{flag} {folder} is a file; give a folder to write into.")
    for read in reads:
        if _same_file(folder, read.path) or (read.folder and _is_inside(folder, read)):
            raise DataAuditError(f"{flag} {folder} is {read.role} {read.path}; dataaudit never writes into what it "
                                 "reads. Choose another folder.")
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise DataAuditError(f"Cannot create {flag} {folder}: {existing} is a file, not a folder.")
    try:  # creating something is the only reliable test (ACLs, read-only mounts, /proc)
        probe = tempfile.mkdtemp(prefix=f".{folder.name or 'out'}{_TEMP_TAG}{os.getpid()}.", dir=existing)
    except OSError as exc:
        raise DataAuditError(f"Cannot create {flag} {folder}: {exc.strerror or exc} in {existing}. "
                             "Choose a folder you can write to.") from exc
    os.rmdir(probe)


def make_folder(flag: str, folder: Path) -> None:
    """Create an output folder checked by check_output_folder (something may have changed since)."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataAuditError(f"Cannot create {flag} {folder}: {exc.strerror or exc}. "
                             "Choose a folder you can write to.") from exc


def write_all(files: dict[Path, str | bytes]) -> None:
    """Write every file, or none: all temp files first, then the renames."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            if _is_special(path):
                continue  # /dev/null, a FIFO: written directly below, there is nothing to rename over
            staged.append((_write_temp(path, data), path))
        for path, content in files.items():
            if _is_special(path):
                _write_special(path, content.encode("utf-8") if isinstance(content, str) else content)
        raise_if_interrupted()  # a Ctrl-C some library swallowed: publish nothing
        for temp, path in staged:
            os.replace(temp, path)
        staged = []
    except OSError as exc:
        raise DataAuditError(f"Cannot write {exc.filename or 'an output file'}: {exc.strerror or exc}. "
                             "Nothing was replaced; check free space and permissions.") from exc
    finally:
        for temp, _ in staged:
            _unlink_quietly(temp)


def write_atomic(path: Path, content: str | bytes) -> None:
    write_all({Path(path): content})


def remove_stale_temps(path: Path) -> None:
    """Temp files for `path` left by a dataaudit run that was killed while writing."""
    folder = path.parent if str(path.parent) else Path(".")
    pattern = re.compile(re.escape(f".{path.name}{_TEMP_TAG}") + r"(\d+)\.[^.]+\.tmp")
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = pattern.fullmatch(name)
        if match and not _process_alive(int(match.group(1))):
            _unlink_quietly(folder / name)


def _write_temp(path: Path, data: bytes) -> str:
    remove_stale_temps(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}{_TEMP_TAG}{os.getpid()}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        _unlink_quietly(temp)
        raise
    return temp


def _write_special(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _check_writable(flag: str, path: Path, folder: Path) -> None:
    folder = folder if str(folder) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise DataAuditError(f"Cannot write {flag} {path}: {folder} is a file, not a folder.")
    if not folder.is_dir():
        raise DataAuditError(f"Cannot write {flag} {path}: the folder {folder} does not exist. Create it first.")
    # Creating a file is the only reliable test (ACLs, read-only mounts, quotas): do it now, not after the scan.
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}{_TEMP_TAG}{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DataAuditError(f"Cannot write {flag} {path}: {exc.strerror or exc} in {folder}. "
                             "Choose a folder you can write to.") from exc
    os.close(fd)
    _unlink_quietly(probe)


def _follow_link(path: Path) -> Path:
    path = Path(path)
    try:
        return path.resolve() if path.is_symlink() else path
    except (OSError, RuntimeError):  # a symlink loop: let the write fail with its own message
        return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        if os.path.samefile(a, b):  # also catches hard links and different spellings of one path
            return True
    except OSError:
        pass
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return False


def _is_inside(path: Path, read: ReadPath) -> bool:
    try:
        return Path(path).resolve().is_relative_to(read.path.resolve())
    except (OSError, RuntimeError):
        return False


def _is_special(path: Path) -> bool:
    """An existing target that is not a regular file (/dev/null, /dev/stdout, a FIFO) is written
    in place: renaming over it would delete a device node or break a pipe."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError:
        return True
    return True


def _unlink_quietly(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
