"""The catalogue commands: `dataaudit checks list|explain` and `dataaudit embedders`."""

from __future__ import annotations

import sys

import click

from ..errors import DataAuditError
from .exits import EXIT_USAGE


@click.command()
def embedders() -> None:
    """The embedders for semantic duplicates: languages, speed, calibrated threshold."""
    from ..embeddings.models import DEFAULT_EMBEDDER, EMBEDDERS, LOCAL_MODEL_THRESHOLD

    for name, (info, _) in EMBEDDERS.items():
        default = "  (default)" if name == DEFAULT_EMBEDDER else ""
        click.echo(f"{name}{default}\n    model: {info.model} (package {info.package})\n"
                   f"    languages: {info.languages}\n    speed: {info.speed}\n"
                   f"    threshold: {info.threshold} (cosine; calibrated on {info.calibration})")
    click.echo(f"none\n    no embeddings: DA103 is skipped\n"
               f"PATH\n    a local sentence-transformers model folder; threshold {LOCAL_MODEL_THRESHOLD} "
               "(not calibrated: set --semantic-threshold)")


@click.group()
def checks() -> None:
    """The check catalogue: list the checks, or explain one."""


@checks.command("list")
def checks_list() -> None:
    """Every check: code, name, one line."""
    from ..checks import CHECKS

    width = max(len(check.name) for check in CHECKS)
    for check in CHECKS:
        labels = "  (needs labels)" if check.needs_labels else ""
        click.echo(f"{check.code}  {check.name:<{width}} {check.summary}{labels}")
    click.echo(f"DA4xx  {'rule_violation':<{width}} a row breaks a rule of a rule pack (see `dataaudit rules list`)")


@checks.command("explain")
@click.argument("code")
def checks_explain(code: str) -> None:
    """What a check finds, why it matters, an example, its settings."""
    from ..checks import get_check
    from ..config import Settings

    if code.strip().upper().startswith("DA4"):  # a rule of a rule pack
        from .rules import rules_explain

        rules_explain.main([code], standalone_mode=False)
        return
    try:
        check = get_check(code)
    except DataAuditError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(check.doc)
    if check.settings:
        defaults = Settings()
        click.echo("\nCurrent defaults:")
        for name in check.settings:
            click.echo(f"    {name} = {defaults.effective(name)}")
