"""The terminal summary (rich): counts, the breakdown by check, the worst labels,
a few example findings with their rows' text side by side, and the verdict."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..quality.diversity import diversity_text
from ..model.findings import Finding, Report
from ..quality.readiness import readiness, readiness_text
from ..text import shorten, visible
from .check_rows import check_rows
from .criteria import format_line, labels_line
from .numbers import clean_share, percent
from .representative_text import representative_lines

EXAMPLES_PER_CHECK = 3
WORST_LABELS = 8


def safe(value) -> str:
    """Data (texts, labels, ids, column names, messages quoting them) as inert markup:
    rich markup escaped, control characters made visible."""
    return escape(visible(str(value)))


def render_terminal(report: Report, console: Console) -> None:
    console.print(_header(report))
    for note in repair_notes(report):
        console.print(Text(note, style="yellow"))
    checks, notes = _checks_table(report, console.width)
    console.print(checks)
    for note in notes:
        console.print(Text(visible(note), style="dim"))
    if report.labels:
        console.print(_labels_table(report))
    if report.annotators:
        console.print(_annotators_table(report))
    if report.sources:
        console.print(_sources_table(report))
    examples = _examples(report)
    if examples is not None:
        console.print(examples)
    console.print(verdict_text(report))
    ready = readiness_line(report)
    if ready:
        console.print(Text(visible(ready)))
    # The four quality criteria, one line each: labels, format, representative, diverse.
    for line in (labels_line(report), format_line(report), *representative_lines(report.representativeness),
                 *([diversity_text(report.diversity)] if report.diversity else [])):
        console.print(Text(visible(line)))


def verdict_text(report: Report) -> Text:
    summary = report.summary
    if not report.complete:
        failed = ", ".join(f"{c.code} {c.check}" for c in report.failed_checks)
        return Text(visible(f"INCOMPLETE: {failed} failed; the count below leaves it out. {summary.verdict}"),
                    style="bold yellow")
    style = "bold green" if summary.passed else "bold red"
    return Text(visible(("PASS: " if summary.passed else "FAIL: ") + summary.verdict), style=style)


def readiness_line(report: Report) -> str:
    return readiness_text(readiness(report.summary, report.labels, report.diversity, report.representativeness))


def _header(report: Report) -> Text:
    info = report.dataset
    text_cols = ", ".join(info.text_columns) or "(canonical chat transcript)"
    found = info.columns_found
    if found.get("text") in ("similar name", "content"):
        text_cols += f" (found by its {'name' if found['text'] == 'similar name' else 'content'}; --text-col to change)"
    label = info.label_column or "none (label checks skipped)"
    if found.get("label") == "answers":
        label = (f"the {info.label_column} answers (few distinct values: a classification fine-tune; "
                 "--label-from none to treat them as text)")
    elif found.get("label") == "similar name":
        label += " (found by its name; --label-col to change, --no-labels for none)"
    if found.get("label_note"):  # a look-alike column passed over: say which and why
        label += f" ({found['label_note']}; --label-col to change)"
    notes = info.annotations
    if notes:
        label = (f"consensus of {notes['annotations']:,} annotations by {notes['annotators']:,} annotators "
                 f"({notes['format']} format: {', '.join(notes['columns'])})")
    source = f"; source: {safe(info.source_column)}" if info.source_column else ""
    packs = report.settings.get("rule_packs")
    source += f"; rule packs: {safe(', '.join(packs))}" if packs else "; no rule packs"
    return Text.from_markup(
        f"[bold]dataaudit[/] {safe(info.path)}  [dim]{info.format}, {info.rows:,} rows; "
        f"text: {safe(text_cols)}; label: {safe(label)}{source}[/]"
    )


def repair_notes(report: Report) -> list[str]:
    """What the loader changed to read the file, in words."""
    count = report.dataset.repairs.get("lone_surrogates", 0)
    if not count:
        return []
    return [f"note: {count:,} lone surrogate escape{'s' if count != 1 else ''} (e.g. \\ud83d, half of an "
            "emoji) replaced with U+FFFD to read the file"]


def _annotators_table(report: Report) -> Table:
    table = Table(title="Annotators", title_justify="left", show_edge=False)
    for name, justify in (("annotator", "left"), ("labels", "right"), ("on shared rows", "right"),
                          ("agree with consensus", "right"), ("quality (cleanlab)", "right"),
                          ("worst label", "left")):
        table.add_column(name, justify=justify)
    for a in sorted(report.annotators, key=lambda a: (a.agreement_with_consensus is None,
                                                      a.agreement_with_consensus or 0, a.annotator)):
        table.add_row(safe(a.annotator), f"{a.annotations:,}", f"{a.checked:,}",
                      "" if a.agreement_with_consensus is None else percent(a.agreement_with_consensus),
                      "" if a.quality is None else f"{a.quality:.2f}", safe(a.worst_label or ""))
    return table


def _sources_table(report: Report) -> Table:
    shown = report.sources[:WORST_LABELS]
    title = f"Sources ({report.dataset.source_column}; {len(shown)} of {len(report.sources)}, biggest first)"
    table = Table(title=safe(title), title_justify="left", show_edge=False)
    for name, justify in (("source", "left"), ("rows", "right"), ("share", "right"),
                          ("in duplicate groups", "right"), ("of all such rows", "right"), ("clean", "right")):
        table.add_column(name, justify=justify)
    for s in shown:
        table.add_row(safe(s.source), f"{s.rows:,}", percent(s.share), f"{s.duplicate_rows:,}",
                      percent(s.duplicate_share), f"{s.effective_clean_count:,}")
    return table


def _checks_table(report: Report, width: int) -> tuple[Table, list[str]]:
    """The checks, one line each at any console width (CI logs are 80 columns): a status with a
    note mark in the table, the notes themselves below it, where they may wrap. The check name
    is what gives way when the console is narrow ("annotator_disag…"); numbers never do."""
    summary = report.summary
    notes: list[str] = []
    rows: list[tuple[str, str, str, str, str]] = []  # code, check, status (markup), findings, excluded
    for row in check_rows(report):
        status = {"ok": "[green]ok[/]", "skipped": "[dim]skipped[/]", "failed": "[bold red]FAILED[/]"}[row.status]
        if row.detail:
            notes.append(f"[{len(notes) + 1}] {row.code}{'' if row.collapsed else ' ' + row.check}: {row.detail}")
            status += f" [dim]\\[{len(notes)}][/]"
        rows.append((row.code, row.check, status, row.findings, row.excluded))
    total = ("", "[bold]effective clean count[/]", "", "",
             f"[bold]{summary.effective_clean_count:,}[/] of {summary.total_rows:,}")
    headers = ("code", "check", "status", "findings", "rows excluded")
    widths = [max([len(headers[i])] + [Text.from_markup(r[i]).cell_len for r in rows + [total]]) for i in range(5)]
    # show_edge=False: one space of padding each side of a column and a rule between two.
    room = width - (sum(widths) - widths[1]) - 2 * len(widths) - (len(widths) - 1)
    widths[1] = max(6, min(widths[1], room))
    table = Table(title="Checks", title_justify="left", show_edge=False)
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i >= 3 else "left", no_wrap=True, overflow="ellipsis",
                         width=widths[i])
    for row in rows:
        table.add_row(*row)
    table.add_section()
    table.add_row(*total)
    return table, notes


def _labels_table(report: Report) -> Table:
    minimum = report.summary.min_per_label
    below = set(report.summary.labels_below_minimum)
    worst = sorted(report.labels, key=lambda l: (l.label not in below, l.effective_clean_count / max(l.rows, 1),
                                                 l.effective_clean_count, l.label))
    title = f"Labels with the least clean data ({min(WORST_LABELS, len(worst))} of {len(worst)})"
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("label")
    table.add_column("rows", justify="right")
    table.add_column("clean", justify="right")
    table.add_column("clean %", justify="right")
    for label in worst[:WORST_LABELS]:
        low = minimum is not None and label.effective_clean_count < minimum
        clean = f"[red]{label.effective_clean_count:,}[/]" if low else f"{label.effective_clean_count:,}"
        name = safe(label.label) + (f" [dim](+ {safe(', '.join(label.variants))})[/]" if label.variants else "")
        table.add_row(name, f"{label.rows:,}", clean, clean_share(label.effective_clean_count, label.rows))
    return table


def _examples(report: Report):
    if not report.findings:
        return None
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_check[finding.code].append(finding)
    blocks = []
    for code in sorted(by_check):
        findings = sorted(by_check[code], key=lambda f: (-f.score, f.id))
        for finding in findings[:EXAMPLES_PER_CHECK]:
            table = Table(show_header=True, show_edge=False, box=None, pad_edge=False)
            table.add_column("row", style="cyan", no_wrap=True)
            table.add_column("", no_wrap=True)
            table.add_column("label", style="magenta")
            table.add_column("text", overflow="fold")
            shown = list(finding.rows[:6])
            for rid in shown:
                row = report.row(rid)
                role = "keep" if rid == finding.keep else ("drop" if rid in finding.excluded else "")
                role_style = {"keep": "green", "drop": "red"}.get(role, "")
                table.add_row(safe(rid), Text(role, style=role_style), safe(row.label or ""),
                              safe(shorten(row.text, 100)))
            if len(finding.rows) > len(shown):
                table.add_row("…", "", "", f"[dim]{len(finding.rows) - len(shown)} more rows[/]")
            what = finding.get("rule") or finding.check  # a rule pack's finding: its rule
            title = f"#{finding.id} {finding.code} {safe(what)}: {safe(finding.message)}"
            body = table if shown else Text(visible(finding.message))  # a finding about the data set as a whole
            blocks.append(Panel(Group(body, Text(visible(f"→ {finding.suggested_action}"), style="dim")),
                                title=title, title_align="left", border_style="dim"))
        if len(findings) > EXAMPLES_PER_CHECK:
            blocks.append(Text(f"  … and {len(findings) - EXAMPLES_PER_CHECK:,} more {code} findings "
                               "(see --json or --flagged)", style="dim"))
    return Group(Text("Examples", style="bold"), *blocks)
