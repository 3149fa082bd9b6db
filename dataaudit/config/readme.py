"""The options reference (docs/options.md): the options table and the settings-file keys, made
from OPTIONS (tests/test_docs.py keeps the page equal to this).

    python -m dataaudit.config.readme > docs/options.md
"""

from __future__ import annotations

from .options import OPTIONS
from .settings import Settings

INTRO = """# Options

Every option of `dataaudit scan` (and `dataaudit gate`), from the one declaration the command line
and the settings file are both built from (`dataaudit/config/options.py`), so this table is what
`dataaudit scan --help` accepts. This page is generated:
`python -m dataaudit.config.readme > docs/options.md`.
"""

CONFIG = """## Settings file

`--config FILE` reads `dataaudit.toml`, or `pyproject.toml` with a `[tool.dataaudit]` table; an
unknown key is an error.
"""


def readme_table() -> str:
    defaults = Settings()
    lines = ["| option | meaning |", "|---|---|"]
    for option in OPTIONS:
        if option.flag is None:
            continue
        first = option.readme or (f"`{option.flag} {option.metavar}`" if option.metavar else f"`{option.flag}`")
        lines.append(f"| {first} | {option.text(defaults)} |")
    return "\n".join(lines) + "\n"


def config_keys_sentence() -> str:
    keys = [f"`{option.config[0]}`" for option in OPTIONS if option.config]
    return "Settings file keys: " + ", ".join(keys) + ". Flags override the file."


def options_page() -> str:
    """docs/options.md: an intro, the options table, the settings file's keys."""
    return "\n".join([INTRO, readme_table(), CONFIG, config_keys_sentence()]) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(options_page())
