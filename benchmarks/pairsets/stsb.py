"""STS Benchmark train (../shared/data/stsb-train; scores CC BY-SA 4.0, texts per their
sources): news headlines, image/video captions, forum posts; label = the genre.

Same example ("paraphrase"): similarity >= 4.6 of 5, i.e. most annotators gave 5,
"completely equivalent, as they mean the same thing" (the band dataaudit's embedder
thresholds are calibrated on). Different: <= 3.0, "roughly equivalent, but some important
information differs/missing" or less ("Suicide bombs hit Egypt military in Sinai, kill 6" /
"... kill 4"). Between 3.0 and 4.6 ("mostly equivalent, unimportant details differ") is left
unlabeled. Kinds of the different pairs: "differs-in-detail" (2.5-3.0), "related"
(1.0-2.5), "unrelated" (< 1.0). All paraphrase pairs; of the different ones, every pair whose
texts are >= 60 % alike (character ratio) and a random share of the rest, while the rows
last. True groups: the sentences joined by paraphrase pairs.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from .base import SHARED, Skip, Source, from_sentence_pairs, rng_for

PATH = SHARED / "stsb-train" / "sts-train.csv"


def build(seed: int = 0, max_rows: int = 3400, **_) -> Source:
    if not PATH.is_file():
        raise Skip(f"{PATH} is missing")
    same, close, far = [], [], []
    for line in PATH.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 7:
            continue
        genre, score, a, b = f[0].replace("main-", ""), float(f[4]), f[5].strip(), f[6].strip()
        if not a or not b or a == b:
            continue
        if score >= 4.6:
            same.append((a, b, 1, "paraphrase", genre))
        elif score <= 3.0:
            kind = "differs-in-detail" if score >= 2.5 else "related" if score >= 1.0 else "unrelated"
            (close if fuzz.ratio(a.lower(), b.lower()) >= 60 else far).append((a, b, 0, kind, genre))
    rng = rng_for("stsb", seed)
    rng.shuffle(close)
    rng.shuffle(far)
    chosen, genre_of = [], {}
    for a, b, s, kind, genre in same + close + far:
        new = {a, b} - genre_of.keys()
        if len(genre_of) + len(new) > max_rows:
            continue
        for t in new:
            genre_of[t] = genre
        chosen.append((a, b, s, kind))
    src = from_sentence_pairs(Source("stsb", "STS-B train pairs: paraphrases (>= 4.6) vs partly or wholly different "
                                            "meaning (<= 3.0)"), [c[:4] for c in chosen], genre_of.__getitem__, rng)
    src.notes.append(f"{len(same)} paraphrase pairs, {len(close) + len(far)} different pairs available; "
                     f"{len(chosen)} used")
    return src.checked()
