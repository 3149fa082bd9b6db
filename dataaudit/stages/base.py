"""What a stage is: a named, computed-once intermediate result with declared inputs.

Stages refer to rows by their input position (the 0-based row of the input file, which is
also the default row id) and to distinct texts by their text index (distinct normalized
texts numbered in order of first appearance): both are properties of the input, not of
how a table is held in memory, so another backend can compute the same stage elsewhere.
Findings get the user's row ids when the report is assembled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Optional, Sequence

ProgressHook = Callable[[str, int, Optional[int]], None]
"""Called as (stage, advance, total): total is set once when a stage starts."""


@dataclass(frozen=True)
class RowWise:
    """How a row-wise stage's work splits: its value is its items' values in order, each computed
    from its own item alone, so an executor may cut `items` into batches and map `each` over them
    anywhere (in this process, in workers, as a distributed map over batches); `join` puts the
    batches' values back together. `each(batch, inputs, advance)` calls advance(n) as it goes;
    `label` is the progress line the executor opens for it (None: `each` reports on its own).
    `each` reads only inputs.settings, inputs.workers and inputs.progress (never a stage: a
    worker elsewhere has none) and returns a list or an array with one entry per item.
    `loads_model`: `each` loads a model, so an executor that can keeps one per worker (an actor
    pool) instead of loading it for every batch.
    A stage without one is whole-table (grouping, clustering, the label model): it needs every
    row at once."""

    items: Callable[["Inputs"], Sequence]
    each: Callable[[Sequence, "Inputs", Callable[[int], None]], Any]
    join: Callable[[list, Sequence], Any]
    label: Optional[str] = None
    loads_model: bool = False


def map_rows(rowwise: RowWise, inputs: "Inputs", batch_rows: Optional[int] = None) -> Any:
    """A row-wise stage's value, its items mapped `batch_rows` at a time (None: all in one batch)."""
    items = rowwise.items(inputs)
    label = rowwise.label
    if label:
        inputs.progress(label, 0, len(items))

    def advance(n: int) -> None:
        if label:
            inputs.progress(label, n, None)

    size = max(batch_rows or len(items), 1)
    return rowwise.join([rowwise.each(items[start:start + size], inputs, advance)
                         for start in range(0, len(items), size)], items)


def row_wise(name: str, rowwise: RowWise, needs: tuple[str, ...] = (), release: bool = False) -> "Stage":
    """A row-wise stage: computed whole by default, in batches where an executor asks."""
    return Stage(name, partial(map_rows, rowwise), needs=needs, rowwise=rowwise, release=release,
                 modules=tuple(dict.fromkeys(f.__module__ for f in (rowwise.items, rowwise.each, rowwise.join))))


@dataclass(frozen=True)
class Stage:
    name: str
    compute: Callable[["Inputs"], Any]
    needs: tuple[str, ...] = ()
    # The check whose rule this stage is: when that check does not run, the stage is `off`
    # (its value then comes from `off`), so no other check quietly applies the rule.
    owner: Optional[str] = None
    off: Optional[Callable[["Inputs"], Any]] = None
    # The modules its code lives in, taken from compute/off where the stage is declared: they
    # are a cached result's code (cache/keys.py), and stay so when an executor or a test wraps
    # `compute` (dataclasses.replace carries this field over).
    modules: tuple[str, ...] = ()
    rowwise: Optional[RowWise] = None  # set by row_wise(): how an executor may map it over batches
    # A large intermediate only other stages read (never a check or the report): its value is
    # dropped once every stage that reads it has its own (the 1M-row sketches are 512 MB).
    release: bool = False

    def __post_init__(self):
        if not self.modules:
            object.__setattr__(self, "modules", tuple(dict.fromkeys(
                f.__module__ for f in (self.compute, self.off) if f is not None)))


class StageFailed(Exception):
    """A stage raised: every check that needs it (directly or not) fails with this, once."""

    def __init__(self, stage: str, error: str):
        super().__init__(f"stage {stage} failed: {error}")
        self.stage = stage
        self.error = error


class Inputs:
    """What a stage or a check may read: the dataset, settings, the --against set, progress,
    and the stages it declared (asking for another one is a programming error)."""

    def __init__(self, runner, allowed: tuple[str, ...], owner: str):
        self._runner = runner
        self._allowed = frozenset(allowed)
        self._owner = owner
        self.dataset = runner.dataset
        self.settings = runner.settings
        self.against = runner.against
        self.rules = runner.rules
        self.wanted = runner.wanted  # stages those checks read, directly or not
        self.workers = runner.workers  # the processes the executor allows (workers.py)
        self.progress: ProgressHook = runner.progress

    def __getitem__(self, name: str) -> Any:
        if name not in self._allowed:
            raise KeyError(f"{self._owner} reads stage '{name}' without declaring it")
        return self._runner.get(name)

    def get_or(self, name: str, default: Any) -> Any:
        """The stage's value, or `default` when it failed (for inputs that are an improvement, not a need)."""
        try:
            return self[name]
        except StageFailed:
            return default

    def failure(self, name: str) -> Optional[str]:
        """Why a declared stage failed, if it did (None when it worked or has not run): for a
        check that went on without an improvement and says so in a note."""
        if name not in self._allowed:
            raise KeyError(f"{self._owner} reads stage '{name}' without declaring it")
        failed = self._runner.failure(name)
        return None if failed is None else failed.error

    def row_id(self, position: int):
        return self._runner.row_ids[position]
