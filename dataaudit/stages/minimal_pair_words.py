"""The words minimal pairs are judged on: negations, function words, prepositions, slot size,
and the helpers that tell a spelling variant or a doubled word from a different word."""

from __future__ import annotations

import re
from collections import Counter
import unicodedata

# Negation words (English, Hindi in Latin and Devanagari script), as normalize() leaves
# them ("don't" becomes "don t"): adding or removing one flips what a text asks for.
NEGATIONS = frozenset({"not", "no", "never", "cannot", "don", "doesn", "didn", "isn", "aren", "wasn", "weren",
                       "won", "cant", "dont", "hasn", "haven", "hadn", "couldn", "shouldn", "wouldn", "mustn",
                       "needn", "nahi", "nahin", "nai", "mat", "नहीं", "नही", "मत", "ना"})
# Function words: dropping or adding one is typo-like ("cancel my order" / "cancel order").
FUNCTION_WORDS = frozenset("""a an the of to in on at for from by with and or but is are was were be been am do does
did has have had i me my you your we our us it its this that these those there here please can could would will
shall should may might must just so as if then than also very too s t ke ki ka ko se hai hain main mera meri""".split())
# Words whose swap for one another rewords a text rather than fills a template's slot
# differently: function words ("my" / "the", "is" / "are") and light verbs ("have to" /
# "need to", "get" / "receive" is not one of them). Measured on BANKING77's own
# near-duplicate pairs (benchmarks/accuracy.py "natural pairs"), where such swaps are most
# of the rewordings.
LIGHT_VERBS = frozenset("""need needs want wants get gets got make makes made take takes took give gives gave put
like know see seem seems go going""".split())
# Question words change what is asked ("what airlines" / "how many airlines"): content, not function.
QUESTION_WORDS = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much"})
PREPOSITIONS = frozenset({"from", "to", "on", "at", "in", "for", "with", "by", "between", "via", "into", "onto",
                          "before", "after", "under", "over", "se", "ko", "tak", "mein", "par"})
PARTICLES = frozenset({"on", "off", "up", "down", "in", "out"})  # "turn on" / "turn off": opposites
LIGHT_WORDS = FUNCTION_WORDS | LIGHT_VERBS
DIGITS = re.compile(r"\d+")
# Number words read as their digits: "detain 5" / "arrest five" is one number, not two.
NUMBER_WORDS = {w: str(n) for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                                 "thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
                                                 "twenty".split())}


def numbers(words: list[str]) -> list[str]:
    """The numbers a text holds, in digits."""
    found = []
    for word in words:
        found += DIGITS.findall(word) if word not in NUMBER_WORDS else [NUMBER_WORDS[word]]
    return found


def number_dropped(words_a: list[str], words_b: list[str]) -> bool:
    """One text is the other with one number word left out."""
    longer, shorter = (words_a, words_b) if len(words_a) > len(words_b) else (words_b, words_a)
    if len(longer) != len(shorter) + 1:
        return False
    k = next((k for k, (x, y) in enumerate(zip(longer, shorter)) if x != y), len(shorter))
    return longer[:k] + longer[k + 1:] == shorter and bool(numbers([longer[k]]))


MAX_SLOT = 4  # "salt lake city", "in the morning", "price of a": a template's filler has a few words
# Direction words: an entity that follows one in a text and the other in the other text moved.
DIRECTIONS = ({"from", "se"}, {"to", "ko", "tak"})
# Contractions as normalize() leaves them ("hasn't" -> "hasn t"), spelled out so that "has not"
# and "hasn't" are the same words.
CONTRACTED = {"can": ["can", "not"], "won": ["will", "not"], "shan": ["shall", "not"]}


_SUFFIXES = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude English stem, enough to see one word inflected two ways: "playing"/"plays",
    "cutting"/"cuts", "killed"/"kills" (a doubled final consonant before -ing/-ed undone)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not (suffix == "s" and word[-2] in "su"):
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            break
    return word


