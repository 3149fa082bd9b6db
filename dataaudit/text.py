"""One definition of "the same text", shared by every check.

Normalization is deliberately conservative: it folds what a human would not
call a different example (Unicode compatibility forms, case, punctuation,
spacing) and keeps everything else, so Devanagari and other scripts survive
intact (combining marks such as matras are letters' companions, not punctuation).
"""

from __future__ import annotations

import re
import unicodedata

# Unicode categories folded to a space: punctuation and modifier symbols. Currency,
# maths and other symbols (£ vs €, +, emoji) can change what a text means, so they stay.
_PUNCT_CATEGORIES = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sk"})
_SPACE = re.compile(r"\s+")
# Zero-width characters that change bytes but not what a reader sees.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_PUNCT_TABLE: dict[int, str] = {}


def _fold_punctuation(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        mapped = _PUNCT_TABLE.get(code)
        if mapped is None:
            mapped = " " if unicodedata.category(ch) in _PUNCT_CATEGORIES else ch
            _PUNCT_TABLE[code] = mapped
        out.append(mapped)
    return "".join(out)


def normalize(text: str) -> str:
    """NFKC, casefold, drop invisible characters, fold punctuation, collapse spaces.

    Accents stay, as matras do: "año"/"ano", "où"/"ou", "sí"/"si" are different words, and
    in Vietnamese, German or Turkish the marks are letters. An accent typed or dropped is a
    one-letter typo, which DA102 finds (benchmarks/multilingual_typos.py: French and Spanish
    copies with every accent dropped are found as often as English typo copies). Folding
    accents here was measured and made distinct French templates closer ("facture de
    téléphone" / "d'électricité"): French near-duplicate precision 0.982 -> 0.971.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKC", folded)
    if folded.isascii():
        folded = folded.translate(_ASCII_PUNCT)
    else:
        folded = _fold_punctuation(folded)
    return _SPACE.sub(" ", folded).strip()


_ASCII_PUNCT = {c: " " for c in range(128) if unicodedata.category(chr(c)) in _PUNCT_CATEGORIES}


_LABEL_SEPARATORS = re.compile(r"[\s_\-./\\:]+")


def label_key(label: str) -> str:
    """A label name folded for comparison (DA202's rule 1): case, Unicode forms, separators and
    a trailing plural 's' on words of 5+ letters; names without letters stay as written."""
    folded = unicodedata.normalize("NFKC", label).casefold().strip()
    if not any(ch.isalpha() for ch in folded):
        return folded  # "-1" and "1" are different labels
    words = [w for w in _LABEL_SEPARATORS.split(folded) if w]
    words = [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words]
    return " ".join(words)


# Blanks a one-line preview folds into one space: not the control characters Python counts as
# whitespace (VT, FF, the C0 separators, NEL), which `visible` shows as what they are.
_PREVIEW_SPACE = re.compile(r"[^\S\x0b\x0c\x1c-\x1f\x85]+")


def shorten(text: str, width: int = 80) -> str:
    """A one-line preview of a text for terminals and messages."""
    one_line = _PREVIEW_SPACE.sub(" ", text or "").strip(" ")
    if len(one_line) <= width:
        return one_line
    return one_line[: max(width - 1, 1)].rstrip() + "…"


def listed(items, most: int) -> str:
    """'a, b, c and 4 more': the first `most` items (as str), and how many are left out."""
    items = [str(item) for item in items]
    more = f" and {len(items) - most} more" if len(items) > most else ""
    return ", ".join(items[:most]) + more


# Control characters shown as what they are: a file's text must not drive the terminal
# (ANSI/OSC escapes clear the screen, set the title, hide text) or reorder what is shown
# (bidirectional overrides). C0 codes become their Unicode control pictures (ESC -> ␛).
_VISIBLE = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
_VISIBLE.update({c: f"<U+{c:04X}>" for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def visible(text: str) -> str:
    """`text` with control characters made visible and inert, for a terminal."""
    return text.translate(_VISIBLE)
