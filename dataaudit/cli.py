"""The command line: parse flags, call the library, render, exit. Nothing else."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import click

from . import __version__
from .errors import DataAuditError

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
FORMAT_CHOICES = ("auto", "csv", "tsv", "jsonl", "json", "parquet", "openai-chat", "alpaca", "sharegpt")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dataaudit")
def main() -> None:
    """How many of your labeled examples are actually usable for fine-tuning."""


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--text-col", "text_cols", multiple=True, metavar="COL",
              help="Column holding the example text (repeatable). Chat/instruction formats need none.")
@click.option("--label-col", "label_cols", multiple=True, metavar="COL",
              help="The label column (omit for unlabeled data). Given more than once: one column per annotator "
                   "(wide format); the row's label is their consensus.")
@click.option("--annotator-col", metavar="COL",
              help="One row per annotation: this column names the annotator (long format). Rows of one example "
                   "share its --id-col value, or its exact text.")
@click.option("--min-agreement", type=float, metavar="X",
              help="Share of a row's annotators that must give its consensus label (default 0.6).")
@click.option("--source-col", metavar="COL",
              help="Who or where each row came from (speaker, annotator, upload batch): reports concentration.")
@click.option("--id-col", metavar="COL", help="A stable row id column (default: 0-based row position).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default=None,
              help="Input format (default: auto, from extension and content).")
@click.option("--encoding", metavar="CODEC", help="Text encoding of the file when it is not UTF-8 (e.g. cp1252).")
@click.option("--threshold", type=int, metavar="N", help="Effective clean count the gate needs (default 1000).")
@click.option("--min-per-label", type=int, metavar="N", help="Every label needs at least N effective clean rows.")
@click.option("--near-threshold", type=float, metavar="X",
              help="Similarity (0.5-1) at which two texts are near-duplicates (default 0.88).")
@click.option("--embedder", metavar="NAME",
              help="Embedder for semantic duplicates: minilm (default, English), e5 (multilingual, Hindi), "
                   "use, a local sentence-transformers folder, or none. See `dataaudit embedders`.")
@click.option("--semantic-threshold", type=float, metavar="X",
              help="Cosine (0.5-1) at which two texts are semantic duplicates (default: the embedder's calibrated one; a value given here also replaces e5's cross-script threshold).")
@click.option("--cache-dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Embedding cache folder (default: the user cache folder, or $DATAAUDIT_CACHE_DIR).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")
@click.option("--against", type=click.Path(path_type=Path), metavar="PATH",
              help="An evaluation/test set: report training rows that leak into it (DA301).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Settings file: dataaudit.toml, or pyproject.toml with [tool.dataaudit].")
@click.option("--select", multiple=True, metavar="CODES", help="Run only these checks (code, prefix or name; comma-separated or repeated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these checks (code, prefix or name).")
@click.option("--json", "json_out", metavar="FILE", help="Write the JSON report (- for stdout).")
@click.option("--html", "html_out", type=click.Path(path_type=Path), metavar="FILE", help="Write a self-contained HTML report.")
@click.option("--flagged", "flagged_out", type=click.Path(path_type=Path), metavar="FILE",
              help="Write one row per flagged example (.csv or .jsonl) for annotators.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the gate fails (unless the input is unusable).")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary: only the verdict line.")
def scan(path: Path, text_cols, label_cols, annotator_col, min_agreement, source_col, id_col, fmt, encoding, threshold, min_per_label, near_threshold,
         embedder, semantic_threshold, cache_dir, no_cache, against, config_path, select, ignore, json_out, html_out, flagged_out, exit_zero, quiet) -> None:
    """Audit PATH and report its effective clean count against the threshold."""
    from rich.console import Console

    err = Console(stderr=True, highlight=False, emoji=False)
    try:
        label_col = label_cols[0] if len(label_cols) == 1 else None
        # Flags that map straight onto Settings fields (None: not given, the file or default applies).
        more = {"embedder": embedder, "semantic_threshold": semantic_threshold,
                    "label_columns": tuple(label_cols) if len(label_cols) > 1 else (),
                    "annotator_column": annotator_col, "min_agreement": min_agreement, "source_column": source_col,
                    "cache_dir": str(cache_dir) if cache_dir else None, "use_cache": False if no_cache else None,
                    "against": str(against) if against else None}
        code = _scan(path, text_cols, label_col, id_col, fmt, encoding, threshold, min_per_label, near_threshold,
                     more, config_path, select, ignore, json_out, html_out, flagged_out, exit_zero, quiet, err)
    except DataAuditError as exc:
        err.print(f"[bold red]error:[/] {_escape(str(exc))}", soft_wrap=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # never a traceback for the user; DATAAUDIT_DEBUG=1 shows it
        if os.environ.get("DATAAUDIT_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {_escape(str(exc))}. The audit did not "
                  "finish. Re-run with DATAAUDIT_DEBUG=1 for details and please report it.", soft_wrap=True)
        sys.exit(EXIT_INCOMPLETE)
    sys.exit(code)


def _escape(text: str) -> str:
    """Messages quote the user's data (column names, values): shown inert, like the report."""
    from .report.terminal import safe

    return safe(text)


