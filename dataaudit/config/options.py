"""Every option, declared once: the `scan` command's flags, the settings-file keys, their
types and checks, and the README's options table (config/readme.py) all come from OPTIONS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from .output_formats import OUTPUT_FORMATS

FORMATS = ("auto", "csv", "tsv", "jsonl", "json", "parquet", "openai-chat", "alpaca", "sharegpt")
LABEL_FROM = ("auto", "column", "assistant", "none")
ENGINES = ("local", "ray")


@dataclass(frozen=True)
class Option:
    name: str  # the Settings field it sets, or (setting=False) the CLI's own name
    flag: Optional[str]  # None: a settings-file key only
    help: str  # one sentence for --help and the README table
    kind: str = "str"  # str, int, float, list (str or list of str), bool, flag, choice, path
    config: tuple[str, ...] = ()  # settings-file keys: the first is documented, the others are aliases
    metavar: Optional[str] = None
    choices: tuple[str, ...] = ()
    multiple: bool = False  # the flag may be repeated
    short: Optional[str] = None
    setting: bool = True  # False: what the CLI writes or prints, not an audit setting
    # The value's own rule: None when it is fine, else what a good value looks like.
    check: Optional[Callable[[Any], Optional[str]]] = None
    # How the flag's value becomes settings, when it is not simply {name: value}.
    apply: Optional[Callable[[Any], dict]] = None
    readme: Optional[str] = None  # the README table's first column, when not `flag METAVAR`

    def text(self, defaults) -> str:
        """The help, with `{default}` filled in from `defaults` (Settings()), so it cannot go stale."""
        if "{default}" not in self.help:
            return self.help
        return self.help.replace("{default}", f"{defaults.effective(self.name):g}")


def _positive_int(value) -> Optional[str]:
    ok = not isinstance(value, bool) and isinstance(value, int) and value > 0
    return None if ok else "a whole number above 0"


def _between(low: float, high: float, low_open: bool = False) -> Callable[[Any], Optional[str]]:
    def check(value) -> Optional[str]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"a number {'above' if low_open else 'from'} {low:g} {'and at most' if low_open else 'to'} {high:g}"
        inside = (low < value if low_open else low <= value) and value <= high
        return None if inside else f"a number {'above' if low_open else 'from'} {low:g} {'and at most' if low_open else 'to'} {high:g}"

    return check


def _label_flag(values) -> dict:
    """--label-col once is the label column; more than once, one column per annotator (wide format)."""
    values = tuple(values or ())
    if not values:
        return {}
    return {"label_column": values[0]} if len(values) == 1 else {"label_columns": values}


def _codes(values) -> tuple[str, ...]:
    return tuple(code.strip() for value in values or () for code in value.split(",") if code.strip())


OPTIONS: tuple[Option, ...] = (
    Option("text_columns", "--text-col", kind="list", multiple=True, metavar="COL", config=("text_col", "text_cols"),
           readme="`--text-col COL` (repeatable)",
           help="column(s) holding the text; several are compared as one text, one per line. Found automatically "
                "when named `text`, `utterance`, `sentence`, `prompt`, `input`, `query`, `question`, `content`, "
                "`message`, …, or like one (`user_utterance`, `txt`); else the one column of long, mostly distinct "
                "texts. Chat/instruction formats need none"),
    Option("label_column", "--label-col", multiple=True, metavar="COL", config=("label_col",), apply=_label_flag,
           help="the label column; found automatically as `label`, `labels`, `intent`, `category`, `class`, "
                "`target`, `tag`, …, or named like one (`intent_label`, `gold`, `intnt`). A column only its contents "
                "make look like labels (short values, repeated), or two equally likely ones, stop the scan (exit 2) "
                "with the candidates: name it, or pass `--no-labels`. Without a label, label checks are skipped and "
                "the report says so. Given more than once, the columns are annotators' labels (wide format): each "
                "row's label is their consensus (DA204)"),
    Option("label_from", "--label-from", kind="choice", choices=LABEL_FROM, metavar="WHERE", config=("label_from",),
           help="where labels come from: `auto` (default: a label column; else, for chat and instruction records "
                "whose answers are short and take few distinct values, the answers), `column`, `assistant` (the last "
                "assistant turn / Alpaca output is the label: a classification fine-tune), `none`. The JSON's "
                "`dataset.columns_found` says which was used"),
    Option("no_labels", "--no-labels", kind="flag", setting=True, apply=lambda on: {"label_from": "none"} if on else {},
           readme="`--no-labels`", help="the file is unlabeled: do not look for a label column (= `--label-from none`)"),
    Option("label_columns", None, kind="list", config=("label_cols",),
           help="settings file: the annotators' label columns (wide format), as a list"),
    Option("annotator_column", "--annotator-col", metavar="COL", config=("annotator_col",),
           help="one row per annotation (long format): this column names the annotator; the rows of one example "
                "share its `--id-col` value (or, without one, its exact text) and fold into one example labeled "
                "with the consensus (DA204)"),
    Option("min_agreement", "--min-agreement", kind="float", metavar="X", config=("min_agreement",),
           check=_between(0.0, 1.0, low_open=True),
           help="share of a row's annotators that must give its consensus label (default {default}: 2 of 3 pass, 1–1 "
                "does not); only with `--annotator-col` or several `--label-col`"),
    Option("source_column", "--source-col", metavar="COL", config=("source_col",),
           help="who or where each row came from (speaker, annotator, upload batch): a `sources` table and DA206"),
    Option("id_column", "--id-col", metavar="COL", config=("id_col",),
           help="a stable row id (must be unique); without it a row's id is its 0-based position"),
    Option("format", "--format", kind="choice", choices=FORMATS, metavar="FMT", config=("format",),
           help="`auto` (default: extension, then content), `csv`, `tsv`, `jsonl`, `json`, `parquet`, "
                "`openai-chat`, `alpaca`, `sharegpt`"),
    Option("encoding", "--encoding", metavar="CODEC", config=("encoding",),
           help="for files that are not UTF-8 (UTF-8/16/32 with a byte-order mark are read without it)"),
    Option("threshold", "--threshold", kind="int", metavar="N", config=("threshold",), check=_positive_int,
           help="effective clean count the gate needs (default {default})"),
    Option("min_per_label", "--min-per-label", kind="int", metavar="N", config=("min_per_label",),
           check=_positive_int, help="every label needs at least N effective clean rows"),
    Option("min_phrasings", "--min-phrasings", kind="int", metavar="N", config=("min_phrasings",),
           check=_positive_int,
           help="every label's clean rows need at least N effective phrasings (texts with their slot fillers "
                "blanked; see docs/diversity.md): a label that is a few templates fails the gate"),
    Option("near_duplicate_threshold", "--near-threshold", kind="float", metavar="X",
           config=("near_duplicate_threshold",), check=_between(0.5, 1.0),
           help="near-duplicate similarity, 0.5–1 (default {default}); measured in docs/accuracy.md"),
    Option("embedder", "--embedder", metavar="NAME", config=("embedder",),
           help="semantic duplicates: `use` (default: Universal Sentence Encoder, fast, 16 languages, no Hindi), "
                "`minilm` (English, ~5× slower), `e5` (multilingual-e5-small: Hindi, code-mixed, cross-lingual), "
                "`static` (model2vec distilled from MiniLM on first use: ~10× faster than `use`, English, lower "
                "recall), the folder of a local sentence-transformers model, or `none`"),
    Option("semantic_threshold", "--semantic-threshold", kind="float", metavar="X", config=("semantic_threshold",),
           check=_between(0.5, 1.0),
           help="cosine (0.5–1) for semantic duplicates (default: the embedder's calibrated threshold); a value "
                "given here applies to every pair, replacing `e5`'s cross-script threshold too"),
    Option("cache_dir", "--cache-dir", kind="path", metavar="DIR", config=("cache_dir",),
           help="the embedding cache folder (default: the user cache folder, or `$DATAAUDIT_CACHE_DIR`)"),
    Option("use_cache", "--no-cache", kind="flag", config=("cache",), apply=lambda off: {"use_cache": False} if off else {},
           readme="`--no-cache`", help="do not read or write the embedding cache (settings file: `cache = false`)"),
    Option("engine", "--engine", kind="choice", choices=ENGINES, metavar="ENGINE", config=("engine",),
           help="what runs the scan, with the same report: `local` (the default: this machine's cores) or `ray` "
                "(Ray Data on a Ray cluster; `pip install \"dataaudit[ray]\"`); with `ray` the input may also be a "
                "folder of Parquet or JSONL shards"),
    Option("ray_address", "--ray-address", metavar="ADDRESS", config=("ray_address",),
           help="with `--engine ray`: the cluster, `auto` (the one this machine belongs to) or `ray://HOST:PORT`; "
                "default: a Ray started on this machine for the scan"),
    Option("against", "--against", kind="path", metavar="PATH", config=("against",),
           help="an evaluation/test set, read with the same format and text columns (its label and id columns are "
                "optional): report training rows that leak into it (DA301). The training file itself is refused"),
    Option("against_benchmarks", "--against-benchmarks", kind="flag", config=("against_benchmarks",),
           help="look for test items of public benchmarks (MMLU, GSM8K, HumanEval, HellaSwag, TruthfulQA; DA302) in "
                "any file: by default only chat and instruction files are checked. `--ignore DA302` turns it off"),
    Option("production", "--production", kind="path", metavar="PATH", config=("production",),
           help="a sample of what users really send (any supported format, labels optional, read with the same "
                "format and text columns): how much of it the training set covers, the topics it lacks, the mix of "
                "scripts, lengths and predicted labels (JSON `representativeness`; the clean count is unchanged)"),
    Option("min_coverage", "--min-coverage", kind="float", metavar="X", config=("min_coverage",),
           check=_between(0.0, 1.0),
           help="with --production: fail (exit 1) when a smaller share of production texts is covered, i.e. has "
                "training texts among its nearest texts (a sample drawn like the training set: 0.98 or more)"),
    Option("rules", "--rules", kind="list", multiple=True, metavar="PACKS", config=("rules",),
           apply=lambda v: {"rules": _codes(v)},
           help="rule packs to run, comma-separated or repeated: built-in names (`basic`, `instruction`, `chat`, "
                "`pii`), pack names from `--rules-dir`, or *.yaml paths; `default` (the default: the built-in packs "
                "that fit the file's format) or `none` (no built-in packs)"),
    Option("rules_dir", "--rules-dir", kind="path", metavar="DIR", config=("rules_dir",),
           help="a folder of rule packs (*.yaml): all of them run, on top of the default packs, unless `--rules` "
                "names packs one by one"),
    Option("expectations", "--expectations", kind="path", metavar="SUITE.json", config=("expectations",),
           help="a Great Expectations ExpectationSuite (JSON, 1.x or 0.x keys) to run as rules: each column-map "
                "expectation one DA4xx rule (severity from its meta, default error)"),
    Option("answer_schema", "--answer-schema", kind="path", metavar="SCHEMA.json", config=("answer_schema",),
           help="a JSON Schema every chat/instruction answer must follow (DA501 judges by it instead of the schema "
                "it infers): an answer that is not JSON or that the schema rejects is an error naming the path, and "
                "its row leaves the clean count. A missing or invalid schema stops the scan (exit 2)"),
    Option("allowed_labels", "--allowed-labels", kind="list", multiple=True, metavar="LABELS",
           config=("allowed_labels",), apply=lambda v: {"allowed_labels": _codes(v)},
           help="the only labels a row may carry (comma-separated or repeated): turns on the basic pack's "
                "label-allowed rule (DA402)"),
    Option("config", "--config", kind="path", metavar="FILE", setting=False,
           help="`dataaudit.toml`, or `pyproject.toml` with `[tool.dataaudit]`; unknown keys are an error"),
    Option("select", "--select", kind="list", multiple=True, metavar="CODES", config=("select",), apply=lambda v: {"select": _codes(v)},
           readme="`--select CODES`",
           help="run only these checks, by code, prefix or name (`DA1`, `DA201`, `near_duplicate`); "
                "comma-separated or repeated"),
    Option("ignore", "--ignore", kind="list", multiple=True, metavar="CODES", config=("ignore",), apply=lambda v: {"ignore": _codes(v)},
           readme="`--ignore CODES`", help="skip these checks (code, prefix or name)"),
    *(Option(output.option, output.flag, kind="str" if output.stdout else "path", metavar="FILE", setting=False,
             readme=output.readme, help=output.help) for output in OUTPUT_FORMATS),
    Option("baseline", "--baseline", kind="path", metavar="PREVIOUS.json", setting=False,
           help="a previous scan's JSON report: each finding is marked `new` or `unchanged` by its key, and the "
                "findings fixed since are listed (JSON `baseline`, and the terminal)"),
    Option("fail_on", "--fail-on", kind="choice", choices=("gate", "new"), metavar="WHAT", setting=False,
           help="what makes the exit code 1: `gate` (the default: the count below the threshold, or an error "
                "finding) or `new` (a finding that is not in `--baseline`: CI fails only on new problems)"),
    Option("exit_zero", "--exit-zero", kind="flag", setting=False,
           help="exit 0 even when the gate fails (unusable input still exits 2)"),
    Option("quiet", "--quiet", kind="flag", short="-q", setting=False, readme="`-q`, `--quiet`",
           help="no progress, no summary: only the verdict line"),
)

BY_NAME = {option.name: option for option in OPTIONS}


def config_keys() -> dict[str, Option]:
    """Settings-file key -> its option."""
    return {key: option for option in OPTIONS for key in option.config}
