"""Minimal pairs: texts that look alike but differ in meaning, so with different labels they
are two examples, neither duplicates nor a conflict. Shared by the near and semantic stages."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable

from .base import Inputs, Stage

# Negation words (English, Hindi in Latin and Devanagari script), as normalize() leaves
# them ("don't" becomes "don t"): adding or removing one flips what a text asks for.
NEGATIONS = frozenset({"not", "no", "never", "cannot", "don", "doesn", "didn", "isn", "aren", "wasn",
                       "won", "cant", "dont", "nahi", "nahin", "nai", "mat", "नहीं", "नही", "मत", "ना"})

Pair = tuple[int, int, float]


@dataclass(frozen=True)
class MinimalPairs:
    """Drops pairs of distinct texts (text indices) whose labels differ and that are a minimal pair."""

    texts: list[str]
    label_of_text: list  # canonical label of each text's kept row (None: unlabeled)
    is_known: Callable[[str], bool]
    labeled: bool

    def without_minimal_pairs(self, pairs: list[Pair]) -> list[Pair]:
        if not self.labeled:
            return pairs
        labels = self.label_of_text
        return [(i, j, sim) for i, j, sim in pairs
                if not (labels[i] and labels[j] and labels[i] != labels[j]
                        and self.is_minimal_pair(self.texts[i], self.texts[j]))]

    def is_minimal_pair(self, a: str, b: str) -> bool:
        """A real word swapped for another ("turn on the lights" / "turn off the lights",
        "…in euros" / "…in dollars"), or a negation added ("i want to cancel" / "i do not want
        to cancel"). A word is real when it appears in at least two distinct texts of the
        file, so a misspelling ("apointment") is not one, and a swap one edit apart
        ("form"/"from") could be a typo; a dropped or doubled ordinary word is a typo-like
        edit too, and such pairs stay conflicts."""
        words_a, words_b = a.split(" "), b.split(" ")
        matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            old, new = words_a[i1:i2], words_b[j1:j2]
            if any(word in NEGATIONS for word in old + new):
                return True
            if tag == "replace" and len(old) == len(new) and any(self._is_word_swap(x, y) for x, y in zip(old, new)):
                return True
        return False

    def _is_word_swap(self, x: str, y: str) -> bool:
        """Two different real words, more than one edit apart: "on"/"off", "card"/"phone"."""
        from rapidfuzz.distance import DamerauLevenshtein

        return (x != y and self.is_known(x) and self.is_known(y)
                and DamerauLevenshtein.distance(x, y, score_cutoff=1) > 1)


def minimal_pairs(inputs: Inputs) -> MinimalPairs:
    canonical, reps = inputs["canonical_labels"], inputs["representatives"]
    frequency = inputs["word_frequency"]
    return MinimalPairs(texts=inputs["text_groups"].texts, label_of_text=[canonical[r] for r in reps],
                        is_known=lambda word: frequency[word] >= 2, labeled=inputs.dataset.has_labels)


STAGES = (
    Stage("minimal_pairs", minimal_pairs, needs=("canonical_labels", "representatives", "word_frequency",
                                                 "text_groups")),
)
