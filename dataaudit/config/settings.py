"""Audit settings, from defaults, a settings file and command-line flags (in that order).
Which keys exist, their types and their checks come from options.OPTIONS."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping, Optional

from ..errors import ConfigError
from .answer_schema import read_answer_schema
from .options import BY_NAME, ENGINES, FORMATS, LABEL_FROM, OPTIONS, config_keys

DEFAULT_THRESHOLD = 1000
# Tuned on BANKING77 with injected typo copies (benchmarks/accuracy.py, README): recall
# 0.978 at precision 1.0; at 0.85 recall is 0.987 but 1 in 5 of the extra pairs it flags in
# the untouched data carry different labels (e.g. "...with my top up?" / "...with my refund?").
DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.88
# A row's annotators must agree at least this much (share voting for the consensus label):
# 2 of 3 and 3 of 5 pass, a 1-1 tie does not.
DEFAULT_MIN_AGREEMENT = 0.6


@dataclass(frozen=True)
class Settings:
    text_columns: tuple[str, ...] = ()
    label_column: Optional[str] = None
    id_column: Optional[str] = None
    format: str = "auto"
    encoding: Optional[str] = None
    threshold: int = DEFAULT_THRESHOLD
    min_per_label: Optional[int] = None
    min_phrasings: Optional[int] = None  # every label's clean rows need this many effective phrasings
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    embedder: str = "use"  # embeddings.models.DEFAULT_EMBEDDER (config does not import embeddings)
    semantic_threshold: Optional[float] = None  # None: the embedder's calibrated threshold
    cache_dir: Optional[str] = None  # None: the user cache folder (or $DATAAUDIT_CACHE_DIR)
    use_cache: bool = True
    against: Optional[str] = None
    against_benchmarks: bool = False  # DA302 on every file, not only chat and instruction files
    production: Optional[str] = None
    min_coverage: Optional[float] = None
    source_column: Optional[str] = None  # speaker / annotator / upload batch, for DA206
    annotator_column: Optional[str] = None  # long format: one row per annotation (DA204)
    label_columns: tuple[str, ...] = ()  # wide format: one label column per annotator (DA204)
    min_agreement: Optional[float] = None  # None: DEFAULT_MIN_AGREEMENT; only with annotators
    rules: tuple[str, ...] = ()  # rule packs: () = "default", the built-in packs for the file's format
    rules_dir: Optional[str] = None
    expectations: Optional[str] = None  # a GX ExpectationSuite JSON
    answer_schema: Optional[str] = None  # a JSON Schema the answers must follow (DA501)
    allowed_labels: tuple[str, ...] = ()
    label_from: str = "auto"  # auto, column, assistant (chat answers are the labels), none
    # What runs the scan (the report is the same): `local` (this machine) or `ray` (Ray Data), and
    # the Ray cluster's address (None: a local Ray started for the scan). Not in the report's settings.
    engine: str = "local"
    ray_address: Optional[str] = None

    def validate(self) -> "Settings":
        for option in OPTIONS:
            value = getattr(self, option.name, None) if option.setting else None  # (--no-labels is no field)
            if value is None or option.check is None:
                continue
            problem = option.check(value)
            if problem:
                hint = f" Use e.g. {option.flag} {_example(option)}." if option.flag else ""
                raise ConfigError(f"{option.name} must be {problem}, got {value!r}.{hint}")
        if self.label_from not in LABEL_FROM:
            raise ConfigError(f"label_from must be one of {', '.join(LABEL_FROM)}, got {self.label_from!r}.")
        if self.label_from == "none" and (self.label_column or self.label_columns):
            raise ConfigError("--no-labels (--label-from none) and --label-col contradict each other; give one.")
        if self.label_from == "assistant" and (self.label_column or self.label_columns or self.annotator_column):
            raise ConfigError("--label-from assistant takes the labels from the answers: leave out --label-col and "
                              "--annotator-col.")
        if self.min_coverage is not None and not self.production:
            raise ConfigError("--min-coverage gates on the --production sample: give --production PATH too.")
        if self.engine not in ENGINES:
            raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, got {self.engine!r}.")
        if self.ray_address is not None and self.engine != "ray":
            raise ConfigError("--ray-address names the Ray cluster of --engine ray: add --engine ray, or leave the "
                              "address out.")
        if self.format not in FORMATS:
            raise ConfigError(f"Unknown format '{self.format}'. Use one of: {', '.join(FORMATS)}.")
        if self.annotator_column and self.label_columns:
            raise ConfigError("Give either --annotator-col (one row per annotation) or several --label-col "
                              "(one label column per annotator), not both.")
        if len(self.label_columns) == 1 or len(set(self.label_columns)) != len(self.label_columns):
            raise ConfigError("label_columns (wide-format annotation) needs two or more different columns; "
                              "for one label column use --label-col once.")
        if self.label_columns and self.label_column:
            raise ConfigError("Several --label-col columns are annotators' labels: do not also set label_col.")
        if self.min_agreement is not None and not (self.annotator_column or self.label_columns):
            raise ConfigError("--min-agreement applies when several annotators label each row: add "
                              "--annotator-col COL (one row per annotation) or give --label-col once per annotator.")
        if self.answer_schema is not None:
            read_answer_schema(self.answer_schema)  # a missing or invalid schema: exit 2 before data is read
        from ..embeddings.models import resolve_info

        if resolve_info(self.embedder) is None and self.semantic_threshold is not None:  # unknown names fail here too
            raise ConfigError("--semantic-threshold has no effect with --embedder none. Choose an embedder "
                              "(see `dataaudit embedders`) or leave the threshold out.")
        return self

    @property
    def agreement_needed(self) -> float:
        return DEFAULT_MIN_AGREEMENT if self.min_agreement is None else float(self.min_agreement)

    def effective(self, name: str) -> Any:
        """A setting's value as the audit uses it (min_agreement's None is its default)."""
        return self.agreement_needed if name == "min_agreement" else getattr(self, name)

    @property
    def semantic_duplicate_threshold(self) -> Optional[float]:
        from ..embeddings.models import resolve_info

        info = resolve_info(self.embedder)
        if info is None:
            return None
        return float(self.semantic_threshold) if self.semantic_threshold is not None else info.threshold

    def as_report_settings(self) -> dict[str, Any]:
        """The settings that change the result, as written in the JSON report."""
        return {
            "threshold": self.threshold,
            "min_per_label": self.min_per_label,
            "min_phrasings": self.min_phrasings,
            "embedder": None if self.semantic_duplicate_threshold is None else self.embedder,
            "near_duplicate_threshold": self.near_duplicate_threshold,
            "semantic_duplicate_threshold": self.semantic_duplicate_threshold,
            "against": self.against,
            "against_benchmarks": self.against_benchmarks,
            "production": self.production,
            "min_coverage": self.min_coverage,
            "source_column": self.source_column,
            "annotator_column": self.annotator_column,
            "label_columns": list(self.label_columns),
            "min_agreement": self.agreement_needed,
            "answer_schema": self.answer_schema,
            "select": list(self.select),
            "ignore": list(self.ignore),
        }


def _example(option) -> str:
    return {"threshold": "1000", "min_per_label": "20", "min_phrasings": "10", "min_agreement": "0.6"}.get(option.name, "0.9")


def load_config(path: Path) -> dict[str, Any]:
    """Read `dataaudit.toml` (top level) or `pyproject.toml` (`[tool.dataaudit]`).

    Returns Settings field names mapped to values. Unknown keys are an error,
    so a misspelt setting never silently does nothing.
    """
    if not path.is_file():
        raise ConfigError(f"Settings file not found: {path}. Check the --config path.")
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix the syntax and run again.") from exc
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("dataaudit")
        if table is None:
            raise ConfigError(f"{path} has no [tool.dataaudit] table. Add one, or point --config at a dataaudit.toml.")
        where = f"{path} [tool.dataaudit]"
    else:
        table = document
        where = str(path)
    return settings_values(table, where)


def settings_values(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Settings-file keys (or, from the library, Settings field names) -> Settings field values,
    each checked for its type."""
    keys = config_keys()
    names = {f.name for f in fields(Settings)}
    fields_ = {option.name: option for option in OPTIONS if option.setting and option.name in names}
    values: dict[str, Any] = {}
    for key, value in table.items():
        option = keys.get(key) or fields_.get(key)
        if option is None:
            raise ConfigError(f"{where}: unknown setting '{key}'. Known settings: {', '.join(sorted(keys))}.")
        values[option.name] = _typed(option, key, value, where)
    return values


