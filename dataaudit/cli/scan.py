"""`dataaudit scan PATH`: parse the flags, call the library, render, exit. Nothing else."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import EXIT_FAIL, EXIT_INCOMPLETE, EXIT_PASS, error_console, run_command
from .options import scan_options


@click.command()
@click.argument("path", type=click.Path())
@scan_options
def scan(path: str, **flags) -> None:
    """Audit PATH and report its effective clean count against the threshold."""
    err = error_console()
    run_command(lambda: _scan(path, flags, err), err)


def _scan(given, flags: dict, err) -> int:
    from ..api import audit, checked_settings
    from ..config import build_settings, flag_values, load_config
    from ..io.atomic import check_outputs
    from .outputs import asked_outputs, output_paths, scan_reads, write_outputs
    from .progress import Progress

    from ..errors import DataAuditError
    from ..io.atomic import ReadPath

    # A URI (s3://bucket/shards, for --engine ray) stays a string: a Path would fold its "//".
    given = str(given)  # a str from `scan`, a Path from `gate`
    path = given if "://" in given else Path(given)
    config_path = Path(flags["config"]) if flags["config"] else None
    settings = checked_settings(build_settings(load_config(config_path) if config_path else {}, flag_values(flags)))
    fail_on = flags.get("fail_on") or "gate"
    baseline_path = Path(flags["baseline"]) if flags.get("baseline") else None
    if fail_on == "new" and baseline_path is None:
        raise DataAuditError("--fail-on new needs --baseline PREVIOUS.json: new is decided against a previous scan.")
    reads = scan_reads(Path(given), settings, config_path)
    if baseline_path:
        reads.append(ReadPath("the --baseline report", baseline_path))
    asked = asked_outputs(flags)
    targets = check_outputs(output_paths(asked), reads)
    baseline = _read_baseline(baseline_path) if baseline_path else None  # a bad one stops before the scan
    with Progress(err, enabled=not flags["quiet"]) as hook:
        report = audit(path, settings, hook)
    if baseline is not None:
        from dataclasses import replace

        from ..report.compare import compare

        report = replace(report, comparison=compare(report, baseline, str(baseline_path)))
    write_outputs(report, targets, asked)
    printed = "-" in asked.values()  # --json -: stdout is the JSON's, the summary goes to stderr
    show_summary(report, err if printed else None, flags["quiet"])
    if not report.complete:
        failed = ", ".join(f"{c.code} {c.check}" for c in report.failed_checks)
        err.print(f"[bold yellow]The audit is incomplete:[/] {failed} failed; the report lists it as failed.",
                  soft_wrap=True)
        return EXIT_PASS if flags["exit_zero"] else EXIT_INCOMPLETE
    if flags["exit_zero"]:
        return EXIT_PASS
    if fail_on == "new":
        return EXIT_FAIL if report.comparison.new else EXIT_PASS
    covered = report.representativeness is None or report.representativeness.passed  # --min-coverage
    return EXIT_PASS if report.summary.passed and covered else EXIT_FAIL


def _read_baseline(path: Path):
    from ..report.json_read import read_report

    return read_report(path)


def show_summary(report, console, quiet: bool) -> None:
    from rich.console import Console

    from ..report.terminal import render_terminal, verdict_text
    from .outputs import to_stdout

    out = console or Console(highlight=False, emoji=False)
    if quiet:
        to_stdout(lambda: out.print(verdict_text(report), soft_wrap=True))
    else:
        to_stdout(lambda: render_terminal(report, out))
    if report.comparison is not None and not quiet:
        from ..report.diff_text import baseline_line
        from ..report.terminal import safe

        to_stdout(lambda: out.print(safe(baseline_line(report, report.comparison)), soft_wrap=True))
