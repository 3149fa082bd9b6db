"""The check reference (docs/checks.md), written from the checks' own docstrings so it never
drifts from `dataaudit checks explain`: `python -m dataaudit.checks.reference > docs/checks.md`.
SARIF output links each rule here (report/sarif.py), by the anchor of its heading."""

from __future__ import annotations

import re

from . import CHECKS

INTRO = """# Checks

Every check dataaudit runs, from its own documentation (`dataaudit checks explain CODE` prints
the same text). Rule packs add one check per rule, DA4xx: `dataaudit rules list`.
This page is generated: `python -m dataaudit.checks.reference > docs/checks.md`.
"""


def anchor(code: str, name: str) -> str:
    """The heading `## DA101 exact_duplicate` as GitHub and MkDocs anchor it."""
    return f"{code.lower()}-{name}"


def reference_markdown() -> str:
    parts = [INTRO, "| code | check | finds |", "|---|---|---|"]
    parts += [f"| [{c.code}](#{anchor(c.code, c.name)}) | {c.name} | {c.summary} |" for c in CHECKS]
    for check in CHECKS:
        title, _, body = doc_markdown(check.doc).partition("\n")
        subtitle = title.strip("*").split("—", 1)[-1].strip()
        parts += ["", f"## {check.code} {check.name}", "", subtitle[:1].upper() + subtitle[1:], body.rstrip()]
    return "\n".join(parts).rstrip() + "\n"


def doc_markdown(doc: str) -> str:
    """A check's docstring as Markdown: its title bold, each section's heading bold and its text
    unindented (indented text would be a code block), the Example section fenced as code."""
    title, *lines = doc.splitlines()
    out, fenced = [f"**{title.strip()}**"], False

    def close_fence():
        while out and not out[-1].strip():
            out.pop()
        out.append("```")

    for line in lines:
        heading = re.fullmatch(r"([A-Z][A-Za-z ]+):", line.strip()) if not line.startswith(" ") else None
        if heading:
            if fenced:
                close_fence()
            out += ["", f"**{heading.group(1)}**", ""]
            fenced = heading.group(1).startswith("Example")
            if fenced:
                out.append("```text")
            continue
        out.append(line[4:] if fenced and line.startswith("    ") else line.strip())
    if fenced:
        close_fence()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference_markdown())
