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
    run_command(lambda: _diff(old, new, data, markdown_out, err), err)


def _diff(old: Path, new: Path, data, markdown_out, err) -> int:
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
        old_data, new_data = _scanned_files([Path(p) for p in data], before, after, err)
        comparison = replace(comparison, churn=label_churn(_dataset(old_data, before), _dataset(new_data, after)))
    if markdown_out:
        write_all({targets["--markdown"]: diff_markdown(after, comparison)})
    to_stdout(lambda: click.echo("\n".join(safe(line) for line in diff_lines(after, comparison))))
    return EXIT_PASS


def _scanned_files(data: list[Path], before, after, err) -> list[Path]:
    """The --data files, checked against the sha256 each report carries: churn computed from the
    wrong files (swapped, or not the ones scanned) would be reported backwards without a word.
    A file of the scanned name whose content changed since gets a warning and is used as it is."""
    import hashlib

    from ..errors import DataAuditError
    from ..report.terminal import safe

    digests = []
    for path in data:
        try:
            digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError as exc:
            raise DataAuditError(f"--data {path}: cannot read it ({exc.strerror or exc}).") from exc
    wanted = [before.dataset.sha256, after.dataset.sha256]
    if digests != wanted and digests == wanted[::-1]:
        raise DataAuditError(f"--data {data[0]} {data[1]} are in the wrong order: {data[0]} is the file the new "
                             f"report scanned and {data[1]} the old one's. Give OLD_DATA first: "
                             f"--data {data[1]} {data[0]}.")
    for path, digest, report, role in zip(data, digests, (before, after), ("old", "new")):
        if digest == report.dataset.sha256:
            continue
        scanned = report.dataset.path
        if Path(scanned).name != path.name:
            raise DataAuditError(f"--data {path} is not the file the {role} report scanned ({scanned}, sha256 "
                                 f"{report.dataset.sha256[:12]}…; this file's is {digest[:12]}…). Give the data "
                                 "files the two reports were made from, OLD first.")
        err.print(f"[yellow]warning:[/] {safe(str(path))} has changed since the {role} report scanned it (its "
                  "sha256 differs): label churn compares the file as it is now.", soft_wrap=True)
    return data


def _dataset(path: Path, report):
    """The data file as its report's scan read it (its columns and format)."""
    from ..io import load_dataset
    from ..report.json_read import scan_settings

    return load_dataset(path, scan_settings(report))
