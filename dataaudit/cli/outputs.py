"""Where a command's outputs go: checked before any work, written all-or-nothing, stdout
that may close early."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import DataAuditError


def output_paths(json_out, html_out, flagged_out) -> dict[str, Path]:
    """The output files by flag. Only --json may be `-` (stdout): two outputs cannot share it."""
    for flag, value in (("--html", html_out), ("--flagged", flagged_out)):
        if value is not None and str(value) == "-":
            raise DataAuditError(f"{flag} - is not supported: only --json can write to stdout (--json -). "
                                 f"Give {flag} a file name.")
    if flagged_out is not None and Path(flagged_out).suffix.lower() not in (".csv", ".tsv", ".jsonl", ".ndjson"):
        raise DataAuditError(f"--flagged {flagged_out}: give a file name ending in .csv or .jsonl so the format is clear.")
    named = {"--json": json_out if json_out != "-" else None, "--html": html_out, "--flagged": flagged_out}
    return {flag: Path(value) for flag, value in named.items() if value}


def scan_reads(path: Path, settings, config_path) -> list:
    """Every file a scan reads: no output may land on one of them."""
    from ..embeddings.cache import cache_files
    from ..io.atomic import ReadPath

    reads = [ReadPath("the input file", Path(path))]
    if settings.against:
        reads.append(ReadPath("the --against file", Path(settings.against)))
    if settings.production:
        reads.append(ReadPath("the --production file", Path(settings.production)))
    if config_path:
        reads.append(ReadPath("the --config file", Path(config_path)))
    if settings.use_cache:
        reads += [ReadPath("the embedding cache", p, folder) for p, folder in cache_files(settings.cache_dir)]
    if settings.embedder and Path(settings.embedder).is_dir():
        reads.append(ReadPath("the --embedder model folder", Path(settings.embedder), folder=True))
    return reads


def write_outputs(report, targets: dict[str, Path], json_out) -> None:
    """Render and write every output (files all-or-nothing), then the JSON to stdout if asked."""
    from ..io.atomic import write_all

    files = {}
    rendered_json = None
    if json_out:
        from ..report.json_report import render_json

        rendered_json = render_json(report)
        if json_out != "-":
            files[targets["--json"]] = rendered_json
    if "--html" in targets:
        from ..report.html import render_html

        files[targets["--html"]] = render_html(report)
    if "--flagged" in targets:
        from ..report.flagged import render_flagged

        files[targets["--flagged"]] = render_flagged(report, targets["--flagged"])
    write_all(files)  # every output file, or none of them
    if json_out == "-":
        to_stdout(lambda: (sys.stdout.write(rendered_json), sys.stdout.flush()))


def to_stdout(write) -> None:
    """Write to stdout; a reader that went away (`| head`) is not an error, as for `cat`."""
    try:
        write()
    except BrokenPipeError:
        silence_stdout()


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
