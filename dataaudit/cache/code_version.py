"""The code version of a cached result, derived from the source rather than kept by hand.

A result computed by a function depends on that function's module and on every package module
it can reach through imports — at the top of a file or inside a function body, where most of
this package's own imports sit. `code_digest(fn, ...)` reads those imports statically (ast, no
module is imported), follows them transitively and hashes the source of every module reached.
Any change there, a constant included, gives another digest and so another cache key.

The reach is by module, not by function: a change to an unrelated function in a reached module
also misses the cache. That only costs a recomputation; a reach that missed a module would
serve a stale answer, so wider is the safe side. Parent packages' `__init__` modules are not
followed for a submodule import (their code runs, but a result only depends on what it calls,
and `from package import name` does count the package's `__init__`).
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Callable, Optional, Union

PACKAGE = __name__.split(".")[0]
_ROOT = Path(__file__).resolve().parents[1]  # the package: this module sits in dataaudit/cache

# The modules that build cache keys: they compute no result, and following their imports (the
# stage graph, Settings) would make every result depend on the whole package.
KEY_MACHINERY = frozenset({f"{PACKAGE}.cache.code_version", f"{PACKAGE}.cache.keys"})

Entry = Union[Callable, ModuleType, str]


def code_digest(*entries: Entry) -> str:
    """A digest of the source of every package module the entries (functions, classes, modules or
    module names) can reach through imports."""
    return _digest(tuple(sorted({_module_name(e) for e in entries})))


def reach(*entries: Entry) -> frozenset[str]:
    """The package modules the entries can reach, their own modules included."""
    found: set[str] = set()
    for name in {_module_name(e) for e in entries}:
        found |= _reach(name)
    return frozenset(found)


def _module_name(entry: Entry) -> str:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, ModuleType):
        return entry.__name__
    return entry.__module__


@lru_cache(maxsize=None)
def _digest(names: tuple[str, ...]) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for name in sorted(reach(*names)):
        digest.update(f"{name}\x1f".encode())
        digest.update(_path(name).read_bytes())
        digest.update(b"\x1e")
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _reach(start: str) -> frozenset[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if _path(name) is None:
            raise ValueError(f"{name} is not a module of {PACKAGE} (looked in {_ROOT})")
        seen.add(name)
        todo.extend(_imports(name) - seen - KEY_MACHINERY)
    return frozenset(seen)


@lru_cache(maxsize=None)
def _imports(name: str) -> frozenset[str]:
    """The package modules one module imports, anywhere in its source."""
    path = _path(name)
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_existing(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                # `from package import module` names a module; `from module import name` its contents.
                found.add(submodule if _path(submodule) is not None else _existing(source))
    found.discard(None)
    return frozenset(n for n in found if n == PACKAGE or n.startswith(PACKAGE + "."))


def _existing(name: str) -> Optional[str]:
    """The module itself, or for `import package.module.name`-like dotted names, the deepest
    package module in it; None outside the package."""
    while name and _path(name) is None:
        name = name.rpartition(".")[0]
    return name or None


@lru_cache(maxsize=None)
def _path(name: str) -> Optional[Path]:
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    folder = _ROOT.joinpath(*parts[1:])
    for candidate in (folder.with_suffix(".py") if len(parts) > 1 else None, folder / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None
