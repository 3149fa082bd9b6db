"""Out-of-sample label probabilities (label_model.py) for DA203 and annotator quality."""

from __future__ import annotations

from .base import Inputs, Stage


def label_model(inputs: Inputs):
    """For every row with a text and a label outside DA201's conflict groups; None when fewer
    than two labels can be learned. Near-duplicate copies share a fold."""
    from ..label_model import fit_label_model

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
    if not positions:
        return None
    compare = inputs.dataset.compare_texts
    texts = [compare[p] for p in positions]
    return fit_label_model(texts, [canonical[p] for p in positions], positions, fold_groups,
                           vectors=_vectors(inputs, texts), progress=inputs.progress)


def _vectors(inputs: Inputs, texts: list[str]):
    """Embeddings for the label model (None with --embedder none). Texts in a script the
    embedder cannot read get zero vectors: the TF-IDF features carry them."""
    from ..embeddings.models import resolve_info

    info = resolve_info(inputs.settings.embedder)
    if info is None:
        return None
    import numpy as np

    readable = [i for i, t in enumerate(texts) if info.reads(t)]
    if not readable:
        return None
    found = inputs["vector_store"].vectors([texts[i] for i in readable])
    out = np.zeros((len(texts), found.shape[1]), dtype=np.float32)
    out[readable] = found
    return out


STAGES = (
    Stage("label_model", label_model,
          needs=("canonical_labels", "conflicted_rows", "text_groups", "near_stars", "vector_store")),
)
