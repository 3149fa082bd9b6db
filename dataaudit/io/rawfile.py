"""Reading a file's bytes safely: existence, emptiness, binary content, encoding."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import InputError

PARQUET_MAGIC = b"PAR1"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class RawFile:
    path: Path
    data: bytes
    sha256: str


def read_raw(path: Path) -> RawFile:
    if not path.exists():
        raise InputError(f"File not found: {path}. Check the path (it is relative to {Path.cwd()}).")
    if path.is_dir():
        raise InputError(f"{path} is a directory. Give the data file inside it, e.g. {path}/train.csv.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}. Check the file's permissions.") from exc
    if not data.strip():
        raise InputError(f"{path} is empty. Point dataaudit at a file with a header and at least one row.")
    return RawFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest())


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head


def decode(raw: RawFile, encoding: Optional[str]) -> str:
    """Decode text: an explicit encoding, else a byte-order mark, else strict UTF-8."""
    data = raw.data
    if encoding:
        if encoding.replace("_", "-").lower() in ("utf-8", "utf8") and data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"  # a byte-order mark is not part of the text
        try:
            return data.decode(encoding)
        except LookupError as exc:
            raise InputError(f"Unknown encoding '{encoding}'. Use a Python codec name such as utf-8, cp1252 or latin-1.") from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{raw.path} is not valid {encoding}: {_where(data, exc.start)}. "
                "Check the --encoding value."
            ) from exc
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{raw.path} starts with a {codec} byte-order mark but is not valid {codec}: {_where(data, exc.start)}.") from exc
    if looks_binary(data):
        raise InputError(
            f"{raw.path} looks like a binary file (it contains NUL bytes), not CSV/JSON text. "
            "If it is Parquet, name it *.parquet or pass --format parquet; if it is UTF-16 text "
            "without a byte-order mark, pass --encoding utf-16-le (or utf-16-be)."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(data)
        hint = f" It looks like {guess}." if guess else ""
        use = guess or "cp1252"
        raise InputError(
            f"{raw.path} is not UTF-8: {_where(data, exc.start)}.{hint} "
            f"Re-run with --encoding {use}, or convert the file: "
            f"iconv -f {use} -t utf-8 {raw.path} > {raw.path.stem}.utf8{raw.path.suffix}"
        ) from exc


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte 0x{data[offset]:02x} at line {line} (offset {offset})"


def _guess_encoding(data: bytes) -> Optional[str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    return best.encoding.replace("_", "-")
