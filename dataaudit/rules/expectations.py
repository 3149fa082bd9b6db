"""Great Expectations, imported only when rules run: rules become column-map expectations,
one suite is validated on a pandas batch, and each rule's unexpected rows come back by row
position (result_format COMPLETE, the position column as the unexpected index).

The four regex expectations are matched first, with a bound on time (regex_eval.py says why);
GX then checks each one's True/False verdict column. A rule that cannot be judged (its regex
ran out of time, GX raised on it) comes back with its error, and the other rules still run."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import warnings
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import ConfigError
from . import regex_eval
from .pack import Rule

ROW = "__row"  # the position column every rule frame carries
VERDICT = "__regex_"  # + a number: a regex rule's verdict per row (True passes, False breaks it, None: null)


@dataclass(frozen=True)
class RuleResult:
    success: bool  # GX's verdict, `mostly` included
    checked: int  # rows with a value (GX skips nulls, except in the not-null expectations)
    unexpected: tuple[int, ...]  # row positions that violate the rule
    error: Optional[str] = None  # why the rule could not be judged (then it fails, with this)


class RuleFailed(Exception):
    """A rule that could not be judged: its check fails with the message, the others run."""


@contextlib.contextmanager
def _quiet():
    """GX's progress bars, warnings and log lines are not the user's business."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            yield


def gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no usage statistics (read at import)
    with _quiet():
        import great_expectations
        import great_expectations.expectations  # noqa: F401
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    return great_expectations


def expectation_class(rule: Rule):
    from great_expectations.expectations.expectation import ColumnMapExpectation

    module = gx().expectations
    name = "".join(part.capitalize() for part in rule.expectation.split("_"))
    cls = getattr(module, name, None)
    if not isinstance(cls, type) or not rule.expectation.startswith("expect_"):
        raise ConfigError(f"{rule.where('expectation')}: unknown expectation type {rule.expectation!r}. Use a Great "
                          "Expectations column-map expectation, e.g. expect_column_values_to_match_regex "
                          "(`dataaudit rules list` shows the ones the built-in packs use).")
    if not issubclass(cls, ColumnMapExpectation):
        raise ConfigError(f"{rule.where('expectation')}: {rule.expectation} is not a column-map expectation, so "
                          "it does not say which rows are wrong. Use one that judges each value "
                          "(expect_column_values_to_...).")
    return cls


