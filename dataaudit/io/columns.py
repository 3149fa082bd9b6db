"""Finding the text, label and id columns: by name (exact, then words and near spellings such
as `intent_label`, `intnt`, `gold`), then by content (a short, low-cardinality text column is
a label; the column of long, mostly distinct texts is the text). When two columns are equally
likely, or only the content says so, it is exit 2 with the candidates: a labeled file must
never be audited as unlabeled by accident."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from ..errors import InputError

# Checked in order; the first present (case-insensitive) wins.
TEXT_NAMES = ("text", "utterance", "sentence", "prompt", "input", "query", "question", "content",
              "message", "document", "transcript", "transcription", "review", "comment", "body", "sentence1")
LABEL_NAMES = ("label", "labels", "intent", "category", "class", "target", "tag", "gold_label",
               "annotation", "topic", "sentiment", "y")
# Words that make a column name a label's ("intent_label", "sentiment_class", "goldLabel").
_LABEL_WORDS = ("label", "labels", "intent", "intents", "category", "categories", "class", "target", "tag", "tags",
                "gold", "annotation", "topic", "sentiment", "y", "emotion", "stance", "verdict", "outcome")
_TEXT_WORDS = ("text", "utterance", "sentence", "prompt", "query", "question", "content", "message", "review",
               "comment", "body", "transcript", "transcription", "document", "utt")
_NOT_A_LABEL = ("id", "uid", "uuid", "index", "idx", "key", "row", "time", "date", "timestamp", "source", "speaker",
                "annotator", "split", "lang", "language", "url", "score", "prob", "probability", "confidence")
_WORD = re.compile(r"[a-z]+|\d+")


# A look-alike filled on fewer rows than this share is no label candidate while another is
# filled (the Twitter airline file's *_gold columns: 40 of 14,640 rows beside a full sentiment).
ALMOST_EMPTY = 0.05


@dataclass(frozen=True)
class Guess:
    column: Optional[str]
    how: str  # "given", "name", "similar name", "content", "none"
    note: str = ""  # the almost empty look-alikes passed over: "chosen over x_gold (99.7% empty)"


def _columns_list(columns: Sequence[str]) -> str:
    shown = ", ".join(columns[:30])
    return shown + (f" (and {len(columns) - 30} more)" if len(columns) > 30 else "")


def require_column(name: str, columns: Sequence[str], path: Path, flag: str) -> str:
    if name in columns:
        return name
    folded = {c.casefold(): c for c in columns}
    if name.casefold() in folded:
        return folded[name.casefold()]
    close = difflib.get_close_matches(name, list(columns), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise InputError(
        f"No such column: {name} in {path}.{hint} Columns are: {_columns_list(columns)}. Use {flag} COL."
    )


def guess_column(columns: Sequence[str], names: Sequence[str], exclude: Sequence[str] = ()) -> Optional[str]:
    folded = {c.casefold().strip(): c for c in columns if c not in exclude}
    for name in names:
        if name in folded:
            return folded[name]
    return None


def resolve_text_columns(given: Sequence[str], columns: Sequence[str], path: Path,
                         values=None) -> tuple[tuple[str, ...], str]:
    """The text column(s), and how they were found ("given", "name", "similar name", "content")."""
    if given:
        return tuple(require_column(name, columns, path, "--text-col") for name in given), "given"
    found, how = guess_column(columns, TEXT_NAMES), "name"
    if found is None:
        scored = sorted(((s, c) for c in columns if (s := _name_score(c, _TEXT_WORDS)) > 0), reverse=True)
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            raise InputError(f"{path}: several columns could be the text ({_quoted([c for _, c in scored])}). "
                             "Name it with --text-col COL (repeat it to compare several as one text).")
        found, how = (scored[0][1], "similar name" if scored[0][0] < 1.0 else "name") if scored else (None, "")
    if found is None and values is not None:
        found, how = _text_by_content(columns, values, path), "content"
    if found is None and len(columns) == 1 and any(sep in columns[0] for sep in (";", "|")):
        raise InputError(
            f"{path} has one column named '{columns[0]}': it looks separated by "
            f"'{';' if ';' in columns[0] else '|'}', not commas. Convert it to comma- or tab-separated "
            "values (e.g. save as CSV), then run again."
        )
    if found is None:
        close = difflib.get_close_matches("text", [c.casefold() for c in columns], n=1, cutoff=0.5)
        hint = f" Did you mean --text-col {columns[[c.casefold() for c in columns].index(close[0])]}?" if close else ""
        raise InputError(
            f"No text column found in {path}: none is named like {', '.join(TEXT_NAMES[:6])}, ….{hint} "
            f"Columns are: {_columns_list(columns)}. Use --text-col COL to name it."
        )
    return (found,), how


def _text_by_content(columns: Sequence[str], values, path: Path) -> Optional[str]:
    """The column of long, mostly distinct strings, when one clearly is (else None, or exit 2 when
    two are alike)."""
    stats = []
    for column in columns:
        cells = [str(v) for v in values(column) if v is not None and str(v).strip()]
        if len(cells) < 2 or all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in cells[:200]):
            continue
        mean = sum(len(c) for c in cells) / len(cells)
        if mean >= 15 and len(set(cells)) >= 0.5 * len(cells):
            stats.append((mean, column))
    stats.sort(reverse=True)
    if len(stats) > 1 and stats[0][0] < 1.5 * stats[1][0]:
        raise InputError(f"{path}: no column is named like a text, and {_quoted([c for _, c in stats])} all hold "
                         "long, varied texts. Name the example text with --text-col COL.")
    return stats[0][1] if stats else None


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(name))  # camelCase
    return _WORD.findall(spaced.casefold())


def _name_score(name: str, vocabulary: Sequence[str]) -> float:
    """1.0 when a word of the name is one of `vocabulary`, up to 0.9 for a near spelling ("intnt")."""
    words = _words(name)
    if any(word in vocabulary for word in words):
        return 1.0
    best = max((difflib.SequenceMatcher(None, w, v).ratio() for w in words if len(w) >= 4 for v in vocabulary
                if len(v) >= 4), default=0.0)
    return 0.9 * best if best >= 0.8 else 0.0


def _looks_like_labels(values: list) -> bool:
    """Short strings, few distinct values, most of them repeated: a label column."""
    present = [v for v in values if v is not None and str(v).strip()]
    if len(present) < max(4, len(values) // 2):
        return False
    distinct = set(map(str, present))
    short = sum(len(str(v)) <= 40 for v in present) >= 0.95 * len(present)
    numeric = all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in distinct)
    few = len(distinct) <= max(2, min(200, len(present) // 3))
    return short and few and not (numeric and len(distinct) > 10)


def resolve_label_column(given: Optional[str], columns: Sequence[str], path: Path, text_columns: Sequence[str],
                         values=None, exclude: Sequence[str] = ()) -> Guess:
    """The label column, and how it was found. `values(column) -> list` reads a column's cells
    for the content test (None: names only)."""
    if given:
        column = require_column(given, columns, path, "--label-col")
        if column in text_columns:
            raise InputError(f"--label-col {column} is also a text column. Pick a different column for the label.")
        return Guess(column, "given")
    # A column named exactly like a label is the label even when another role names it (the
    # loader then refuses the double role); only guesses skip the columns with another role.
    exact = guess_column(columns, LABEL_NAMES, exclude=text_columns)
    if exact is not None:
        return Guess(exact, "name")
    candidates = [c for c in columns if c not in text_columns and c not in exclude
                  and not any(w in _NOT_A_LABEL for w in _words(c))]
    by_name = sorted(((s, c) for c in candidates if (s := _name_score(c, _LABEL_WORDS)) > 0), reverse=True)
    passed_over: list[tuple[float, str, float]] = []
    if len(by_name) > 1 and values is not None:
        by_name, passed_over = _without_almost_empty(by_name, values)
    if by_name:
        if len(by_name) > 1 and by_name[0][0] == by_name[1][0]:
            names = ", ".join(c for _, c in by_name[:4])
            raise InputError(f"{path}: several columns could be the label ({names}). Name it with --label-col COL, "
                             "or pass --no-labels for unlabeled data.")
        score, column = by_name[0]
        # Only the look-alikes that would have tied with or beaten the choice are worth naming.
        over = [f"{c} ({_empty_share(filled)} empty)" for s, c, filled in passed_over if s >= score]
        return Guess(column, "similar name" if score < 1.0 else "name",
                     note="chosen over " + ", ".join(over) if over else "")
    by_content = [c for c in candidates if values is not None and _looks_like_labels(values(c))] if values else []
    if by_content:
        raise InputError(f"{path}: no column is named like a label ({', '.join(LABEL_NAMES[:5])}, …), but "
                         f"{_quoted(by_content)} hold{'s' if len(by_content) == 1 else ''} a few short values "
                         f"repeated like labels. Did you mean --label-col {by_content[0]}? Pass --no-labels if the "
                         "file is unlabeled.")
    return Guess(None, "none")


def _without_almost_empty(by_name: list[tuple[float, str]], values) -> tuple[list, list]:
    """The name candidates less those almost all empty, and those (score, column, filled share);
    all of them when every one is almost empty, so that nothing is clearly better and a tie is
    still the user's to settle."""
    filled = {c: _filled_share(values(c)) for _, c in by_name}
    kept = [(s, c) for s, c in by_name if filled[c] >= ALMOST_EMPTY]
    if not kept:
        return by_name, []
    return kept, sorted(((s, c, filled[c]) for s, c in by_name if filled[c] < ALMOST_EMPTY), key=lambda t: t[1])


def _filled_share(cells: list) -> float:
    filled = sum(1 for v in cells if v is not None and v == v and str(v).strip())  # v == v: not NaN
    return filled / max(len(cells), 1)


def _empty_share(filled: float) -> str:
    shown = f"{1 - filled:.1%}"
    return ">99.9%" if shown == "100.0%" and filled > 0 else shown


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f"'{c}'" for c in columns[:4])


def check_unique_names(columns: Sequence[str], path: Path) -> None:
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise InputError(
                f"{path} has two columns named '{name}'. Rename one in the header so every column name is unique."
            )
        seen.add(name)
