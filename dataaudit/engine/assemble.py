"""The Report from what the checks found: scores, the finding keys and row ids, the rows the
findings name, phrasings per label, the --production comparison, and the run's timings."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..config import Settings
from ..quality.diversity import label_phrasings
from ..finding_keys import finding_key
from ..labelling.merges import LabelMerges
from ..model.dataset import Dataset
from ..model.findings import Action, Finding, Report, ReportRow, RunInfo
from ..quality.representativeness import for_scan
from ..scoring import score, source_counts
from ..stages import ProgressHook, StageRunner
from ..text import normalize
from .executor import Ran
from .plan import Plan


def assemble(dataset: Dataset, settings: Settings, plan: Plan, ran: Ran, production: Optional[Dataset],
             progress: Optional[ProgressHook]) -> Report:
    runner, found, catalogue, packs = ran.stages, ran.found, plan.catalogue, plan.packs
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
                  labels=label_counts, checks=tuple(ran.runs), findings=findings, annotators=ran.annotators,
                  sources=sources, rows=_report_rows(dataset, keyed, labels),
                  diversity=diversity,
                  representativeness=None if production is None else
                  for_scan(dataset, runner.settings, canonical, excluded, production, progress),  # the executor's cache policy
                  run=RunInfo(stages=tuple(runner.timings()), checks=tuple(ran.seconds), engine=ran.engine))


def _diversity(runner: StageRunner, dataset, canonical, excluded: set[int]):
    """Phrasings per label over the clean rows, with the file's own slot evidence (quality/diversity.py);
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
    return tuple(ReportRow(ids[p], texts[p], labels[p], sources[p], *dataset.place(p)) for p in sorted(wanted))


def _with_ids(finding: Finding, number: int, ids: list) -> Finding:
    return replace(finding, id=number, rows=tuple(ids[p] for p in finding.rows),
                   actions=tuple(Action(ids[a.row], a.do, a.label) for a in finding.actions))
