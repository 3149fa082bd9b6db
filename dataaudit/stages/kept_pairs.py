"""Near and semantic pairs after the minimal-pair rule, through the pair cache: the rule reads the
whole file (words, slot evidence, labels), so its answer for an unchanged file is kept on disk."""

from __future__ import annotations

from typing import Callable

from .base import Inputs, Stage
from .minimal_pairs import Pair


def kept_pairs(inputs: Inputs, folder: str, constants: str, compute: Callable[[], list[Pair]]) -> list[Pair]:
    """compute()'s pairs after the minimal-pair rule, through the pair cache: keyed by every
    distinct text with its labels (what the rule reads of the file: words, slot evidence and
    labels all come from them) and by the rule's code, so a re-scan of an unchanged file
    skips the rule (~4 s of a 100k-row re-scan) and an upgrade never reads an older answer."""
    import sys

    import rapidfuzz

    from ..embeddings.models import resolve_info
    from ..pair_cache import cached_pairs, source_digest
    from ..similarity import minhash_lsh, near_pairs as near_pairs_module
    from . import minimal_pair_slots, minimal_pair_words, minimal_pairs, near

    info = resolve_info(inputs.settings.embedder)
    code = source_digest(sys.modules[__name__], minimal_pairs, minimal_pair_slots, minimal_pair_words, near,
                         near_pairs_module, minhash_lsh)
    sure = getattr(info, "minimal_pair_sure", None) if info is not None else None
    constants = f"{constants}|{code}|{rapidfuzz.__version__}|{sure!r}"
    return cached_pairs(folder, constants, inputs["labelled_texts"], inputs.settings, compute)


def labelled_texts(inputs: Inputs) -> list[str]:
    """Each distinct text with the labels its rows carry, as one string (cache keys)."""
    canonical, groups = inputs["canonical_labels"], inputs["text_groups"]
    return [text + "\x1f" + "\x1e".join(sorted({canonical[p] for p in rows if canonical[p] is not None}))
            for text, rows in zip(groups.texts, groups.rows)]


STAGES = (Stage("labelled_texts", labelled_texts, needs=("text_groups", "canonical_labels")),)