def same_stem(x: str, y: str) -> bool:
    """One word inflected two ways, whether or not a final consonant doubles ("cancel" /
    "cancelling", "call" / "calling", "stop" / "stopped")."""
    a, b = stem(x), stem(y)
    return a == b or (len(a) >= 3 and len(b) >= 3 and (a + a[-1] == b or b + b[-1] == a))


def unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def skeleton(word: str) -> str:
    return re.sub(r"[aeiouy]+", "", word)


def variant_spelling(x: str, y: str) -> bool:
    """One word spelled two ways, not two words: an accent dropped ("été" / "ete"), or a romanized
    Hindi spelling variant — the same consonants with other vowels ("kaise" / "kese", "hai" / "he",
    "karun" / "karoon"), or a short word with one consonant more or less ("mein" / "me",
    "nahi" / "nai"). Measured on benchmarks/multilingual_typos.py."""
    if unaccented(x) == unaccented(y):
        return True
    if not (x.isascii() and y.isascii() and x.isalpha() and y.isalpha()) or max(len(x), len(y)) > 6 \
            or x[0] != y[0]:  # a variant keeps its first letter ("maria" / "omar" are two names)
        return False
    from rapidfuzz.distance import DamerauLevenshtein

    if DamerauLevenshtein.distance(x, y, score_cutoff=2) > 2:
        return False
    a, b = skeleton(x), skeleton(y)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return max(len(x), len(y)) <= 5 and len(long) == len(short) + 1 and long.startswith(short) and bool(short)


def doubled(words: list[str], start: int, end: int) -> bool:
    """words[start:end] repeats the words just before or just after it (a doubled word)."""
    size = end - start
    return words[start:end] in (words[start - size:start], words[end:end + size])


def undoubled(words: list[str]) -> list[str]:
    """Without a word typed twice in a row ("what what is")."""
    return [w for k, w in enumerate(words) if k == 0 or w != words[k - 1]]


def words_of(text: str) -> list[str]:
    words: list[str] = []
    for word in text.split(" "):
        if word == "t" and words and (words[-1].endswith("n") and len(words[-1]) > 2 or words[-1] in CONTRACTED):
            stem = words.pop()
            words += CONTRACTED.get(stem, [stem[:-1], "not"])
        elif word == "cannot":
            words += ["can", "not"]
        else:
            words.append(word)
    return words


def unmatched_words(old: list[str], new: list[str], inflections: bool = False) -> tuple[list[str], list[str]]:
    """The words of a changed stretch left over once each word a typo away from one on the
    other side is paired with it ("order" with "orders", "on" with "no"), and with
    `inflections` each word inflected differently ("is playing" / "plays": a paraphrase's
    change of tense, not a slot); nothing is left when the stretches are a typo apart as a
    whole ("to john" / "ojhon")."""
    from rapidfuzz.distance import DamerauLevenshtein

    if old and new and max(len(old), len(new)) >= 2:  # a space typed or lost: "to john" / "ojhon"
        joined_old, joined_new = " ".join(old), " ".join(new)
        allowed = 3 if min(len(joined_old), len(joined_new)) >= 5 else 2
        if DamerauLevenshtein.distance(joined_old, joined_new, score_cutoff=allowed) <= allowed:
            return [], []
    rest = list(new)
    left = []
    for word in old:
        match = next((w for w in rest if DamerauLevenshtein.distance(word, w, score_cutoff=1) <= 1
                      or inflections and len(word) > 3 and same_stem(word, w)), None)
        if match is None:
            left.append(word)
        else:
            rest.remove(match)
    return left, rest


def entities_moved(words_a: list[str], words_b: list[str]) -> bool:
    """The same words in another order: a different example unless every preposition keeps its
    object ("from boston to denver" / "to denver from boston")."""
    def attached(words):
        return Counter((w, words[k + 1]) for k, w in enumerate(words[:-1]) if w in PREPOSITIONS)

    if any(w in PREPOSITIONS for w in words_a):
        return attached(words_a) != attached(words_b)
    swaps = [k for k, (x, y) in enumerate(zip(words_a, words_b)) if x != y]
    return not (len(swaps) == 2 and swaps[1] == swaps[0] + 1)  # two neighbours swapped: typo-like
