"""Several annotators' labels per example, as read (the consensus is computed from these)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..text import label_key


@dataclass(frozen=True)
class Annotations:
    format: str  # "long" or "wide"
    columns: tuple[str, ...]  # the annotator column (long) or the label columns (wide)
    item: tuple[int, ...]  # dataset row position of each annotation
    annotator: tuple[str, ...]
    label: tuple[str, ...]
    input_rows: int  # rows read from the file (long format: one per annotation)

    def __len__(self) -> int:
        return len(self.item)

    @property
    def annotators(self) -> list[str]:
        return sorted(set(self.annotator))

    def by_item(self, items: int) -> list[list[tuple[str, str]]]:
        """(annotator, label as written) pairs per dataset row."""
        out: list[list[tuple[str, str]]] = [[] for _ in range(items)]
        for item, annotator, label in zip(self.item, self.annotator, self.label):
            out[item].append((annotator, label))
        return out

    def votes_by_item(self, items: int, merge_spellings: bool = True) -> list[list[tuple[str, str]]]:
        """(annotator, voted label) pairs per dataset row. With `merge_spellings` (DA202 runs),
        spellings equal under DA202's rule 1 ('Booking', 'booking') are one label, written in its
        most used spelling; without it every spelling is its own label."""
        if not merge_spellings:
            return self.by_item(items)
        spelling = most_used_spelling(self.label)
        return [[(a, spelling[label_key(l)]) for a, l in pairs] for pairs in self.by_item(items)]


def most_used_spelling(labels) -> dict[str, str]:
    """label_key -> the spelling of that label used most (ties: the alphabetically first)."""
    counts = Counter(labels)
    best: dict[str, str] = {}
    for label in sorted(counts, key=lambda l: (-counts[l], l)):
        best.setdefault(label_key(label), label)
    return best
