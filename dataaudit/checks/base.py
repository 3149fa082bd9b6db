"""What a check is: a documented, coded, pure function from stages to findings."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Callable, Optional

from ..model.findings import Action, Finding
from ..stages import Inputs

CheckFunction = Callable[[Inputs], object]


@dataclass(frozen=True)
class Extra:
    """A check-specific field of its findings, declared once so renderers need not know the check."""

    name: str
    doc: str
    # The field names a label the finding's rows should carry (shown as `suggested_label` in
    # the flagged file) for findings that ask nothing of single rows (DA202's rename).
    suggests_label: bool = False


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    summary: str
    run: CheckFunction
    module: str
    stages: tuple[str, ...] = ()  # the stages `run` reads
    needs_labels: bool = False
    settings: tuple[str, ...] = ()
    # Why it cannot run on this input (None: it can), decided before anything is computed.
    unavailable: Optional[Callable[..., Optional[str]]] = None
    extras: tuple[Extra, ...] = ()
    # A finding's key comes from its rows' texts and labels, or (for findings about a label or
    # a source rather than rows) from these extra fields and its labels.
    key_fields: Optional[tuple[str, ...]] = None
    finds_duplicates: bool = False  # its findings are duplicate groups (the sources table counts their rows)

    @property
    def doc(self) -> str:
        """The module docstring: What it finds / Why it matters / Example."""
        return (sys.modules[self.module].__doc__ or "").strip()

    def skip_reason(self, dataset, settings, against) -> Optional[str]:
        if self.needs_labels and not dataset.has_labels:
            return "no label column (name one with --label-col): label checks need labels"
        return self.unavailable(dataset, settings, against) if self.unavailable else None


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def without_semantic_note(inputs: Inputs, stage: str) -> tuple[str, ...]:
    """A note for a check that went on without DA103's groups (`stage`) because they failed."""
    error = inputs.failure(stage)
    if error is None:
        return ()
    return (f"texts that mean the same were not grouped (the semantic duplicate search failed: {error}); "
            "only exact and near-duplicate texts were compared",)


def floor_to(value: float, places: int = 4) -> float:
    """Round down, so a reported similarity never claims more than was measured
    (0.9565 shows as 0.95, not 0.96). The tiny offset absorbs float noise (0.88 stays 0.88)."""
    factor = 10 ** places
    return math.floor(value * factor + 1e-6) / factor


def keep_and_drop(keep, dropped) -> tuple[Action, ...]:
    return (Action(keep, "keep"), *(Action(row, "drop") for row in dropped))


def each(do: str, rows, label: Optional[str] = None) -> tuple[Action, ...]:
    return tuple(Action(row, do, label) for row in rows)


DUPLICATE_STAGES = ("text_groups", "representatives", "given_labels")


def duplicate_findings(inputs: Inputs, clusters, check: str, code: str, describe) -> list[Finding]:
    """One finding per duplicate cluster (DA102, DA103): keep the centre's row, drop the
    members' rows. `describe(excluded_count, low_similarity, keep_id)` writes the message."""
    reps = inputs["representatives"]
    labels = inputs["given_labels"]
    findings = []
    for cluster in clusters:
        keep = reps[cluster.centre]
        members = [(reps[unique], sim) for unique, sim in cluster.members]
        excluded = tuple(row for row, _ in members)
        rows = tuple(sorted((keep,) + excluded))
        distinct = sorted({labels[p] for p in rows if labels[p] is not None})
        low = cluster.min_similarity
        findings.append(Finding(
            check=check, code=code, severity="warning", rows=rows, actions=keep_and_drop(keep, excluded),
            labels=tuple(distinct), score=floor_to(min(max(low, 0.0), 0.9999)),  # distinct texts are never identical
            message=describe(len(excluded), low, inputs.row_id(keep)),
            suggested_action=f"keep row {inputs.row_id(keep)}, drop the others",
            extra=(("similarities", tuple(floor_to(sim) for _, sim in members)),),
        ))
    return findings


SIMILARITIES = Extra("similarities", "each excluded row's similarity to the kept row, aligned with `excluded`")
