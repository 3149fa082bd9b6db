"""Reading a file's bytes safely: existence, emptiness, binary content, encoding."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import InputError
from .encoding_guess import Guess, guess_encoding

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
        raise InputError(f"{path} is a directory. Give the data file inside it, e.g. {path}/train.csv "
                         "(--engine ray also reads a folder of Parquet or JSONL shards).")
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
    return b"\x00" in head and not _stray_nuls(head)


def _stray_nuls(head: bytes) -> bool:
    """A few NUL bytes in UTF-8 text (scraped strings that kept one): the file is text, and the
    parser names the line. UTF-16 without a byte-order mark has a NUL in every other byte of
    ASCII (and is not UTF-8 elsewhere); binary files and NUL padding have them in runs, or are
    not UTF-8 at all."""
    if head.count(b"\x00") * 20 > len(head) or b"\x00\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut at the 8 KB boundary
    return True


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
        guess = guess_encoding(non_ascii_lines(data))
        use = guess.encoding if guess else "cp1252"
        raise InputError(
            f"{raw.path} is not UTF-8: {_where(data, exc.start)}.{_hint(guess)} "
            f"Re-run with --encoding {use}, or convert the file: "
            f"iconv -f {use} -t utf-8 {raw.path} > {raw.path.stem}.utf8{raw.path.suffix}"
        ) from exc


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte 0x{data[offset]:02x} at line {line} (offset {offset})"


def _hint(guess: Optional[Guess]) -> str:
    if guess is None:
        return ""
    named = f"{guess.encoding} ({guess.description})"
    if guess.confident:
        return f" It looks like {named}."
    if not guess.alternatives:
        return f" It is probably {named}, but that is a guess: check a few rows after converting."
    others = [codec if desc == guess.description else f"{codec} ({desc})" for codec, desc in guess.alternatives]
    listed = others[0] if len(others) == 1 else ", ".join(others[:-1]) + f" or {others[-1]}"
    return f" It is probably {named}; it could also be {listed}."


SAMPLE_BYTES = 200_000
_WINDOW = 1_000  # bytes kept before a non-ASCII byte on a very long line, and at least as many after it
# No legacy codec uses these bytes inside a multibyte character, so a sample may start or end at one.
_SAFE = re.compile(rb"[ \t\r\n,;\"']")
_HIGH = re.compile(rb"[\x80-\xff]")


def non_ascii_lines(data: bytes) -> list[bytes]:
    """The lines holding non-ASCII bytes, in order, up to SAMPLE_BYTES in all: what the encoding
    guess reads, however big the file. A very long line is cut where no character can be split."""
    lines, size, pos = [], 0, 0
    while size < SAMPLE_BYTES:
        i = _next_high(data, pos)
        if i < 0:
            break
        lo = max(pos, i - _WINDOW)
        start = data.rfind(b"\n", lo, i) + 1
        if not start:
            safe = _SAFE.search(data, lo, i)
            start = lo if lo == pos else safe.end() if safe else i  # bytes before i are ASCII: i starts a character
        end = data.find(b"\n", i, i + _WINDOW)
        if end < 0:
            safe = _SAFE.search(data, i + _WINDOW, i + 64 * _WINDOW)
            end = safe.start() if safe else min(len(data), i + 64 * _WINDOW)
        lines.append(data[start:end])
        size += end - start + 1
        pos = end + 1
    return lines


def _next_high(data: bytes, pos: int) -> int:
    hit = _HIGH.search(data, pos, pos + 4096)
    if hit:
        return hit.start()
    for start in range(pos + 4096, len(data), 1 << 20):  # isascii() skips ASCII ~10x faster than a search
        if not data[start:start + (1 << 20)].isascii():
            return _HIGH.search(data, start, start + (1 << 20)).start()
    return -1
