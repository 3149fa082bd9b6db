"""What a check is: a documented, coded, pure function from data to findings."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Callable

from ..artifacts import Artifacts
from ..findings import Finding

CheckFunction = Callable[[Artifacts], list[Finding]]


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    summary: str
    run: CheckFunction
    module: str
    needs_labels: bool = False
    settings: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        """The module docstring: What it finds / Why it matters / Example."""
        return (sys.modules[self.module].__doc__ or "").strip()


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def floor_to(value: float, places: int = 4) -> float:
    """Round down, so a reported similarity never claims more than was measured
    (0.9565 shows as 0.95, not 0.96). The tiny offset absorbs float noise (0.88 stays 0.88)."""
    factor = 10 ** places
    return math.floor(value * factor + 1e-6) / factor


def duplicate_findings(artifacts, clusters, check: str, code: str, describe) -> list:
    """One finding per duplicate cluster (DA102, DA103): keep the centre's row, exclude the
    members' rows. `describe(excluded_count, low_similarity, keep_id)` writes the message."""
    from ..findings import Finding

    reps = artifacts.representatives
    labels = artifacts.dataset.labels
    findings = []
    for cluster in clusters:
        keep = reps[cluster.centre]
        members = [(reps[unique], sim) for unique, sim in cluster.members]
        excluded = tuple(row for row, _ in members)
        rows = tuple(sorted((keep,) + excluded))
        distinct = sorted({labels[p] for p in rows if labels[p] is not None})
        low = cluster.min_similarity
        findings.append(Finding(
            check=check, code=code, severity="warning", rows=rows, keep=keep, excluded=excluded,
            labels=tuple(distinct), score=floor_to(min(max(low, 0.0), 0.9999)),  # distinct texts are never identical
            message=describe(len(excluded), low, artifacts.row_id(keep)),
            suggested_action=f"keep row {artifacts.row_id(keep)}, drop the others",
            extra=(("similarities", tuple(floor_to(sim) for _, sim in members)),),
        ))
    return findings
