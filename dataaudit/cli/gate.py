"""`dataaudit gate PATH...`: `scan` each file and fail when any fails — for hooks that pass
several files at once (pre-commit). One verdict line per file."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..config.output_formats import OUTPUT_FORMATS
from .exits import EXIT_INCOMPLETE, EXIT_PASS, EXIT_USAGE, error_console, run_command
from .options import scan_options


@click.command("gate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@scan_options
def gate(paths: tuple[Path, ...], **flags) -> None:
    """Scan every PATH with the same options; exit with the worst exit code of them."""
    err = error_console()
    run_command(lambda: _gate(paths, flags, err), err)


def _gate(paths, flags: dict, err) -> int:
    from ..errors import DataAuditError
    from ..text import visible
    from .scan import _scan

    given = [flag for flag, name in (*((o.flag, o.option) for o in OUTPUT_FORMATS), ("--baseline", "baseline"))
             if flags.get(name)]
    if given:
        raise DataAuditError(f"gate scans several files: {', '.join(given)} would name one output for all of them. "
                             "Use dataaudit scan for one file's reports.")
    worst = EXIT_PASS
    for path in paths:  # every file gets its verdict line, whatever happened to the ones before it
        click.echo(f"{visible(str(path))}: ", nl=False)
        try:
            code = _scan(path, {**flags, "quiet": True}, err)
        except DataAuditError as exc:
            click.echo(f"ERROR: {visible(str(exc))}")
            code = EXIT_USAGE
        except Exception as exc:  # noqa: BLE001 - one file's crash must not hide the others' verdicts
            if os.environ.get("DATAAUDIT_DEBUG"):
                raise
            click.echo(f"INCOMPLETE: internal error {type(exc).__name__}: {visible(str(exc))}")
            code = EXIT_INCOMPLETE
        worst = max(worst, code)
    return worst
