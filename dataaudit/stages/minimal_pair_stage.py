"""The minimal-pair rule (minimal_pairs.py) built for a scan — the `minimal_pairs` stage, with the
file's labels and slot evidence — or for texts outside one (rule_for_texts: DA301 across two
files, and benchmarks that judge pairs)."""

from __future__ import annotations

from collections import Counter
from typing import Optional

from ..similarity import near_pairs
from .base import Inputs, Stage
from .minimal_pair_slots import slot_shares
from .minimal_pairs import MinimalPairs, Pair


def rule_for_texts(texts: list[str], near_threshold: float = 0.80, pairs: Optional[list[Pair]] = None) -> MinimalPairs:
    """The rule a scan of a file of these distinct normalized texts (unlabeled) would apply, its
    slot evidence from `pairs` (the texts' verified near pairs down to `near_threshold`, found
    here when not given): for DA301 across two files, and benchmarks that judge pairs outside a scan."""

    frequency = Counter(word for text in texts for word in set(text.split(" ")))
    if pairs is None:
        pairs = near_pairs.verified_near_pairs(texts, near_threshold)
    return MinimalPairs(texts=texts, is_known=lambda word: frequency[word] >= 2,
                        slot_share=slot_shares(texts, pairs, frequency))


def minimal_pairs(inputs: Inputs) -> MinimalPairs:
    frequency = inputs["word_frequency"]
    texts = inputs["near_texts"]  # what the near-duplicate judgement compares (social markup aside)
    info = inputs["embedder"]
    canonical, rows = inputs["canonical_labels"], inputs["text_groups"].rows
    labels = [frozenset(canonical[p] for p in members if canonical[p] is not None) for members in rows]
    return MinimalPairs(texts=texts, is_known=lambda word: frequency[word] >= 2,
                        sure=getattr(info, "minimal_pair_sure", None) if info is not None else None,
                        slot_share=slot_shares(texts, inputs["verified_near_pairs"], frequency),
                        labels_agree=lambda i, j: not labels[i] or not labels[j] or labels[i] == labels[j])


STAGES = (
    Stage("minimal_pairs", minimal_pairs, needs=("embedder", "word_frequency", "near_texts", "text_groups", "verified_near_pairs",
                                                 "canonical_labels")),
)
