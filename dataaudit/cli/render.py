"""`dataaudit report SAVED.json`: render a saved JSON report again (terminal, HTML, flagged
rows) without the data and without scanning."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import EXIT_PASS, error_console, run_command


@click.command("report")
@click.argument("saved", type=click.Path(path_type=Path))
@click.option("--html", "html_out", type=click.Path(), metavar="FILE", help="Write a self-contained HTML report.")
@click.option("--flagged", "flagged_out", type=click.Path(), metavar="FILE",
              help="Write one row per flagged example (.csv or .jsonl) for annotators.")
@click.option("-q", "--quiet", is_flag=True, help="Only the verdict line.")
def report(saved: Path, html_out, flagged_out, quiet) -> None:
    """Render SAVED (a report written with --json) to the terminal, and to --html / --flagged."""
    err = error_console()
    run_command(lambda: _render(saved, html_out, flagged_out, quiet), err)


def _render(saved: Path, html_out, flagged_out, quiet: bool) -> int:
    from ..io.atomic import ReadPath, check_outputs
    from ..report.json_read import read_report
    from .outputs import output_paths, write_outputs
    from .scan import show_summary

    targets = check_outputs(output_paths(None, html_out, flagged_out), [ReadPath("the saved report", saved)])
    loaded = read_report(saved)
    write_outputs(loaded, targets, None)
    show_summary(loaded, None, quiet)
    return EXIT_PASS