def _split_codes(values) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _scan(path, text_cols, label_col, id_col, fmt, encoding, threshold, min_per_label, near_threshold,
          more, config_path, select, ignore, json_out, html_out, flagged_out, exit_zero, quiet, err) -> int:
    from rich.console import Console

    from .api import load_against
    from .engine import audit_dataset
    from .io import load_dataset
    from .settings import build_settings, load_config

    config = load_config(config_path) if config_path else {}
    settings = build_settings(config, {
        "text_columns": tuple(text_cols), "label_column": label_col, "id_column": id_col, "format": fmt,
        "encoding": encoding, "threshold": threshold, "min_per_label": min_per_label,
        "near_duplicate_threshold": near_threshold, "select": _split_codes(select), "ignore": _split_codes(ignore),
        **more,
    })
    if more.get("min_agreement") is not None and not (settings.annotator_column or settings.label_columns):
        raise DataAuditError("--min-agreement applies when several annotators label each row: add "
                             "--annotator-col COL (one row per annotation) or give --label-col once per annotator.")
    from .checks import selected_checks

    to_run, _ = selected_checks(settings.select, settings.ignore)  # unknown codes: exit 2 before reading data
    if not to_run:
        raise DataAuditError("--select/--ignore leave no check to run, so nothing would be audited. "
                             "See `dataaudit checks list` for the codes.")
    from .io.atomic import check_outputs

    targets = check_outputs(_outputs(json_out, html_out, flagged_out), _reads(path, settings, config_path))

    with _progress(err, enabled=not quiet) as hook:
        hook("load", 0, None)
        dataset = load_dataset(path, settings)
        against_set = load_against(settings, dataset.sha256)
        if settings.min_per_label and not dataset.has_labels:
            raise DataAuditError(
                f"--min-per-label needs labels, but {path} has no label column that dataaudit could find. "
                "Name it with --label-col COL, or leave out --min-per-label."
            )
        report = audit_dataset(dataset, settings, hook, against=against_set)

    files = {}
    rendered_json = None
    if json_out:
        from .report.json_report import render_json

        rendered_json = render_json(report)
        if json_out != "-":
            files[targets["--json"]] = rendered_json
    if html_out:
        from .report.html import render_html

        files[targets["--html"]] = render_html(report)
    if flagged_out:
        from .report.flagged import render_flagged

        files[targets["--flagged"]] = render_flagged(report, flagged_out)
    from .io.atomic import write_all

    write_all(files)  # every output file, or none of them
    if json_out == "-":
        _to_stdout(lambda: (sys.stdout.write(rendered_json), sys.stdout.flush()))

    from .report.terminal import render_terminal, verdict_text

    # With --json - the JSON owns stdout; the human summary moves to stderr.
    out = err if json_out == "-" else Console(highlight=False, emoji=False)
    if quiet:
        _to_stdout(lambda: out.print(verdict_text(report), soft_wrap=True))
    else:
        _to_stdout(lambda: render_terminal(report, out))

    if not report.complete:
        failed = ", ".join(f"{c.code} {c.check}" for c in report.failed_checks)
        err.print(f"[bold yellow]The audit is incomplete:[/] {failed} failed; the report lists it as failed.",
                  soft_wrap=True)
        return EXIT_PASS if exit_zero else EXIT_INCOMPLETE
    if report.summary.passed or exit_zero:
        return EXIT_PASS
    return EXIT_FAIL


