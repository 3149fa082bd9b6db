"""The check catalogue from its two providers: the built-in checks (CHECKS, in the order they run
and are reported) and the rule packs, one check per rule (rule_violation.py, DA4xx). The settings
check (api.py: before any data is read, every pack the settings could select) and the plan
(engine/plan.py: the packs that fit the loaded file's format) both ask here, so the two never
merge the providers differently."""

from __future__ import annotations

from typing import Optional

from ..rules.pack import Pack
from ..rules.selection import active_rules, selected_packs
from . import CHECKS
from .base import Check
from .rule_violation import rule_check


def catalogue(settings, file_format: Optional[str] = None) -> tuple[tuple[Check, ...], tuple[Pack, ...], list]:
    """(every check: built-in, then one per active rule in code order; the rule packs; their
    active rules). `file_format` None: every pack the settings could select (the format is not
    known before the file is read)."""
    packs = tuple(selected_packs(settings, file_format))
    rules = active_rules(list(packs), settings)
    return (*CHECKS, *sorted((rule_check(rule) for rule in rules), key=lambda c: c.code)), packs, rules
