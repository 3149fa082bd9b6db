"""Word n-gram hashes of texts, and the on-disk index of benchmark items built from them.

Shared by the index builder (tools/build_benchmark_index.py) and the matcher
(benchmarks.py) so that a row and an item are cut into grams the same way.

Words: runs of letters and digits after NFKC + casefold (punctuation, symbols and underscores
split words), then single-letter alphabetic tokens are dropped. That makes the choice labels of a multiple-choice item
("A)", "(a)", "A.", "a:") invisible, so an item written with any lettering gives the
same grams; the article "a" goes too, on both sides, which costs nothing.

Hashes: each distinct word gets 64 bits of blake2b (stable across runs and machines,
unlike hash()); an n-gram's hash is a polynomial of its words' hashes mixed by the
splitmix64 finaliser, computed for all rows at once in numpy (uint64 arithmetic wraps).

Two key classes: a bottom-k sample of every item's 8-grams, and all the 4-grams of short items
(SHORT_BELOW) except stock phrases shared by more than SHORT_MAX_ITEMS items.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


GRAM = 8  # words per gram: the GPT-3/Llama studies used 8-13; 8 survives light edits better (module doc of benchmarks.py)
# Grams kept per item: the KEEP_MIN smallest hashes, or one in KEEP_EVERY of them when the item is
# long (a bottom-k sample: uniform because the hashes are). All 1.58M grams took 16 MB; the sample
# estimates the share of an item found in a row from >= 12 grams (benchmarks/contamination.py).
KEEP_MIN = 12
KEEP_EVERY = 6
MIN_SHORT = 3  # words with letters: a shorter segment ("True", "12 and 3") says too little to be a key
# Short items (fewer than SHORT_BELOW distinct 8-grams: TruthfulQA, HellaSwag contexts, short MMLU
# questions) also keep ALL their word SHORT_GRAM-grams, a second key class the matcher judges by a
# stricter rule: one edit breaks most 8-grams of a 10-word question but only SHORT_GRAM of its grams.
SHORT_GRAM = 4
SHORT_BELOW = 24
# A short gram found in more than SHORT_MAX_ITEMS items ("which of the following is", "of the following
# is not") is a stock phrase, not a trace of one item: it is not kept.
SHORT_MAX_ITEMS = 2
FORMAT = 3
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: the polynomial base of the rolling combination


# Runs of letters and digits of two or more, or a lone digit: a lone letter is dropped.
_WORD = re.compile(r"[^\W_]{2,}|\d")


def words(text: str) -> list[str]:
    """Runs of letters and digits after NFKC + casefold, single letters dropped. A word-level fold
    rather than dataaudit.text.normalize: its per-character loop on non-ASCII text took 40 % of the
    matching time, and symbols (+, $, %) are punctuation too for telling a copied item."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


