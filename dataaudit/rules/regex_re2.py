"""A Python `re` pattern rewritten for RE2 (linear time) so that it matches exactly the strings
Python's `re.search` matches, or None when RE2 cannot say the same thing.

Why rewrite rather than hand RE2 the pattern as written: the same text means different things
to the two engines. RE2's \\w, \\d, \\s and \\b are ASCII while Python's are Unicode (a
Devanagari vowel sign is not \\w in Python, é is); RE2's $ does not match before a final
newline; RE2 folds case by Unicode's tables, Python by its own rules (the Kelvin sign K is k
in one and not the other under the ASCII flag). Great Expectations means Python's re.search
(pandas' `str.contains`), and a rule must flag the same rows on either engine.

So the pattern is read by Python's own parser, and every single-character item (a literal, a
class, `.`, \\w, ...) becomes an explicit class of code points, found by running Python's
re on that item over every code point: the flags in force (IGNORECASE, ASCII, DOTALL) mean
exactly what Python makes them mean. ^, $, \\A, \\Z and the multiline forms become their RE2
equivalents; a Unicode \\b at the pattern's start or end becomes a test of the character beside
the match. A construct RE2 cannot express with Python's meaning (lookaround, backreference,
conditional, atomic or possessive group, \\b inside the pattern, $ before more pattern, a
repetition count over 1000) gives None, and the caller runs Python's re under a time budget.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Optional

# Python's own pattern parser (3.11+), the one GX's re.search uses. It is private: a Python
# without it sends every pattern to Python's re, under the time budget.
try:
    from re import _parser as sre

    _CHAR_OPS = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)
    _CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
                   sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
except (ImportError, AttributeError):  # pragma: no cover
    sre = None

_CHAR_FLAGS = re.IGNORECASE | re.ASCII | re.DOTALL  # the flags that change what one character matches
_MAX_COUNT = 1000  # RE2 refuses repetition counts above this
_SURROGATES = (0xD800, 0xDFFF)  # not in UTF-8 text: RE2 rejects them in a class


class _Untranslatable(Exception):
    pass


@functools.lru_cache(maxsize=1024)
def to_re2(pattern: str) -> Optional[str]:
    """The RE2 pattern, or None when the pattern needs Python's backtracking engine."""
    if sre is None:
        return None
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: GX's own compile says it
            warnings.simplefilter("ignore")
            parsed = sre.parse(pattern)
        flags = parsed.state.flags
        if flags & re.LOCALE:
            return None
        folded: dict[tuple[int, int], tuple] = {}
        _Writer(None).sequence(parsed, flags, head=True, tail=True)  # structure first: no scans for nothing
        literals = {(av, item_flags & _CHAR_FLAGS) for op, av, item_flags in _char_items(parsed, flags)
                    if op is sre.LITERAL and item_flags & re.IGNORECASE}
        for item_flags in {f for _, f in literals}:
            folded.update(_folded_literals(frozenset(c for c, f in literals if f == item_flags), item_flags))
        return _Writer(folded).sequence(parsed, flags, head=True, tail=True)
    except (_Untranslatable, re.error, RecursionError, ValueError, TypeError, IndexError):
        return None  # a parse tree this code does not know: Python's re (bounded) is always right