def _typed(option, key: str, value: Any, where: str) -> Any:
    kind = option.kind
    if kind == "list":
        value = (value,) if isinstance(value, str) else value
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{key}' must be a string or a list of strings.")
        return tuple(value)
    if kind in ("str", "path", "choice") and not isinstance(value, str):
        raise ConfigError(f"{where}: '{key}' must be a string, got {value!r}.")
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{where}: '{key}' must be a whole number, got {value!r}.")
    if kind == "float" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        allowed = option.check(None) if option.check else "a number"
        raise ConfigError(f"{where}: '{key}' must be {allowed}, got {value!r}.")
    if kind == "flag" and not isinstance(value, bool):
        raise ConfigError(f"{where}: '{key}' must be true or false, got {value!r}.")
    return value


def flag_values(flags: Mapping[str, Any]) -> dict[str, Any]:
    """The scan command's parsed flags (by option name) -> Settings field values, for the flags given."""
    values: dict[str, Any] = {}
    for name, value in flags.items():
        option = BY_NAME[name]
        if not option.setting or value is None or value == () or value is False:
            continue
        if option.apply is not None:
            values.update(option.apply(value))
        else:
            values[name] = str(value) if option.kind == "path" else value
    return values


def build_settings(config: Mapping[str, Any], overrides: Mapping[str, Any]) -> Settings:
    """Defaults, then the settings file, then flags the user actually gave."""
    known = {f.name for f in fields(Settings)}
    merged = {k: v for k, v in config.items() if k in known}
    # --label-col once or several times replaces either form of the setting in the file.
    if overrides.get("label_column") or overrides.get("label_columns"):
        merged.pop("label_column", None)
        merged.pop("label_columns", None)
    # Long and wide annotation formats exclude each other: the flag given wins over the file.
    if overrides.get("annotator_column"):
        merged.pop("label_columns", None)
    if overrides.get("label_columns"):
        merged.pop("annotator_column", None)
    merged.update({k: v for k, v in overrides.items() if v is not None and v != ()})
    return replace(Settings(), **merged).validate()


def as_settings(value: Optional[Settings | Mapping[str, Any]]) -> Settings:
    """What the library accepts as settings: a Settings, a mapping of settings-file keys or field
    names (as in dataaudit.toml), or None for the defaults."""
    if value is None:
        return Settings().validate()
    if isinstance(value, Settings):
        return value.validate()
    return build_settings(settings_values(value, "settings"), {})
