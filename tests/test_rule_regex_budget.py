"""A rule's regex never hangs a scan (issue 32, defect 12). A pattern RE2 can run with Python's
meaning runs in linear time; any other runs on Python's re in a worker process under a per-rule
budget, and a rule that runs out of time fails with its id while the other rules go on. The
rows a rule flags are the ones Great Expectations (and Python's re.search) flag."""

from __future__ import annotations

import csv
import json
import random
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dataaudit import audit
from dataaudit.config.settings import Settings
from dataaudit.rules import expectations, regex_eval, regex_re2
from dataaudit.rules.pack import Rule
from dataaudit.rules.regex_re2 import to_re2

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "sample_data" / "voice_agent_intents.csv"
CATASTROPHIC = r"^(?!TODO)(\w+\s?)*$"  # the lookahead forces Python's backtracking engine
OTHER_RULES = [  # after the slow rule in the pack: they must still be judged
    {"id": "no-digits", "code": "DA461", "column": "text", "expectation": "expect_column_values_to_not_match_regex",
     "kwargs": {"regex": r"\d"}, "severity": "warning", "message": "has a digit"},            # RE2
    {"id": "no-word-hai", "code": "DA462", "column": "text", "expectation": "expect_column_values_to_not_match_regex",
     "kwargs": {"regex": r"(?<!\w)hai(?!\w)"}, "severity": "warning", "message": "says hai"},  # Python's re
    {"id": "short", "code": "DA463", "column": "chars", "expectation": "expect_column_values_to_be_between",
     "kwargs": {"max_value": 60}, "severity": "warning", "message": "long"}]                  # not a regex


def _pack_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    slow = {"id": "no-todo-words", "code": "DA460", "column": "text", "expectation": "expect_column_values_to_match_regex",
            "kwargs": {"regex": CATASTROPHIC}, "severity": "warning", "message": "not plain words"}
    (folder / "slow.yaml").write_text(yaml.safe_dump({"pack": "slow", "rules": [slow, *OTHER_RULES]}), encoding="utf-8")
    return folder


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def _check_the_slow_rule(by_code: dict, texts: list[str], must_fail: bool) -> None:
    slow = by_code["DA460"]
    assert slow["status"] in (("failed",) if must_fail else ("failed", "ok")), slow
    if slow["status"] == "failed":  # which rule, the budget, the pattern, the advice
        error = slow["error"]
        assert "no-todo-words" in error and "10 s time budget" in error and CATASTROPHIC in error, error
        assert "RE2-compatible" in error and "Simplify" in error, error
    else:  # a fast machine finished within the budget: then the rows are re's
        assert slow["rows"] == [i for i, t in enumerate(texts) if not re.search(CATASTROPHIC, t)]
    for code, rule in (("DA461", r"\d"), ("DA462", r"(?<!\w)hai(?!\w)")):
        assert by_code[code]["status"] == "ok", by_code[code]
        assert by_code[code]["rows"] == [i for i, t in enumerate(texts) if re.search(rule, t)], code
    assert by_code["DA463"]["status"] == "ok"


def test_the_catastrophic_pattern_never_hangs_the_scan(tmp_path):
    """342 rows took 34 s before, one 50,000-character row did not finish in 70 s. Each scan now
    returns: the rule is failed with its id (or judged, on a machine fast enough), the rest runs."""
    folder = _pack_folder(tmp_path)
    out = tmp_path / "sample.json"
    scan = subprocess.run([sys.executable, "-m", "dataaudit", "scan", str(SAMPLE), "--embedder", "none", "--rules",
                           "none", "--rules-dir", str(folder), "--select", "DA4", "--json", str(out), "-q"],
                          capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(out.read_text(encoding="utf-8"))
    by_code = {c["code"]: {**c, "rows": sorted(int(f["rows"][0]) for f in report["findings"] if f["code"] == c["code"])}
               for c in report["checks"] if c["code"].startswith("DA4")}
    assert scan.returncode == (3 if by_code["DA460"]["status"] == "failed" else 1), scan.stdout + scan.stderr
    _check_the_slow_rule(by_code, _texts(SAMPLE), must_fail=False)

    long_row = tmp_path / "long.csv"
    texts = [("hello " * 8400)[:49_999] + "?", "bye now", "hai hai 12"]
    with long_row.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["text", "label"], *[[t, "a"] for t in texts]])
    code = (f"import json; from dataaudit import audit; r = audit({str(long_row)!r}, {{'embedder': 'none', "
            f"'rules': ['none'], 'rules_dir': {str(folder)!r}, 'select': ['DA4'], 'threshold': 1}}); "
            "print(json.dumps({c.code: {'status': c.status, 'error': c.error, 'rows': sorted(f.rows[0] "
            "for f in r.findings if f.code == c.code)} for c in r.checks if c.code.startswith('DA4')}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    _check_the_slow_rule({k: {**v, "rows": [int(r) for r in v["rows"]]} for k, v in found.items()}, texts,
                         must_fail=True)