class WordHasher:
    """blake2b-64 per distinct word, cached: a training file repeats its vocabulary."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, tokens: Sequence[str]) -> np.ndarray:
        cache = self._cache
        missing = {word for word in tokens if word not in cache}
        for word in missing:
            cache[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        return np.fromiter(map(cache.__getitem__, tokens), np.uint64, len(tokens))


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def gram_hashes(word_hashes: np.ndarray, word_text: np.ndarray, n: int = GRAM) -> tuple[np.ndarray, np.ndarray]:
    """(gram hashes, index of the text each gram comes from) for texts laid end to end in
    `word_hashes`, word_text[i] being the text word i belongs to. Grams never cross texts."""
    count = len(word_hashes) - n + 1
    if count <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    acc = np.zeros(count, dtype=np.uint64)
    for offset in range(n):
        acc = acc * _MULTIPLIER + word_hashes[offset:offset + count]
    keep = word_text[:count] == word_text[n - 1:]
    return _mix(acc[keep]), word_text[:count][keep]


def text_hash(tokens: Sequence[str]) -> int:
    """Whole-text key for items too short to have a gram."""
    return int.from_bytes(hashlib.blake2b(" ".join(tokens).encode(), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class Item:
    """One benchmark test item: `prompt` is what a model is asked (the question, the context,
    the function signature); `answers` what a training row would hold with it (choices, the
    answer, the ending, the solution)."""

    benchmark: str
    split: str
    item_id: str
    prompt: str
    answers: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join([self.prompt, *self.answers])


def segment_grams(tokens: Sequence[str], hasher: WordHasher, n: int = GRAM) -> np.ndarray:
    """Grams of one segment (a prompt, a choice, an answer): its n-grams, or the whole segment
    as one shorter gram when it has MIN_SHORT..n-1 words. Grams never span two segments, so
    whatever a row puts between a question and its choices ("A)", "Answer:", a template) costs
    nothing; a short choice or answer still counts as a gram of its own length."""
    if len(tokens) >= n:
        return gram_hashes(hasher(tokens), np.zeros(len(tokens), np.int64), n)[0]
    if sum(any(c.isalpha() for c in word) for word in tokens) >= MIN_SHORT:
        # Words, not numbers: "1, 2, 3, 4" or "(2, 3)" are in every other code row.
        return gram_hashes(hasher(tokens), np.zeros(len(tokens), np.int64), len(tokens))[0]
    return np.empty(0, np.uint64)


def short_grams(tokens: Sequence[str], hasher: WordHasher, n: int = SHORT_GRAM) -> np.ndarray:
    """The short key class of one segment: its n-grams, or the whole segment when it has
    MIN_SHORT..n-1 words with letters (as segment_grams does for long grams)."""
    return segment_grams(tokens, hasher, n)


def build_arrays(items: Sequence[Item], n: int = GRAM, short_n: int = SHORT_GRAM,
                 short_below: int = SHORT_BELOW, short_max_items: int = SHORT_MAX_ITEMS) -> dict[str, np.ndarray]:
    """The index as named arrays. Per item: a sample of its distinct grams (whether each lies in the
    prompt), the sample's size for the whole item and for the prompt, and a whole-text key for
    prompts too short for a gram."""
    hasher = WordHasher()
    # Short grams of every item (long ones too), to count in how many items each stock phrase is.
    segments = [(words(item.prompt), [words(answer) for answer in item.answers]) for item in items]
    per_item = [np.unique(np.concatenate([short_grams(p, hasher, short_n), *(short_grams(a, hasher, short_n) for a in answers)]))
                for p, answers in segments]
    phrases, spread = np.unique(np.concatenate(per_item), return_counts=True) if per_item else (np.empty(0, np.uint64), [])
    stock = phrases[np.asarray(spread) > short_max_items]
    hashes, owners, in_prompt, is_short = [], [], [], []
    full_counts = np.zeros(len(items), np.uint32)
    prompt_counts = np.zeros(len(items), np.uint32)
    short_counts = np.zeros(len(items), np.uint32)
    short_prompt_counts = np.zeros(len(items), np.uint32)
    short_keys = []

    def keep(keys: np.ndarray, index: int, prompt_flags: np.ndarray, short: bool) -> None:
        hashes.append(keys)
        owners.append(np.full(len(keys), index, np.uint32))
        in_prompt.append(prompt_flags)
        is_short.append(np.full(len(keys), short, bool))

    for index, item in enumerate(items):
        prompt_tokens = words(item.prompt)
        prompt = np.unique(segment_grams(prompt_tokens, hasher, n))
        answers = [segment_grams(words(answer), hasher, n) for answer in item.answers]
        full = np.unique(np.concatenate([prompt, *answers]))
        distinct = len(full)
        full = full[: max(KEEP_MIN, -(-len(full) // KEEP_EVERY))]  # ascending: the bottom-k sample
        kept_in_prompt = np.isin(full, prompt)
        full_counts[index], prompt_counts[index] = len(full), int(kept_in_prompt.sum())
        keep(full, index, kept_in_prompt, short=False)
        if distinct < short_below:
            short_all = per_item[index][~np.isin(per_item[index], stock)]
            short_prompt = np.unique(short_grams(prompt_tokens, hasher, short_n))
            short_in_prompt = np.isin(short_all, short_prompt)
            short_counts[index], short_prompt_counts[index] = len(short_all), int(short_in_prompt.sum())
            keep(short_all, index, short_in_prompt, short=True)
        if len(prompt) == 0 and prompt_tokens:
            short_keys.append((text_hash(prompt_tokens), index))
    hash_array = np.concatenate(hashes) if hashes else np.empty(0, np.uint64)
    owner_array = np.concatenate(owners) if owners else np.empty(0, np.uint32)
    prompt_array = np.concatenate(in_prompt) if in_prompt else np.empty(0, bool)
    short_array = np.concatenate(is_short) if is_short else np.empty(0, bool)
    order = np.lexsort((short_array, owner_array, hash_array))  # by hash, ties by item, class: deterministic
    short_keys.sort()
    return {
        "format": np.array([FORMAT, n, MIN_SHORT, short_n], np.int64),
        # Sorted hashes stored as their differences: the high bytes of a difference are zero, which
        # deflate shrinks (8 -> ~6.3 bytes a gram); read_index takes the cumulative sum back.
        "gram_hash_delta": np.diff(hash_array[order], prepend=np.uint64(0)),
        "gram_item": owner_array[order].astype(np.uint16 if len(items) < 2**16 else np.uint32),
        "gram_in_prompt": np.packbits(prompt_array[order]),
        "gram_short": np.packbits(short_array[order]),
        "item_grams": full_counts,
        "item_prompt_grams": prompt_counts,
        "item_short_grams": short_counts,
        "item_short_prompt_grams": short_prompt_counts,
        "short_hash": np.array([k for k, _ in short_keys], np.uint64),
        "short_item": np.array([i for _, i in short_keys], np.uint32),
        "item_meta": np.array([json.dumps([it.benchmark, it.split, it.item_id, _preview(it.prompt)],
                                          ensure_ascii=False) for it in items], dtype=str),
    }


def _preview(text: str, width: int = 70) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1].rstrip() + "…"


def write_index(items: Sequence[Item], path: Path, n: int = GRAM, **options) -> None:
    """Write the index as an .npz numpy reads, byte-identical for the same items:
    numpy's own savez stamps the current time into the zip, so the zip is written here."""
    arrays = build_arrays(items, n, **options)
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue())
