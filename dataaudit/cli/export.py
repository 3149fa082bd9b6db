"""`dataaudit export REPORT.json --to label-studio|argilla -o FOLDER`: the flagged rows as an
annotation project for the tool the team uses (fixes/exports.py)."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import EXIT_PASS, error_console, run_command


@click.command("export")
@click.argument("saved", type=click.Path(path_type=Path))
@click.option("--to", "tool", type=click.Choice(["label-studio", "argilla"]), required=True,
              help="The annotation tool whose import format to write.")
@click.option("-o", "--output", "folder", type=click.Path(path_type=Path), required=True, metavar="FOLDER",
              help="Folder to write the export into (created if missing).")
def export(saved: Path, tool: str, folder: Path) -> None:
    """Export the rows flagged in SAVED (a report written with --json) for annotation in Label Studio or Argilla."""
    err = error_console()
    run_command(lambda: _export(saved, tool, folder), err)


def _export(saved: Path, tool: str, folder: Path) -> int:
    from ..fixes.exports import export_files
    from ..io.atomic import ReadPath, check_output_folder, check_outputs, make_folder, write_all
    from ..report.json_read import read_report

    check_output_folder("-o", folder, [ReadPath("the saved report", saved)])  # before any work
    report = read_report(saved)
    files = export_files(report, tool)
    make_folder("-o", folder)
    targets = check_outputs({name: folder / name for name in files}, [ReadPath("the saved report", saved)])
    write_all({targets[name]: content for name, content in files.items()})
    from ..report.flagged import flagged_rows

    tasks = len(flagged_rows(report))
    how = ("import tasks.json into a project whose labeling config is label_config.xml; when done, export "
           "JSON and run: dataaudit apply DATA export.json -o cleaned" if tool == "label-studio" else
           "run python load_into_argilla.py NAME; when done, dataset.records.to_json('annotated.json') and run: "
           "dataaudit apply DATA annotated.json -o cleaned")
    click.echo(f"Wrote {', '.join(str(folder / n) for n in files)} ({tasks:,} flagged rows). Next: {how}.")
    return EXIT_PASS
