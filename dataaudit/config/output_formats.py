"""Every output format, declared once: the `scan` flag and its README row (options.py), the
`report` command's flags (cli/render.py), where the file may go and how it is rendered and
written (cli/outputs.py) all come from OUTPUT_FORMATS.

Adding a format is a renderer module in report/ and one row here. A renderer is named as
"module:function" and imported only when its output is asked for (HTML pulls in Jinja, the
flagged rows pandas): `dataaudit --help` stays fast, and this table stays below the renderers
in the layer order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class OutputFormat:
    name: str  # the option is `{name}_out`
    flag: str
    help: str  # for --help and the README's options table
    renderer: str  # "module:function": function(report) -> str, or function(report, path) with takes_path
    takes_path: bool = False  # the renderer reads the file name (the flagged rows' layout follows its suffix)
    suffixes: tuple[str, ...] = ()  # the file names it accepts (empty: any)
    suffix_words: str = ""  # how the error for another name says which ones it accepts
    stdout: bool = False  # `-` writes it to stdout (one format at most: outputs cannot share stdout)
    rerender: bool = True  # `dataaudit report SAVED.json` can write it too
    readme: Optional[str] = None  # the README table's first column, when not `flag FILE`

    @property
    def option(self) -> str:
        return f"{self.name}_out"


OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("json", "--json", "the JSON report (its schema: `dataaudit schema`, docs/schema.md); with `-` the human summary goes to stderr",
                 "dataaudit.report.json_report:render_json", stdout=True, rerender=False,
                 readme="`--json FILE` (`-` = stdout)"),
    OutputFormat("html", "--html", "a self-contained HTML report", "dataaudit.report.html:render_html"),
    OutputFormat("flagged", "--flagged", "one row per flagged example, `.csv` or `.jsonl`, for annotators",
                 "dataaudit.report.flagged:render_flagged", takes_path=True,
                 suffixes=(".csv", ".tsv", ".jsonl", ".ndjson"), suffix_words=".csv or .jsonl"),
    OutputFormat("sarif", "--sarif", "SARIF 2.1.0 for code scanning: one result per finding on its row's line",
                 "dataaudit.report.sarif:render_sarif"),
)

BY_FLAG = {output.flag: output for output in OUTPUT_FORMATS}
assert sum(output.stdout for output in OUTPUT_FORMATS) <= 1, "only one output can be written to stdout"
