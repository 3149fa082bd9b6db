"""What every pair source builds: rows with a true group each, and labeled candidate pairs."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

BENCH = Path(__file__).resolve().parent.parent
REPO = BENCH.parent
SHARED = REPO.parent / "shared" / "data"
DATA = BENCH / "data"
OUT = BENCH / "out"


class Skip(Exception):
    """A source that cannot be built here (its input file is absent): the run goes on without it."""


@dataclass
class Source:
    """One pair source. `rows`: (text, label, group); rows sharing a group are the same example.
    `pairs`: (row a, row b, same 0/1, kind), rows as positions in `rows`."""

    name: str
    shape: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    pairs: list[tuple[int, int, int, str]] = field(default_factory=list)
    lang: list[str] = field(default_factory=list)  # a language/script tag per row (features)
    notes: list[str] = field(default_factory=list)

    def add(self, text: str, label: str, group: str, lang: str = "") -> int:
        self.rows.append((text, label, group))
        self.lang.append(lang)
        return len(self.rows) - 1

    def pair(self, a: int, b: int, same: int, kind: str) -> None:
        if a != b:
            self.pairs.append((min(a, b), max(a, b), same, kind))

    @property
    def truth_count(self) -> int:
        return len({g for _, _, g in self.rows})

    def checked(self) -> "Source":
        """Drop duplicate pairs, and labeled pairs the groups contradict (a 'different' pair
        inside one true group, or a 'same' pair across groups), noting how many."""
        seen, kept, contradicted = set(), [], 0
        for a, b, same, kind in self.pairs:
            if (a, b) in seen:
                continue
            seen.add((a, b))
            if same != int(self.rows[a][2] == self.rows[b][2]):
                contradicted += 1
                continue
            kept.append((a, b, same, kind))
        self.pairs = kept
        if contradicted:
            self.notes.append(f"{contradicted} labeled pairs dropped: their label contradicts the true groups")
        return self

    def write(self, folder: Path) -> tuple[Path, Path, Path]:
        """<name>.csv (id,text,label: what the scan reads), <name>.truth.csv (id,group,lang),
        <name>.pairs.csv (a,b,same,kind, as ids)."""
        folder.mkdir(parents=True, exist_ok=True)
        data, truth, pairs = (folder / f"{self.name}{suffix}" for suffix in (".csv", ".truth.csv", ".pairs.csv"))
        with data.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "text", "label"])
            writer.writerows((f"r{i}", text, label) for i, (text, label, _) in enumerate(self.rows))
        with truth.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "group", "lang"])
            writer.writerows((f"r{i}", row[2], lang) for i, (row, lang) in enumerate(zip(self.rows, self.lang)))
        with pairs.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["a", "b", "same", "kind"])
            writer.writerows((f"r{a}", f"r{b}", same, kind) for a, b, same, kind in self.pairs)
        return data, truth, pairs


def nearest(texts: list[str], i: int, pool: list[int], scorer=fuzz.ratio) -> tuple[int, float]:
    """The text of `pool` (positions in `texts`, i excluded) closest to texts[i]."""
    best, best_score = -1, -1.0
    for j in pool:
        if j != i:
            s = scorer(texts[i], texts[j])
            if s > best_score:
                best, best_score = j, s
    return best, best_score


def rng_for(name: str, seed: int) -> random.Random:
    return random.Random(f"{name}/{seed}")


def from_sentence_pairs(src: "Source", chosen: list[tuple[str, str, int, str]], label_of, rng: random.Random) -> "Source":
    """A source of sentence pairs (a, b, same, kind): sentences joined by a "same" pair are one
    group (union-find), each sentence one row (shuffled, so groups are not adjacent) labeled by
    `label_of(sentence)`, and every pair labeled."""
    parent = {s: s for a, b, _, _ in chosen for s in (a, b)}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, same, _ in chosen:
        if same:
            parent[find(a)] = find(b)
    order = sorted(parent)
    rng.shuffle(order)
    roots: dict[str, int] = {}
    pos = {s: src.add(s, label_of(s), f"s{roots.setdefault(find(s), len(roots))}", "en") for s in order}
    for a, b, same, kind in chosen:
        src.pair(pos[a], pos[b], same, kind)
    return src