class _Writer:
    """Writes the parsed pattern as RE2 syntax; with `folded` None it only checks that it can."""

    def __init__(self, folded: Optional[dict]):
        self.folded = folded

    def sequence(self, items, flags: int, head: bool, tail: bool) -> str:
        # `head` / `tail`: nothing before / after this sequence can consume text, so a Python $
        # here may consume the final newline, a Unicode \b the character beside it (see below)
        out = []
        for index, (op, av) in enumerate(items):
            first, last = head and index == 0, tail and index == len(items) - 1
            if op is sre.AT and av in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY) and not flags & re.ASCII:
                out.append(self.boundary(av, items, index, flags, first, last))
            else:
                out.append(self.node(op, av, flags, first, last))
        return "".join(out)

    def boundary(self, at, items, index: int, flags: int, head: bool, tail: bool) -> str:
        """Python's Unicode \\b or \\B, which RE2's ASCII one is not. At the pattern's start (end),
        before (after) items whose first (last) character is always a word character or never
        one, it only says whether the character before (after) is one: RE2 can consume that."""
        if head:
            kinds, empty = _edge_kinds(items[index + 1:], flags, from_end=False)
        elif tail:
            kinds, empty = _edge_kinds(items[:index], flags, from_end=True)
        else:
            raise _Untranslatable("\\b inside the pattern")
        if empty or len(kinds) != 1:
            raise _Untranslatable("\\b beside a mixed or empty match")
        if self.folded is None:
            return ""
        word, not_word = (_re2_class(_code_points(item, flags & re.ASCII)) for item in (r"\w", r"\W"))
        beyond = "(?:" + (r"\A" if head else r"\z") + "|" + not_word + ")"  # no character, or not a word one
        return beyond if (kinds == {"w"}) == (at is sre.AT_BOUNDARY) else word

    def node(self, op, av, flags: int, head: bool, tail: bool) -> str:
        if op in _CHAR_OPS:
            if self.folded is None:
                return ""
            if op is sre.LITERAL and not flags & re.IGNORECASE:
                return _hex(av)
            if op is sre.LITERAL:
                return _re2_class(self.folded[(av, flags & _CHAR_FLAGS)])
            return _re2_class(_code_points(_python_item(op, av), flags & _CHAR_FLAGS))
        if op is sre.SUBPATTERN:
            _group, add, remove, inner = av
            return "(?:" + self.sequence(inner, (flags | add) & ~remove, head, tail) + ")"
        if op is sre.BRANCH:
            return "(?:" + "|".join(self.sequence(branch, flags, head, tail) for branch in av[1]) + ")"
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, inner = av
            unbounded = high == sre.MAXREPEAT
            if low > _MAX_COUNT or (not unbounded and high > _MAX_COUNT):
                raise _Untranslatable("repetition count")
            count = f"{{{low},}}" if unbounded else (f"{{{low}}}" if low == high else f"{{{low},{high}}}")
            lazy = "?" if op is sre.MIN_REPEAT else ""  # the same rows match either way; kept for clarity
            return "(?:" + self.sequence(inner, flags, head=False, tail=False) + ")" + count + lazy
        if op is sre.AT:
            return _anchor(av, flags, tail)
        raise _Untranslatable(str(op))  # ASSERT, ASSERT_NOT, GROUPREF, GROUPREF_EXISTS, ATOMIC_GROUP, POSSESSIVE_REPEAT


def _anchor(at, flags: int, tail: bool) -> str:
    multiline = flags & re.MULTILINE
    if at is sre.AT_BEGINNING:
        return "(?m:^)" if multiline else r"\A"
    if at is sre.AT_BEGINNING_STRING:
        return r"\A"
    if at is sre.AT_END_STRING:
        return r"\z"
    if at is sre.AT_END:
        if multiline:
            return "(?m:$)"  # before any \n or at the end, in both engines
        if tail:
            # Python's $ holds at the end or just before a final \n. Where nothing follows it in
            # the pattern, consuming that \n and asserting the end finds the same matches.
            return r"(?:\n?\z)"
        raise _Untranslatable("$ before more pattern")
    if at is sre.AT_BOUNDARY and flags & re.ASCII:
        return r"\b"  # [0-9A-Za-z_] are the word characters of both (\B differs: re's never holds in '')
    raise _Untranslatable(str(at))


def _edge_kinds(items, flags: int, from_end: bool) -> tuple[set, bool]:
    """Whether the first (last) character of a match of `items` can be a word character ("w")
    or another one ("n"), and whether the match can be empty."""
    kinds: set = set()
    for op, av in (reversed(items) if from_end else items):
        if op in _CHAR_OPS:
            ranges = _code_points(_python_item(op, av), flags & _CHAR_FLAGS)
            kinds |= {kind for kind, pattern in (("w", r"\w"), ("n", r"\W"))
                      if _overlap(ranges, _code_points(pattern, flags & re.ASCII))}
            return kinds, False
        if op is sre.AT:
            continue  # takes no character
        if op is sre.SUBPATTERN:
            found, empty = _edge_kinds(av[3], (flags | av[1]) & ~av[2], from_end)
        elif op is sre.BRANCH:
            edges = [_edge_kinds(branch, flags, from_end) for branch in av[1]]
            found, empty = set().union(*(k for k, _ in edges)), any(e for _, e in edges)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            found, empty = _edge_kinds(av[2], flags, from_end)
            empty = empty or av[0] == 0
        else:
            raise _Untranslatable(str(op))
        kinds |= found
        if not empty:
            return kinds, False
    return kinds, True


