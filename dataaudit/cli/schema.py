"""`dataaudit schema`: the JSON Schema of the report `scan --json` writes, for pipelines to validate against."""

from __future__ import annotations

import click


@click.command("schema")
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the JSON report."""
    from importlib.resources import files

    from .outputs import to_stdout

    text = files("dataaudit.report").joinpath("report.schema.json").read_text(encoding="utf-8")
    to_stdout(lambda: click.echo(text, nl=False))
