"""Several annotators per example: long format (one row per annotation, `--annotator-col`)
or wide format (one label column per annotator, `--label-col` given more than once).

Either way the dataset gets one row per example, labeled with the annotators'
consensus, and keeps every annotation for the agreement check (DA204).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from ..errors import InputError
from ..model.annotations import Annotations


@dataclass(frozen=True)
class Collapsed:
    """Long-format rows folded into one row per example."""

    first_row: list[int]  # input row of each example's first annotation
    annotations: Annotations
    item_of_row: list[int]  # example index of every input row


def example_sources(sources: Sequence[Optional[str]], collapsed: Collapsed, ids: Optional[Sequence[Any]],
                    source_column: str, path: Path) -> list[Optional[str]]:
    """One --source-col value per example: the rows of an example must agree (empty cells aside)."""
    out: list[Optional[str]] = [None] * len(collapsed.first_row)
    seen_at: list[int] = [-1] * len(collapsed.first_row)
    for row, (item, value) in enumerate(zip(collapsed.item_of_row, sources)):
        if value is None or not str(value).strip():
            continue
        if out[item] is None:
            out[item], seen_at[item] = value, row
        elif out[item] != value:
            name = ids[row] if ids is not None else f"at row {collapsed.first_row[item]}"
            raise InputError(
                f"{path}: example {name} has --source-col {source_column} '{out[item]}' at row {seen_at[item]} and "
                f"'{value}' at row {row} (0-based). A source describes the example (speaker, batch); who annotated "
                "it is the annotator column, summarised in the report's annotators table.")
    return out


def collapse_long(texts: Sequence[Optional[str]], labels: Sequence[Optional[str]], annotators: Sequence[Optional[str]],
                  ids: Optional[Sequence[Any]], annotator_column: str, path: Path) -> Collapsed:
    """One example per id (with --id-col) or per exact text; an annotator who labels an
    example twice counts once, with their last label (a later row corrects an earlier one)."""
    key_of: dict[Any, int] = {}
    first_row: list[int] = []
    item_of_row: list[int] = []
    votes: dict[tuple[int, str], str] = {}
    for row, (text, label, annotator) in enumerate(zip(texts, labels, annotators)):
        if annotator is None or not annotator.strip():
            raise InputError(f"{path}, row {row} (0-based): the annotator column '{annotator_column}' is empty. "
                             "Every annotation row needs the annotator's name or id.")
        key = ids[row] if ids is not None else (text or "")
        item = key_of.setdefault(key, len(first_row))
        item_of_row.append(item)
        if item == len(first_row):
            first_row.append(row)
        elif ids is not None and (texts[first_row[item]] or "") != (text or ""):
            raise InputError(
                f"{path}: id '{key}' has different texts at rows {first_row[item]} and {row} (0-based). In one-row-"
                "per-annotation data every row of an example must repeat its text; fix the id or the text.")
        if label is not None and label.strip():
            votes[(item, annotator.strip())] = label
    ordered = sorted(votes.items())
    return Collapsed(first_row=first_row, item_of_row=item_of_row, annotations=Annotations(
        format="long", columns=(annotator_column,), item=tuple(i for (i, _), _ in ordered),
        annotator=tuple(a for (_, a), _ in ordered), label=tuple(l for _, l in ordered), input_rows=len(texts)))


def wide_annotations(per_column: Sequence[Sequence[Optional[str]]], columns: Sequence[str]) -> Annotations:
    items, annotators, labels = [], [], []
    for row, values in enumerate(zip(*per_column)):
        for column, value in zip(columns, values):
            if value is not None and value.strip():
                items.append(row)
                annotators.append(column)
                labels.append(value)
    return Annotations(format="wide", columns=tuple(columns), item=tuple(items), annotator=tuple(annotators),
                       label=tuple(labels), input_rows=len(per_column[0]) if per_column else 0)


def consensus_labels(annotations: Annotations, items: int, merge_spellings: bool = True) -> list[Optional[str]]:
    """The most voted label per example. With `merge_spellings`, votes are counted by label_key
    (DA202's rule 1: 'Booking' and 'booking' are one vote for one label, written in its most
    used spelling). A tie goes to the label whose voters agree most often with the other
    annotators overall (then the alphabetically first): the same idea as cleanlab's
    majority vote, without needing a model at load time."""
    per_item = annotations.votes_by_item(items, merge_spellings)
    reliability = _agreement_rates(per_item)
    out: list[Optional[str]] = []
    for pairs in per_item:
        if not pairs:
            out.append(None)
            continue
        tally = Counter(label for _, label in pairs)
        top = max(tally.values())
        tied = sorted(label for label, n in tally.items() if n == top)
        if len(tied) > 1:
            weight = defaultdict(float)
            for annotator, label in pairs:
                weight[label] += reliability.get(annotator, 0.0)
            tied.sort(key=lambda label: (-weight[label], label))
        out.append(tied[0])
    return out


def _agreement_rates(per_item: list[list[tuple[str, str]]]) -> dict[str, float]:
    """Per annotator: the share of their labels that another annotator of the same example also gave."""
    agreed: Counter = Counter()
    total: Counter = Counter()
    for pairs in per_item:
        if len(pairs) < 2:
            continue
        tally = Counter(label for _, label in pairs)
        for annotator, label in pairs:
            total[annotator] += 1
            agreed[annotator] += tally[label] > 1
    return {a: agreed[a] / total[a] for a in total}
