"""A damaged cache file is detected and rebuilt: never an incomplete audit on every later scan."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

TRAIN = ("text,label\nHow do I reset my card PIN?,pin\nhow can I reset the PIN of my card,pin\n"
         "where is my new card,arrival\nmy card has not arrived yet,arrival\nI want a refund,refund\n")


def _scan(run_cli, train: Path, cache: Path, out: Path) -> dict:
    result = run_cli("scan", train, "--cache-dir", cache, "--json", out, "--threshold", "1")
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    report.pop("run")  # timings
    return report


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "garbage": lambda good: b"\x89not a zip file at all" * 50,
    "indices out of range": lambda good: _npz(pairs=np.array([[0, 99]], dtype=np.int64),
                                              sims=np.array([0.99], dtype=np.float32)),
    "wrong shapes": lambda good: _npz(pairs=np.array([1, 2, 3]), sims=np.array([0.5, 0.5])),
    "pickled objects": lambda good: _npz(pairs=np.array([object()], dtype=object),
                                         sims=np.array([0.5], dtype=np.float32)),
    "missing arrays": lambda good: _npz(other=np.zeros(3)),
}


# Each pair cache, and the caches above it that would answer first (pairs kept by the minimal-pair
# rule are stored too): those are cleared, so the damaged entry is what the re-scan reads.
PAIR_FOLDERS = {
    "pairs": ("semantic_kept",),  # semantic neighbours
    "near_pairs": ("near_kept", "semantic_kept"),  # verified near-duplicate pairs
    "near_kept": ("semantic_kept",),  # near pairs the minimal-pair rule keeps
    "semantic_kept": (),  # semantic pairs the rule keeps
}


@pytest.mark.parametrize("folder", sorted(PAIR_FOLDERS))
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_neighbour_pairs_are_recomputed_and_rewritten(run_cli, write, tmp_path, damage, folder):
    train, cache = write("train.csv", TRAIN), tmp_path / "cache"
    first = _scan(run_cli, train, cache, tmp_path / "first.json")
    (entry,) = (cache / folder).glob("*.npz")
    good = entry.read_bytes()
    entry.write_bytes(DAMAGE[damage](good))
    for above in PAIR_FOLDERS[folder]:
        for stored in (cache / above).glob("*.npz"):
            stored.unlink()
    again = _scan(run_cli, train, cache, tmp_path / "again.json")
    assert again == first, "the same audit as with a sound cache"
    with np.load(entry, allow_pickle=False) as stored:  # rewritten whole
        assert stored["pairs"].shape[1] == 2
    assert _scan(run_cli, train, cache, tmp_path / "third.json") == first


@pytest.mark.parametrize("damage", ["truncated", "garbage header", "other program's table"])
def test_damaged_embedding_cache_is_set_aside_and_rebuilt(run_cli, write, tmp_path, damage):
    train, cache = write("train.csv", TRAIN), tmp_path / "cache"
    first = _scan(run_cli, train, cache, tmp_path / "first.json")
    database = cache / "embeddings-v1.sqlite"
    for part in cache.glob("embeddings-v1.sqlite-*"):
        part.unlink()  # the scan closed the cache: its WAL was checkpointed into the file
    if damage == "truncated":
        database.write_bytes(database.read_bytes()[:1500])
    elif damage == "garbage header":
        database.write_bytes(b"\x00garbage" * 512 + database.read_bytes()[4096:])
    else:
        database.unlink()
        other = sqlite3.connect(database)
        other.execute("CREATE TABLE vectors (id INTEGER, blob BLOB)")
        other.commit()
        other.close()
    damaged = database.read_bytes()
    for entry in cache.glob("*/*.npz"):
        entry.unlink()  # neighbour pairs, DA203's evidence...: so the scan must read vectors again
    result = run_cli("scan", train, "--cache-dir", cache, "--json", tmp_path / "again.json", "--threshold", "1",
                     "--quiet")
    assert result.exit_code == 0, result.output
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    again.pop("run")
    assert again == first
    aside = cache / "embeddings-v1.sqlite.damaged"
    said = [line for line in result.stderr.splitlines() if "damaged" in line]
    assert len(said) == 1 and said[0].startswith("warning: the embedding cache"), result.stderr
    assert f"{database} was damaged" in said[0] and f"moved it aside to {aside}" in said[0]
    if damage == "other program's table":  # still that program's database (now in WAL mode)
        kept = sqlite3.connect(aside)
        assert [row[1] for row in kept.execute("PRAGMA table_info(vectors)")] == ["id", "blob"]
        kept.close()
    else:
        assert aside.read_bytes() == damaged, "kept aside for a look, not lost"
    rebuilt = sqlite3.connect(database)
    assert rebuilt.execute("SELECT COUNT(*) FROM vectors").fetchone()[0] == 5
    rebuilt.close()