def build(rule: Rule, settings) -> Any:
    """The rule as a GX expectation; a bad argument is exit 2 naming the rule and the field."""
    kwargs = {key: _filled(value, settings) for key, value in rule.kwargs.items()}
    for key in ("regex", "regex_list"):  # GX would only fail at validation time, once per row batch
        for pattern in ([kwargs[key]] if isinstance(kwargs.get(key), str) else kwargs.get(key) or []):
            try:
                re.compile(pattern) if isinstance(pattern, str) else None
            except re.error as exc:
                raise ConfigError(f"{rule.where('kwargs.' + key)}: not a valid regular expression ({exc}).") from None
    extra = {"mostly": rule.mostly} if rule.mostly is not None else {}
    try:
        return expectation_class(rule)(column=rule.column, meta={"rule": rule.id}, **extra, **kwargs)
    except (TypeError, ValueError) as exc:  # pydantic's ValidationError (v1 or v2) is a ValueError
        errors = exc.errors() if callable(getattr(exc, "errors", None)) else []
        if not errors:
            raise ConfigError(f"{rule.where('kwargs')}: {exc} (for {rule.expectation}).") from None
        first = errors[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "kwargs"
        raise ConfigError(f"{rule.where('kwargs.' + field)}: {first.get('msg')} "
                          f"(for {rule.expectation}).") from None


def _filled(value: Any, settings) -> Any:
    """A kwarg that names a setting ("{allowed_labels}") takes the setting's value."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1].isidentifier():
        return list(getattr(settings, value[1:-1]))
    return value


def run(frame, rules: list[Rule], settings) -> dict[str, RuleResult]:
    """Validate every rule on `frame` (one GX batch, one suite) -> rule id -> result."""
    if not rules:
        return {}
    module = gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    frame, expectations, results = _expectations(frame, rules, settings)
    if not expectations:
        return results
    with _quiet():
        context = module.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        batch = (context.data_sources.add_pandas("dataaudit").add_dataframe_asset("rows")
                 .add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame}))
        suite = module.ExpectationSuite(name="dataaudit", expectations=expectations)
        validation = batch.validate(suite, result_format={
            "result_format": "COMPLETE", "unexpected_index_column_names": [ROW],
            "exclude_unexpected_values": True, "partial_unexpected_count": 0})
    for result in validation.results:
        rule_id = result.expectation_config.meta["rule"]
        raised = _raised(result.exception_info)
        if raised is not None:  # without this the rule would pass with 0 rows checked
            results[rule_id] = RuleResult(False, 0, (), error=f"rule {rule_id}: Great Expectations raised: {raised}")
            continue
        details = result.result
        positions = _positions(details.get("unexpected_index_list") or [])
        count = int(details.get("unexpected_count") or 0)
        if len(positions) != count:
            raise RuntimeError(f"rule {rule_id}: Great Expectations returned {len(positions)} of its {count} "
                               "unexpected rows")
        results[rule_id] = RuleResult(success=bool(result.success), checked=int(details.get("element_count") or 0)
                                      - int(details.get("missing_count") or 0), unexpected=positions)
    return results


def _expectations(frame, rules: list[Rule], settings):
    """The frame with the regex rules' verdict columns, the suite's expectations, and the results
    of the rules that failed before GX saw them."""
    built = [build(rule, settings) for rule in rules]  # every rule's arguments checked, regex rules' too
    kwargs = {rule.id: {key: _filled(value, settings) for key, value in rule.kwargs.items()} for rule in rules}
    specs = {rule.id: regex_eval.regex_rule(rule.id, rule.expectation, rule.column, kwargs[rule.id])
             for rule in rules}
    verdicts = regex_eval.evaluate(frame, [spec for spec in specs.values() if spec]) if any(specs.values()) else {}
    expectations, columns, failed = [], {}, {}
    for rule, expectation in zip(rules, built):
        verdict = verdicts.get(rule.id)
        if verdict is None:
            expectations.append(expectation)
        elif isinstance(verdict, str):
            failed[rule.id] = RuleResult(False, 0, (), error=verdict)
        else:
            name = f"{VERDICT}{len(columns)}"
            columns[name] = verdict
            others = {k: v for k, v in kwargs[rule.id].items() if k not in ("regex", "regex_list", "match_on")}
            mostly = {"mostly": rule.mostly} if rule.mostly is not None else {}
            expectations.append(gx().expectations.ExpectColumnValuesToBeInSet(
                column=name, value_set=[True], meta={"rule": rule.id}, **mostly, **others))
    if columns:
        import pandas as pd

        frame = frame.assign(**{name: pd.Series(values, index=frame.index, dtype=object)
                                for name, values in columns.items()})
    return frame, expectations, failed


def _raised(info) -> Optional[str]:
    """The message of an exception GX caught: GX 1.x files it under each metric that raised."""
    entries = [info, *info.values()] if isinstance(info, dict) else []
    return next((str(e.get("exception_message")) for e in entries if isinstance(e, dict)
                 and e.get("raised_exception")), None)


def _positions(index_list) -> tuple[int, ...]:
    """GX 1.x returns [{ROW: [p, ...]}] with exclude_unexpected_values, [{ROW: p}, ...] without."""
    out: list[int] = []
    for entry in index_list:
        value = entry[ROW] if isinstance(entry, dict) else entry
        out.extend(int(v) for v in (value if isinstance(value, (list, tuple)) else [value]))
    return tuple(sorted(set(out)))
