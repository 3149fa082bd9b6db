"""Pair features for a learned 'same example?' judgement (trained leave-one-source-out)."""

from __future__ import annotations

import re
import string

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

URL = re.compile(r"https?://\S+|www\.\S+")
HANDLE = re.compile(r"@\w+")
RT = re.compile(r"^\s*rt\s+@\w+\s*:?\s*|^\s*rt\b:?", re.I)
HASHTAG = re.compile(r"#\w+")
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]")
PUNCT = re.compile(rf"[{re.escape(string.punctuation)}“”‘’«»¿¡।…–—]")
DIGITS = re.compile(r"\d+")
NEGATION = {"not", "no", "never", "nobody", "none", "nothing", "nahi", "nahin", "nai", "mat", "na", "नहीं", "मत",
            "ne",
            "pas", "jamais", "nunca", "tampoco", "isn", "aren", "don", "doesn", "didn", "won", "can", "cannot", "t"}
NOISE = ("url", "handle", "rt", "hashtag", "emoji", "punct", "case")


def canon(text: str, drop: tuple[str, ...]) -> str:
    """`text` with the kinds of difference in `drop` taken out (in this order), spaces collapsed."""
    steps = (("url", URL, " "), ("rt", RT, " "), ("handle", HANDLE, " "), ("hashtag", HASHTAG, " "),
             ("emoji", EMOJI, " "), ("punct", PUNCT, " "))
    for kind, pattern, replacement in steps:
        if kind in drop:
            text = pattern.sub(replacement, text)
    if "case" in drop:
        text = text.lower()
    if "digits" in drop:
        text = DIGITS.sub("0", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-cased words without punctuation or emoji (split at spaces: `\\w` would cut
    Devanagari words at their vowel signs)."""
    return PUNCT.sub(" ", EMOJI.sub(" ", text.lower())).split()


def pair_features(a: str, b: str) -> dict:
    from dataaudit.similarity.near_pairs import similarity
    from dataaudit.text import normalize

    wa, wb = words(a), words(b)
    same_space = canon(a, ()) == canon(b, ())
    out = {
        "ratio": round(fuzz.ratio(a, b) / 100, 4),
        "ratio_lower": round(fuzz.ratio(a.lower(), b.lower()) / 100, 4),
        "token_set_ratio": round(fuzz.token_set_ratio(a, b) / 100, 4),
        "token_sort_ratio": round(fuzz.token_sort_ratio(a, b) / 100, 4),
        "partial_ratio": round(fuzz.partial_ratio(a.lower(), b.lower()) / 100, 4),
        "tool_near_similarity": round(similarity(normalize(a), normalize(b)), 4),
        "len_ratio": round(min(len(a), len(b)) / max(len(a), len(b), 1), 4),
        "word_len_ratio": round(min(len(wa), len(wb)) / max(len(wa), len(wb), 1), 4),
        "word_edit_distance": Levenshtein.distance(wa, wb),
        "words_only_in_one": len(set(wa) ^ set(wb)),
        "same_word_multiset": int(sorted(wa) == sorted(wb)),
        "digits_differ": int(set(DIGITS.findall(a)) != set(DIGITS.findall(b))),
        "negation_differs": int((set(wa) & NEGATION) != (set(wb) & NEGATION)),
        "identical": int(a == b),
        "only_whitespace": int(a != b and same_space),
    }
    for kind in NOISE + ("digits",):
        out[f"only_{kind}"] = int(not same_space and canon(a, (kind,)) == canon(b, (kind,)))
    out["only_noise"] = int(not same_space and canon(a, NOISE) == canon(b, NOISE))
    return out
