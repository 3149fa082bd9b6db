"""The check catalogue, in the order checks run and are reported."""

from __future__ import annotations

from ..errors import ConfigError
from . import (
    annotator_disagreement,
    answer_conflict,
    answer_json,
    answer_language,
    answer_length,
    answer_wrapper,
    benchmark_contamination,
    chat_structure,
    empty_text,
    encoding_debris,
    exact_duplicate,
    label_conflict,
    label_imbalance,
    label_variant,
    leakage,
    likely_mislabeled,
    missing_label,
    near_duplicate,
    semantic_duplicate,
    source_concentration,
    system_prompt,
    text_conventions,
)
from .base import Check

CHECKS: tuple[Check, ...] = tuple(
    module.CHECK for module in (empty_text, missing_label, exact_duplicate, near_duplicate, semantic_duplicate,
                                label_conflict, label_variant, likely_mislabeled, annotator_disagreement,
                                label_imbalance, source_concentration, answer_conflict, leakage, benchmark_contamination,
                                answer_json, answer_wrapper, system_prompt, encoding_debris, answer_length,
                                answer_language, chat_structure, text_conventions)
)


def get_check(code_or_name: str) -> Check:
    wanted = code_or_name.strip()
    for check in CHECKS:
        if wanted.upper() == check.code or wanted.lower() == check.name:
            return check
    raise ConfigError(
        f"Unknown check '{code_or_name}'. Known checks: "
        + ", ".join(f"{c.code} {c.name}" for c in CHECKS) + ". See `dataaudit checks list`."
    )


def _matches(check: Check, token: str) -> bool:
    token = token.strip()
    return check.code.startswith(token.upper()) or check.name == token.lower()


def selected_checks(select: tuple[str, ...], ignore: tuple[str, ...], catalogue: tuple[Check, ...] = CHECKS,
                    strict: bool = True) -> tuple[list[Check], dict[str, str]]:
    """The checks to run, and a skip reason for each check that will not run. `catalogue` is the
    built-in checks plus, in a scan, one check per rule-pack rule (DA4xx). `strict`: a code
    that names no check of the catalogue is an error."""
    for token in select + ignore if strict else ():
        if not token.strip() or not any(_matches(c, token) for c in catalogue):
            raise ConfigError(
                f"Unknown check code '{token}' in --select/--ignore. Use a code or prefix such as DA1 or "
                f"DA102, DA4 for rule packs, or a name: {', '.join(c.code + ' ' + c.name for c in CHECKS)}."
            )
    run, skipped = [], {}
    for check in catalogue:
        if select and not any(_matches(check, t) for t in select):
            skipped[check.code] = "not in --select"
        elif any(_matches(check, t) for t in ignore):
            skipped[check.code] = "in --ignore"
        else:
            run.append(check)
    return run, skipped


__all__ = ["CHECKS", "Check", "get_check", "selected_checks"]
