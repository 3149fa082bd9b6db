"""Normalized texts and the groups of rows that share one (exact duplicates' raw material)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..similarity.social import is_social, strip_social
from ..text import normalize
from .base import Inputs, RowWise, Stage, row_wise


@dataclass(frozen=True)
class TextGroups:
    """Distinct non-empty normalized texts (text index = order of first appearance) and the
    row positions holding each."""

    texts: list[str]
    rows: list[list[int]]

    def text_of_row(self) -> dict[int, int]:
        return {p: u for u, group in enumerate(self.rows) for p in group}


def _normalize_batch(texts, inputs: Inputs, advance) -> list[str]:
    out = [normalize(t) for t in texts]
    advance(len(texts))
    return out


def _joined(parts: list, items) -> list:
    return [value for part in parts for value in part]


# Each row's text, normalized (text.py): row-wise, by input position.
NORMALIZED = RowWise(items=lambda inputs: inputs.dataset.compare_texts, each=_normalize_batch, join=_joined,
                     label="normalize")


def text_groups(inputs: Inputs) -> TextGroups:
    index: dict[str, int] = {}
    groups: list[list[int]] = []
    for position, text in enumerate(inputs["normalized"]):
        if not text:
            continue  # empty texts are their own finding (DA001), never duplicates
        slot = index.setdefault(text, len(groups))
        if slot == len(groups):
            groups.append([])
        groups[slot].append(position)
    return TextGroups(texts=list(index), rows=groups)


def _first_texts(inputs: Inputs) -> list[str]:
    """Each distinct text as its first row wrote it (before normalization)."""
    compare = inputs.dataset.compare_texts
    return [compare[rows[0]] for rows in inputs["text_groups"].rows]


def social_file(inputs: Inputs) -> bool:
    """Whether the file is social posts (similarity/social.py): its markup is then set aside."""
    return is_social(_first_texts(inputs))


def near_texts(inputs: Inputs) -> list[str]:
    """The texts the near-duplicate judgement compares, by text index: the normalized texts, or
    in a social file the same without links, RT, @handles, hashtags and emoji — a re-post is
    then the same words (a text that is only markup keeps its own)."""
    groups = inputs["text_groups"]
    if not inputs["social_file"]:
        return groups.texts
    return [normalize(strip_social(text)) or normalized for text, normalized in zip(_first_texts(inputs), groups.texts)]


def word_frequency(inputs: Inputs) -> Counter:
    """In how many distinct texts each word appears: a word in two or more is a real word."""
    return Counter(word for text in inputs["text_groups"].texts for word in set(text.split(" ")))


STAGES = (
    row_wise("normalized", NORMALIZED),
    Stage("text_groups", text_groups, needs=("normalized",)),
    Stage("social_file", social_file, needs=("text_groups",)),
    Stage("near_texts", near_texts, needs=("text_groups", "social_file")),
    Stage("word_frequency", word_frequency, needs=("text_groups",)),
)
