"""Known-benchmark contamination: training rows that hold a test item of a public evaluation set.

The index shipped beside this module (benchmark_index.npz, credits in BENCHMARKS_CREDITS.md)
holds hashed word 8-grams of the test items of MMLU, GSM8K, HumanEval, HellaSwag (validation)
and TruthfulQA -- a bottom-k sample of each item's grams, at least 12 (benchmark_grams.py).
Nothing is downloaded at run time.

A row matches an item when enough of the ITEM's grams are found in the row (containment, not
Jaccard: a row may wrap the item in an instruction, a chat template and an answer):

* the whole item (prompt + choices/answer): share >= MIN_SHARE, or
* its prompt alone (the question, the context, the signature) when the prompt has >= MIN_PROMPT_GRAMS
  sampled grams: share of the prompt's grams >= MIN_SHARE (a question copied without its
  choices, or answered in other words, is still the test question);
* and always >= MIN_MATCHED grams found, so one shared phrase is never enough;
* a row that IS a short item's prompt (too short for a gram), whole-text equal after
  normalisation, matches too.

`kind` is "verbatim" when the share is >= VERBATIM_SHARE, else "overlap".

Thresholds, measured by benchmarks/contamination.py (100 items of each benchmark per form, injected
into real rows). Tuned on LLaMA-Factory's Alpaca demo + CodeAlpaca (7,551 rows): no clean row is
flagged at any share from 0.15 to 0.5, while recall on lightly edited items (~10 % of words
substituted, deleted or inserted) falls from 0.80 at 0.2 to 0.74 at 0.3 and 0.52 at 0.5; verbatim and
reformatted are 1.0 throughout. So MIN_SHARE = 0.2 (with MIN_MATCHED = 3 grams, below that one
shared phrase decides). Reported on T0's instruction mixture + GSM8K train + LLaMA-Factory chat demos
(63,549 rows): recall verbatim 0.998, reformatted 1.0, edited 0.77 (TruthfulQA's short items 0.46);
12 rows flagged (0.019 %): 7 hold MMLU's "Who was the first American in space?" verbatim (a TREC
question MMLU reuses: arguable), 5 are other problems sharing a template or phrases (wrong; shares
0.25-0.71). A bare short question (under 6 sampled prompt grams) without its answer or choices is
not enough: "What happens to you if you eat watermelon seeds?" alone is not flagged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from dataaudit.similarity.benchmark_grams import WordHasher, gram_hashes, text_hash, words

INDEX_PATH = Path(__file__).with_name("benchmark_index.npz")

MIN_SHARE = 0.2
MIN_MATCHED = 3
MIN_PROMPT_GRAMS = 6
VERBATIM_SHARE = 0.9
TOP_BITS = 24  # a 16 MB table; the index fills ~2 % of it


@dataclass(frozen=True)
class BenchmarkMatch:
    """Row `row` (position in the texts given) holds benchmark item `item_id`."""

    row: int
    benchmark: str
    split: str
    item_id: str
    preview: str
    share: float  # share of the item's indexed grams found in the row (of the prompt's, if that matched)
    matched: int  # indexed grams of the item found in the row
    scope: str  # "item" (prompt + choices/answer) or "prompt" (the question alone)
    kind: str  # "verbatim" or "overlap"


@dataclass(frozen=True)
class BenchmarkIndex:
    gram: int
    min_short: int
    gram_hash: np.ndarray
    gram_item: np.ndarray
    gram_in_prompt: np.ndarray
    item_grams: np.ndarray
    item_prompt_grams: np.ndarray
    short_hash: np.ndarray
    short_item: np.ndarray
    meta: tuple[tuple[str, str, str, str], ...]
    top_bits: np.ndarray

    @property
    def size(self) -> int:
        return len(self.meta)

    def counts(self) -> dict[str, int]:
        """Items indexed per benchmark."""
        out: dict[str, int] = {}
        for benchmark, *_ in self.meta:
            out[benchmark] = out.get(benchmark, 0) + 1
        return out


def read_index(path: Path) -> BenchmarkIndex:
    with np.load(path, allow_pickle=False) as arrays:
        _, gram, min_short = (int(v) for v in arrays["format"])
        count = len(arrays["gram_hash"])
        return BenchmarkIndex(
            gram=gram,
            min_short=min_short,
            gram_hash=arrays["gram_hash"],
            gram_item=arrays["gram_item"].astype(np.int64),
            gram_in_prompt=np.unpackbits(arrays["gram_in_prompt"], count=count).astype(bool),
            item_grams=arrays["item_grams"].astype(np.int64),
            item_prompt_grams=arrays["item_prompt_grams"].astype(np.int64),
            short_hash=arrays["short_hash"],
            short_item=arrays["short_item"].astype(np.int64),
            meta=tuple(tuple(json.loads(m)) for m in arrays["item_meta"]),
            top_bits=_top_bits(arrays["gram_hash"]),
        )


def _top_bits(hashes: np.ndarray) -> np.ndarray:
    table = np.zeros(1 << TOP_BITS, bool)
    table[hashes >> np.uint64(64 - TOP_BITS)] = True
    return table


@lru_cache(maxsize=1)
def shipped_index() -> BenchmarkIndex:
    """The index shipped with the package, read once per process."""
    return read_index(INDEX_PATH)


def match(texts: Sequence[str], index: BenchmarkIndex | None = None,
          min_share: float = MIN_SHARE) -> list[BenchmarkMatch]:
    """Every (row, item) pair where the row holds the item, ordered by row then share (highest
    first). `index` defaults to the shipped one; `min_share` is for measuring thresholds."""
    index = index or shipped_index()
    hasher = WordHasher()
    tokens = [words(text or "") for text in texts]
    lengths = np.fromiter((len(t) for t in tokens), np.int64, len(tokens))
    word_row = np.repeat(np.arange(len(tokens)), lengths)
    flat = hasher([w for t in tokens for w in t])
    # Items' short segments are keys of their own length (benchmark_grams.segment_grams).
    cut = [gram_hashes(flat, word_row, n) for n in range(index.min_short, index.gram + 1)]
    grams = np.concatenate([g for g, _ in cut])
    row_of = np.concatenate([r for _, r in cut])

    # Membership first: almost no gram of ordinary text is in the index, so the rest is small.
    # A table of the hashes' top bits rules out ~98 % of grams before the binary search.
    maybe = np.flatnonzero(index.top_bits[grams >> np.uint64(64 - TOP_BITS)])
    where = np.searchsorted(index.gram_hash, grams[maybe])
    ok = where < len(index.gram_hash)
    ok[ok] = index.gram_hash[where[ok]] == grams[maybe[ok]]
    inside = maybe[ok]
    pairs = np.unique(np.stack([row_of[inside], grams[inside].view(np.int64)], axis=1), axis=0)
    hit_rows, hit_grams = pairs[:, 0], pairs[:, 1].view(np.uint64)
    # A gram may belong to several items (shared phrases, items repeated across subjects).
    left = np.searchsorted(index.gram_hash, hit_grams, side="left")
    right = np.searchsorted(index.gram_hash, hit_grams, side="right")
    spans = right - left
    entry = np.repeat(left - np.cumsum(spans) + spans, spans) + np.arange(spans.sum())
    rows = np.repeat(hit_rows, spans)
    key = rows * index.size + index.gram_item[entry]
    keys, position, matched = np.unique(key, return_inverse=True, return_counts=True)
    matched_prompt = np.bincount(position, weights=index.gram_in_prompt[entry], minlength=len(keys)).astype(np.int64)

    found = _judge(index, keys // index.size, keys % index.size, matched, matched_prompt, min_share)
    found += _short(index, tokens)
    found.sort(key=lambda m: (m.row, -m.share, m.benchmark, m.item_id))
    return found


def _judge(index: BenchmarkIndex, rows, items, matched, matched_prompt, min_share) -> list[BenchmarkMatch]:
    total, prompt_total = index.item_grams[items], index.item_prompt_grams[items]
    need = np.minimum(MIN_MATCHED, total)  # an item with fewer grams than that: all of them
    share = matched / total
    prompt_share = np.divide(matched_prompt, prompt_total, out=np.zeros(len(items)), where=prompt_total > 0)
    by_item = (share >= min_share) & (matched >= need)
    by_prompt = (prompt_total >= MIN_PROMPT_GRAMS) & (prompt_share >= min_share) & (matched_prompt >= MIN_MATCHED)
    out = []
    for k in np.flatnonzero(by_item | by_prompt):
        # The question's own share when it is higher and rests on enough grams: a test question copied
        # whole with its answer rewritten is verbatim contamination, whatever the answer's grams say.
        prompt_counts = by_prompt[k] or matched_prompt[k] >= MIN_MATCHED
        use_prompt = prompt_counts and (not by_item[k] or prompt_share[k] > share[k])
        value = float(prompt_share[k] if use_prompt else share[k])
        count = int(matched_prompt[k] if use_prompt else matched[k])
        out.append(_found(index, int(rows[k]), int(items[k]), value, count, "prompt" if use_prompt else "item"))
    return out


def _short(index: BenchmarkIndex, tokens: list[list[str]]) -> list[BenchmarkMatch]:
    """Rows that are, whole, the prompt of an item too short for a gram."""
    if not len(index.short_hash):
        return []
    out = []
    for row, row_tokens in enumerate(tokens):
        if 0 < len(row_tokens) < index.gram:
            value = np.uint64(text_hash(row_tokens))
            for k in np.flatnonzero(index.short_hash == value):
                out.append(_found(index, row, int(index.short_item[k]), 1.0, len(row_tokens), "prompt"))
    return out


def _found(index: BenchmarkIndex, row: int, item: int, share: float, matched: int, scope: str) -> BenchmarkMatch:
    benchmark, split, item_id, preview = index.meta[item]
    kind = "verbatim" if share >= VERBATIM_SHARE else "overlap"
    return BenchmarkMatch(row, benchmark, split, item_id, preview, round(share, 4), matched, scope, kind)
