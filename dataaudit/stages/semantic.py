"""Sentence vectors (one value, shared by every stage that embeds) and semantic duplicates
among the texts the surface checks keep."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from ..cache.keys import CachedResult
from ..embeddings import encode
from ..embeddings.encode import similar_text_pairs
from ..embeddings.models import cache_key, dominant_script
from ..embeddings.neighbours import StoredRows
from .base import Inputs, RowWise, Stage, row_wise
from .kept_pairs import kept_pairs
from .near import Settler, stars


@dataclass(frozen=True)
class Vectors:
    """Every text the running checks embed (embedding_plan), embedded in one pass per scan (and
    through the on-disk cache across scans): DA103, the label model and leakage read the same
    vectors. One matrix and the row of each text in it: a reader takes a fancy index or a slice
    at a time, not a stack of 100k row views (each copy of 100k `use` vectors took ~0.5 s)."""

    matrix: np.ndarray
    row: dict[str, int]

    def rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The matrix and the row of each of `texts` in it. A text the plan did not name is a
        bug in the plan (embedding_plan), not something to embed on the side."""
        try:
            return self.matrix, np.fromiter((self.row[t] for t in texts), dtype=np.int64, count=len(texts))
        except KeyError as missing:
            raise KeyError(f"a text outside the embedding plan was asked for: {str(missing)[:80]}") from None

    def vectors(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        matrix, at = self.rows(texts)
        return matrix[at]


def _to_embed(inputs: Inputs) -> list[str]:
    return list(dict.fromkeys(inputs["embedding_plan"]))


def _embed_batch(texts, inputs: Inputs, advance):
    """One batch's vectors, through the cache, in the executor's workers (embed_texts reports progress)."""
    return encode.embed_texts(list(texts), inputs.settings, inputs.progress, inputs.workers)


def _vectors(parts: list, texts) -> Vectors:
    if not parts:
        return Vectors(np.zeros((0, 1), dtype=np.float32), {})
    return Vectors(np.concatenate(parts) if len(parts) > 1 else parts[0], {text: k for k, text in enumerate(texts)})


# The embedding plan's texts, embedded: row-wise (a text's vector is its own).
VECTORS = RowWise(items=_to_embed, each=_embed_batch, join=_vectors, loads_model=True)


def semantic_texts(inputs: Inputs) -> list[str]:
    """The texts DA103 compares: its surface survivors' (owned by DA103: none when it does not run)."""
    compare, reps = inputs.dataset.compare_texts, inputs["representatives"]
    return [compare[reps[u]] for u in inputs["surface_survivors"]]


def embedding_plan(inputs: Inputs) -> list[str]:
    """Every text the running checks will read a vector of: DA103's surface survivors, every
    labelled row's text in a script the embedder reads (the label model leaves out DA201's
    conflict groups, but those depend on DA103's clusters, which need these vectors: the few
    conflicted texts are embedded anyway), and DA301's texts on both sides. Whether the label
    model runs is the plan's to say: `inputs.wanted` holds the stages the running checks read."""
    info = inputs["embedder"]
    if info is None:
        return []
    texts = list(inputs["semantic_texts"])
    if "label_model" in inputs.wanted:
        compare, labelled = inputs.dataset.compare_texts, inputs["canonical_labels"]
        texts.extend(t for t in dict.fromkeys(t for t, label in zip(compare, labelled) if label is not None)
                     if info.reads(t))
    sides = inputs["leakage_sides"]
    if sides is not None:
        texts.extend(sides.texts)
    return texts


class SemanticThresholds:
    """The embedder's threshold, or its cross-script one for a pair written in different
    scripts (a Devanagari text and its English translation)."""

    def __init__(self, settings, info):
        self.threshold: Optional[float] = settings.semantic_duplicate_threshold
        # An explicit --semantic-threshold applies to every pair.
        self.cross: Optional[float] = (info.cross_script_threshold if info is not None
                                       and settings.semantic_threshold is None else None)

    @property
    def query(self) -> float:
        return self.threshold if self.cross is None else min(self.threshold, self.cross)

    def pair_test(self, left_texts: list[str], right_texts: list[str]) -> Callable[[int, int, float], bool]:
        cross, threshold = self.cross, self.threshold
        if cross is None:
            return lambda i, j, sim: sim >= threshold
        left = [dominant_script(t) for t in left_texts]
        right = left if right_texts is left_texts else [dominant_script(t) for t in right_texts]
        return lambda i, j, sim: sim >= (cross if left[i] != right[j] else threshold)


def surface_survivors(inputs: Inputs) -> list[int]:
    """Texts DA101/DA102 keep that the embedder reads well enough for a cosine to decide
    (EmbedderInfo.judges_pairs): the only ones DA103 compares, so the surface and semantic
    checks never exclude each other's kept rows."""
    info = inputs["embedder"]
    dropped = inputs["near_dropped"]
    compare, reps = inputs.dataset.compare_texts, inputs["representatives"]
    return [u for u in range(len(inputs["text_groups"].texts))
            if u not in dropped and (info is None or info.judges_pairs(compare[reps[u]]))]


def semantic_pairs(inputs: Inputs):
    """(text i, text j, cosine) for surface survivors at or above the threshold, less minimal pairs;
    through the pair cache (kept_pairs) for an unchanged file."""
    import hashlib

    survivors = inputs["surface_survivors"]
    compare, reps = inputs.dataset.compare_texts, inputs["representatives"]
    texts = [compare[reps[u]] for u in survivors]
    thresholds = SemanticThresholds(inputs.settings, inputs["embedder"])

    def compute():
        vectors = StoredRows(*inputs["vectors"].rows(texts))
        found = similar_text_pairs(texts, vectors, inputs.settings, thresholds.query, inputs.progress)
        passes = thresholds.pair_test(texts, texts)
        return inputs["minimal_pairs"].without_unsure_semantic_pairs(
            [(survivors[a], survivors[b], sim) for a, b, sim in found if passes(a, b, sim)])

    # Which texts are compared (the survivors of DA101/DA102, as the representatives' texts) and
    # with which vectors (the model's cache key).
    compared = hashlib.blake2b(np.asarray(survivors, dtype=np.int64).tobytes(), digest_size=12)
    compared.update("\x1e".join(texts).encode("utf-8", "surrogatepass"))
    return kept_pairs(inputs, SEMANTIC_KEPT_PAIRS, compute, compared=compared.hexdigest(),
                      model=cache_key(inputs["embedder"]))


SEMANTIC_KEPT_PAIRS = CachedResult(
    "semantic_kept", stage="semantic_pairs", settings=("embedder", "semantic_duplicate_threshold", "semantic_threshold"),
    values=("compared", "model"), packages=("numpy", "torch", "rapidfuzz", "datasketch"))


def semantic_clusters(inputs: Inputs):
    return Settler(inputs).settle_all(inputs["semantic_stars"], inputs["semantic_pairs"])


STAGES = (
    Stage("semantic_texts", semantic_texts, owner="DA103", off=lambda inputs: [],
          needs=("representatives", "surface_survivors")),
    Stage("embedding_plan", embedding_plan, needs=("embedder", "semantic_texts", "canonical_labels", "leakage_sides"),
          release=True),
    row_wise("vectors", VECTORS, needs=("embedding_plan",)),
    Stage("surface_survivors", surface_survivors, needs=("embedder", "near_dropped", "representatives", "text_groups")),
    # DA103's groups: without DA103 nothing is embedded for them, and no other check sees them.
    Stage("semantic_pairs", semantic_pairs, owner="DA103", off=lambda inputs: [],
          needs=("embedder", "surface_survivors", "representatives", "vectors", "minimal_pairs",
                 "labelled_texts")),
    Stage("semantic_stars", lambda inputs: stars(inputs["semantic_pairs"], inputs["centre_priority"]),
          needs=("semantic_pairs", "centre_priority")),
    Stage("semantic_clusters", semantic_clusters,
          needs=("semantic_stars", "semantic_pairs", "text_groups", "label_votes", "representatives",
                 "centre_priority")),
)
