"""The label model's out-of-sample probabilities, cached: a re-scan of unchanged rows skips the
cross-validation, which is most of a warm scan (10k BANKING77 rows: 32 of 42 s).

An entry is keyed by everything the probabilities depend on — the judged texts, their labels
and fold groups, the embedder (its cache key, or none), the label model's constants and the
scikit-learn version — so any change recomputes. Stored beside the embedding cache
(`label_model/KEY.npz`), written atomically; a damaged entry is recomputed, never an error,
and a read-only cache folder only means no entry is written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

VERSION = 4  # 2: fewer folds past the training cap (label_model.fold_count), saga for TF-IDF; 3: key of rows;
# 4: TF-IDF fit on a sample past TFIDF_FIT_ROWS texts


def entry_path(cache_dir: Optional[str], texts: Sequence[str], labels: Sequence[str], groups: Sequence[int],
               vectors_key: str) -> Path:
    import sklearn

    from . import label_features as features
    from . import label_model as lm
    from .embeddings.cache import default_cache_dir

    digest = hashlib.blake2b(digest_size=20)
    constants = [VERSION, sklearn.__version__, lm.MIN_LABEL_ROWS, lm.MAX_FOLDS, lm.SMALL_DATA_ROWS,
                 lm.SMALL_DATA_FOLDS, lm.C_VALUE, lm.MAX_ITER, lm.SAGA_TOL, lm.SAGA_MAX_ITER, lm.MAX_TRAIN_ROWS,
                 features.TFIDF_MAX_FEATURES, features.TFIDF_FIT_ROWS, vectors_key]
    digest.update(json.dumps(constants).encode())
    # Length-prefixed fields: unambiguous whatever the texts hold, and one update for all rows
    # (a json.dumps per row was ~1 s of a 100k-row re-scan).
    digest.update("".join(f"{len(t)}:{t}{len(label)}:{label}{int(g)}\x1e"
                          for t, label, g in zip(texts, labels, groups)).encode("utf-8", "surrogatepass"))
    return Path(cache_dir or default_cache_dir()) / "label_model" / f"{digest.hexdigest()}.npz"


def read_entry(path: Path) -> Optional[np.ndarray]:
    from .embeddings.cache import read_arrays

    stored = read_arrays(path, "probabilities")
    if stored is None:
        return None
    probabilities = stored["probabilities"]
    if probabilities.ndim != 2 or probabilities.dtype.kind != "f" or not np.isfinite(probabilities).all():
        return None
    return probabilities


def store_entry(path: Path, probabilities: np.ndarray) -> None:
    from .embeddings.cache import write_arrays

    write_arrays(path, probabilities=probabilities)
