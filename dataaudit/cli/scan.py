"""`dataaudit scan PATH`: parse the flags, call the library, render, exit. Nothing else."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import EXIT_FAIL, EXIT_INCOMPLETE, EXIT_PASS, error_console, run_command
from .options import scan_options


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@scan_options
def scan(path: Path, **flags) -> None:
    """Audit PATH and report its effective clean count against the threshold."""
    err = error_console()
    run_command(lambda: _scan(path, flags, err), err)


def _scan(path: Path, flags: dict, err) -> int:
    from ..api import audit, checked_settings
    from ..config import build_settings, flag_values, load_config
    from ..io.atomic import check_outputs
    from .outputs import output_paths, scan_reads, write_outputs
    from .progress import Progress

    config_path = Path(flags["config"]) if flags["config"] else None
    settings = checked_settings(build_settings(load_config(config_path) if config_path else {}, flag_values(flags)))
    json_out = flags["json_out"]
    targets = check_outputs(output_paths(json_out, flags["html_out"], flags["flagged_out"]),
                            scan_reads(path, settings, config_path))
    with Progress(err, enabled=not flags["quiet"]) as hook:
        report = audit(path, settings, hook)
    write_outputs(report, targets, json_out)
    show_summary(report, err if json_out == "-" else None, flags["quiet"])  # --json -: stdout is the JSON's
    if not report.complete:
        failed = ", ".join(f"{c.code} {c.check}" for c in report.failed_checks)
        err.print(f"[bold yellow]The audit is incomplete:[/] {failed} failed; the report lists it as failed.",
                  soft_wrap=True)
        return EXIT_PASS if flags["exit_zero"] else EXIT_INCOMPLETE
    if report.summary.passed or flags["exit_zero"]:
        return EXIT_PASS
    return EXIT_FAIL


def show_summary(report, console, quiet: bool) -> None:
    from rich.console import Console

    from ..report.terminal import render_terminal, verdict_text
    from .outputs import to_stdout

    out = console or Console(highlight=False, emoji=False)
    if quiet:
        to_stdout(lambda: out.print(verdict_text(report), soft_wrap=True))
    else:
        to_stdout(lambda: render_terminal(report, out))
