"""The labels every check reads: as given (or the annotators' consensus), with DA202's
spelling merges applied, and the majority-label rule that picks which copy is kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ..labelling.merges import LabelMerges, find_label_merges
from .base import Inputs, Stage


def given_labels(inputs: Inputs) -> list[Optional[str]]:
    """Each row's label: the label column, or with several annotators their consensus, counting
    'Booking' and 'booking' as one vote only when DA202 (the spelling rule's owner) runs."""
    dataset = inputs.dataset
    if dataset.annotations is None:
        return dataset.labels
    from ..io.annotations import consensus_labels  # here: the io package imports pandas

    return consensus_labels(dataset.annotations, len(dataset), merge_spellings=inputs["merge_spellings"])


def label_merges(inputs: Inputs) -> LabelMerges:
    if not inputs.dataset.has_labels:
        return LabelMerges()
    return find_label_merges(inputs["given_labels"], inputs.dataset.texts)


def canonical_labels(inputs: Inputs) -> list[Optional[str]]:
    """Each row's label after merging spelling variants (None when missing). When finding the
    merges failed, DA202 reports it and every other check goes on with the labels as given."""
    mapping = inputs.get_or("label_merges", LabelMerges()).canonical
    return [None if label is None else mapping.get(label, label) for label in inputs["given_labels"]]


@dataclass(frozen=True)
class LabelVotes:
    """Majority votes over the canonical labels of a group of rows."""

    canonical: list[Optional[str]]

    def majority(self, positions) -> Optional[str]:
        """The canonical label held by more than half of the labeled rows, if any."""
        votes = Counter(self.canonical[p] for p in positions if self.canonical[p] is not None)
        if not votes:
            return None
        label, count = votes.most_common(1)[0]
        return label if count * 2 > sum(votes.values()) else None

    def preferred_row(self, positions) -> int:
        """The row a duplicate group keeps: the first carrying the group's majority label."""
        majority = self.majority(positions)
        if majority is not None:
            for position in positions:
                if self.canonical[position] == majority:
                    return position
        return positions[0]


def label_votes(inputs: Inputs) -> LabelVotes:
    return LabelVotes(inputs["canonical_labels"])


def representatives(inputs: Inputs) -> list[int]:
    """The row kept for each distinct text (by text index)."""
    votes = inputs["label_votes"]
    return [votes.preferred_row(group) for group in inputs["text_groups"].rows]


STAGES = (
    # DA202's spelling rule, for annotators' votes: off (every spelling its own label) without DA202.
    Stage("merge_spellings", lambda inputs: True, owner="DA202", off=lambda inputs: False),
    Stage("given_labels", given_labels, needs=("merge_spellings",)),
    Stage("label_merges", label_merges, needs=("given_labels",), owner="DA202", off=lambda inputs: LabelMerges()),
    Stage("canonical_labels", canonical_labels, needs=("given_labels", "label_merges")),
    Stage("label_votes", label_votes, needs=("canonical_labels",)),
    Stage("representatives", representatives, needs=("label_votes", "text_groups")),
)
