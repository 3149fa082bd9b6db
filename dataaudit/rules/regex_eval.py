"""Regex rules, matched outside Great Expectations and never without a bound on time.

Why outside GX: GX's pandas engine runs the four regex expectations as pandas `str.contains`,
that is Python's backtracking `re` (pandas 3 hands some patterns to RE2, but a lookaround, a
\\s or non-ASCII text sends them back). A pattern such as ^(?!TODO)(\\w+\\s?)*$ then takes
exponential time on a row, and nothing in the process can stop re: the scan hangs. So only the
matching moves out, and only for these four expectations; every other expectation runs in GX
as before, and GX still judges these rules too (see expectations.py: each rule's matches
become a True/False column checked with expect_column_values_to_be_in_set([True]), so
`mostly`, nulls, row conditions and the unexpected rows come from GX as for any rule).

- A pattern RE2 can take with Python's meaning (regex_re2.py) runs on pyarrow's RE2: linear
  time, the whole column in one call. pyarrow is already a dependency and its RE2 is the one
  pandas itself calls; the google-re2 wheel would add a binary dependency, a Python call per
  row and log lines on stderr for a pattern it rejects.
- Any other pattern runs on Python's re itself in a worker process (regex_worker.py), killed
  when its rule has used its time budget: the rule fails with its id and the scan goes on.
  The `regex` package's timeout would stop it in-process, but its \\w, \\b and \\s are not
  re's (a Devanagari vowel sign is a word character to it, not to re; \\x1c is space to re,
  not to it), so it would flag other rows than GX does.

Values become text and nulls are skipped exactly as GX does: astype(str) on the non-null values.
(With pandas 3 GX itself cannot run a pattern with the (?a) flag: pandas passes it to pyarrow's
RE2, which rejects the flag. Here it runs, with re's meaning.)
"""

from __future__ import annotations

import pickle
import queue
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .regex_re2 import to_re2

# How the four expectations judge a row from its per-pattern matches (GX's pandas metrics).
KINDS = {"expect_column_values_to_match_regex": "regex",
         "expect_column_values_to_not_match_regex": "regex",
         "expect_column_values_to_match_regex_list": "regex_list",
         "expect_column_values_to_not_match_regex_list": "regex_list"}
BUDGET_S = 10.0  # per rule that needs Python's re, for every 100,000 rows it checks (never less)
STARTUP_S = 60.0  # for the worker to start and read the texts
WORKER = Path(__file__).with_name("regex_worker.py")
_TIMEOUT = object()


@dataclass(frozen=True)
class RegexRule:
    rule_id: str
    column: str
    patterns: tuple[str, ...]
    verdict: str  # a row passes when "any", "all" or "none" of the patterns match it


def regex_rule(rule_id: str, expectation: str, column: str, kwargs: dict) -> Optional[RegexRule]:
    """The rule as patterns and a verdict, or None when GX should run it as written (not a regex
    expectation, or arguments GX will reject or resolve itself, such as suite parameters)."""
    key = KINDS.get(expectation)
    value = kwargs.get(key) if key else None
    patterns = (value,) if isinstance(value, str) else value
    if not isinstance(patterns, (list, tuple)) or not patterns or not all(isinstance(p, str) for p in patterns):
        return None
    negated = "_not_" in expectation
    verdict = "none" if negated else ("any" if key == "regex" else kwargs.get("match_on", "any"))  # GX's default
    if verdict not in ("any", "all", "none"):
        return None
    return RegexRule(rule_id, column, tuple(patterns), verdict)


def budget_s(rows: int) -> float:
    return BUDGET_S * max(1.0, rows / 100_000)


def evaluate(frame, rules: list[RegexRule]) -> dict[str, object]:
    """Rule id -> the row verdicts (True: passes, False: breaks it, None: null, as GX skips it)
    or, for a rule that could not be judged, the message that says why."""
    import numpy as np

    texts = {column: _Texts(frame[column]) for column in {r.column for r in rules}}
    found: dict[tuple[str, int], object] = {}  # (rule id, pattern index) -> matches per text
    slow: list[tuple[tuple[str, int], str, str]] = []
    for rule in rules:
        for index, pattern in enumerate(rule.patterns):
            matches = texts[rule.column].re2_matches(pattern)
            if matches is None:
                slow.append(((rule.rule_id, index), rule.column, pattern))
            else:
                found[(rule.rule_id, index)] = matches
    failures = _run_slow(texts, slow, found) if slow else {}
    out: dict[str, object] = {}
    for rule in rules:
        if rule.rule_id in failures:
            out[rule.rule_id] = failures[rule.rule_id]
            continue
        mask, strings = texts[rule.column].mask, texts[rule.column].strings
        hits = np.array([found[(rule.rule_id, i)] for i in range(len(rule.patterns))], dtype=bool)
        hits = hits.reshape(len(rule.patterns), len(strings))
        passes = {"any": hits.any(axis=0), "all": hits.all(axis=0), "none": ~hits.any(axis=0)}[rule.verdict]
        column = np.full(len(mask), None, dtype=object)
        column[mask] = passes.tolist()
        out[rule.rule_id] = column.tolist()
    return out


