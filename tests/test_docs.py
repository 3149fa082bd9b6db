"""The documentation says what the code does, and builds.

The reference pages under docs/ are generated from the code, and each must equal its generator's
output (a test per page, with the command that regenerates it):

    python -m dataaudit.checks.reference > docs/checks.md   (tests/test_sarif.py: the checks' docstrings)
    python -m dataaudit.rules.reference  > docs/rules.md    (the built-in rule packs)
    python -m dataaudit.config.readme    > docs/options.md  (the options declaration)
    python -m dataaudit.report.reference > docs/schema.md   (the JSON report's schema)

And the site builds with `mkdocs build --strict` (mkdocs.yml): a link to a missing page or anchor,
a page left out of the nav or a nav entry without its page fails here as it fails CI. README.md
and CHANGELOG.md, outside the site, have their relative links checked here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dataaudit.checks import reference as checks_reference
from dataaudit.config import readme as options_reference
from dataaudit.report import reference as schema_reference
from dataaudit.rules import reference as rules_reference

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BIN = Path(sys.executable).parent  # this environment's mkdocs, installed with the docs extra

GENERATED = {
    "checks.md": (checks_reference.reference_markdown, "dataaudit.checks.reference"),
    "rules.md": (rules_reference.reference_markdown, "dataaudit.rules.reference"),
    "options.md": (options_reference.options_page, "dataaudit.config.readme"),
    "schema.md": (schema_reference.reference_markdown, "dataaudit.report.reference"),
}


@pytest.mark.parametrize("page", sorted(GENERATED))
def test_each_generated_page_is_current(page):
    generate, module = GENERATED[page]
    text = (DOCS / page).read_text(encoding="utf-8")
    assert text == generate(), f"regenerate it: python -m {module} > docs/{page}"


@pytest.mark.parametrize("page", sorted(GENERATED))
def test_each_generator_prints_its_page(page):
    """`python -m MODULE > docs/PAGE` is the command each page (and this file) names."""
    generate, module = GENERATED[page]
    printed = subprocess.run([sys.executable, "-m", module], cwd=ROOT, capture_output=True, text=True,
                             encoding="utf-8", check=True, timeout=120).stdout
    assert printed == generate()


def test_the_options_page_has_every_flag_and_settings_key():
    from dataaudit.config.options import OPTIONS

    page = (DOCS / "options.md").read_text(encoding="utf-8")
    assert options_reference.readme_table() in page and options_reference.config_keys_sentence() in page
    for option in OPTIONS:
        if option.flag is not None:
            assert f"`{option.flag}" in page, option.flag
        if option.config:
            assert f"`{option.config[0]}`" in page, option.config[0]


def test_the_rules_page_has_every_builtin_rule():
    from dataaudit.rules.selection import builtin_packs

    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    for pack in builtin_packs().values():
        assert f"## Pack {pack.name}\n" in page
        for rule in pack.rules:
            assert f"\n### {rule.code} {rule.id}\n" in page and f"(#{rules_reference.anchor(rule)})" in page


def test_the_site_builds_strict(tmp_path):
    """Every page in the nav exists and every link and anchor resolves (mkdocs.yml's validation)."""
    mkdocs = BIN / "mkdocs"
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    result = subprocess.run([*command, "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "rules" / "index.html").exists()


def _slug(heading: str) -> str:
    """A heading's anchor as MkDocs' toc and GitHub make it (for plain headings)."""
    text = re.sub(r"[^\w\s-]", "", heading.strip().lower())
    return re.sub(r"\s+", "-", text)


@pytest.mark.parametrize("page", ["README.md", "CHANGELOG.md"])
def test_the_pages_outside_the_site_link_to_what_exists(page):
    """README.md and CHANGELOG.md are read on GitHub, outside the site mkdocs checks: each relative
    link names a file of the repository, and an anchor into a Markdown file names one of its headings."""
    path = ROOT / page
    if not path.exists():
        pytest.fail(f"{page} is missing")
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        file, _, fragment = target.partition("#")
        linked = (ROOT / file).resolve()
        if not linked.exists():
            broken.append(target)
        elif fragment and linked.suffix == ".md":
            headings = re.findall(r"^#{1,6}\s+(.*?)\s*#*\s*$", linked.read_text(encoding="utf-8"), flags=re.M)
            if fragment not in {_slug(h) for h in headings}:
                broken.append(target)
    assert not broken, f"{page}: broken links {broken}"
