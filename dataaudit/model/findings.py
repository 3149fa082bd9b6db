"""The values an audit produces. Renderers only read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Optional, Union

RowId = Union[int, str]
Severity = Literal["info", "warning", "error"]
Do = Literal["keep", "drop", "relabel", "review"]
# The one scoring rule: a row is clean as it stands unless a finding asks to change it.
CHANGES_THE_ROW: tuple[str, ...] = ("drop", "relabel", "review")


@dataclass(frozen=True)
class Action:
    """What to do with one row: `keep` it (the copy a duplicate group keeps), `drop` it,
    `relabel` it to `label`, or have a person `review` it (`label`: the suggestion, if any)."""

    row: RowId
    do: Do
    label: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem: which rows, what to do with each, and why.

    `actions` are the machine form of `suggested_action`; `keep` and `excluded` are read
    from them. `id` (the display number) and `key` (stable across runs, from content) are
    assigned when the report is assembled (checks leave them empty). `extra` carries
    check-specific fields (`suggested_label`, `rule`, ...), declared by the check, that are
    written into the JSON finding beside the common ones.
    """

    # The check's name and code: the engine stamps them from the check that returned the finding
    # (engine/executor.py), so a check may leave them out and can never mislabel its findings.
    check: str = ""
    code: str = ""
    severity: Severity
    rows: tuple[RowId, ...]
    message: str
    suggested_action: str
    actions: tuple[Action, ...] = ()
    labels: tuple[str, ...] = ()
    score: float = 1.0
    id: int = 0
    key: str = ""
    extra: tuple[tuple[str, Any], ...] = ()

    @property
    def keep(self) -> Optional[RowId]:
        return next((a.row for a in self.actions if a.do == "keep"), None)

    @property
    def excluded(self) -> tuple[RowId, ...]:
        return tuple(a.row for a in self.actions if a.do in CHANGES_THE_ROW)

    def actions_for(self, row: RowId) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.row == row)

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.extra).get(key, default)


@dataclass(frozen=True)
class CheckRun:
    """How one check went: `ok`, `skipped` (with a reason) or `failed` (with the error)."""

    check: str
    code: str
    status: Literal["ok", "skipped", "failed"]
    findings: int = 0
    reason: Optional[str] = None
    error: Optional[str] = None
    notes: tuple[str, ...] = ()  # what the check could not judge, and how it judged (shown to users)


@dataclass(frozen=True)
class CheckOutcome:
    """What a check may return instead of a bare list: its findings plus notes for the user."""

    findings: list
    notes: tuple[str, ...] = ()
    annotators: tuple["AnnotatorStats", ...] = ()


@dataclass(frozen=True)
class AnnotatorStats:
    """One annotator (DA204): how many labels, how often they match the consensus."""

    annotator: str
    annotations: int
    checked: int  # annotations on rows with two or more annotators
    agreement_with_consensus: Optional[float]
    quality: Optional[float] = None  # cleanlab's annotator_quality, when the label model can judge
    worst_label: Optional[str] = None


@dataclass(frozen=True)
class SourceStats:
    """One --source-col value: its share of the rows, of the duplicates, and of the clean count."""

    source: str
    rows: int
    share: float
    duplicate_rows: int  # rows in duplicate groups (DA101-DA103), the kept copy included
    duplicate_share: float  # of all such rows
    effective_clean_count: int


class CheckSkipped(Exception):
    """Raised by a check that finds, once running, that it cannot judge this data (the reason
    is shown as the check's `skipped` reason). Not an error: exit codes are unaffected."""


@dataclass(frozen=True)
class LabelCount:
    label: str
    rows: int
    effective_clean_count: int
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelPhrasings:
    """How many phrasings a label's clean rows hold (quality/diversity.py)."""

    label: str
    clean_rows: int
    phrasings: int
    effective_phrasings: float
    largest_share: float
    largest_phrasing: str  # slot fillers shown as "_"
    example: str  # a text of the largest phrasing, as the duplicate checks compare it
    few_templates: bool
    top_source: Optional[str] = None  # with --source-col: the source of most of the label's clean rows
    top_source_share: Optional[float] = None


@dataclass(frozen=True)
class ProductionTopic:
    """A topic (k-means cluster) of the production and training texts: three of its texts."""

    texts: tuple[str, ...]
    production_rows: int
    production_share: float
    training_rows: int
    training_share: float


