"""The README's options table and settings-file keys, made from OPTIONS (a test keeps the
README equal to this).

    python -m dataaudit.config.readme
"""

from __future__ import annotations

from .options import OPTIONS
from .settings import Settings


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


if __name__ == "__main__":
    print(readme_table(), end="")
    print()
    print(config_keys_sentence())
