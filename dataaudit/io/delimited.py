"""CSV and TSV text into a DataFrame of strings, with errors that name the line, and a file
separated by another character (';' from a European-locale spreadsheet, '|', a tab in a .csv)
refused with what to do instead of audited as one text column."""

from __future__ import annotations

import csv
import io
import itertools
import warnings
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .columns import check_unique_names

_CONVERT = ("Convert it to comma- or tab-separated values (save it as CSV from the spreadsheet, or in Python: "
            "pandas.read_csv(path, sep='{sep}').to_csv(new_path, index=False)), then run again")
# A separator a file read as one column may really use: its name, and what to do about it.
_OTHER_SEPARATORS = {"\t": ("tab", "Pass --format tsv (or name the file *.tsv)"),
                     ",": ("comma", "Pass --format csv (or name the file *.csv)"),
                     ";": ("';'", _CONVERT.format(sep=";")), "|": ("'|'", _CONVERT.format(sep="|"))}
_SAMPLE_CHARS, _SAMPLE_ROWS = 1_000_000, 200


def read_delimited(text: str, path: Path, fmt: str) -> pd.DataFrame:
    sep = "\t" if fmt == "tsv" else ","
    # TSV has no quoting convention (IANA text/tab-separated-values): quotes are text.
    quoting = csv.QUOTE_NONE if fmt == "tsv" else csv.QUOTE_MINIMAL
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=sep, quoting=quoting))
    except (StopIteration, csv.Error) as exc:
        raise InputError(f"{path}: cannot read the header line ({exc}).") from exc
    check_unique_names([h.strip() for h in header], path)
    if len(header) == 1:
        refuse_other_separator(header[0], text, sep, path)
    try:
        with warnings.catch_warnings():
            # A row with more fields than the header must be an error, not a silent shift.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # dtype=str and only "" as missing: labels such as "01", "NA" or "None" stay as
            # written. index_col=False: never turn the first column into an index.
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                                na_values=[""], engine="c", skip_blank_lines=True, quoting=quoting,
                                index_col=False)
    except pd.errors.ParserWarning as exc:
        line = _first_long_row(text, sep, quoting, len(header))
        raise InputError(
            f"{path}, line {line}: has more fields than the header ({len(header)}: {', '.join(header)}). "
            "A text containing the separator must be quoted, e.g. \"hello, how are you\",greeting."
        ) from exc
    except pd.errors.ParserError as exc:
        raise InputError(
            f"{path}: not valid {fmt.upper()} ({_parser_message(exc)}). Check that row's quoting and "
            "separators, or pass --format if this is not a " + fmt.upper() + " file."
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{path} has no header line. Add a header such as text,label.") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise InputError(f"{path} has a header ({', '.join(frame.columns)}) but no rows. Add examples below the header.")
    return frame


def _first_long_row(text: str, sep: str, quoting: int, width: int) -> int:
    reader = csv.reader(io.StringIO(text), delimiter=sep, quoting=quoting)
    for record in reader:
        if len(record) > width and any(field.strip() for field in record[width:]):
            return reader.line_num
    return 2


def _parser_message(exc: Exception) -> str:
    message = str(exc).strip()
    return message.replace("Error tokenizing data. C error: ", "")


def refuse_other_separator(name: str, text: str, sep: str, path: Path) -> None:
    """Exit 2 when a file that reads as one column splits, header and most rows alike, into the
    same number of fields at another character: its header is text;label, not a column of that
    name. A real one-column file whose texts hold the character splits unevenly, or its header
    does not split at all, so it is read as before."""
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    for other, (kind, fix) in _OTHER_SEPARATORS.items():
        if other == sep or other not in first:
            continue
        # TSV has no quoting (see read_delimited); the others may quote a text holding the separator.
        quoting = csv.QUOTE_NONE if other == "\t" else csv.QUOTE_MINIMAL
        sample = text[:_SAMPLE_CHARS]
        records = csv.reader(io.StringIO(sample), delimiter=other, quoting=quoting)
        try:
            header = next(records)
            rows = [r for r in itertools.islice(records, _SAMPLE_ROWS) if any(f.strip() for f in r)]
        except csv.Error:
            continue
        if len(sample) < len(text) and len(rows) == _SAMPLE_ROWS:
            rows = rows[:-1]  # the last one may be cut at the sample's end
        width = len(header)
        matched = sum(len(r) == width for r in rows)
        if sum(bool(h.strip()) for h in header) < 2 or matched < 0.5 * len(rows):
            continue
        own = "tab" if sep == "\t" else "comma"
        shown = name.replace("\t", "\\t")
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        evidence = f"the header and {matched} of the first {len(rows)} rows" if rows else "the header"
        raise InputError(f"{path} reads as one column named '{shown}': it looks {kind}-separated, not {own}-separated "
                         f"({evidence} split into {width} fields at each {kind}). {fix}.")
