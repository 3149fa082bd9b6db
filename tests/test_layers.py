"""The package's layer order, written once, and checked against every import in the package.

Imports are read statically (dataaudit/cache/code_version.py: ast, relative imports resolved, imports
inside function bodies included), so an import a reader cannot see at the top of a file still
counts. A room is a top-level module or subpackage of dataaudit (`dataaudit.stages.near` is in
the room `stages`, the package's own `__init__` is the room `dataaudit`).

Two rules: no import cycle between modules, and no room imports a room above it. Rooms in one
layer may import each other (without a cycle).
"""

from __future__ import annotations

from pathlib import Path

from dataaudit.cache import code_version as code_version

PACKAGE = "dataaudit"
ROOT = Path(code_version.__file__).resolve().parents[1]

# From the bottom. Each room imports only from its own layer and the layers before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "interrupts", "version", "workers", "text", "finding_keys"),  # import nothing of ours
    ("model",),  # values: Dataset, Annotations, Finding, Report
    ("config",),  # options and Settings
    ("io",),  # loaders and atomic writes
    ("similarity",),  # algorithms over texts, knowing nothing of dataaudit's types
    ("cache",),  # what a cached result depends on (keys, code_version), where results live, pairs, label model
    ("embeddings",),  # embedders, the vector cache, neighbours
    ("labelling",),  # label merges (DA202), pairs, features, the label model, DA203's issues
    ("scoring", "quality"),  # the clean count; readiness and the quality criteria, from findings and rows
    ("rules",),  # rule packs and their detectors
    ("stages",),  # the shared intermediate results
    ("checks",),  # one module per check, reading stages
    ("engine",),  # plan, run, score, assemble the Report
    ("api",),  # audit(): validation, then the engine
    ("report",),  # renderers, from Reports
    ("fixes",),  # the way back: decisions to a cleaned file
    ("cli", "dataaudit"),  # the command and the library's front door
    ("__main__",),  # the console entry
)

# Today's known violations, each with why it is still there. Every entry must still exist: the
# test fails when one disappears, so the list only shrinks. (importer module, imported module).
ALLOWED: dict[tuple[str, str], str] = {
    ("dataaudit.cache.keys", "dataaudit.stages"):
        "a stage's cached result hashes the code of every stage upstream of it, looked up by name in STAGES",
    ("dataaudit.config.settings", "dataaudit.embeddings.models"):
        "Settings validates the embedder's name and derives its semantic threshold from the catalogue",
}


def _modules() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append(".".join(parts))
    return found


MODULES = _modules()
GRAPH: dict[str, frozenset[str]] = {
    module: frozenset(code_version._imports(module) - {module}) for module in MODULES
}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else PACKAGE


DEPTH = {room: depth for depth, layer in enumerate(LAYERS) for room in layer}


def _edges() -> set[tuple[str, str]]:
    return {(module, imported) for module, imports in GRAPH.items() for imported in imports}


def _checked_graph() -> dict[str, set[str]]:
    return {module: set(imports) - {b for a, b in ALLOWED if a == module} for module, imports in GRAPH.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_room_has_a_layer():
    rooms = {_room(module) for module in MODULES}
    assert not rooms - set(DEPTH), f"rooms missing from LAYERS: {sorted(rooms - set(DEPTH))}"
    assert not set(DEPTH) - rooms, f"LAYERS names rooms that do not exist: {sorted(set(DEPTH) - rooms)}"


def test_the_graph_sees_imports_inside_functions():
    # The package's front door imports the library inside audit(): the graph must count it.
    assert "dataaudit.api" in GRAPH["dataaudit"]


def test_no_import_cycle():
    cycles = _cycles(_checked_graph())
    assert not cycles, "import cycles between modules:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_no_import_from_a_room_above():
    upward = sorted(
        f"{module} -> {imported} ({_room(module)} imports {_room(imported)}, a room above it)"
        for module, imports in _checked_graph().items() for imported in imports
        if DEPTH[_room(imported)] > DEPTH[_room(module)]
    )
    assert not upward, "imports against the layer order:\n" + "\n".join(upward)


def test_allowed_violations_still_exist():
    # A fixed violation must leave the list, so that it cannot come back unnoticed.
    edges, cycles = _edges(), _cycles({module: set(imports) for module, imports in GRAPH.items()})
    gone = [f"{module} -> {imported}" for module, imported in ALLOWED if (module, imported) not in edges]
    harmless = [f"{module} -> {imported}" for module, imported in ALLOWED
                if (module, imported) in edges and DEPTH[_room(imported)] <= DEPTH[_room(module)]
                and not any(module in cycle and imported in cycle for cycle in cycles)]
    assert not gone, f"no longer imported, remove from ALLOWED: {gone}"
    assert not harmless, f"breaks no rule, remove from ALLOWED: {harmless}"


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