def _overlap(a, b) -> bool:
    """Whether two sorted lists of disjoint code point ranges share a code point."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i][1] < b[j][0]:
            i += 1
        elif b[j][1] < a[i][0]:
            j += 1
        else:
            return True
    return False


def _char_items(items, flags: int):
    """Every single-character item with the flags in force where it stands."""
    for op, av in items:
        if op in _CHAR_OPS:
            yield op, av, flags
        elif op is sre.SUBPATTERN:
            yield from _char_items(av[3], (flags | av[1]) & ~av[2])
        elif op is sre.BRANCH:
            for branch in av[1]:
                yield from _char_items(branch, flags)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            yield from _char_items(av[2], flags)


def _python_item(op, av) -> str:
    """A character item back in Python syntax (code points spelled \\U, whatever the flags)."""
    if op is sre.LITERAL:
        return _py(av)
    if op is sre.NOT_LITERAL:
        return f"[^{_py(av)}]"
    if op is sre.ANY:
        return "."
    parts = []
    for item_op, item in av:
        if item_op is sre.NEGATE:
            parts.append("^")
        elif item_op is sre.LITERAL:
            parts.append(_py(item))
        elif item_op is sre.RANGE:
            parts.append(f"{_py(item[0])}-{_py(item[1])}")
        elif item_op is sre.CATEGORY and item in _CATEGORIES:
            parts.append(_CATEGORIES[item])
        else:
            raise _Untranslatable(str(item_op))
    return "[" + "".join(parts) + "]"


def _py(code: int) -> str:
    return f"\\U{code:08x}"


def _hex(code: int) -> str:
    return f"\\x{{{code:x}}}"


@functools.lru_cache(maxsize=1)
def _every_code_point() -> str:
    import numpy as np

    return np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")


@functools.lru_cache(maxsize=512)
def _code_points(item: str, flags: int) -> tuple[tuple[int, int], ...]:
    """What one character item matches, as ranges of code points: Python's re says, over all of them."""
    runs = re.compile(f"(?:{item})+", flags).finditer(_every_code_point())
    return tuple((m.start(), m.end() - 1) for m in runs)


_FOLDED: dict[tuple[int, int], tuple] = {}


def _folded_literals(codes: frozenset, flags: int) -> dict[tuple[int, int], tuple]:
    """Case-insensitive literals, all in one pass over the code points: the characters their
    class matches, then which of those each literal matches on its own (Python's re decides)."""
    missing = sorted(c for c in codes if (c, flags) not in _FOLDED)
    if missing:
        candidates = [m.start() for m in re.compile("[" + "".join(map(_py, missing)) + "]", flags)
                      .finditer(_every_code_point())]
        for code in missing:
            one = re.compile(_py(code), flags)
            _FOLDED[(code, flags)] = _ranges(c for c in candidates if one.fullmatch(chr(c)))
    return {(c, flags): _FOLDED[(c, flags)] for c in codes}


def _ranges(codes) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for code in codes:
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return tuple((low, high) for low, high in out)


def _re2_class(ranges) -> str:
    ranges = tuple(ranges)
    if len(ranges) == 2 and all(a == b for a, b in ranges) and 0x41 <= ranges[0][0] <= 0x5A \
            and ranges[1][0] == ranges[0][0] + 0x20:
        # RE2 reads [Kk] as a case-folded k, and inside an alternation that also matches the
        # Kelvin sign (and [Ss] the long s): two literals keep it to these two characters
        return f"(?:{_hex(ranges[0][0])}|{_hex(ranges[1][0])})"
    parts = []
    for low, high in ranges:
        pieces = [(low, high)]
        if low <= _SURROGATES[1] and high >= _SURROGATES[0]:
            pieces = [(a, b) for a, b in ((low, _SURROGATES[0] - 1), (_SURROGATES[1] + 1, high)) if a <= b]
        parts += [_hex(a) if a == b else f"{_hex(a)}-{_hex(b)}" for a, b in pieces]
    return "[" + "".join(parts) + "]" if parts else r"[^\x{0}-\x{10ffff}]"  # an empty class matches nothing