def test_a_catastrophic_but_re2_compatible_pattern_runs_in_linear_time(tmp_path, monkeypatch):
    """^(a+)+$ on 'aaa…!' is 2^40 steps for Python's re; RE2 answers at once. A budget of 1 s
    makes sure it did not go to Python's re (it would fail, not be judged)."""
    monkeypatch.setattr(regex_eval, "BUDGET_S", 1.0)
    assert to_re2(r"^(a+)+$") is not None
    folder = tmp_path / "packs"
    folder.mkdir()
    rule = {"id": "only-as", "code": "DA470", "column": "text", "expectation": "expect_column_values_to_match_regex",
            "kwargs": {"regex": r"^(a+)+$"}, "severity": "warning", "message": "not only a's"}
    (folder / "a.yaml").write_text(yaml.safe_dump({"pack": "a", "rules": [rule]}), encoding="utf-8")
    path = tmp_path / "a.csv"
    path.write_text("text,label\n" + "a" * 40 + "!,x\n" + "a" * 40 + ",x\nb,x\n", encoding="utf-8")
    report = audit(path, {"embedder": "none", "rules": ["none"], "rules_dir": str(folder), "select": ["DA4"],
                          "threshold": 1})
    run = next(c for c in report.checks if c.code == "DA470")
    assert run.status == "ok", run.error
    assert sorted(int(f.rows[0]) for f in report.findings if f.code == "DA470") == [0, 2]


TEXTS = ["hello world", "hello world!", "", " ", "  \n", "line one\nline two", "ends with newline\n", "TODO fix",
         "todo", "paise kitne bache hain bata do", "language change karna hai", "नमस्ते, क्या हाल है?", "क\u093e",
         "café CAFÉ", "Straße STRASSE", "\u212a kelvin", "ſ long s", "İstanbul ıi", "tab\there", "\x0b vt", "\x1c fs",
         "\xa0nbsp", "TKT-123456 leaked", "١٢٣ arabic digits", "emoji 😀", "a_b-c", "hai", "hai?", None]
# (pattern, engine it must run on): "re2" linear time, "re" Python's re in the worker
PATTERNS = [(r"^\s*$", "re2"), (r"\w+$", "re2"), (r"^\w+(\s\w+)*$", "re2"), (r"(?i)todo", "re2"), (r"\d{3}", "re2"),
            (r"[^\x00-\x7f]", "re2"), (r"(?m)^line two$", "re2"), (r"newline$", "re2"), (r"\W\Z", "re2"),
            (r"(?i)strasse|stra\u00dfe", "re2"), (r"(?i)k", "re2"), (r"(?a)\bhai\b", "re2"), (r"\s", "re2"),
            (r"(?s)one.line", "re2"), (r"[\u0900-\u097f]+", "re2"), (r"(?i)[a-z]+\?$", "re2"), (r"\bhai\b", "re2"),
            (r"\bTKT-\d{6}\b", "re2"), (r"\B-\B", "re2"), (r"(?i)\b(?:ka|hai)\b", "re2"), (r"[^\W\d]\b", "re2"),
            (r"(?i)^\s*(as an ai( language model)?|i am an ai)\b", "re2"), (r"(?ai)[Kk]|Σ", "re2"),
            (r"hai\b.", "re"), (r"\b.", "re"), (r"(?<!\w)hai(?!\w)", "re"), (r"(\w)\1", "re"),
            (r"^(?!TODO).*$", "re"), (r"a$ ", "re")]


def _rule(number: int, expectation: str, kwargs: dict, mostly=None) -> Rule:
    return Rule(id=f"r{number}", code=f"DA4{number:02d}", column="text", expectation=expectation, severity="warning",
                message="m", pack="t", source="test", kwargs=kwargs, mostly=mostly)


