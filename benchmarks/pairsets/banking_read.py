"""BANKING77 natural pairs read by a person (benchmarks/data/banking77_pairs_read.tsv).

    python benchmarks/pairsets/banking_read.py --candidates   # write the pairs to read

Candidates (train split, 10,003 rows): pairs today's scan puts in one DA102 / DA103 / DA201
group (kept row and each other row; `--embedder none` and `use`), pairs just below today's
thresholds (near similarity 0.78-0.88, or `use` cosine 0.80-0.89, same label, not flagged),
and random same-label pairs nobody flagged. A person read every pair and wrote `same`
(1: the same request with the same specifics, worded differently: typos, filler, politeness,
word order, synonyms; 0: anything that changes what is asked or its circumstances) and a
short reason. The source built from them is the rows of those pairs; its true groups join
the pairs read as the same.
"""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pairsets.base import DATA, OUT, SHARED, Skip, Source  # noqa: E402

READ = DATA / "banking77_pairs_read.tsv"
CANDIDATES = OUT / "banking77_candidates.tsv"


def build(seed: int = 0, **_) -> Source:
    if not READ.is_file():
        raise Skip(f"{READ} is missing (run banking_read.py --candidates and read the pairs)")
    with READ.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle, delimiter="\t"))
    src = Source("banking77_read", "natural pairs from BANKING77 train, each read and labeled by a person")
    position: dict[str, int] = {}
    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in read:
        for side in "ab":
            position.setdefault(r[f"row_{side}"], -1)
        if r["same"] == "1":
            parent[find(r["row_a"])] = find(r["row_b"])
    texts = {}
    for r in read:
        texts[r["row_a"]], texts[r["row_b"]] = (r["text_a"], r["label_a"]), (r["text_b"], r["label_b"])
    for row in sorted(position, key=int):
        text, label = texts[row]
        position[row] = src.add(text, label, f"b{find(row)}", "en")
    for r in read:
        src.pair(position[r["row_a"]], position[r["row_b"]], int(r["same"]), r["kind"])
    return src.checked()


def candidates(folder: Path, seed: int = 7) -> None:
    import pandas as pd

    from dataaudit import audit
    from dataaudit.config import Settings
    from dataaudit.embeddings.encode import embed_texts
    from dataaudit.similarity.near_pairs import similarity
    from dataaudit.text import normalize

    frame = pd.read_csv(folder / "train.csv", dtype=str, keep_default_na=False)
    texts, labels = frame.text.tolist(), frame.category.tolist()
    rng = random.Random(seed)
    flagged: dict[tuple[int, int], str] = {}
    for embedder in ("none", "use"):
        settings = Settings(embedder=embedder, text_columns=("text",), label_column="category")
        report = audit(folder / "train.csv", settings)
        for f in report.findings:
            if f.code not in ("DA101", "DA102", "DA103", "DA201"):
                continue
            rows = [int(r) for r in f.rows]
            keep = f.keep if f.keep is not None else rows[0]
            for r in rows:
                if r != keep:
                    a, b = sorted((int(keep), r))
                    flagged.setdefault((a, b), f"flagged-{f.code}-{embedder}")
    print(f"{len(flagged)} flagged pairs", {k: sum(v.startswith(k) for v in flagged.values()) for k in
                                             ("flagged-DA101", "flagged-DA102", "flagged-DA103", "flagged-DA201")})
    by_code: dict[str, list] = {}
    for pair, why in flagged.items():
        by_code.setdefault(why.rsplit("-", 1)[0], []).append(pair)
    quota = {"flagged-DA101": 8, "flagged-DA102": 40, "flagged-DA201": 22, "flagged-DA103": 80}
    chosen: dict[tuple[int, int], str] = {}
    for code, n in quota.items():
        for pair in rng.sample(sorted(by_code.get(code, [])), min(n, len(by_code.get(code, [])))):
            chosen[pair] = flagged[pair]
    # Just below the thresholds, same label, not flagged: where recall is lost.
    vectors = embed_texts(texts, Settings(embedder="use"))
    norm = [normalize(t) for t in texts]
    close_sem, close_near = [], []
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    for rows in by_label.values():
        sims = vectors[rows] @ vectors[rows].T
        for x in range(len(rows)):
            for y in range(x + 1, len(rows)):
                a, b = rows[x], rows[y]
                if (a, b) in flagged:
                    continue
                if 0.80 <= sims[x, y] < 0.89:
                    close_sem.append((a, b))
                similar_length = abs(len(norm[a]) - len(norm[b])) < 0.3 * max(len(norm[a]), 1)
                if similar_length and 0.78 <= similarity(norm[a], norm[b]) < 0.88:
                    close_near.append((a, b))
    print(f"{len(close_sem)} close semantic, {len(close_near)} close near")
    for pair in rng.sample(close_sem, min(45, len(close_sem))):
        chosen.setdefault(pair, "close-use")
    for pair in rng.sample(close_near, min(25, len(close_near))):
        chosen.setdefault(pair, "close-near")
    label_names = sorted(by_label)
    while sum(v == "random-same-label" for v in chosen.values()) < 80:
        rows = by_label[rng.choice(label_names)]
        a, b = sorted(rng.sample(rows, 2))
        if (a, b) not in flagged and (a, b) not in chosen:
            chosen[(a, b)] = "random-same-label"
    CANDIDATES.parent.mkdir(parents=True, exist_ok=True)
    items = sorted(chosen.items())
    rng.shuffle(items)
    with CANDIDATES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["row_a", "row_b", "kind", "label_a", "label_b", "cosine_use", "text_a", "text_b"])
        for (a, b), kind in items:
            cosine = f"{float(vectors[a] @ vectors[b]):.3f}"
            writer.writerow([a, b, kind, labels[a], labels[b], cosine, texts[a], texts[b]])
    print(f"{len(items)} candidates -> {CANDIDATES}")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if "--candidates" in sys.argv:
        candidates(SHARED / "banking77")