def _outputs(json_out, html_out, flagged_out) -> dict[str, Path]:
    """The output files by flag. Only --json may be `-` (stdout): two outputs cannot share it."""
    for flag, value in (("--html", html_out), ("--flagged", flagged_out)):
        if value is not None and str(value) == "-":
            raise DataAuditError(f"{flag} - is not supported: only --json can write to stdout (--json -). "
                                 f"Give {flag} a file name.")
    if flagged_out is not None and Path(flagged_out).suffix.lower() not in (".csv", ".tsv", ".jsonl", ".ndjson"):
        raise DataAuditError(f"--flagged {flagged_out}: give a file name ending in .csv or .jsonl so the format is clear.")
    named = {"--json": json_out if json_out != "-" else None, "--html": html_out, "--flagged": flagged_out}
    return {flag: Path(value) for flag, value in named.items() if value}


def _reads(path: Path, settings, config_path) -> list:
    """Every file the run reads: no output may land on one of them."""
    from .embeddings.cache import cache_files
    from .io.atomic import ReadPath

    reads = [ReadPath("the input file", Path(path))]
    if settings.against:
        reads.append(ReadPath("the --against file", Path(settings.against)))
    if config_path:
        reads.append(ReadPath("the --config file", Path(config_path)))
    if settings.use_cache:
        reads += [ReadPath("the embedding cache", p, folder) for p, folder in cache_files(settings.cache_dir)]
    if settings.embedder and Path(settings.embedder).is_dir():
        reads.append(ReadPath("the --embedder model folder", Path(settings.embedder), folder=True))
    return reads


def _to_stdout(write) -> None:
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


class _progress:
    """Rich progress on stderr, driven by the library's (stage, advance, total) hook."""

    def __init__(self, console, enabled: bool):
        self.console = console
        self.enabled = enabled and console.is_terminal
        self.progress = None
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        if not self.enabled:
            return lambda stage, advance, total: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=self.console, transient=True)
        self.progress.start()
        return self._hook

    def _hook(self, stage: str, advance: int, total: Optional[int]) -> None:
        if stage not in self.tasks:
            for other in self.tasks.values():  # one stage at a time: finish the previous ones
                task = self.progress.tasks[other]
                self.progress.update(other, completed=task.total or task.completed, visible=False)
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        task_id = self.tasks[stage]
        if total is not None:
            self.progress.update(task_id, total=total)
        if advance:
            self.progress.advance(task_id, advance)

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        return False


@main.command()
def embedders() -> None:
    """The embedders for semantic duplicates: languages, speed, calibrated threshold."""
    from .embeddings.models import DEFAULT_EMBEDDER, EMBEDDERS, LOCAL_MODEL_THRESHOLD

    for name, (info, _) in EMBEDDERS.items():
        default = "  (default)" if name == DEFAULT_EMBEDDER else ""
        click.echo(f"{name}{default}\n    model: {info.model} (package {info.package})\n"
                   f"    languages: {info.languages}\n    speed: {info.speed}\n"
                   f"    threshold: {info.threshold} (cosine; calibrated on {info.calibration})")
    click.echo(f"none\n    no embeddings: DA103 is skipped\n"
               f"PATH\n    a local sentence-transformers model folder; threshold {LOCAL_MODEL_THRESHOLD} "
               "(not calibrated: set --semantic-threshold)")


@main.group()
def checks() -> None:
    """The check catalogue: list the checks, or explain one."""


@checks.command("list")
def checks_list() -> None:
    """Every check: code, name, one line."""
    from .checks import CHECKS

    width = max(len(check.name) for check in CHECKS)
    for check in CHECKS:
        labels = "  (needs labels)" if check.needs_labels else ""
        click.echo(f"{check.code}  {check.name:<{width}} {check.summary}{labels}")


@checks.command("explain")
@click.argument("code")
def checks_explain(code: str) -> None:
    """What a check finds, why it matters, an example, its settings."""
    from .checks import get_check
    from .settings import Settings

    try:
        check = get_check(code)
    except DataAuditError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(check.doc)
    if check.settings:
        defaults = Settings()
        click.echo("\nCurrent defaults:")
        for name in check.settings:
            click.echo(f"    {name} = {getattr(defaults, name)}")
