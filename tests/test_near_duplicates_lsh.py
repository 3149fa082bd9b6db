"""DA102 past ALL_PAIRS_LIMIT: MinHash + LSH proposes candidates, rapidfuzz verifies them.

~3,000 distinct synthetic texts (deterministic, fixed seed) get 50 typo'd copies
(1-2 character edits) at random places in the file. The scan must find at least 48
of them with the right kept row (the earlier of the two), and every pair it reports
must really be within the threshold; a brute-force all-pairs pass confirms the
synthetic base texts hold no other near-duplicates, so anything else reported would be
a false alarm.
"""

from __future__ import annotations

import csv
import random
import string
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from dataaudit.engine import audit_dataset
from dataaudit.io import load_dataset
from dataaudit.similarity.near_pairs import ALL_PAIRS_LIMIT, similarity
from dataaudit.config import Settings
from dataaudit.text import normalize

BASE_TEXTS = 3_000
INJECTED = 50
LATIN = string.ascii_lowercase
# Devanagari consonants (no nukta forms, which NFKC rewrites) and dependent vowel signs.
CONSONANTS = [chr(c) for c in range(0x0915, 0x093A)]
MATRAS = [chr(c) for c in range(0x093E, 0x094D)]


def latin_word(rng: random.Random) -> str:
    return "".join(rng.choice(LATIN) for _ in range(rng.randint(3, 8)))


def devanagari_word(rng: random.Random) -> str:
    return "".join(rng.choice(CONSONANTS) + (rng.choice(MATRAS) if rng.random() < 0.6 else "")
                   for _ in range(rng.randint(2, 5)))


def base_texts(rng: random.Random, word, count: int) -> list[str]:
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < count:
        text = " ".join(word(rng) for _ in range(rng.randint(6, 9)))
        if normalize(text) not in seen:
            seen.add(normalize(text))
            texts.append(text)
    return texts


def typo(rng: random.Random, text: str, alphabet: list[str] | str) -> str:
    """1 or 2 single-character edits (substitute, insert, delete, swap) inside words."""
    chars = list(text)
    for _ in range(rng.randint(1, 2)):
        letters = [i for i, ch in enumerate(chars) if ch != " "]
        i = rng.choice(letters)
        kind = rng.choice(("substitute", "insert", "delete", "swap"))
        if kind == "substitute":
            chars[i] = rng.choice([c for c in alphabet if c != chars[i]])
        elif kind == "insert":
            chars.insert(i, rng.choice(alphabet))
        elif kind == "delete":
            del chars[i]
        elif i + 1 < len(chars) and chars[i + 1] != " " and chars[i + 1] != chars[i]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice([c for c in alphabet if c != chars[i]])
    return "".join(chars)


def build_file(tmp_path: Path, script: str, threshold: float):
    """Write the CSV; return (path, {copy row: expected kept row})."""
    rng = random.Random(20240611)
    word, alphabet = (latin_word, LATIN) if script == "latin" else (devanagari_word, CONSONANTS + MATRAS)
    texts = base_texts(rng, word, BASE_TEXTS)
    labels = [f"intent_{i % 40}" for i in range(len(texts))]
    taken = {normalize(t) for t in texts}
    copies = []  # (source index in texts, copy text)
    for source in rng.sample(range(len(texts)), INJECTED):
        while True:
            copy = typo(rng, texts[source], alphabet)
            key = normalize(copy)
            if key not in taken and similarity(key, normalize(texts[source])) >= threshold:
                break
        taken.add(key)
        copies.append((source, copy))

    # Insert each copy at a random place: sometimes before its source, so the copy is the kept row.
    rows = [(t, l, i) for i, (t, l) in enumerate(zip(texts, labels))]  # (text, label, source id)
    for source, copy in copies:
        rows.insert(rng.randint(0, len(rows)), (copy, labels[source], source))
    path = tmp_path / f"synthetic_{script}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows([text, label] for text, label, _ in rows)

    position_of_source = {}
    expected = {}
    for position, (_, _, source) in enumerate(rows):
        if source not in position_of_source:
            position_of_source[source] = position  # the first of the pair in file order
        else:
            expected[position] = position_of_source[source]
    assert len(expected) == INJECTED
    return path, expected


@pytest.mark.parametrize("script", ["latin", "devanagari"])
def test_lsh_path_finds_injected_typos_and_nothing_else(tmp_path: Path, script: str) -> None:
    settings = Settings(ignore=("DA203",))  # random labels: the label model has nothing to learn here
    threshold = settings.near_duplicate_threshold
    path, expected = build_file(tmp_path, script, threshold)
    dataset = load_dataset(path, settings)
    report = audit_dataset(dataset, settings)

    normalized = [normalize(t) for t in dataset.texts]
    assert len(set(normalized)) > ALL_PAIRS_LIMIT, "the file must be big enough to take the LSH path"

    # Ground truth by brute force: the only near pairs are the injected ones.
    unique = sorted(set(normalized))
    matrix = cdist(unique, unique, scorer=Indel.normalized_similarity, dtype=np.float32, workers=-1)
    np.fill_diagonal(matrix, 0)
    assert int((matrix >= threshold).sum()) // 2 == INJECTED, "synthetic base texts must not be near each other"

    near = [f for f in report.findings if f.code == "DA102"]
    found = {row: f.keep for f in near for row in f.excluded}
    # Every reported pair is really within the threshold (no false alarms from LSH candidates).
    for finding in near:
        for row in finding.excluded:
            assert similarity(normalized[finding.keep], normalized[row]) >= threshold
        assert finding.score >= threshold - 1e-4
    # Either side of a pair may be kept (ties go to the text with more real words), but
    # every reported pair must be an injected (copy, source) pair.
    injected_pairs = {frozenset(pair) for pair in expected.items()}
    reported = {frozenset((row, keep)) for row, keep in found.items()}
    assert reported <= injected_pairs, "only injected copies may be reported"
    assert len(reported) >= INJECTED - 2, f"found {len(reported)} of {INJECTED} injected typo copies"

    assert report.summary.effective_clean_count == len(dataset) - len(found)
    assert report.summary.excluded_by_check == ({"near_duplicate": len(found)} if found else {})
    assert not [f for f in report.findings if f.code in ("DA101", "DA201")]


