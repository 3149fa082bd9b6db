"""Rule packs: YAML files of rules, each a Great Expectations column-map expectation on a data
column or a derived one (derived.py). The format is rules/pack.schema.json; every mistake is
exit 2 naming the file, the rule and the field.

    pack: instruction
    description: Alpaca-style records: empty or placeholder answers, ...
    formats: [alpaca]            # on by default for these formats (`all`: every format)
    rules:
      - id: answer-empty
        code: DA410
        column: answer
        expectation: expect_column_values_to_not_match_regex
        kwargs: {regex: '^\\s*$'}
        severity: error          # error: excludes the row and fails the gate; warning: reported only
        message: the answer is empty
        why: ...                 # optional: shown by `dataaudit rules explain`
        fix: ...                 # optional: the suggested action
        mostly: 1.0              # optional: the share of rows that must pass (GX's `mostly`)
        requires: allowed_labels # optional: a setting that must be set; kwargs may say {allowed_labels}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..config.options import FORMATS
from ..errors import ConfigError

PACK_KEYS = {"pack", "description", "formats", "rules"}
RULE_KEYS = {"id", "code", "column", "expectation", "kwargs", "severity", "message", "why", "fix", "mostly",
             "requires"}
REQUIRED = ("id", "code", "column", "expectation", "severity", "message")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_CODE = re.compile(r"^DA4\d\d$")
# Settings a rule may require and quote in its kwargs.
RULE_SETTINGS = ("allowed_labels",)


@dataclass(frozen=True)
class Rule:
    id: str
    code: str
    column: str
    expectation: str  # GX type, snake_case: expect_column_values_to_match_regex
    severity: str
    message: str
    pack: str
    source: str  # the file it came from
    kwargs: dict[str, Any] = field(default_factory=dict)
    mostly: Optional[float] = None
    why: str = ""
    fix: str = ""
    requires: Optional[str] = None

    def where(self, what: str = "") -> str:
        return f"{self.source}, rule {self.id}" + (f", field {what}" if what else "")


@dataclass(frozen=True)
class Pack:
    name: str
    description: str
    formats: tuple[str, ...]  # on by default for these (empty: only when selected)
    rules: tuple[Rule, ...]
    source: str

    def default_for(self, fmt: str) -> bool:
        return "all" in self.formats or fmt in self.formats


def load_pack(path: Path) -> Pack:
    import yaml

    where = str(path)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it
        document = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        raise ConfigError(f"Rule pack not found: {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read the rule pack ({exc}).") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML ({exc}). Fix the syntax.") from exc
    if not isinstance(document, dict):
        raise ConfigError(f"{where}: a rule pack is a mapping with 'pack' and 'rules' (see rules/pack.schema.json).")
    _no_unknown(document, PACK_KEYS, where)
    name = document.get("pack")
    if not isinstance(name, str) or not _ID.match(name):
        raise ConfigError(f"{where}, field pack: a name of lower-case letters, digits, '-' or '_', got {name!r}.")
    formats = document.get("formats", [])
    formats = [formats] if isinstance(formats, str) else formats
    if not isinstance(formats, list) or any(f not in (*FORMATS[1:], "all", "csv", "dataframe") for f in formats):
        raise ConfigError(f"{where}, field formats: a list of input formats ({', '.join(FORMATS[1:])}, dataframe) "
                          f"or 'all', got {document.get('formats')!r}.")
    rules = document.get("rules")
    if not isinstance(rules, list) or not rules:
        raise ConfigError(f"{where}, field rules: a non-empty list of rules.")
    parsed = tuple(_rule(entry, index, name, where) for index, entry in enumerate(rules))
    _unique(parsed)
    return Pack(name=name, description=str(document.get("description", "")), formats=tuple(formats),
                rules=parsed, source=where)


def _rule(entry: Any, index: int, pack: str, where: str) -> Rule:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}, rule {index + 1}: a rule is a mapping with {', '.join(REQUIRED)}.")
    rule_id = entry.get("id")
    at = f"{where}, rule {rule_id if isinstance(rule_id, str) else index + 1}"
    _no_unknown(entry, RULE_KEYS, at)
    for key in REQUIRED:
        if key not in entry:
            raise ConfigError(f"{at}: field {key} is missing.")
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise ConfigError(f"{at}, field {key}: a non-empty string, got {entry[key]!r}.")
    if not _ID.match(rule_id):
        raise ConfigError(f"{at}, field id: lower-case letters, digits, '-' or '_', got {rule_id!r}.")
    if not _CODE.match(entry["code"]):
        raise ConfigError(f"{at}, field code: DA400-DA499 (rule checks are DA4xx), got {entry['code']!r}.")
    if entry["severity"] not in ("error", "warning"):
        raise ConfigError(f"{at}, field severity: 'error' (excludes the row, fails the gate) or 'warning' "
                          f"(reported only), got {entry['severity']!r}.")
    kwargs = entry.get("kwargs", {})
    if not isinstance(kwargs, dict) or "column" in kwargs or "mostly" in kwargs:
        raise ConfigError(f"{at}, field kwargs: a mapping of the expectation's arguments (column and mostly "
                          "are fields of the rule), got {kwargs!r}.")
    mostly = entry.get("mostly")
    if mostly is not None and (isinstance(mostly, bool) or not isinstance(mostly, (int, float)) or not 0 < mostly <= 1):
        raise ConfigError(f"{at}, field mostly: a number above 0 and at most 1, got {mostly!r}.")
    requires = entry.get("requires")
    if requires is not None and requires not in RULE_SETTINGS:
        raise ConfigError(f"{at}, field requires: one of {', '.join(RULE_SETTINGS)}, got {requires!r}.")
    return Rule(id=rule_id, code=entry["code"], column=entry["column"], expectation=entry["expectation"],
                severity=entry["severity"], message=entry["message"].strip(), pack=pack, source=where,
                kwargs=dict(kwargs), mostly=None if mostly is None else float(mostly),
                why=str(entry.get("why", "")).strip(), fix=str(entry.get("fix", "")).strip(), requires=requires)


def _no_unknown(mapping: dict, known: set, where: str) -> None:
    unknown = sorted(set(map(str, mapping)) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown field {unknown[0]!r}. Known fields: {', '.join(sorted(known))}.")


def _unique(rules) -> None:
    seen_ids: dict[str, Rule] = {}
    seen_codes: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen_ids:
            raise ConfigError(f"{rule.where('id')}: the id {rule.id} is also used in {seen_ids[rule.id].source}; "
                              "rule ids must be unique.")
        if rule.code in seen_codes:
            raise ConfigError(f"{rule.where('code')}: {rule.code} is also rule {seen_codes[rule.code].id} "
                              f"({seen_codes[rule.code].source}); each rule needs its own code.")
        seen_ids[rule.id], seen_codes[rule.code] = rule, rule


def check_unique(packs) -> None:
    """Rule ids and codes are unique across every pack a scan loads."""
    _unique([rule for pack in packs for rule in pack.rules])
