"""The whole engine: load, detect, score. Returns a Report; never prints or exits."""

from __future__ import annotations

import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Optional

from .artifacts import Artifacts, ProgressHook
from .checks import CHECKS, selected_checks
from .dataset import Dataset
from .errors import DataAuditError
from .findings import CheckOutcome, CheckRun, CheckSkipped, Finding, Report
from .io import load_dataset
from .scoring import score, source_counts
from .settings import Settings


def audit(path: str | Path, settings: Optional[Settings] = None, progress: Optional[ProgressHook] = None) -> Report:
    """Audit one file. Raises DataAuditError (exit 2) for unusable input or settings."""
    settings = (settings or Settings()).validate()
    checks, _ = selected_checks(settings.select, settings.ignore)  # fail fast on unknown codes
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
    from .errors import InputError

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


def audit_dataset(dataset: Dataset, settings: Settings, progress: Optional[ProgressHook] = None,
                  against: Optional[Dataset] = None) -> Report:
    settings = settings.validate()
    to_run, skip_reasons = selected_checks(settings.select, settings.ignore)
    merging = dataset.has_labels and any(c.name == "label_variant" for c in to_run)
    semantic = settings.semantic_duplicate_threshold is not None and any(c.code == "DA103" for c in to_run)
    if semantic:
        skip_reasons.pop("DA103", None)
    elif "DA103" not in skip_reasons:
        skip_reasons["DA103"] = "--embedder none: no embeddings, so no semantic duplicates"
    if against is None and "DA301" not in skip_reasons:
        skip_reasons["DA301"] = "no --against evaluation set given"
    artifacts = Artifacts(dataset, settings, progress, merge_label_variants=merging, run_semantic=semantic,
                          against=against)
    merge_error = None
    if merging:
        # Label merges feed DA201 and the per-label counts: if finding them fails, DA202
        # is reported failed and everything else goes on with the labels as written.
        try:
            artifacts.label_merges
        except Exception as exc:
            merge_error = _describe(exc)
            artifacts = Artifacts(dataset, settings, progress, merge_label_variants=False, run_semantic=semantic,
                                  against=against)
    runs: list[CheckRun] = []
    found: list[Finding] = []
    annotators: tuple = ()
    for check in CHECKS:
        if check.code in skip_reasons:
            runs.append(CheckRun(check.name, check.code, "skipped", reason=skip_reasons[check.code]))
            continue
        if check.needs_labels and not dataset.has_labels:
            runs.append(CheckRun(check.name, check.code, "skipped",
                                 reason="no label column (name one with --label-col): label checks need labels"))
            continue
        if progress:
            progress(f"{check.code} {check.name}", 0, None)
        started = time.perf_counter()
        if check.name == "label_variant" and merge_error:
            runs.append(CheckRun(check.name, check.code, "failed", error=merge_error))
            continue
        try:
            outcome = check.run(artifacts)
            if not isinstance(outcome, CheckOutcome):
                outcome = CheckOutcome(findings=outcome)
            results = sorted(outcome.findings, key=_finding_order)
        except CheckSkipped as skip:
            runs.append(CheckRun(check.name, check.code, "skipped", seconds=_seconds(started), reason=str(skip)))
            continue
        except DataAuditError:
            raise  # something the user can fix (a damaged cache, say): exit 2 with its message
        except Exception as exc:  # a crashed check is recorded, never swallowed (exit 3)
            runs.append(CheckRun(check.name, check.code, "failed", seconds=_seconds(started), error=_describe(exc)))
            continue
        runs.append(CheckRun(check.name, check.code, "ok", findings=len(results), seconds=_seconds(started),
                             notes=tuple(outcome.notes)))
        annotators = outcome.annotators or annotators
        found.extend(results)

    summary, labels = score(
        total_rows=len(dataset), findings=found,
        canonical_labels=artifacts.canonical_labels if dataset.has_labels else [None] * len(dataset),
        merges=artifacts.label_merges,
        threshold=settings.threshold, min_per_label=settings.min_per_label,
        check_order=[c.name for c in CHECKS],
    )
    sources = source_counts(dataset.sources, found) if dataset.source_column else ()
    ids = dataset.row_ids
    findings = tuple(_with_ids(f, number, ids) for number, f in enumerate(found, start=1))
    return Report(dataset=dataset.info(), settings=settings.as_report_settings(), summary=summary,
                  labels=labels, checks=tuple(runs), findings=findings, annotators=annotators, sources=sources)


def _describe(exc: Exception) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} (at {Path(frame.filename).name}:{frame.lineno})"


def _seconds(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _finding_order(finding: Finding):
    first = finding.keep if finding.keep is not None else (finding.rows[0] if finding.rows else -1)
    return (first, finding.rows)


def _with_ids(finding: Finding, number: int, ids: list) -> Finding:
    def rid(position):
        return None if position is None else ids[position]

    return replace(finding, id=number, rows=tuple(map(rid, finding.rows)), keep=rid(finding.keep),
                   excluded=tuple(map(rid, finding.excluded)))
