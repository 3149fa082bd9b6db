"""`dataaudit diff OLD.json NEW.json`: what changed between two scans."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import EXIT_PASS, error_console, run_command


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--data", "data", nargs=2, type=click.Path(path_type=Path), metavar="OLD_DATA NEW_DATA",
              help="The two data files the reports were made from: adds label churn (rows whose label changed) "
                   "and renamed labels.")
@click.option("--markdown", "markdown_out", type=click.Path(path_type=Path), metavar="FILE",
              help="Also write a Markdown summary (for a pull-request comment or $GITHUB_STEP_SUMMARY).")
def diff(old: Path, new: Path, data, markdown_out) -> None:
    """Compare two reports written with --json: the count, each label, findings new and fixed, labels
    added, removed and renamed, and (with --data) label churn."""
    err = error_console()
    run_command(lambda: _diff(old, new, data, markdown_out), err)


def _diff(old: Path, new: Path, data, markdown_out) -> int:
    from dataclasses import replace

    from ..io.atomic import ReadPath, check_outputs, write_all
    from ..report.compare import compare, label_churn
    from ..report.diff_text import diff_lines, diff_markdown
    from ..report.json_read import read_report
    from ..report.terminal import safe
    from .outputs import to_stdout

    reads = [ReadPath("the old report", old), ReadPath("the new report", new)]
    reads += [ReadPath("a --data file", Path(p)) for p in data or ()]
    targets = check_outputs({"--markdown": markdown_out} if markdown_out else {}, reads)
    before, after = read_report(old), read_report(new)
    comparison = compare(after, before, str(old))
    if data:
        comparison = replace(comparison, churn=label_churn(_dataset(data[0], before), _dataset(data[1], after)))
    if markdown_out:
        write_all({targets["--markdown"]: diff_markdown(after, comparison)})
    to_stdout(lambda: click.echo("\n".join(safe(line) for line in diff_lines(after, comparison))))
    return EXIT_PASS


def _dataset(path: Path, report):
    """The data file as its report's scan read it (its columns and format)."""
    from ..io import load_dataset
    from ..report.json_read import scan_settings

    return load_dataset(path, scan_settings(report))
