"""Labels that belong to a pair of texts rather than to one row's text.

A sentence-pair file (SICK, SNLI, MRPC, STS: `sentence_A`/`sentence_B`, `premise`/`hypothesis`,
`question1`/`question2`) labels how two texts relate: "entailment" is a fact about the pair,
and neither text alone, nor the two run together as one text for a bag-of-features classifier,
says whether it holds. DA203 on such a file judges a label its classifier cannot read: on 2,000
SICK pairs with sentence_A as the text it flagged rows whose labels were all right (README,
DA203). Two columns that hold texts and are named as a pair — the same name ending in A/B,
1/2, left/right, first/second, or premise/hypothesis — make the file a pair file, whichever of
them the scan compares. A translation or paraphrase column beside the text (Hinglish-TOP's
`en_query`) is no pair: the label belongs to either text, and DA203 stays on.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

# (marker of the first column, of the second), compared casefolded after the shared stem.
_TWIN_MARKERS = (("a", "b"), ("1", "2"), ("left", "right"), ("first", "second"))
_PAIR_NAMES = (("premise", "hypothesis"),)
_SPLIT = re.compile(r"^(.*?)[\s_\-.]*([a-z]+|\d+)$")
# A column holds texts when its cells are this long on average and mostly distinct (the loader's
# content test for a text column, io/columns.py).
TEXT_MEAN_CHARS = 15
TEXT_DISTINCT_SHARE = 0.5


def pair_columns(columns: Sequence[str], text_columns: Sequence[str], cells) -> Optional[tuple[str, str]]:
    """The two columns of the file that make its rows pairs of texts, a text column first, or None.
    `cells(column) -> list` reads a column's values."""
    for used in text_columns:
        for other in columns:
            if other != used and _twins(used, other) and holds_texts(cells(other)) and holds_texts(cells(used)):
                return used, other
    return None


def _twins(first: str, second: str) -> bool:
    a, b = str(first).strip().casefold(), str(second).strip().casefold()
    if any({a, b} == set(names) for names in _PAIR_NAMES):
        return True
    ma, mb = _SPLIT.match(a), _SPLIT.match(b)
    if not (ma and mb) or ma.group(1) != mb.group(1) or not ma.group(1):
        return False
    return any({ma.group(2), mb.group(2)} == set(markers) for markers in _TWIN_MARKERS)


def holds_texts(values: list) -> bool:
    cells = [str(v) for v in values if v is not None and v == v and str(v).strip()]  # v == v: not NaN
    if len(cells) < 2:
        return False
    return (sum(map(len, cells)) / len(cells) >= TEXT_MEAN_CHARS
            and len(set(cells)) >= TEXT_DISTINCT_SHARE * len(cells))


def pair_reason(used: Sequence[str], pair: tuple[str, str]) -> str:
    """Why DA203 is off, in the words the check result shows."""
    first, second = pair
    compared = "compared as one text" if second in used else f"and only '{first}' is compared"
    return (f"the labels belong to pairs of texts, not to one: '{first}' and '{second}' are a pair of text "
            f"columns ({compared}), and a label about how two texts relate (entailment, paraphrase, similarity) "
            "cannot be judged from the texts' words. Exact and near copies with different labels are still "
            "found by DA201")


def unused_text_columns(columns: Sequence[str], skip: Sequence[str], cells) -> list[str]:
    """Columns besides `skip` (the text, label and id columns) that hold texts."""
    return [c for c in columns if c not in skip and holds_texts(cells(c))]
