"""`dataaudit report SAVED.json`: render a saved JSON report again (terminal, HTML, flagged
rows) without the data and without scanning."""

from __future__ import annotations

from pathlib import Path

import click

from ..config.output_formats import BY_FLAG, OUTPUT_FORMATS
from .exits import EXIT_PASS, error_console, run_command


def _output_options(command):
    """--html, --flagged, ...: every output format a saved report can be written to again."""
    for output in reversed([o for o in OUTPUT_FORMATS if o.rerender]):
        command = click.option(output.flag, output.option, type=click.Path(), metavar="FILE",
                               help=f"Write {output.help.replace('`', '')}.")(command)
    return command


@click.command("report")
@click.argument("saved", type=click.Path(path_type=Path))
@_output_options
@click.option("-q", "--quiet", is_flag=True, help="Only the verdict line.")
def report(saved: Path, quiet, **outputs) -> None:
    """Render SAVED (a report written with --json) to the terminal, and to --html / --flagged."""
    err = error_console()
    run_command(lambda: _render(saved, outputs, quiet), err)


def _render(saved: Path, outputs: dict, quiet: bool) -> int:
    from ..io.atomic import ReadPath, check_outputs
    from ..report.json_read import read_report
    from .outputs import asked_outputs, output_paths, write_outputs
    from .scan import show_summary

    asked = {flag: value for flag, value in asked_outputs(outputs).items() if BY_FLAG[flag].rerender}
    targets = check_outputs(output_paths(asked), [ReadPath("the saved report", saved)])
    loaded = read_report(saved)
    write_outputs(loaded, targets, asked)
    show_summary(loaded, None, quiet)
    return EXIT_PASS
