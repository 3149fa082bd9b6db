"""Near and semantic pairs after the minimal-pair rule, through the pair cache: the rule reads the
whole file (words, slot evidence, labels), so its answer for an unchanged file is kept on disk."""

from __future__ import annotations

from typing import Callable

from ..cache.keys import CachedResult
from ..cache.pairs import cached_pairs
from .base import Inputs, Stage
from .minimal_pairs import Pair


def kept_pairs(inputs: Inputs, result: CachedResult, compute: Callable[[], list[Pair]], **values) -> list[Pair]:
    """compute()'s pairs after the minimal-pair rule, through the pair cache: keyed by every
    distinct text with its labels (what the rule reads of the file: words, slot evidence and
    labels all come from them) and by what `result` declares (the rule's code among its
    stage's), so a re-scan of an unchanged file skips the rule (~4 s of a 100k-row re-scan)
    and an upgrade never reads an older answer."""
    return cached_pairs(result, inputs["labelled_texts"], inputs.settings, compute, **values)


def labelled_texts(inputs: Inputs) -> list[str]:
    """Each distinct text with the labels its rows carry, as one string (cache keys)."""
    canonical, groups = inputs["canonical_labels"], inputs["text_groups"]
    return [text + "\x1f" + "\x1e".join(sorted({canonical[p] for p in rows if canonical[p] is not None}))
            for text, rows in zip(groups.texts, groups.rows)]


STAGES = (Stage("labelled_texts", labelled_texts, needs=("text_groups", "canonical_labels")),)