class _Texts:
    """A column's non-null positions and their values as text, as GX's column_condition_partial
    makes them (nulls dropped, then astype(str)), and the same texts for RE2 (built once)."""

    def __init__(self, series):
        self.mask = series.notna().to_numpy()
        self.strings = series[self.mask].astype(str).tolist()
        self._arrow = None

    def re2_matches(self, pattern: str):
        """Where RE2 finds the pattern (a bool per text), or None when it must be Python's re."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        translated = to_re2(pattern)
        if translated is None:
            return None
        try:
            if self._arrow is None:
                self._arrow = pa.array(self.strings, type=pa.large_string())
            found = pc.match_substring_regex(self._arrow, translated)
        except (pa.ArrowException, UnicodeEncodeError):  # over RE2's size limits; a lone surrogate is not UTF-8
            return None
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def _run_slow(texts, jobs, found) -> dict[str, str]:
    """Python's re for each (rule, pattern) job in worker processes, each rule within its
    budget: fills `found`, returns rule id -> why it failed. A worker that runs out of time is
    killed and a new one takes the jobs left."""
    failures: dict[str, str] = {}
    pending = list(jobs)
    while pending:
        columns = {column: texts[column].strings for _, column, _ in pending}
        settled = _worker_pass(columns, pending, found, failures)
        pending = [job for job in pending[settled:] if job[0][0] not in failures]
    return failures


def _worker_pass(columns, jobs, found, failures) -> int:
    """One worker over `jobs` in order; returns how many it settled (a failure settles its job)."""
    payload = pickle.dumps((columns, [(key, column, [pattern]) for key, column, pattern in jobs]), protocol=4)
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([sys.executable, "-I", "-S", str(WORKER)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=errors)
        try:
            return _collect(proc, payload, columns, jobs, errors, found, failures)
        finally:  # done, out of time or interrupted: the worker never outlives its scan
            proc.kill()
            proc.wait()
            proc.stdout.close()


def _collect(proc, payload: bytes, columns, jobs, errors, found, failures) -> int:
    messages: queue.Queue = queue.Queue()
    threading.Thread(target=_feed, args=(proc.stdin, payload), daemon=True).start()
    threading.Thread(target=_read, args=(proc.stdout, messages), daemon=True).start()
    if _next(messages, STARTUP_S) in (None, _TIMEOUT):
        for (rule_id, _), _, _ in jobs:
            failures.setdefault(rule_id, f"rule {rule_id}: the process that runs Python's regular expressions "
                                f"did not start ({_tail(errors) or 'no message'}).")
        return len(jobs)
    deadlines: dict[str, float] = {}
    for settled, ((rule_id, index), column, pattern) in enumerate(jobs):
        budget = budget_s(len(columns[column]))
        deadline = deadlines.setdefault(rule_id, time.monotonic() + budget)  # the rule's, for all its patterns
        message = _next(messages, max(deadline - time.monotonic(), 0.0))
        if message is _TIMEOUT:
            failures[rule_id] = _timed_out(rule_id, pattern, budget, len(columns[column]))
            return settled + 1
        if message is None or isinstance(message[1], str):
            why = (_tail(errors) or "it stopped") if message is None else message[1]
            failures[rule_id] = f"rule {rule_id}: its regex `{pattern}` failed ({why})."
            return settled + 1
        found[(rule_id, index)] = [byte == 1 for byte in message[1][0]]
    return len(jobs)


def _timed_out(rule_id: str, pattern: str, budget: float, rows: int) -> str:
    shown = pattern if len(pattern) <= 80 else pattern[:77] + "..."
    return (f"rule {rule_id}: its regex `{shown}` ran out of its {budget:g} s time budget on {rows:,} "
            f"{'row' if rows == 1 else 'rows'}. "
            "It runs on Python's backtracking engine (RE2 cannot take it: a lookaround, a backreference, \\b "
            "inside the pattern or similar), which can take exponential time on some rows. Simplify it, or "
            "make it RE2-compatible so it runs in linear time.")


def _feed(stream, payload: bytes) -> None:
    try:
        with stream:
            stream.write(payload)
    except OSError:  # the worker died or was stopped: the reader reports it
        pass


def _read(stream, messages: queue.Queue) -> None:
    try:
        while len(head := stream.read(8)) == 8:
            messages.put(pickle.loads(stream.read(int.from_bytes(head, "little"))))
    except (OSError, ValueError, EOFError, pickle.UnpicklingError):  # a killed worker's cut-off message
        pass
    messages.put(None)


def _next(messages: queue.Queue, timeout: float):
    try:
        return messages.get(timeout=timeout)
    except queue.Empty:
        return _TIMEOUT


def _tail(errors) -> str:
    errors.seek(0)
    lines = errors.read().decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""
