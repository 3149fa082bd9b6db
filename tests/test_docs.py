"""The README says what the code does: its options table comes from the one declaration."""

from __future__ import annotations

from pathlib import Path

from dataaudit.config.readme import config_keys_sentence, readme_table

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_options_table_is_the_declared_one():
    assert readme_table() in README, "regenerate it: python -m dataaudit.config.readme"


def test_readme_lists_every_settings_file_key():
    assert config_keys_sentence() in README, "regenerate it: python -m dataaudit.config.readme"
