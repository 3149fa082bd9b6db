"""Out-of-sample label probabilities (labelling/model.py) for DA203 and annotator quality."""

from __future__ import annotations

from ..cache.keys import CachedResult
from ..cache.label_model import entry_path, read_entry, store_entry
from ..embeddings.models import cache_key
from ..labelling.issues import judge
from ..labelling.model import fit_label_model
from .base import Inputs, Stage


def label_model_rows(inputs: Inputs):
    """The rows the label model learns from and judges: every row with a text and a label
    outside DA201's conflict groups, as (positions, fold group of each); near-duplicate copies
    share a fold. None when there are none."""
    canonical = inputs["canonical_labels"]
    conflicted = inputs["conflicted_rows"]
    groups = inputs["text_groups"].rows
    group_of_text = list(range(len(groups)))
    for cluster in inputs["near_stars"]:
        for member, _ in cluster.members:
            group_of_text[member] = cluster.centre
    positions, fold_groups = [], []
    for unique, rows in enumerate(groups):
        for p in rows:
            if canonical[p] is not None and p not in conflicted:
                positions.append(p)
                fold_groups.append(group_of_text[unique])
    return (positions, fold_groups) if positions else None


def label_model(inputs: Inputs):
    """Out-of-sample probabilities for label_model_rows, with DA203's judgement of them; None when
    there are none or fewer than two labels can be learned. Both come from the label-model cache
    for unchanged rows; the vectors are then read only if the cached evidence does not fit."""
    from dataclasses import replace

    learned = inputs["label_model_rows"]
    if learned is None:
        return None
    positions, fold_groups = learned
    canonical = inputs["canonical_labels"]
    compare = inputs.dataset.compare_texts
    texts = [compare[p] for p in positions]
    labels = [canonical[p] for p in positions]
    readable = _readable(inputs, texts)
    vectors = None if readable is None else (lambda: _vectors(inputs, texts, readable))
    settings = inputs.settings
    entry = stored = None
    if settings.use_cache:
        entry = entry_path(LABEL_MODEL_RESULT, settings, texts, labels, fold_groups,
                           vectors=_vectors_key(inputs, readable))
        stored = read_entry(entry)
    model = fit_label_model(texts, labels, positions, fold_groups, vectors=vectors, progress=inputs.progress,
                            stored=stored.probabilities if stored else None, workers=inputs.workers)
    if model is None:
        return None
    reused = stored.support_at(model.positions) if stored and model.probabilities is stored.probabilities else None
    judgement = judge(model, reused)
    if entry is not None and reused is None:
        store_entry(entry, model.probabilities, judgement.support, model.positions)
    return replace(model, judgement=judgement)


def _readable(inputs: Inputs, texts: list[str]):
    """Which texts the embedder reads (a bool array), or None: no embedder, or none it reads."""
    info = inputs["embedder"]
    if info is None:
        return None
    import numpy as np

    readable = np.fromiter((info.reads(t) for t in texts), dtype=bool, count=len(texts))
    return readable if readable.any() else None


def _vectors_key(inputs: Inputs, readable) -> str:
    """What the embedding features depend on: the embedder's cache key and which texts it read."""
    if readable is None:
        return "none"
    import hashlib

    import numpy as np

    digest = hashlib.blake2b(readable.astype(np.uint8).tobytes(), digest_size=8).hexdigest()
    return f"{cache_key(inputs['embedder'])}|{digest}"


def _vectors(inputs: Inputs, texts: list[str], readable):
    """Embeddings for the label model, as (the vectors' matrix, the row of each text in it),
    not a copy (1M rows of 512-d vectors are 2 GB). Texts in a script the embedder cannot read
    have row -1 (a zero vector): the TF-IDF features carry them."""
    import numpy as np

    chosen = np.flatnonzero(readable)
    matrix, found = inputs["vectors"].rows([texts[i] for i in chosen.tolist()])
    if len(chosen) == len(texts):
        return matrix, found
    at = np.full(len(texts), -1, dtype=np.int64)
    at[chosen] = found
    return matrix, at


# The probabilities and DA203's rows with their evidence: keyed by the judged rows (entry_path)
# and the vectors the features read; the code is the label_model stage's and its upstream's.
LABEL_MODEL_RESULT = CachedResult("label_model", stage="label_model", values=("vectors",),
                                  packages=("scikit-learn", "cleanlab", "numpy"))

STAGES = (
    Stage("label_model_rows", label_model_rows,
          needs=("canonical_labels", "conflicted_rows", "text_groups", "near_stars")),
    Stage("label_model", label_model, needs=("embedder", "label_model_rows", "canonical_labels", "vectors")),
)
