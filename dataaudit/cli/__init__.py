"""The command line: thin commands over the library, one module each."""

from __future__ import annotations

import click

from ..version import __version__
from .apply import apply
from .catalogue import checks, embedders
from .diff import diff
from .export import export
from .gate import gate
from .outputs import silence_stdout
from .render import report
from .rules import rules
from .scan import scan
from .schema import schema


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dataaudit")
def main() -> None:
    """How many of your labeled examples are actually usable for fine-tuning."""


for command in (scan, gate, report, export, apply, diff, checks, rules, embedders, schema):
    main.add_command(command)

__all__ = ["main", "silence_stdout"]
