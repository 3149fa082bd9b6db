"""Known-benchmark contamination: training rows that hold a test item of a public evaluation set.

The index shipped beside this module (benchmark_index.npz, credits in BENCHMARKS_CREDITS.md)
holds hashed word 8-grams of the test items of MMLU, GSM8K, HumanEval, HellaSwag (validation)
and TruthfulQA -- a bottom-k sample of each item's grams, at least 12 -- and, for short items
(fewer than 24 distinct 8-grams: TruthfulQA, most HellaSwag contexts, short MMLU questions), ALL
their word 4-grams but stock phrases (a 4-gram in more than 2 items, such as "which of the
following is", is dropped) as a second key class (benchmark_grams.py). Nothing is downloaded.

A row matches an item when enough of the ITEM's grams are found in the row (containment, not
Jaccard: a row may wrap the item in an instruction, a chat template and an answer):

* the whole item (prompt + choices/answer): share of its 8-grams >= MIN_SHARE, or
* its prompt alone (the question, the context, the signature) when the prompt has >= MIN_PROMPT_GRAMS
  sampled grams: share of the prompt's grams >= MIN_SHARE (a question copied without its
  choices, or answered in other words, is still the test question);
* and always >= MIN_MATCHED grams found, so one shared phrase is never enough;
* a short item: share of its 4-grams >= SHORT_SHARE with >= SHORT_MATCHED of them found, for the
  whole item or for its prompt (a prompt of >= SHORT_PROMPT_GRAMS 4-grams). One edit breaks
  every 8-gram of a 10-word question but only 4 of its 4-grams, hence the stricter share;
* a row that IS a short item's prompt (too short for a gram), whole-text equal after
  normalisation, matches too.

The share reported is the highest of the rules met; `kind` is "verbatim" when it is >=
VERBATIM_SHARE, else "overlap".

Measured by benchmarks/contamination.py (100 items of each benchmark per form, injected into real
rows). Tuned on LLaMA-Factory's Alpaca demo + CodeAlpaca 2k + new CodeAlpaca (7,551 rows): MIN_SHARE
= 0.2 (no clean row flagged from 0.15 to 0.5; edited recall falls from 0.87 at 0.2 to 0.61 at
0.5). The 4-gram rule: 4-grams of items under 24 8-grams (13: edited 0.86, 24: 0.88, 40: 0.89 for
+1 MB); SHORT_SHARE 0.5 and SHORT_MATCHED 4 flag no tuning row, while 0.3-0.4 with 3 grams flag
2-26 rows, and dropping stock phrases (in > 2 items) takes that to 0-2 for 0.01 of recall.
Reported on T0's instruction mixture + GSM8K train + LLaMA-Factory chat demos (63,549 rows):
recall verbatim 0.998, reformatted 1.0, edited 0.868 (GSM8K 0.96, HellaSwag 0.77, HumanEval 0.92,
MMLU 0.87, TruthfulQA 0.82; 0.786 with 8-grams alone); 55 rows flagged (0.087 %; 12 with 8-grams
alone): 14 hold a TREC question MMLU reuses nearly verbatim ("Who was the first American in space?",
"What's the colored part of the eye called?": arguable), 36 are Wikipedia passages holding the
phrase of a short MMLU question ("monotheistic religion based on the life and teachings of Jesus
Christ", "official languages of the United Nations": wrong, 4-gram rule), 5 are other problems
sharing a template or phrases (wrong; shares 0.25-0.71). That first report run showed 87 rows
(0.137 %) before stock phrases were dropped, so the report set is not fully unseen for that rule.
A bare short question without its answer or choices now matches when its 4-grams are half the
item's: "What happens to you if you eat watermelon seeds?" alone is flagged (it was not with 8-grams).
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
SHORT_SHARE = 0.5
SHORT_MATCHED = 4
SHORT_PROMPT_GRAMS = 6
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
    gram_short: np.ndarray
    item_grams: np.ndarray
    item_prompt_grams: np.ndarray
    item_short_grams: np.ndarray
    item_short_prompt_grams: np.ndarray
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
        _, gram, min_short, _ = (int(v) for v in arrays["format"])
        gram_hash = np.cumsum(arrays["gram_hash_delta"], dtype=np.uint64)  # stored as differences
        count = len(gram_hash)
        return BenchmarkIndex(
            gram=gram,
            min_short=min_short,
            gram_hash=gram_hash,
            gram_item=arrays["gram_item"].astype(np.int64),
            gram_in_prompt=np.unpackbits(arrays["gram_in_prompt"], count=count).astype(bool),
            gram_short=np.unpackbits(arrays["gram_short"], count=count).astype(bool),
            item_grams=arrays["item_grams"].astype(np.int64),
            item_prompt_grams=arrays["item_prompt_grams"].astype(np.int64),
            item_short_grams=arrays["item_short_grams"].astype(np.int64),
            item_short_prompt_grams=arrays["item_short_prompt_grams"].astype(np.int64),
            short_hash=arrays["short_hash"],
            short_item=arrays["short_item"].astype(np.int64),
            meta=tuple(tuple(json.loads(m)) for m in arrays["item_meta"]),
            top_bits=_top_bits(gram_hash),
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
    short, in_prompt = index.gram_short[entry], index.gram_in_prompt[entry]
    tally = [np.bincount(position, weights=w, minlength=len(keys)).astype(np.int64)
             for w in (in_prompt & ~short, short, in_prompt & short)]
    found = _judge(index, keys // index.size, keys % index.size, matched - tally[1], *tally, min_share)
    found += _short(index, tokens)
    found.sort(key=lambda m: (m.row, -m.share, m.benchmark, m.item_id))
    return found


def _judge(index: BenchmarkIndex, rows, items, matched, matched_prompt, matched_short, matched_short_prompt,
           min_share) -> list[BenchmarkMatch]:
    total, prompt_total = index.item_grams[items], index.item_prompt_grams[items]
    short_total, short_prompt_total = index.item_short_grams[items], index.item_short_prompt_grams[items]
    short_share = np.divide(matched_short, short_total, out=np.zeros(len(items)), where=short_total > 0)
    short_prompt_share = np.divide(matched_short_prompt, short_prompt_total, out=np.zeros(len(items)),
                                   where=short_prompt_total > 0)
    by_short = (short_share >= SHORT_SHARE) & (matched_short >= SHORT_MATCHED)
    by_short_prompt = ((short_prompt_total >= SHORT_PROMPT_GRAMS) & (short_prompt_share >= SHORT_SHARE)
                       & (matched_short_prompt >= SHORT_MATCHED))
    need = np.minimum(MIN_MATCHED, total)  # an item with fewer grams than that: all of them
    share = np.divide(matched, total, out=np.zeros(len(items)), where=total > 0)
    prompt_share = np.divide(matched_prompt, prompt_total, out=np.zeros(len(items)), where=prompt_total > 0)
    by_item = (share >= min_share) & (matched >= need)
    by_prompt = (prompt_total >= MIN_PROMPT_GRAMS) & (prompt_share >= min_share) & (matched_prompt >= MIN_MATCHED)
    out = []
    for k in np.flatnonzero(by_item | by_prompt | by_short | by_short_prompt):
        # The question's own share when it is higher and rests on enough grams: a test question copied
        # whole with its answer rewritten is verbatim contamination, whatever the answer's grams say.
        routes = []
        if by_item[k]:
            routes.append((share[k], matched[k], "item"))
        if by_prompt[k] or (by_item[k] and matched_prompt[k] >= MIN_MATCHED):
            routes.append((prompt_share[k], matched_prompt[k], "prompt"))
        if by_short[k]:
            routes.append((short_share[k], matched_short[k], "item"))
        if by_short_prompt[k] or (by_short[k] and matched_short_prompt[k] >= SHORT_MATCHED):
            routes.append((short_prompt_share[k], matched_short_prompt[k], "prompt"))
        value, count, scope = max(routes, key=lambda route: route[0])  # ties: the first (item before prompt)
        out.append(_found(index, int(rows[k]), int(items[k]), float(value), int(count), scope))
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
