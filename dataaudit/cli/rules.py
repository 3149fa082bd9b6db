"""`dataaudit rules list | check DIR | explain ID`: the rule packs, in the style of `checks`."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import EXIT_PASS, error_console, run_command


@click.group()
def rules() -> None:
    """Rule packs (DA4xx): list the rules, validate packs, explain a rule."""


@rules.command("list")
@click.option("--rules-dir", type=click.Path(), metavar="DIR", help="Also list the packs in this folder.")
def rules_list(rules_dir) -> None:
    """Every built-in rule (and those in --rules-dir): code, id, severity, what it finds."""
    from ..rules.selection import builtin_packs, folder_packs

    def body() -> int:
        for pack in [*builtin_packs().values(), *folder_packs(rules_dir)]:
            on = "every format" if "all" in pack.formats else ", ".join(pack.formats) or "only when selected"
            click.echo(f"{pack.name}  (on by default for: {on})  {pack.description}")
            for rule in pack.rules:
                click.echo(f"  {rule.code}  {rule.id:<28} {rule.severity:<8} {rule.message}")
        return EXIT_PASS

    run_command(body, error_console())


@rules.command("check")
@click.argument("folder", type=click.Path(path_type=Path))
def rules_check(folder: Path) -> None:
    """Validate the rule packs in FOLDER (or one pack file) without scanning data: fields, codes,
    expectation types and their arguments."""
    from ..config import Settings
    from ..rules.expectations import build
    from ..rules.pack import check_unique, load_pack
    from ..rules.selection import builtin_packs, folder_packs

    def body() -> int:
        packs = [load_pack(folder)] if folder.is_file() else folder_packs(str(folder))
        given = {Path(p.source).resolve() for p in packs}
        others = [b for b in builtin_packs().values() if Path(b.source).resolve() not in given]
        check_unique([*others, *packs])  # codes and ids must not clash with the built-ins
        settings = Settings(allowed_labels=("x",))  # a rule that quotes a setting is built with a stand-in
        for pack in packs:
            for rule in pack.rules:
                build(rule, settings)
        count = sum(len(p.rules) for p in packs)
        click.echo(f"{count} rule{'s' if count != 1 else ''} in {len(packs)} pack{'s' if len(packs) != 1 else ''}: ok")
        return EXIT_PASS

    run_command(body, error_console())


@rules.command("explain")
@click.argument("rule")
@click.option("--rules-dir", type=click.Path(), metavar="DIR", help="Also look in the packs in this folder.")
def rules_explain(rule: str, rules_dir) -> None:
    """What a rule (by id or DA4xx code) finds, why it matters, and how it is tested."""
    from ..errors import ConfigError
    from ..rules import derived
    from ..rules.selection import builtin_packs, folder_packs

    def body() -> int:
        packs = [*builtin_packs().values(), *folder_packs(rules_dir)]
        found = [r for p in packs for r in p.rules if rule in (r.id, r.code.upper()) or rule.upper() == r.code]
        if not found:
            known = ", ".join(f"{r.code} {r.id}" for p in packs for r in p.rules)
            raise ConfigError(f"Unknown rule '{rule}'. Rules: {known}. See `dataaudit rules list`.")
        r = found[0]
        column = derived.DERIVED.get(r.column)
        lines = [f"{r.code} {r.id} ({r.pack} pack, {r.severity}) — {r.message}", ""]
        if r.why:
            lines += ["Why it matters:", f"    {r.why}", ""]
        lines += ["How it is tested:",
                  f"    Great Expectations {r.expectation} on column '{r.column}'"
                  + (f" with {r.kwargs}" if r.kwargs else "") + (f", mostly {r.mostly:g}" if r.mostly else "")]
        if column is not None:
            lines.append(f"    '{r.column}' is derived: {column.doc}")
        if r.requires:
            lines.append(f"    Runs only when {r.requires} is set (--{r.requires.replace('_', '-')}).")
        lines += ["", f"Severity: {r.severity} — " + ("the row is excluded from the effective clean count and the "
                                                      "gate fails" if r.severity == "error" else "reported only"),
                  f"Fix: {r.fix or 'drop the row, or fix it'}", f"Defined in: {r.source}"]
        click.echo("\n".join(lines))
        return EXIT_PASS

    run_command(body, error_console())