def test_ordinary_patterns_flag_the_rows_great_expectations_and_re_flag(monkeypatch):
    for pattern, engine in PATTERNS:
        assert (to_re2(pattern) is not None) == (engine == "re2"), pattern
    rules = [_rule(i, "expect_column_values_to_match_regex" if i % 2 else "expect_column_values_to_not_match_regex",
                   {"regex": p}, mostly=0.5 if i == 3 else None) for i, (p, _) in enumerate(PATTERNS)]
    n = len(rules)
    lists = [(r"\bhai\b", r"(?i)todo", r"(?<=\d)\d"), (r"o", r"\s"), ("zzz", r"^$")]
    rules += [_rule(n, "expect_column_values_to_match_regex_list", {"regex_list": list(lists[0])}),
              _rule(n + 1, "expect_column_values_to_match_regex_list", {"regex_list": list(lists[1]), "match_on": "all"}),
              _rule(n + 2, "expect_column_values_to_not_match_regex_list", {"regex_list": list(lists[2])})]
    frame = pd.DataFrame({expectations.ROW: range(len(TEXTS)), "text": TEXTS})
    ours = expectations.run(frame, rules, Settings())
    monkeypatch.setattr(regex_eval, "regex_rule", lambda *args: None)  # GX matches, as before this change
    theirs = expectations.run(frame, rules, Settings())
    for rule in rules:
        assert ours[rule.id].error is None, ours[rule.id].error
        if theirs[rule.id].error is None:
            assert ours[rule.id] == theirs[rule.id], rule.kwargs
        else:  # pandas 3 hands (?a) patterns to pyarrow's RE2, which rejects the flag: GX cannot run them
            assert "(?a" in rule.kwargs["regex"] and "invalid perl operator" in theirs[rule.id].error
    assert sum(result.error is None for result in theirs.values()) >= len(rules) - 2
    present = [(i, t) for i, t in enumerate(TEXTS) if t is not None]

    def broken(passes) -> tuple:
        return tuple(i for i, t in present if not passes(t))
    for i, (pattern, _) in enumerate(PATTERNS):
        wanted = broken(lambda t, search=re.compile(pattern).search, match=bool(i % 2): bool(search(t)) == match)
        assert ours[f"r{i}"].unexpected == wanted and ours[f"r{i}"].checked == len(present), pattern
    assert ours[f"r{n}"].unexpected == broken(lambda t: any(re.search(p, t) for p in lists[0]))
    assert ours[f"r{n + 1}"].unexpected == broken(lambda t: all(re.search(p, t) for p in lists[1]))
    assert ours[f"r{n + 2}"].unexpected == broken(lambda t: not any(re.search(p, t) for p in lists[2]))


@pytest.mark.parametrize("pattern", [r"(?=a)", r"(?<=a)b", r"(a)\1", r"(?P<x>a)(?P=x)", r"(a)?(?(1)b|c)", r"a*+",
                                     r"(?>a+)", r"a\bb", r"\b.", r"(?:\bx)+", r"(?a)\Bx", r"a$b", r"(?:a$)+",
                                     r"a{1001}"])
def test_what_re2_cannot_say_as_python_means_it_goes_to_pythons_re(pattern):
    assert to_re2(pattern) is None


def test_case_insensitive_literals_fold_as_pythons_re_folds_them():
    """The one-pass shortcut for (?i) literals against a scan of every code point per literal."""
    chars = "kKsSiIß\u1e9eσςΣµ\u212aſİıé"
    for flags in (re.IGNORECASE, re.IGNORECASE | re.ASCII):
        folded = regex_re2._folded_literals(frozenset(map(ord, chars)), flags)
        for char in chars:
            assert folded[(ord(char), flags)] == regex_re2._code_points(regex_re2._py(ord(char)), flags), char


def test_random_patterns_match_the_same_texts_on_re2_as_on_re():
    import pyarrow as pa
    import pyarrow.compute as pc

    rng = random.Random(12)  # the atoms and characters where the engines are most likely to part
    alphabet = list("aAbkKsSiI z09_-.!?\n\t") + ["\x0b", "\x1c", "\x85", "\xa0", "\u093e", "\u0915", "é", "ß",
                                                 "\u212a", "ſ", "İ", "ı", "σ", "ς", "Σ", "٣", "\u2028", "😀"]
    atoms = ["a", "k", "s", ".", r"\w", r"\W", r"\d", r"\s", r"\S", "[a-k]", "[^a]", r"[\w-]", r"[^\W\d]", "é", "ß",
             "σ", "Σ", r"\n", "[0-9]", r"\u093e", "[A-Z]", "-", "[Kk]", "[Ss]"]

    def pattern(depth: int = 0) -> str:
        roll = rng.random()
        if depth > 2 or roll < 0.35:
            return rng.choice(atoms)
        if roll < 0.55:
            return pattern(depth + 1) + pattern(depth + 1)
        if roll < 0.7:
            return f"({pattern(depth + 1)}|{pattern(depth + 1)})"
        if roll < 0.85:
            return f"(?:{pattern(depth + 1)}){rng.choice(['*', '+', '?', '{2}', '{1,3}', '*?'])}"
        return (rng.choice(["^", r"\A", "(?m:^)", "", r"\b", r"\B"]) + pattern(depth + 1)
                + rng.choice(["", "$", r"\Z", "(?m:$)", r"\b", r"\B"]))
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(300)]
    column = pa.array(texts)
    compared = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(300):
            source = rng.choice(["", "(?i)", "(?a)", "(?s)", "(?m)", "(?ai)"]) + pattern()
            translated = to_re2(source)
            if translated is None:
                continue
            compared += 1
            got = pc.match_substring_regex(column, translated).to_pylist()
            assert got == [re.search(source, t) is not None for t in texts], source
    assert compared > 200
