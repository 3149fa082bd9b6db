"""`dataaudit apply DATA [DECISIONS] -o CLEANED`: write a cleaned copy of DATA with the
decisions (and, with --auto, the report's suggested actions) applied, plus a change trail."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import EXIT_FAIL, EXIT_PASS, error_console, run_command


@click.command("apply")
@click.argument("data", type=click.Path(path_type=Path))
@click.argument("decisions", type=click.Path(path_type=Path), required=False)
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="The cleaned file, in DATA's format (the extension must match). DATA is never touched.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), metavar="REPORT.json",
              help="The scan's JSON report: its text/label/id columns are used, and --auto reads its actions.")
@click.option("--auto", is_flag=True,
              help="Also apply the report's default actions to rows without a decision: drop duplicate copies, "
                   "rule errors and leaks; relabel conflicts with a majority and confident suggestions.")
@click.option("--text-col", "text_columns", multiple=True, metavar="COL", help="As for scan (default: the report's).")
@click.option("--label-col", "label_column", metavar="COL", help="As for scan (default: the report's).")
@click.option("--id-col", "id_column", metavar="COL", help="As for scan (default: the report's).")
@click.option("--format", "fmt", default=None, metavar="FMT", help="As for scan (default: auto).")
@click.option("--encoding", default=None, metavar="CODEC", help="As for scan.")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary line.")
def apply(data: Path, decisions, out: Path, report_path, auto, text_columns, label_column, id_column, fmt, encoding,
          quiet) -> None:
    """Apply DECISIONS (a --flagged file with its decision column filled in, or a Label Studio / Argilla
    export) to DATA and write the cleaned copy to --output, and the changes to OUTPUT.changes.jsonl."""
    err = error_console()
    run_command(lambda: _apply(data, decisions, out, report_path, auto, dict(
        text_columns=text_columns, label_column=label_column, id_column=id_column, format=fmt,
        encoding=encoding), quiet, err), err)


def _apply(data: Path, decisions_path, out: Path, report_path, auto: bool, flags: dict, quiet: bool, err) -> int:
    from ..errors import DataAuditError
    from ..fixes import apply_fixes, read_decisions
    from ..io.atomic import ReadPath, check_outputs, write_all
    from ..report.json_read import read_report

    if decisions_path is None and not auto:
        raise DataAuditError("Nothing to apply: give a DECISIONS file (the --flagged file with decisions filled in, "
                             "or a Label Studio / Argilla export), or --auto with --report.")
    if out.suffix.lower() != data.suffix.lower():
        raise DataAuditError(f"-o {out}: the cleaned file keeps {data}'s format; give it a name ending in "
                             f"{data.suffix or '(no extension)'}.")
    trail = out.with_name(out.stem + ".changes.jsonl")
    reads = [ReadPath("the data file", data)]
    if decisions_path:
        reads.append(ReadPath("the decisions file", decisions_path))
    if report_path:
        reads.append(ReadPath("the report", report_path))
    targets = check_outputs({"-o": out, "the change trail": trail}, reads)
    report = read_report(report_path) if report_path else None
    settings = _settings(report, flags)
    decisions = read_decisions(decisions_path) if decisions_path else []
    applied = apply_fixes(data, decisions, settings, report, auto)
    write_all({targets["-o"]: applied.output, targets["the change trail"]: applied.trail})
    plan = applied.plan
    for problem in plan.not_applied:
        err.print(f"[yellow]not applied:[/] {_safe(problem)}", soft_wrap=True)
    summary = _summary(applied, out, trail)
    from .outputs import to_stdout

    to_stdout(lambda: click.echo(summary if not quiet else summary.split("\n", 1)[0]))
    return EXIT_FAIL if plan.not_applied else EXIT_PASS


def _settings(report, flags: dict):
    from ..config import Settings
    from ..report.json_read import scan_settings

    given = {name: tuple(value) if name == "text_columns" else value for name, value in flags.items() if value}
    return scan_settings(report, **given) if report is not None else Settings(**given)


def _summary(applied, out: Path, trail: Path) -> str:
    from ..checks.base import plural

    plan = applied.plan
    parts = [f"{n:,} {what}" for what, n in (("dropped", plan.count("drop")), ("relabeled", plan.count("relabel")),
                                              ("edited", plan.count("edit"))) if n]
    automatic = sum(1 for c in plan.changes.values() if c.by == "auto")
    line = (f"Wrote {out}: {applied.rows_out:,} of {applied.rows_in:,} rows"
            f"{' (' + ', '.join(parts) + ')' if parts else ', unchanged'}"
            f"{f'; {automatic:,} of the changes automatic' if automatic else ''}.")
    lines = [line, f"Changes: {trail}."]
    if plan.kept:
        lines.append(f"{plural(plan.kept, 'row')} kept as they were by decision.")
    if plan.waiting:
        lines.append(f"{plural(plan.waiting, 'flagged row')} still wait for a person's decision (review).")
    if plan.not_applied:
        lines.append(f"{plural(len(plan.not_applied), 'decision')} not applied (listed above).")
    lines.append(f"Scan it again: dataaudit scan {out}")
    return "\n".join(lines)


def _safe(text: str) -> str:
    from ..report.terminal import safe

    return safe(text)
