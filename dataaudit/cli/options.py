"""The scan command's click options, made from config.options.OPTIONS (declared once)."""

from __future__ import annotations

import click

from ..config.options import OPTIONS

_TYPES = {"int": int, "float": float, "str": str, "list": str}


def _click_option(option, defaults):
    names = [option.flag] + ([option.short] if option.short else [])
    kwargs = {"help": option.text(defaults).replace("`", ""), "metavar": option.metavar}
    if option.kind == "flag":
        kwargs.update(is_flag=True, default=False)
        kwargs.pop("metavar")
    elif option.kind == "choice":
        kwargs["type"] = click.Choice(option.choices)
    elif option.kind == "path":
        kwargs["type"] = click.Path()
    else:
        kwargs["type"] = _TYPES[option.kind]
    if option.multiple:
        kwargs["multiple"] = True
    return click.option(*names, option.name, **kwargs)


def scan_options(command):
    """Every option that has a flag, in declaration order in --help."""
    from ..config import Settings

    defaults = Settings()
    for option in reversed([o for o in OPTIONS if o.flag]):
        command = _click_option(option, defaults)(command)
    return command
