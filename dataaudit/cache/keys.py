"""What a cached result depends on, declared once beside the computation, and the key built from it.

A declaration names the result's folder, the stage (or functions) that compute it, the settings
and derived values it reads, and the third-party packages whose versions change it. The key
then holds:

- the code: a digest of every package module the stage's function and the functions of all the
  stages upstream of it can reach (cache/code_version.py), so a constant changed anywhere a result
  could come from misses the cache — nothing is listed by hand;
- each declared setting's value, read from Settings by name;
- each declared value, passed by the caller (a threshold derived from settings, the embedder's
  cache key), refused when one is missing or undeclared;
- the packages' installed versions and the on-disk format's number.

The data itself (texts, labels, fold groups) is hashed by the store (cache/pairs.py,
cache/label_model.py): it is the input key of the stage, and large.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import import_module

from ..config.settings import Settings
from .code_version import code_digest


@dataclass(frozen=True)
class CachedResult:
    folder: str  # where entries sit in the cache folder
    stage: str = ""  # the stage computing it: its function and every upstream stage's are its code
    code: tuple[str, ...] = ()  # other functions computing it, as "module:name"
    settings: tuple[str, ...] = ()  # Settings fields it reads
    values: tuple[str, ...] = ()  # values the caller derives and passes to key()
    packages: tuple[str, ...] = ()  # distributions whose versions change the result
    format: int = 1  # the on-disk layout of an entry (bump when the stored arrays change)

    def __post_init__(self):
        known = {f.name for f in fields(Settings)}
        unknown = [name for name in self.settings
                   if name not in known and not isinstance(getattr(Settings, name, None), property)]
        if unknown:
            raise ValueError(f"cache {self.folder} declares unknown settings {unknown}")

    def key(self, settings, **values) -> str:
        """The result's constants as one string: everything it depends on but the data."""
        if set(values) != set(self.values):
            raise TypeError(f"cache {self.folder} declares values {sorted(self.values)}, got {sorted(values)}")
        return json.dumps({
            "cache": self.folder, "format": self.format, "code": self.code_version(),
            "settings": {name: repr(getattr(settings, name)) for name in self.settings},
            "values": {name: repr(value) for name, value in values.items()},
            "packages": {name: _version(name) for name in self.packages},
        }, sort_keys=True)

    def code_version(self) -> str:
        return code_digest(*self.functions())

    def functions(self) -> list:
        """The functions (for stages: the modules they were declared in) whose modules, and all
        they import, make the result."""
        found = [_resolve(entry) for entry in self.code]
        if self.stage:
            from ..stages import STAGES

            todo, seen = [self.stage], set()
            while todo:
                name = todo.pop()
                if name in seen:
                    continue
                seen.add(name)
                stage = STAGES[name]
                found.extend(stage.modules)
                todo.extend(stage.needs)
        return found


def _resolve(entry: str):
    module, _, name = entry.partition(":")
    return getattr(import_module(module), name)


@lru_cache(maxsize=None)
def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"
