"""The rule packs' inputs and results: one table of the derived and data columns the rules
read (computed once), validated by Great Expectations in one suite."""

from __future__ import annotations

from ..rules import derived
from ..rules.expectations import ROW, run
from .base import Inputs, Stage


def rule_frame(inputs: Inputs):
    import pandas as pd

    dataset, rules = inputs.dataset, inputs.rules
    fmt = dataset.format
    wanted = sorted({r.column for r in rules})
    computed = [name for name in wanted if derived.available(name, fmt)]
    records = [derived.Record(text, label, parts, fmt)
               for text, label, parts in zip(dataset.texts, inputs["given_labels"], dataset.parts)]
    columns = {ROW: list(range(len(dataset)))}
    inputs.progress("rules: derived columns", 0, len(computed))
    for name in computed:
        columns[name] = derived.compute([name], records)[name]
        if name == "label":  # unlabeled rows are DA002's: GX skips nulls
            columns[name] = [value or None for value in columns[name]]
        inputs.progress("rules: derived columns", 1, None)
    for name in wanted:
        if name not in columns:
            columns[name] = dataset.table[name].tolist()
    return pd.DataFrame(columns)


def rule_results(inputs: Inputs):
    inputs.progress("rules: Great Expectations", 0, None)
    return run(inputs["rule_frame"], list(inputs.rules), inputs.settings)


STAGES = (
    Stage("rule_frame", rule_frame, needs=("given_labels",)),
    Stage("rule_results", rule_results, needs=("rule_frame",)),
)