@dataclass(frozen=True)
class Representativeness:
    """The training set against a --production sample (quality/representativeness.py)."""

    production_path: str
    production_rows: int
    training_rows: int  # clean training rows compared
    compared: int  # production rows compared (a sample past 50,000)
    compared_with: str  # the embedder, or character n-grams and why
    neighbours: int  # how many nearest texts decide whether a production text is covered
    coverage: float
    gaps: tuple[ProductionTopic, ...]
    unused_training_topics: tuple[ProductionTopic, ...]
    scripts: tuple[dict, dict]  # (production, training): script -> share
    median_words: tuple[float, float]  # (production, training)
    predicted_labels: dict  # label -> (predicted production share, training share)
    min_coverage: Optional[float]
    passed: bool
    script_needs: tuple["ScriptNeed", ...] = ()  # scripts production writes far more than training


@dataclass(frozen=True)
class ScriptNeed:
    """A script production writes in far more often than the training set, and the labels its
    production texts are predicted to ask for most, with the training rows of each in that script."""

    script: str
    production_share: float
    training_share: float
    labels: tuple[tuple[str, int, int], ...]  # (label, production texts predicted as it, training rows) in the script


@dataclass(frozen=True)
class Summary:
    total_rows: int
    effective_clean_count: int
    threshold: int
    passed: bool
    excluded_rows: int
    excluded_by_check: dict[str, int]
    verdict: str
    min_per_label: Optional[int] = None
    labels_below_minimum: tuple[str, ...] = ()
    error_findings: int = 0
    min_phrasings: Optional[int] = None
    labels_below_phrasings: tuple[str, ...] = ()  # labels whose clean rows have fewer effective phrasings


@dataclass(frozen=True)
class DatasetInfo:
    path: str
    format: str
    rows: int
    sha256: str
    text_columns: tuple[str, ...]
    label_column: Optional[str]
    id_column: Optional[str]
    source_column: Optional[str] = None
    annotations: Optional[dict[str, Any]] = None  # format, columns, input_rows, annotations, annotators
    repairs: dict[str, int] = field(default_factory=dict)  # what the loader replaced to read the file
    columns_found: dict[str, str] = field(default_factory=dict)  # how the text and label columns were found


@dataclass(frozen=True)
class ReportRow:
    """A row a finding refers to, as the report shows it: so that a saved report renders alone."""

    row_id: RowId
    text: str
    label: Optional[str]
    source: Optional[str] = None
    record: Optional[int] = None  # the input record it came from (0-based)
    line: Optional[int] = None  # the line that record starts on (text files; None for Parquet)


@dataclass(frozen=True)
class RunInfo:
    """Where the time went: each stage's own work, then each check's (the only numbers in a report
    that change from run to run)."""

    stages: tuple[tuple[str, float], ...] = ()
    checks: tuple[tuple[str, float], ...] = ()  # (check code, seconds)
    engine: str = "local"  # the executor that ran the scan (engine/): local, ray (serial in tests)


@dataclass(frozen=True)
class Report:
    dataset: DatasetInfo
    settings: dict[str, Any]
    summary: Summary
    labels: tuple[LabelCount, ...]
    checks: tuple[CheckRun, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    annotators: tuple[AnnotatorStats, ...] = ()
    sources: tuple[SourceStats, ...] = ()
    rows: tuple[ReportRow, ...] = ()
    diversity: tuple[LabelPhrasings, ...] = ()  # per label; empty without labels
    representativeness: Optional[Representativeness] = None  # with --production
    run: RunInfo = field(default_factory=RunInfo)
    # Against a previous scan (report/compare.py's Comparison), when --baseline was given.
    comparison: Any = None

    def row(self, row_id: RowId) -> ReportRow:
        index = self.__dict__.get("_row_index")
        if index is None:
            index = {r.row_id: r for r in self.rows}
            object.__setattr__(self, "_row_index", index)
        return index[row_id]

    @property
    def complete(self) -> bool:
        """False when a check crashed: the report then lists only what did run."""
        return all(run.status != "failed" for run in self.checks)

    @property
    def failed_checks(self) -> tuple[CheckRun, ...]:
        return tuple(run for run in self.checks if run.status == "failed")
