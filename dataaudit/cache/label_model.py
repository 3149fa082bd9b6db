"""The label model's out-of-sample probabilities, cached: a re-scan of unchanged rows skips the
cross-validation, which is most of a warm scan (10k BANKING77 rows: 32 of 42 s), and DA203's
supporting rows with them, so a re-scan reads no vector and fits no TF-IDF for its evidence.

An entry is keyed by the judged texts, their labels and fold groups, and by what the stage's
CachedResult declares (cache/keys.py: the embedder's cache key, the scikit-learn and cleanlab
versions, and the code — the label model's, its features', DA203's choice of rows — as a digest
derived from the source, so any change recomputes). Stored beside the embedding cache
(`label_model/KEY.npz`), written atomically; a damaged entry is recomputed, never an error,
and a read-only cache folder only means no entry is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .files import default_cache_dir, read_arrays, write_arrays


def entry_path(result, settings, texts: Sequence[str], labels: Sequence[str], groups: Sequence[int],
               **values) -> Path:
    """Where the entry for these rows lives; `result` is the CachedResult declaring what else the
    probabilities depend on, `values` the values it declares."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(result.key(settings, **values).encode())
    # Length-prefixed fields: unambiguous whatever the texts hold, and one update for all rows
    # (a json.dumps per row was ~1 s of a 100k-row re-scan).
    digest.update("".join(f"{len(t)}:{t}{len(label)}:{label}{int(g)}\x1e"
                          for t, label, g in zip(texts, labels, groups)).encode("utf-8", "surrogatepass"))
    return Path(settings.cache_dir or default_cache_dir()) / result.folder / f"{digest.hexdigest()}.npz"


@dataclass(frozen=True)
class Entry:
    probabilities: np.ndarray
    support: Optional[dict]  # DA203's evidence by judged-row index, None when not stored

    def support_at(self, positions: np.ndarray) -> Optional[dict]:
        """The support as label_issues.Judgement holds it: dataset positions (`positions`: the judged rows')."""
        if self.support is None:
            return None
        return {i: tuple((int(positions[j]), s) for j, s in found) for i, found in self.support.items()}


def read_entry(path: Path) -> Optional[Entry]:
    """The stored entry. The key holds the judged rows' texts, not where they sit in the file, so
    the support is stored by judged-row index (the rows of `probabilities`): `support` maps an
    issue to (judged-row index, cosine) pairs; Entry.support_at gives dataset positions."""
    stored = read_arrays(path, "probabilities", "support_rows", "support_positions", "support_sims")
    if stored is None:
        return None
    probabilities = stored["probabilities"]
    if probabilities.ndim != 2 or probabilities.dtype.kind != "f" or not np.isfinite(probabilities).all():
        return None
    return Entry(probabilities, _support(stored, len(probabilities)))


def _support(stored: dict, rows: int) -> Optional[dict]:
    issues, judged, sims = stored["support_rows"], stored["support_positions"], stored["support_sims"]
    if issues.ndim != 1 or judged.shape != (len(issues), SUPPORT_WIDTH) or sims.shape != judged.shape \
            or issues.dtype.kind != "i" or judged.dtype.kind != "i" \
            or (len(issues) and not (0 <= issues.min() and issues.max() < rows and judged.max() < rows)):
        return None
    return {int(i): tuple((int(j), float(s)) for j, s in zip(row_j, row_s) if j >= 0)
            for i, row_j, row_s in zip(issues.tolist(), judged, sims)}


# Supporting rows per issue (label_model.LabelModel.nearest_with_label's default count).
SUPPORT_WIDTH = 3


def store_entry(path: Path, probabilities: np.ndarray, support: dict, positions: np.ndarray) -> None:
    index = {int(p): k for k, p in enumerate(np.asarray(positions).tolist())}
    judged = np.full((len(support), SUPPORT_WIDTH), -1, dtype=np.int64)
    sims = np.zeros((len(support), SUPPORT_WIDTH), dtype=np.float64)
    for k, found in enumerate(support.values()):
        for m, (p, s) in enumerate(found[:SUPPORT_WIDTH]):
            judged[k, m], sims[k, m] = index[p], s
    write_arrays(path, probabilities=probabilities, support_rows=np.fromiter(support, dtype=np.int64, count=len(support)),
                 support_positions=judged, support_sims=sims)
