"""The rules reference (docs/rules.md), written from the built-in rule packs
(dataaudit/rules/packs/*.yaml) as the scan loads them, so it never drifts from `dataaudit rules list`
and `dataaudit rules explain`: `python -m dataaudit.rules.reference > docs/rules.md`."""

from __future__ import annotations

import html
from pathlib import Path

from . import derived
from .pack import Pack, Rule
from .selection import builtin_packs

INTRO = """# Rules

The rule packs shipped with dataaudit: each rule is one check, DA4xx, a Great Expectations
column-map expectation on a column of the file or on a column derived from each record. A scan
runs the packs that fit the file's format (`--rules` picks others, `--rules none` turns them off),
plus your own packs (`--rules-dir DIR`, in the format of `rules/pack.schema.json`; `rules/example.yaml`
is one). `dataaudit rules list` lists the same rules, `dataaudit rules explain ID` explains one.
This page is generated: `python -m dataaudit.rules.reference > docs/rules.md`.

Severity **error**: the row leaves the effective clean count and the gate fails. Severity
**warning**: the row is reported only.
"""


def anchor(rule: Rule) -> str:
    """The heading `### DA401 text-too-long` as GitHub and MkDocs anchor it."""
    return f"{rule.code.lower()}-{rule.id}"


def text(value: str) -> str:
    """Plain text as Markdown that shows it as written: no HTML (`<placeholder>`), no emphasis,
    no table cell break."""
    value = html.escape(value, quote=False)
    for char in "\\*_`|[":
        value = value.replace(char, "\\" + char)
    return value


def _formats(pack: Pack) -> str:
    if "all" in pack.formats:
        return "every format"
    return ", ".join(f"`{f}`" for f in pack.formats) or "only when selected (`--rules " + pack.name + "`)"


def _tested(rule: Rule) -> list[str]:
    how = f"Great Expectations `{rule.expectation}` on the column `{rule.column}`"
    if rule.kwargs:
        how += " with " + ", ".join(f"`{key}={value!r}`" for key, value in rule.kwargs.items())
    if rule.mostly:
        how += f", for at least {rule.mostly:g} of the rows (`mostly`)"
    lines = [how + "."]
    column = derived.DERIVED.get(rule.column)
    if column is not None:
        lines.append(f"`{rule.column}` is derived from each record: {text(column.doc)}.")
    if rule.requires:
        lines.append(f"Runs only when `{rule.requires}` is set (`--{rule.requires.replace('_', '-')}`).")
    return lines


def reference_markdown() -> str:
    packs = list(builtin_packs().values())
    parts = [INTRO, "| pack | on by default for | rules | what it finds |", "|---|---|---|---|"]
    parts += [f"| [{p.name}](#pack-{p.name}) | {_formats(p)} | {len(p.rules)} | {text(p.description)} |"
              for p in packs]
    parts += ["", "| code | rule | pack | severity | finds |", "|---|---|---|---|---|"]
    parts += [f"| [{r.code}](#{anchor(r)}) | {r.id} | {p.name} | {r.severity} | {text(r.message)} |"
              for p in packs for r in p.rules]
    for pack in packs:
        parts += ["", f"## Pack {pack.name}", "",
                  f"{text(pack.description)}", "",
                  f"On by default for: {_formats(pack)}. Defined in `dataaudit/rules/packs/{Path(pack.source).name}`."]
        for rule in pack.rules:
            parts += ["", f"### {rule.code} {rule.id}", "", f"**{rule.severity}**: {text(rule.message)}."]
            if rule.why:
                parts += ["", f"**Why it matters.** {text(rule.why)}"]
            parts += ["", "**How it is tested.** " + " ".join(_tested(rule))]
            fix = rule.fix or "drop the row, or fix it"
            parts += ["", f"**Fix.** {text(fix[:1].upper() + fix[1:])}."]
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference_markdown())
