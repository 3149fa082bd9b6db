"""The plan: from settings and the loaded file to the checks that run, why the others do not,
and the stage graph they need, in an order every input comes before its reader. An executor
(local.py, serial.py) runs the plan; nothing here computes a stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..checks import Check, selected_checks
from ..checks.registry import catalogue as check_catalogue
from ..config import Settings
from ..model.dataset import Dataset
from ..rules.selection import check_columns
from ..stages import STAGES, Stage

# What the report itself reads after the checks (assemble.py): the labels as given and merged,
# the normalized texts for finding keys, and the phrasings per label (diversity).
REPORT_STAGES = ("given_labels", "canonical_labels", "label_merges", "normalized", "text_groups", "minimal_pairs")


@dataclass(frozen=True)
class Plan:
    catalogue: tuple[Check, ...]  # built-in checks, then one per rule of the selected packs
    planned: tuple[tuple[Check, Optional[str]], ...]  # every check, with why it will not run (None: it runs)
    packs: tuple  # the rule packs for this file
    rules: tuple  # the rules whose checks run (stages/rules.py evaluates them)
    running: frozenset[str]  # codes of the checks that run
    wanted: frozenset[str]  # the stages they read, directly or through other stages
    stage_order: tuple[str, ...]  # the wanted stages and the report's, each after everything it needs


def make_plan(dataset: Dataset, settings: Settings, against: Optional[Dataset],
              stages: dict[str, Stage] = STAGES) -> Plan:
    """The plan for this file; a bad rule pack or a rule's missing column is exit 2 (DataAuditError)."""
    catalogue, packs, rules = check_catalogue(settings, dataset.format)
    check_columns(rules, dataset)  # a rule on a column the file lacks is exit 2
    planned = tuple(check_reasons(catalogue, dataset, settings, against))
    running = frozenset(check.code for check, reason in planned if reason is None)
    read = [name for check, reason in planned if reason is None for name in check.stages]
    wanted = needed_stages(stages, read)
    order = stage_order(stages, [*read, *REPORT_STAGES])
    return Plan(catalogue=catalogue, planned=planned, packs=tuple(packs),
                rules=tuple(r for pack in packs for r in pack.rules if r.code in running),
                running=running, wanted=wanted, stage_order=order)


def check_reasons(catalogue, dataset: Dataset, settings: Settings, against: Optional[Dataset]):
    """Every check in catalogue order, with the reason it will not run (None: it runs)."""
    _, not_selected = selected_checks(settings.select, settings.ignore, catalogue, strict=False)
    return [(check, not_selected.get(check.code) or check.skip_reason(dataset, settings, against))
            for check in catalogue]


def needed_stages(stages: dict[str, Stage], read) -> frozenset[str]:
    """The stages in `read` and every stage they need, transitively."""
    return frozenset(stage_order(stages, read))


def stage_order(stages: dict[str, Stage], read) -> tuple[str, ...]:
    """The stages in `read` and everything they need, each after its needs (depth first, in the
    order they are read, so the order is the same on every run). A stage that needs itself
    (a bug) is ordered anyway: computing it fails with the cycle named (stages/runner.py), and
    the checks that need it fail with that error, on every executor."""
    order: dict[str, None] = {}
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting:
            return
        visiting.add(name)
        for need in stages[name].needs:
            visit(need)
        visiting.discard(name)
        order[name] = None

    for name in read:
        if name in stages:
            visit(name)
    return tuple(order)
