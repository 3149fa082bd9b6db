"""The local engine: plan the checks, run them over the stage graph, score, assemble the Report.
Never prints or exits. `api.audit` is the entry that validates and loads; this runs a loaded
Dataset."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from .checks import CHECKS, Check, selected_checks
from .checks.rule_violation import rule_check
from .config import Settings
from .diversity import label_phrasings
from .errors import DataAuditError
from .finding_keys import finding_key
from .labels import LabelMerges
from .model.dataset import Dataset
from .model.findings import Action, CheckOutcome, CheckRun, CheckSkipped, Finding, Report, ReportRow, RunInfo
from .representativeness import for_scan
from .rules.selection import active_rules, check_columns, selected_packs
from .scoring import score, source_counts
from .stages import STAGES, ProgressHook, StageFailed, StageRunner
from .stages.runner import describe, wanted_stages
from .text import normalize


def plan(catalogue, dataset: Dataset, settings: Settings, against: Optional[Dataset]) -> list[tuple[Check, Optional[str]]]:
    """Every check in catalogue order, with the reason it will not run (None: it runs)."""
    _, not_selected = selected_checks(settings.select, settings.ignore, catalogue, strict=False)
    return [(check, not_selected.get(check.code) or check.skip_reason(dataset, settings, against))
            for check in catalogue]


def rule_checks(dataset: Dataset, settings: Settings) -> tuple[list, list]:
    """The rule packs for this file, and one check per rule; a bad pack or column is exit 2."""
    packs = selected_packs(settings, dataset.format)
    rules = active_rules(packs, settings)
    check_columns(rules, dataset)
    return packs, sorted((rule_check(rule) for rule in rules), key=lambda c: c.code)


def audit_dataset(dataset: Dataset, settings: Settings, progress: Optional[ProgressHook] = None,
                  against: Optional[Dataset] = None, production: Optional[Dataset] = None) -> Report:
    settings = settings.validate()
    packs, checks_of_rules = rule_checks(dataset, settings)
    catalogue = (*CHECKS, *checks_of_rules)
    planned = plan(catalogue, dataset, settings, against)
    running = frozenset(check.code for check, reason in planned if reason is None)
    rules = tuple(r for pack in packs for r in pack.rules if r.code in running)
    wanted = wanted_stages(STAGES, {name for check, reason in planned if reason is None for name in check.stages})
    runner = StageRunner(STAGES, dataset, settings, against, progress, running=running, rules=rules, wanted=wanted)
    runs: list[CheckRun] = []
    found: list[Finding] = []
    seconds: list[tuple[str, float]] = []
    annotators: tuple = ()
    for check, reason in planned:
        if reason is not None:
            runs.append(CheckRun(check.name, check.code, "skipped", reason=reason))
            continue
        if progress:
            progress(f"{check.code} {check.name}", 0, None)
        run, outcome = _run_check(check, runner, seconds)
        runs.append(run)
        if outcome is not None:
            annotators = outcome.annotators or annotators
            found.extend(sorted(outcome.findings, key=_finding_order))
    return _assemble(dataset, settings, runner, runs, found, annotators, seconds, catalogue, packs, production,
                     progress)


def _run_check(check: Check, runner: StageRunner, seconds: list) -> tuple[CheckRun, Optional[CheckOutcome]]:
    with runner.clock() as clock:
        try:
            outcome = check.run(runner.inputs(check.stages, f"check {check.code}"))
            if not isinstance(outcome, CheckOutcome):
                outcome = CheckOutcome(findings=outcome)
        except CheckSkipped as skip:
            outcome, run = None, CheckRun(check.name, check.code, "skipped", reason=str(skip))
        except StageFailed as failed:  # reported once per check that needs it, with the stage's own error
            outcome, run = None, CheckRun(check.name, check.code, "failed", error=str(failed))
        except DataAuditError:
            raise  # something the user can fix (a damaged cache, say): exit 2 with its message
        except Exception as exc:  # a crashed check is recorded, never swallowed (exit 3)
            outcome, run = None, CheckRun(check.name, check.code, "failed", error=describe(exc))
    seconds.append((check.code, clock.seconds))
    if outcome is None:
        return run, None
    return CheckRun(check.name, check.code, "ok", findings=len(outcome.findings), notes=tuple(outcome.notes)), outcome


def _assemble(dataset, settings, runner, runs, found, annotators, seconds, catalogue, packs, production,
              progress) -> Report:
    given = runner.inputs(("given_labels", "canonical_labels", "label_merges", "normalized"), "the report")
    labels = given.get_or("given_labels", dataset.labels)
    canonical = given.get_or("canonical_labels", labels) if dataset.has_labels else [None] * len(dataset)
    excluded = {p for finding in found for p in finding.excluded}  # what diversity and --production leave out
    diversity = _diversity(runner, dataset, canonical, excluded) if dataset.has_labels else ()
    summary, label_counts = score(
        total_rows=len(dataset), findings=found, canonical_labels=canonical,
        merges=given.get_or("label_merges", LabelMerges()),
        threshold=settings.threshold, min_per_label=settings.min_per_label,
        check_order=list(dict.fromkeys(c.name for c in catalogue)),
        min_phrasings=settings.min_phrasings, phrasings={d.label: d.effective_phrasings for d in diversity},
    )
    duplicate_checks = frozenset(c.code for c in catalogue if c.finds_duplicates)
    sources = source_counts(dataset.sources, found, duplicate_checks) if dataset.source_column else ()
    normalized = given.get_or("normalized", None)
    if normalized is None:
        normalized = [normalize(t) for t in dataset.compare_texts]
    key_fields = {check.code: check.key_fields for check in catalogue}
    keyed = [replace(f, key=finding_key(f, key_fields.get(f.code), normalized, labels)) for f in found]
    ids = dataset.row_ids
    findings = tuple(_with_ids(f, number, ids) for number, f in enumerate(keyed, start=1))
    report_settings = {**settings.as_report_settings(), "rule_packs": [p.name for p in packs]}
    return Report(dataset=dataset.info(), settings=report_settings, summary=summary,
                  labels=label_counts, checks=tuple(runs), findings=findings, annotators=annotators,
                  sources=sources, rows=_report_rows(dataset, keyed, labels),
                  diversity=diversity,
                  representativeness=None if production is None else
                  for_scan(dataset, settings, canonical, excluded, production, progress),
                  run=RunInfo(stages=tuple(runner.timings()), checks=tuple(seconds)))


def _diversity(runner: StageRunner, dataset, canonical, excluded: set[int]):
    """Phrasings per label over the clean rows, with the file's own slot evidence (diversity.py);
    none when the near-duplicate stages failed."""
    stages = runner.inputs(("text_groups", "minimal_pairs"), "the report")
    minimal = stages.get_or("minimal_pairs", None)
    if minimal is None:
        return ()
    return label_phrasings(minimal.texts, stages["text_groups"].rows, canonical, excluded, minimal.is_filler,
                           dataset.sources if dataset.source_column else None)


def _report_rows(dataset: Dataset, findings: list[Finding], labels) -> tuple[ReportRow, ...]:
    """The rows the findings name, with what a reader needs to see of them."""
    ids = dataset.row_ids
    position = {rid: p for p, rid in enumerate(ids)}
    wanted = {p for f in findings for p in f.rows}
    for finding in findings:
        wanted.update(position[r] for r in finding.get("supporting_rows") or () if r in position)
    texts, sources = dataset.texts, dataset.sources
    return tuple(ReportRow(row_id=ids[p], text=texts[p], label=labels[p], source=sources[p]) for p in sorted(wanted))


def _finding_order(finding: Finding):
    first = finding.keep if finding.keep is not None else (finding.rows[0] if finding.rows else -1)
    return (first, finding.rows)


def _with_ids(finding: Finding, number: int, ids: list) -> Finding:
    return replace(finding, id=number, rows=tuple(ids[p] for p in finding.rows),
                   actions=tuple(Action(ids[a.row], a.do, a.label) for a in finding.actions))
