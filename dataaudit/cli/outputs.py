"""Where a command's outputs go: checked before any work, written all-or-nothing, stdout
that may close early."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Optional

from ..config.output_formats import BY_FLAG, OUTPUT_FORMATS, OutputFormat
from ..errors import DataAuditError


def asked_outputs(flags: dict) -> dict[str, Optional[str]]:
    """The output flags' values, by flag (None: not asked for), from a command's parsed flags."""
    return {output.flag: flags.get(output.option) for output in OUTPUT_FORMATS}


def output_paths(asked: dict[str, Optional[str]]) -> dict[str, Path]:
    """The output files by flag (`-`, stdout, is left out: write_outputs prints it). Only a
    format that may go to stdout takes `-`; a format with a layout per suffix needs one of them."""
    for flag, value in asked.items():
        output = BY_FLAG[flag]
        if value is None:
            continue
        if str(value) == "-" and not output.stdout:
            printer = next(o.flag for o in OUTPUT_FORMATS if o.stdout)
            raise DataAuditError(f"{flag} - is not supported: only {printer} can write to stdout ({printer} -). "
                                 f"Give {flag} a file name.")
        if output.suffixes and str(value) != "-" and Path(value).suffix.lower() not in output.suffixes:
            raise DataAuditError(f"{flag} {value}: give a file name ending in {output.suffix_words} so the format "
                                 "is clear.")
    return {flag: Path(value) for flag, value in asked.items() if value and str(value) != "-"}


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


def write_outputs(report, targets: dict[str, Path], asked: dict[str, Optional[str]]) -> None:
    """Render and write every output (files all-or-nothing), then the one asked for on stdout (`-`)."""
    from ..io.atomic import write_all

    files, printed = {}, None
    for output in OUTPUT_FORMATS:
        path = targets.get(output.flag)
        if path is None and asked.get(output.flag) != "-":
            continue
        render = _renderer(output)
        text = render(report, path) if output.takes_path else render(report)
        if path is None:
            printed = text
        else:
            files[path] = text
    write_all(files)  # every output file, or none of them
    if printed is not None:
        to_stdout(lambda: (sys.stdout.write(printed), sys.stdout.flush()))


def _renderer(output: OutputFormat):
    module, function = output.renderer.split(":")
    return getattr(importlib.import_module(module), function)


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
