"""Which rules a scan runs: the built-in packs that fit the input's format (unless `--rules`
says otherwise), packs from `--rules-dir`, named pack files, and a GX suite (`--expectations`)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Optional

from ..errors import ConfigError
from . import derived
from .pack import Pack, Rule, check_unique, load_pack

BUILTIN_DIR = Path(__file__).parent / "packs"


@functools.lru_cache(maxsize=1)
def builtin_packs() -> dict[str, Pack]:
    """The packs shipped in dataaudit/rules/packs (read once per process: they do not change)."""
    return {pack.name: pack for pack in (load_pack(p) for p in sorted(BUILTIN_DIR.glob("*.yaml")))}


def folder_packs(folder: Optional[str]) -> list[Pack]:
    if not folder:
        return []
    path = Path(folder)
    if not path.is_dir():
        raise ConfigError(f"--rules-dir {folder} is not a folder. Give the folder holding the *.yaml rule packs.")
    packs = [load_pack(p) for p in sorted([*path.glob("*.yaml"), *path.glob("*.yml")])]
    if not packs:
        raise ConfigError(f"--rules-dir {folder} holds no *.yaml rule packs.")
    return packs


def selected_packs(settings, fmt: Optional[str]) -> list[Pack]:
    """The packs for a scan of a `fmt` file (None: not known yet, every default pack counts)."""
    builtins = dict(builtin_packs())
    from_folder = folder_packs(settings.rules_dir)
    named = {**builtins, **{p.name: p for p in from_folder}}
    chosen: list[Pack] = []
    tokens = list(settings.rules) or ["default"]
    if tokens == ["none"]:
        tokens = []
    elif "none" in tokens:
        raise ConfigError("--rules none turns the built-in packs off; it cannot be combined with other packs.")
    for token in tokens:
        if token == "default":
            chosen += [p for p in builtins.values() if fmt is None or p.default_for(fmt)]
        elif token.endswith((".yaml", ".yml")):
            chosen.append(load_pack(Path(token)))
        elif token in named:
            chosen.append(named[token])
        else:
            raise ConfigError(f"--rules: no rule pack named {token!r}. Built-in packs: {', '.join(sorted(builtins))}"
                              + (f"; in {settings.rules_dir}: {', '.join(p.name for p in from_folder)}"
                                 if from_folder else "") + ". A pack file is named by its path (*.yaml).")
    # Without packs named one by one, every pack in --rules-dir runs (with `none` too: it turns off the built-ins).
    if not [t for t in settings.rules if t not in ("default", "none")]:
        chosen += [p for p in from_folder if p not in chosen]
    if settings.expectations:
        chosen.append(suite_pack(Path(settings.expectations), taken={r.code for p in chosen for r in p.rules}))
    unique = list({id(p): p for p in chosen}.values())
    check_unique(unique)
    return unique


def active_rules(packs: list[Pack], settings) -> list[Rule]:
    """The rules to run: a rule that needs a setting (allowed_labels) runs only when it is set."""
    return [rule for pack in packs for rule in pack.rules
            if rule.requires is None or getattr(settings, rule.requires)]


def check_columns(rules: list[Rule], dataset) -> None:
    """Every rule's column is a derived column for this format or a column of the file."""
    data_columns = [str(c) for c in dataset.table.columns] if dataset.table is not None else []
    for rule in rules:
        if derived.available(rule.column, dataset.format) or rule.column in data_columns:
            continue
        usable = [name for name in derived.DERIVED if derived.available(name, dataset.format)]
        raise ConfigError(f"{rule.where('column')}: {rule.column!r} is not a column of {dataset.path} "
                          f"({dataset.format}). Derived columns for {dataset.format}: {', '.join(usable)}; "
                          f"the file's columns: {', '.join(data_columns) or 'none'}.")


def suite_pack(path: Path, taken: set[str]) -> Pack:
    """A Great Expectations ExpectationSuite (1.x JSON, or 0.x keys) as a pack: each column-map
    expectation one rule, its code counted down from DA499, severity from meta (default error)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"--expectations {path}: file not found.") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"--expectations {path}: not a JSON ExpectationSuite ({exc}).") from exc
    entries = document.get("expectations") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"--expectations {path}: an ExpectationSuite needs a non-empty 'expectations' list.")
    name = str(document.get("name") or document.get("expectation_suite_name") or path.stem)
    free = [f"DA4{n:02d}" for n in range(99, -1, -1) if f"DA4{n:02d}" not in taken]
    rules = []
    for index, entry in enumerate(entries):
        where = f"{path}, expectation {index + 1}"
        kind = entry.get("type") or entry.get("expectation_type") if isinstance(entry, dict) else None
        kwargs = dict(entry.get("kwargs") or {}) if isinstance(entry, dict) else {}
        if not isinstance(kind, str) or "column" not in kwargs:
            raise ConfigError(f"{where}: needs 'type' and a 'column' in 'kwargs' (a column-map expectation).")
        meta = entry.get("meta") or {}
        column = kwargs.pop("column")
        mostly = kwargs.pop("mostly", None)
        short = kind.removeprefix("expect_").removeprefix("column_").replace("_", "-")
        rule_id = meta.get("rule") or re.sub(r"[^a-z0-9_-]+", "-", f"{short}-{column}".lower())[:64]
        rules.append(Rule(id=f"{rule_id}-{index + 1}" if any(r.id == rule_id for r in rules) else rule_id,
                          code=free[index] if index < len(free) else "DA400", column=str(column), expectation=kind,
                          severity=meta.get("severity", "error"), message=str(meta.get("message") or
                          f"{kind.removeprefix('expect_').replace('_', ' ')} ({column})"), pack=f"suite:{name}",
                          source=where, kwargs=kwargs, mostly=mostly))
    if len(rules) > len(free):
        raise ConfigError(f"--expectations {path}: {len(rules)} expectations, but only {len(free)} DA4xx codes "
                          "are free; split the suite.")
    return Pack(name=f"suite:{name}", description=f"Great Expectations suite {name}", formats=(), rules=tuple(rules),
                source=str(path))
