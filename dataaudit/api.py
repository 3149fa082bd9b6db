"""The one entry: `audit(path_or_frame, settings) -> Report`. Every check of the settings
and the input happens here (the CLI adds only its own: where outputs go), then the engine
runs. Raises DataAuditError (exit 2 in the CLI) for unusable input or settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping, Optional, Union

from . import checks
from .checks.registry import catalogue as check_catalogue
from .config import Settings, as_settings
from .engine import Executor, audit_dataset
from .engine.ray_input import load_shards, reads_shards
from .errors import ConfigError, DataAuditError, InputError
from .io import load_dataset, load_frame
from .model.dataset import Dataset
from .model.findings import Report
from .rules.expectations import build
from .stages import ProgressHook

SettingsLike = Union[Settings, Mapping[str, Any], None]


def audit(source, settings: SettingsLike = None, progress: Optional[ProgressHook] = None,
          executor: Optional[Executor] = None) -> Report:
    """Audit a data file (a path) or a pandas DataFrame.

    `settings`: a Settings, a mapping of settings-file keys (`{"label_col": "intent",
    "threshold": 500}`, as in dataaudit.toml), or None for the defaults. `executor`: what runs
    the stages and checks (dataaudit.engine: LocalExecutor, the default, or SerialExecutor).
    """
    settings = checked_settings(settings)
    if progress:
        progress("load", 0, None)
    dataset = load_source(source, settings)
    if settings.min_per_label and not dataset.has_labels:
        raise ConfigError(f"--min-per-label needs labels, but {dataset.path} has no label column that dataaudit "
                          "could find. Name it with --label-col COL, or leave out --min-per-label.")
    if settings.min_phrasings and not dataset.has_labels:
        raise ConfigError(f"--min-phrasings counts phrasings per label, but {dataset.path} has no label column that "
                          "dataaudit could find. Name it with --label-col COL, or leave out --min-phrasings.")
    return audit_dataset(dataset, settings, progress, against=load_against(settings, dataset.sha256),
                         production=load_production(settings, dataset.sha256), executor=executor)


def checked_settings(settings: SettingsLike) -> Settings:
    """Settings as the audit will use them, or the error a user can fix (before any data is read)."""
    settings = as_settings(settings)
    catalogue, _, rules = check_catalogue(settings)  # every pack the settings could select: the format is not known yet
    for rule in rules:
        build(rule, settings)  # a bad pack, rule or GX argument is exit 2 before any data is read
    to_run, _ = checks.selected_checks(settings.select, settings.ignore, catalogue)  # unknown codes are an error
    if not to_run:
        raise ConfigError("--select/--ignore leave no check to run, so nothing would be audited. "
                          "See `dataaudit checks list` for the codes.")
    return settings


def load_source(source, settings: Settings) -> Dataset:
    if isinstance(source, (str, Path)):
        if settings.engine == "ray" and reads_shards(source):  # a folder of shards, a URI: Ray Data reads it
            return load_shards(source, settings)
        return load_dataset(source, settings)
    if type(source).__name__ == "DataFrame":
        return load_frame(source, settings)
    raise DataAuditError(f"audit() takes a file path or a pandas DataFrame, not {type(source).__name__}.")


def load_against(settings: Settings, train_sha256: Optional[str] = None) -> Optional[Dataset]:
    """The --against evaluation set, read with the training file's format and column options.

    Leakage needs no labels and no ids: an eval file without the label column is read
    unlabeled, one without the id column gets 0-based positions as ids.
    """
    if not settings.against:
        return None
    return _load_texts_file(settings.against, settings, "--against", "the evaluation file", train_sha256,
                            "every row would leak. Give the evaluation/test set.")


def load_production(settings: Settings, train_sha256: Optional[str] = None) -> Optional[Dataset]:
    """The --production sample, read like the --against file: texts needed, labels and ids optional."""
    if not settings.production:
        return None
    production = _load_texts_file(settings.production, settings, "--production", "the production sample",
                                  train_sha256, "it would cover itself. Give a sample of what users send.")
    if not any(text.strip() for text in production.compare_texts):
        raise InputError(f"--production {settings.production} holds no text to compare.")
    return production


def _load_texts_file(path, settings: Settings, flag: str, what: str, train_sha256: Optional[str],
                     if_itself: str) -> Dataset:
    """A file that needs only its texts, read with the training file's format and text columns;
    its label and id columns are used when it has them. The training file itself is refused."""
    # Only its texts matter: annotators and sources are the training file's business.
    settings = replace(settings, source_column=None, annotator_column=None, label_columns=())
    attempts = [settings, replace(settings, label_column=None), replace(settings, label_column=None, id_column=None)]
    error, loaded = None, None
    for attempt in attempts:
        try:
            loaded = load_dataset(path, attempt)
            break
        except InputError as exc:
            error = error or exc
            if "--label-col" not in str(exc) and "--id-col" not in str(exc):
                break
    if loaded is None:
        raise InputError(f"{flag}: {error} ({what} is read with the same --format and --text-col as the "
                         "training file)") from error
    if train_sha256 is not None and loaded.sha256 == train_sha256:
        raise InputError(f"{flag} {path} is the training file itself (same contents): {if_itself}")
    return loaded