def test_lsh_and_all_pairs_agree_just_over_the_limit(tmp_path: Path) -> None:
    """The same pairs whichever path runs: a file just over the limit, and its first 1,900 rows."""
    settings = Settings(ignore=("DA203",))
    path, expected = build_file(tmp_path, "latin", settings.near_duplicate_threshold)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    small = tmp_path / "small.csv"
    small.write_text("".join(lines[: 1 + 1_900]), encoding="utf-8")

    def pairs(file: Path) -> set[frozenset]:
        # Unordered: which side is kept can depend on word frequencies in the whole file.
        report = audit_dataset(load_dataset(file, settings), settings)
        return {frozenset((f.keep, row)) for f in report.findings if f.code == "DA102" for row in f.excluded}

    large_pairs = pairs(path)
    small_pairs = pairs(small)  # all-pairs path: exact
    assert small_pairs, "the first 1,900 rows should hold some injected copies"
    assert small_pairs <= large_pairs
    assert {frozenset((keep, row)) for row, keep in expected.items() if row < 1_900} == small_pairs


def test_oversized_buckets_are_the_band_buckets_past_the_cap(monkeypatch) -> None:
    """Against a plain dict count of each band's keys."""
    from dataaudit.similarity import minhash_lsh

    monkeypatch.setattr(minhash_lsh, "MAX_BUCKET", 3)
    texts = [f"the same long boilerplate sentence about terms and conditions {c}" for c in "abcdefg"]
    texts += ["book a table for two", "what is the weather like", "transfer money to my savings account"]
    sigs = minhash_lsh.signatures(texts)
    sizes, members = minhash_lsh.oversized_buckets(sigs)
    keys = minhash_lsh.band_keys(sigs)
    expected_sizes, expected_members = [], set()
    for band in range(minhash_lsh.BANDS):
        buckets: dict[int, list[int]] = {}
        for text, key in enumerate(keys[:, band].tolist()):
            buckets.setdefault(key, []).append(text)
        for bucket in buckets.values():
            if len(bucket) > 3:
                expected_sizes.append(len(bucket))
                expected_members.update(bucket)
    assert sorted(sizes.tolist()) == sorted(expected_sizes) and len(expected_sizes) > 0
    assert members.tolist() == sorted(expected_members) and set(members.tolist()) <= set(range(7))


@pytest.mark.parametrize("cap, noted", [(3, True), (2_000, False)])
def test_da102_reports_what_the_bucket_cap_left_unverified(tmp_path: Path, monkeypatch, cap, noted) -> None:
    """Seven near-copies of one sentence share every band: past the cap they are not paired, and
    DA102's note says so with the bound on unverified pairs and the rows; under it they are paired."""
    from dataaudit import api
    from dataaudit.similarity import minhash_lsh, near_pairs

    monkeypatch.setattr(near_pairs, "ALL_PAIRS_LIMIT", 1)  # LSH on a small file
    monkeypatch.setattr(minhash_lsh, "MAX_BUCKET", cap)
    path = tmp_path / "t.csv"
    rows = [f"please read the terms and conditions of the agreement carefully before signing it {c}"
            for c in "abcdefg"] + ["book a table for two tonight", "book a table for two tonite", "what is the weather today"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["text", "label"], *([text, "x"] for text in rows)])
    report = api.audit(path, Settings(embedder="none", use_cache=False, threshold=1, select=("DA102",)))
    run = next(c for c in report.checks if c.code == "DA102")
    grouped = {row for f in report.findings for row in f.rows}
    if noted:
        assert len(run.notes) == 1
        note = run.notes[0]
        assert "not paired" in note and "the 7 rows in them (rows 0, 1, 2, 3, 4, 5, 6)" in note
        sizes, _ = minhash_lsh.oversized_buckets(minhash_lsh.signatures([normalize(t) for t in rows]))
        assert 0 < sum(n * (n - 1) // 2 for n in sizes.tolist()) <= 32 * 21  # 7 texts: 21 pairs a band at most
        assert f"up to {sum(n * (n - 1) // 2 for n in sizes.tolist()):,} candidate pairs not verified" in note
        assert grouped == {7, 8}  # only the pair outside the buckets
    else:
        assert run.notes == () and set(range(7)) <= grouped
