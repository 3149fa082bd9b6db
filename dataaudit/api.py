"""The one entry: `audit(path, settings) -> Report`. Loads the file (and the --against set),
then runs the engine. Raises DataAuditError (exit 2 in the CLI) for unusable input or settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Optional

from .dataset import Dataset
from .errors import InputError
from .findings import Report
from .settings import Settings
from .stages import ProgressHook


def audit(path: str | Path, settings: Optional[Settings] = None, progress: Optional[ProgressHook] = None) -> Report:
    from .checks import selected_checks
    from .engine import audit_dataset
    from .io import load_dataset

    settings = (settings or Settings()).validate()
    selected_checks(settings.select, settings.ignore)  # fail fast on unknown codes
    if progress:
        progress("load", 0, None)
    dataset = load_dataset(path, settings)
    return audit_dataset(dataset, settings, progress, against=load_against(settings, dataset.sha256))


def load_against(settings: Settings, train_sha256: Optional[str] = None) -> Optional[Dataset]:
    """The --against evaluation set, read with the training file's format and column options.

    Leakage needs no labels and no ids: an eval file without the label column is read
    unlabeled, one without the id column gets 0-based positions as ids.
    """
    if not settings.against:
        return None
    from .io import load_dataset

    # The eval set needs only its texts: annotators and sources are the training file's business.
    settings = replace(settings, source_column=None, annotator_column=None, label_columns=())
    attempts = [settings, replace(settings, label_column=None), replace(settings, label_column=None, id_column=None)]
    error, against = None, None
    for attempt in attempts:
        try:
            against = load_dataset(settings.against, attempt)
            break
        except InputError as exc:
            error = error or exc
            if "--label-col" not in str(exc) and "--id-col" not in str(exc):
                break
    if against is None:
        raise InputError(f"--against: {error} (the evaluation file is read with the same --format and "
                         "--text-col as the training file)") from error
    if train_sha256 is not None and against.sha256 == train_sha256:
        raise InputError(f"--against {settings.against} is the training file itself (same contents): every row "
                         "would leak. Give the evaluation/test set.")
    return against
