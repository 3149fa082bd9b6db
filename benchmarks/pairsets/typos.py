"""Typo copies of real sentences in several languages and scripts.

Base texts, every one a distinct example:
- benchmarks/data/typo_base_{hi,hi_latn,fr,es}.tsv (hand-written customer messages; the files
  are translations of each other row by row, so each language takes a disjoint share of the
  170 rows: no translation pair sits in the file, which DA103 could rightly call the same);
- 450 real English banking queries (BANKING77 test split, CC BY 4.0);
- 400 real romanized Hindi requests (Hinglish-TOP singletons not used by the rendering source).
Real sets are thinned until no two texts are >= 0.8 similar (inject.clean_base), so the only
close pairs left are distinct requests.

Copies of 60 % of them: 1-3 typing errors of the script's own kinds (multilingual_typos.typo_copy:
nearby keys on the layout, dropped/doubled/swapped letters, matra and nasal slips in Devanagari,
romanized spelling variants, accents), a dropped or doubled word (inject.word_edit, 15 %), or
a case/spacing/punctuation copy (inject.surface_copy, 10 %). A copy is the same example as its
base. Negatives: each copied base text with its closest other base text of the same set
("near-miss"; in the real sets only one with another intent, since two real queries of one
intent may be paraphrases) and with a random base text of the same intent in the hand-written
sets ("same-intent", where every text is distinct by construction).
"""

from __future__ import annotations

import csv

import pandas as pd
from rapidfuzz import fuzz

from . import hinglish
from .base import DATA, SHARED, Source, nearest, rng_for

SHARES = {"hi": 55, "hi-Latn": 55, "fr": 30, "es": 30}
FILES = {"hi": "typo_base_hi.tsv", "hi-Latn": "typo_base_hi_latn.tsv", "fr": "typo_base_fr.tsv",
         "es": "typo_base_es.tsv"}


def _tsv(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def build(seed: int = 0, **_) -> Source:
    from inject import clean_base, surface_copy, word_edit
    from multilingual_typos import typo_copy
    from dataaudit.text import normalize

    rng = rng_for("typos", seed)
    sets: list[tuple[str, str, list[tuple[str, str]]]] = []  # (set name, lang, [(text, label)])
    order = list(range(170))
    rng.shuffle(order)
    start = 0
    for lang, n in SHARES.items():
        rows = _tsv(FILES[lang])
        picked = sorted(order[start:start + n])
        sets.append((f"handwritten-{lang}", lang, [(rows[i]["text"], rows[i]["label"]) for i in picked]))
        start += n
    bank = pd.read_csv(SHARED / "banking77" / "test.csv", dtype=str, keep_default_na=False)
    bank = bank.sample(600, random_state=seed)
    bank = clean_base(bank.reset_index(drop=True), "text").head(450)
    sets.append(("banking77-test", "en", list(zip(bank.text, bank.category))))
    rows, _root = hinglish.read()
    _, _, rest = hinglish.split(seed)
    hl = pd.DataFrame([{"text": rows[i]["cs"], "label": rows[i]["intent"]} for i in rest[:550]])
    hl = clean_base(hl, "text").head(400)
    sets.append(("hinglish-top", "hi-Latn", list(zip(hl.text, hl.label))))

    src = Source("typos", "typing-error copies of real and hand-written sentences: Devanagari and romanized Hindi, "
                          "French, Spanish, English")
    taken = {normalize(t) for _, _, items in sets for t, _ in items}
    copies = []
    for name, lang, items in sets:
        handwritten = name.startswith("handwritten")
        base = [src.add(text, label, f"{name}:{k}", lang) for k, (text, label) in enumerate(items)]
        texts = [normalize(t) for t, _ in items]
        for k in rng.sample(range(len(items)), int(0.6 * len(items))):
            text, label = items[k]
            for _ in range(20):
                roll = rng.random()
                if roll < 0.10:
                    copy, kind = surface_copy(text, rng), "surface"
                elif roll < 0.25 and lang != "hi":
                    copy, kind = word_edit(text, rng), "word-edit"
                else:
                    copy, kind = typo_copy(text, lang, rng, rng.randint(1, 3))[0], "typo"
                if copy != text and (normalize(copy) == texts[k] or normalize(copy) not in taken):
                    break
            else:
                continue
            taken.add(normalize(copy))
            c = src.add(copy, label, f"{name}:{k}", lang)
            copies.append(c)
            src.pair(base[k], c, 1, kind)
            pool = [j for j in range(len(items)) if j != k and (handwritten or items[j][1] != label)]
            j, _ = nearest(texts, k, pool, fuzz.ratio)
            if j >= 0:
                src.pair(base[k], base[j], 0, "near-miss")
                src.pair(c, base[j], 0, "near-miss")
            if handwritten:
                same = [j for j in range(len(items)) if j != k and items[j][1] == label]
                if same:
                    src.pair(base[k], base[rng.choice(same)], 0, "same-intent")
    sizes = ", ".join(f"{name} {len(items)}" for name, _, items in sets)
    src.notes.append(f"{sizes} base texts; {len(copies)} copies")
    return src.checked()
