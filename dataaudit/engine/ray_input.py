"""What --engine ray reads beyond a file: a folder of Parquet or JSONL shards (as a dataset
split by a writer such as Spark or Ray Data itself), or a Parquet path Ray Data reads that is
not on this disk (s3://, gs://, abfs://, hdfs://). Parquet is read by Ray Data; JSONL shards are
joined in name order and read as one JSON Lines file, so chat and instruction records are
recognized exactly as in a single file. Shards are read in name order: a scan of the folder
finds what a scan of the shards joined into one file finds (tests/test_ray_engine.py)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..config import Settings
from ..errors import InputError
from ..io.load import arrow_frame, load_raw
from ..io.rawfile import RawFile
from ..io.table import from_table
from ..model.dataset import Dataset
from .ray_cluster import connect

SHARDS = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def reads_shards(source) -> bool:
    """Whether `source` is for this module: a folder, or a URI (scheme://...)."""
    return "://" in str(source) or Path(source).is_dir()


def load_shards(source, settings: Settings) -> Dataset:
    if "://" in str(source):
        return _parquet(str(source), Path(str(source)), [str(source)], hashlib.sha256(str(source).encode()), settings)
    folder = Path(source)
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "_")))
    if not files:
        raise InputError(f"{folder} is a folder with no shards in it. Give a folder of .parquet or .jsonl files.")
    kinds = {SHARDS.get(p.suffix.lower()) for p in files}
    if None in kinds or len(kinds) > 1:
        others = ", ".join(sorted({p.suffix or p.name for p in files}))
        raise InputError(f"{folder} holds files of several kinds ({others}): --engine ray reads a folder of "
                         "Parquet shards (.parquet) or of JSON Lines shards (.jsonl), one kind per folder.")
    digest = hashlib.sha256()
    if kinds == {"jsonl"}:
        parts = []
        for shard in files:
            data = shard.read_bytes()
            parts.append(data if not data or data.endswith(b"\n") else data + b"\n")
        joined = b"".join(parts)
        if not joined.strip():
            raise InputError(f"{folder}: its shards are empty. Point dataaudit at shards with at least one record.")
        joined_file = RawFile(path=folder, data=joined, sha256=hashlib.sha256(joined).hexdigest())
        # Lines of the joined text are no file's lines: findings name records of the folder.
        return replace(load_raw(joined_file, settings), record_lines=None)
    for shard in files:
        digest.update(shard.read_bytes())
    return _parquet(folder, folder, [str(p) for p in files], digest, settings)


def _parquet(source, path: Path, paths: list[str], digest, settings: Settings) -> Dataset:
    ray = connect(settings.ray_address)
    import pyarrow as pa

    try:
        blocks = ray.get(ray.data.read_parquet(paths).to_arrow_refs())
    except Exception as exc:  # noqa: BLE001 - Ray wraps the reader's own error; the user needs its message
        raise InputError(f"{source}: Ray Data could not read it as Parquet ({str(exc).splitlines()[0]}).") from None
    table = pa.concat_tables(blocks, promote_options="default") if blocks else pa.table({})
    return from_table(arrow_frame(table, path), RawFile(path=path, data=b"", sha256=digest.hexdigest()), "parquet",
                      settings)
