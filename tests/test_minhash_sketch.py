"""The vectorized MinHash sketch and the shared-characters bound of near-duplicate verification.

signatures() computes datasketch's MinHash for many texts at once: it must give datasketch's
values bit for bit (a datasketch upgrade that changes its maths fails here, not silently in
reports). The character-count bound drops candidate pairs before rapidfuzz: it must never be
below the true similarity, or a real near-duplicate would be lost.
"""

from __future__ import annotations

import random
import zlib

import numpy as np
import pytest
from datasketch import MinHash

from dataaudit.similarity import minhash_lsh
from dataaudit.similarity.minhash_lsh import MAX_SKETCH_CHARS, NUM_PERM, shingles, signatures
from dataaudit.similarity.near_pairs import char_counts, similarity, _shared_chars_bound
from dataaudit.workers import Workers

TEXTS = [
    "",  # no 3-gram: the text itself is the one shingle
    "a",
    "ab",
    "abc",
    "abcd",
    "how do i reset my pin",
    "how do i reset my pin?",
    "abcabcabcabc",  # repeated 3-grams
    "खून की जाँच का नतीजा बताइए",  # Devanagari: multi-byte UTF-8
    "mujhe refund chahiye, मेरा पैसा वापस करो",  # code-mixed
    "emoji 🙂 in the middle",  # 4-byte UTF-8
    "ça va très bien",
    "tab\tand\nnewline",
    "x" * (MAX_SKETCH_CHARS + 500),  # sketched from its first MAX_SKETCH_CHARS characters
    "the cat sat on the mat " * 40,
]


def datasketch_signature(text: str) -> np.ndarray:
    sketch = MinHash(num_perm=NUM_PERM, seed=minhash_lsh._SEED, hashfunc=minhash_lsh._shingle_hash)
    sketch.update_batch(list(dict.fromkeys(shingles(text))))
    return sketch.hashvalues


@pytest.mark.parametrize("text", TEXTS, ids=[repr(t[:20]) for t in TEXTS])
def test_each_text_is_sketched_as_datasketch_sketches_it(text):
    assert np.array_equal(signatures([text])[0], datasketch_signature(text))


def test_many_texts_at_once_match_one_by_one_in_order():
    rng = random.Random(3)
    words = ["card", "pin", "top", "up", "refund", "कार्ड", "पिन", "🙂", "a", "transfer"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 30))) for _ in range(3_000)]
    texts += TEXTS  # long and short ones mixed into the same rounds
    rng.shuffle(texts)
    many = signatures(texts)
    assert many.shape == (len(texts), NUM_PERM) and many.dtype == np.uint32
    for index in range(0, len(texts), 37):
        assert np.array_equal(many[index], datasketch_signature(texts[index])), texts[index]


def test_the_vectorized_crc_is_zlibs():
    rng = np.random.default_rng(0)
    data = rng.integers(0, 128, 5_000, dtype=np.uint8)
    starts = np.arange(len(data) - 2)
    expected = [zlib.crc32(data[s : s + 3].tobytes()) for s in starts]
    assert minhash_lsh._crc32_of_3_bytes(data, starts).tolist() == expected


PAIRS = [
    ("how do i reset my pin", "how do i reset my pin please"),
    ("i lost my card", "my card is lost"),  # same letters, other order: the bound is loose, never low
    ("abc", "abd"),
    ("", "a"),
    ("खून की जाँच का नतीजा", "खून की जाँच का नतीजा बताइए"),
    ("a" * 300 + "b", "a" * 300 + "c"),  # over 255 of one character: always verified
    ("a" * 300, "a" * 10),
    ("x" * 1000, "x" * 1000 + "y"),
    ("ab\udcffc", "abc"),  # a lone surrogate (a file's undecodable byte) is counted, not an error
]


@pytest.mark.parametrize("a,b", PAIRS, ids=[f"{a[:12]!r}/{b[:12]!r}" for a, b in PAIRS])
def test_the_shared_characters_bound_is_never_below_the_similarity(a, b):
    counts = char_counts([a, b])
    bound = _shared_chars_bound(counts, np.array([[0, 1]]), np.array([len(a) + len(b)]))[0]
    assert bound >= similarity(a, b) - 1e-9


def test_the_bound_holds_on_random_pairs_and_rules_most_unrelated_ones_out():
    rng = random.Random(5)
    alphabet = "abcdefghij klmnop"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(400)]
    counts = char_counts(texts)
    pairs = np.array([(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))])
    lengths = np.array([len(t) for t in texts])
    bound = _shared_chars_bound(counts, pairs, lengths[pairs[:, 0]] + lengths[pairs[:, 1]])
    true = np.array([similarity(texts[i], texts[j]) for i, j in pairs])
    assert (bound >= true - 1e-9).all()
    assert (bound < 0.8).mean() > 0.3, "the bound must also rule pairs out, or it only costs time"


def _spliced(count: int) -> list[str]:
    """Texts that share halves with each other, as a repetitive file's do: many LSH candidates."""
    rng = random.Random(11)
    heads = ["how do i", "why is my", "can i change my", "where can i see my", "what happens to my"]
    middles = ["card payment", "top up", "transfer", "pin", "refund request", "exchange rate", "direct debit"]
    tails = ["not working", "still pending", "taking so long", "declined again", "showing twice", ""]
    texts = {f"{rng.choice(heads)} {rng.choice(middles)} {rng.choice(tails)} {rng.randrange(40)}".strip()
             for _ in range(count * 2)}
    return sorted(texts)[:count]


@pytest.mark.skipif(__import__("joblib").cpu_count() < 2, reason="one CPU: the parallel path is never taken")
def test_bands_verified_in_worker_processes_give_the_pairs_one_process_finds(monkeypatch):
    from dataaudit.similarity import near_pairs

    texts = _spliced(2_500)
    assert len(texts) > near_pairs.ALL_PAIRS_LIMIT, "the LSH path, not all pairs"
    monkeypatch.setattr(near_pairs, "PARALLEL_FROM_TEXTS", 10 ** 9)
    steps: list[int] = []
    serial = near_pairs.verified_near_pairs(texts, 0.8, lambda stage, n, total: steps.append(n))
    monkeypatch.setattr(near_pairs, "PARALLEL_FROM_TEXTS", 0)
    parallel_steps: list[int] = []
    parallel = near_pairs.verified_near_pairs(texts, 0.8, lambda stage, n, total: parallel_steps.append(n))
    assert len(serial) > 1_000
    assert parallel == serial, "the same pairs, similarities and order"
    assert sum(parallel_steps) == sum(steps) > 0, "every band and every sketch counted once either way"


def test_the_lsh_pairs_are_the_pairs_all_pairs_finds_on_a_repetitive_file():
    """Every bound in front of rapidfuzz is exact: on texts sharing long stretches (the case that
    makes most candidates), LSH loses only what MinHash misses, and never invents a pair."""
    from dataaudit.similarity import near_pairs

    texts = _spliced(2_500)
    lsh = {(i, j) for i, j, _ in near_pairs.lsh_pairs(texts, near_pairs.near_sketches(texts), 0.85, None, Workers(1))}
    exact = {(i, j) for i, j, _ in near_pairs._all_pairs(texts, 0.85)}
    assert lsh <= exact
    assert len(lsh) >= 0.97 * len(exact), (len(lsh), len(exact))
