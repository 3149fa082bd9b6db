"""Audit settings, from defaults, a settings file and command-line flags (in that order)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Optional

from .errors import ConfigError

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
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    embedder: str = "minilm"
    semantic_threshold: Optional[float] = None  # None: the embedder's calibrated threshold
    cache_dir: Optional[str] = None  # None: the user cache folder (or $DATAAUDIT_CACHE_DIR)
    use_cache: bool = True
    against: Optional[str] = None
    source_column: Optional[str] = None  # speaker / annotator / upload batch, for DA206
    annotator_column: Optional[str] = None  # long format: one row per annotation (DA204)
    label_columns: tuple[str, ...] = ()  # wide format: one label column per annotator (DA204)
    min_agreement: float = DEFAULT_MIN_AGREEMENT

    def validate(self) -> "Settings":
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int) or self.threshold <= 0:
            raise ConfigError(
                f"threshold must be a whole number above 0, got {self.threshold!r}. "
                "Use e.g. --threshold 1000."
            )
        if self.min_per_label is not None and (
            isinstance(self.min_per_label, bool) or not isinstance(self.min_per_label, int) or self.min_per_label <= 0
        ):
            raise ConfigError(
                f"min_per_label must be a whole number above 0, got {self.min_per_label!r}. "
                "Use e.g. --min-per-label 20, or leave it out."
            )
        ndt = self.near_duplicate_threshold
        if isinstance(ndt, bool) or not isinstance(ndt, (int, float)) or not 0.5 <= ndt <= 1.0:
            raise ConfigError(
                f"near_duplicate_threshold must be a number from 0.5 to 1.0, got {ndt!r}."
            )
        ma = self.min_agreement
        if isinstance(ma, bool) or not isinstance(ma, (int, float)) or not 0.0 < ma <= 1.0:
            raise ConfigError(f"min_agreement must be a number above 0 and at most 1, got {ma!r}. "
                              "Use e.g. --min-agreement 0.6.")
        if self.annotator_column and self.label_columns:
            raise ConfigError("Give either --annotator-col (one row per annotation) or several --label-col "
                              "(one label column per annotator), not both.")
        if len(self.label_columns) == 1 or len(set(self.label_columns)) != len(self.label_columns):
            raise ConfigError("label_columns (wide-format annotation) needs two or more different columns; "
                              "for one label column use --label-col once.")
        if self.label_columns and self.label_column:
            raise ConfigError("Several --label-col columns are annotators' labels: do not also set label_col.")
        st = self.semantic_threshold
        if st is not None and (isinstance(st, bool) or not isinstance(st, (int, float)) or not 0.5 <= st <= 1.0):
            raise ConfigError(f"semantic_threshold must be a number from 0.5 to 1.0, got {st!r}.")
        from .embeddings.models import resolve_info

        if resolve_info(self.embedder) is None and st is not None:  # unknown names also fail here
            raise ConfigError("--semantic-threshold has no effect with --embedder none. Choose an embedder "
                              "(see `dataaudit embedders`) or leave the threshold out.")
        return self

    @property
    def semantic_duplicate_threshold(self) -> Optional[float]:
        from .embeddings.models import resolve_info

        info = resolve_info(self.embedder)
        if info is None:
            return None
        return float(self.semantic_threshold) if self.semantic_threshold is not None else info.threshold

    def as_report_settings(self) -> dict[str, Any]:
        """The settings that change the result, as written in the JSON report."""
        return {
            "threshold": self.threshold,
            "min_per_label": self.min_per_label,
            "embedder": None if self.semantic_duplicate_threshold is None else self.embedder,
            "near_duplicate_threshold": self.near_duplicate_threshold,
            "semantic_duplicate_threshold": self.semantic_duplicate_threshold,
            "against": self.against,
            "source_column": self.source_column,
            "annotator_column": self.annotator_column,
            "label_columns": list(self.label_columns),
            "min_agreement": self.min_agreement,
            "select": list(self.select),
            "ignore": list(self.ignore),
        }


# Settings-file keys and the Settings field each sets.
_CONFIG_KEYS = {
    "text_col": "text_columns",
    "text_cols": "text_columns",
    "label_col": "label_column",
    "id_col": "id_column",
    "format": "format",
    "encoding": "encoding",
    "threshold": "threshold",
    "min_per_label": "min_per_label",
    "near_duplicate_threshold": "near_duplicate_threshold",
    "select": "select",
    "ignore": "ignore",
    "embedder": "embedder",
    "semantic_threshold": "semantic_threshold",
    "cache_dir": "cache_dir",
    "against": "against",
    "source_col": "source_column",
    "annotator_col": "annotator_column",
    "label_cols": "label_columns",
    "min_agreement": "min_agreement",
}


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
    values: dict[str, Any] = {}
    for key, value in table.items():
        field_name = _CONFIG_KEYS.get(key)
        if field_name is None:
            known = ", ".join(sorted(_CONFIG_KEYS))
            raise ConfigError(f"{where}: unknown setting '{key}'. Known settings: {known}.")
        if field_name in ("text_columns", "select", "ignore", "label_columns"):
            value = (value,) if isinstance(value, str) else value
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: '{key}' must be a string or a list of strings.")
            value = tuple(value)
        elif field_name in ("label_column", "id_column", "format", "encoding", "embedder", "cache_dir", "against",
                            "source_column", "annotator_column") \
                and not isinstance(value, str):
            raise ConfigError(f"{where}: '{key}' must be a string, got {value!r}.")
        elif field_name in ("threshold", "min_per_label") and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f"{where}: '{key}' must be a whole number, got {value!r}.")
        elif field_name in ("near_duplicate_threshold", "semantic_threshold", "min_agreement") and (isinstance(value, bool) or not isinstance(value, (int, float))):
            allowed = "above 0 and at most 1" if field_name == "min_agreement" else "from 0.5 to 1.0"
            raise ConfigError(f"{where}: '{key}' must be a number {allowed}, got {value!r}.")
        values[field_name] = value
    return values


def build_settings(config: dict[str, Any], overrides: dict[str, Any]) -> Settings:
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
