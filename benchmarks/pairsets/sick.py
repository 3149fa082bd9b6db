"""SICK train (../shared/data/sick2014, CC BY-NC-SA 3.0: evaluation only, read in place).

Rows: the distinct sentences of the pairs used; label: none that means anything per sentence,
so every row is labeled `caption` (the scan's label checks have nothing to say; DA201 cannot
fire). Same example ("paraphrase"): entailment A => B judged ENTAILMENT *and* relatedness
>= 4.5 (of 5), and not contradicted by the reversed pair where the file has it (32 pairs).
The file holds one direction only; at >= 4.5 the pairs are rewordings ("The man is riding a
horse" / "A man is riding a horse", "A lady is standing near three children" / "A woman is
...", active/passive), while ENTAILMENT below 4.5 is mostly one-way (a detail dropped, a
hypernym: "A man is singing and playing a guitar" / "A man is playing a guitar"), left
unlabeled. Different examples: CONTRADICTION at any relatedness, and NEUTRAL at relatedness
<= 4.0; NEUTRAL above 4.0 is left unlabeled. Kinds of the different pairs: "negation" (one
side has a negation word the other lacks), "word-order" (the same words in another order),
"word-swap" (the same length with one or two words replaced: "A man is playing a guitar" /
"A man is playing a flute"), "contradiction" (other), "related" (other NEUTRAL).
True groups: the sentences joined by paraphrase pairs.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

from .base import SHARED, Skip, Source, from_sentence_pairs, rng_for

PATH = SHARED / "sick2014" / "SICK_train.txt"
NEGATION = {"not", "no", "nobody", "none", "nothing", "never", "isn", "aren", "doesn", "don", "n't"}
ARTICLES = {"a", "an", "the", "some"}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def kind_of(a: str, b: str, judgment: str) -> str:
    wa, wb = words(a), words(b)
    if (set(wa) & NEGATION) != (set(wb) & NEGATION):
        return "negation"
    ca = [w for w in wa if w not in ARTICLES]
    cb = [w for w in wb if w not in ARTICLES]
    if sorted(ca) == sorted(cb):
        return "word-order"
    if len(ca) == len(cb) and sum((Counter(ca) - Counter(cb)).values()) <= 2:
        return "word-swap"
    return "contradiction" if judgment == "CONTRADICTION" else "related"


def build(seed: int = 0, max_rows: int = 3600, **_) -> Source:
    if not PATH.is_file():
        raise Skip(f"{PATH} is missing")
    with PATH.open(encoding="utf-8", newline="") as handle:
        raw = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    judged = {(r["sentence_A"], r["sentence_B"]): r["entailment_judgment"] for r in raw}
    labeled, skipped = [], Counter()
    for r in raw:
        a, b = r["sentence_A"].strip(), r["sentence_B"].strip()
        score, j = float(r["relatedness_score"]), r["entailment_judgment"]
        if a == b:
            continue
        if j == "ENTAILMENT" and score >= 4.5 and judged.get((r["sentence_B"], r["sentence_A"]), j) == "ENTAILMENT":
            labeled.append((a, b, 1, "paraphrase"))
        elif j == "CONTRADICTION" or (j == "NEUTRAL" and score <= 4.0):
            labeled.append((a, b, 0, kind_of(a, b, j)))
        else:
            skipped["entailment below 4.5" if j == "ENTAILMENT" else "neutral above 4.0"] += 1
    rng = rng_for("sick", seed)
    rng.shuffle(labeled)
    # Every paraphrase and minimal pair; 'related' pairs while the rows last.
    labeled.sort(key=lambda p: p[3] == "related")
    chosen, sentences = [], set()
    for a, b, same, kind in labeled:
        new = {a, b} - sentences
        if len(sentences) + len(new) > max_rows:
            continue
        sentences |= new
        chosen.append((a, b, same, kind))
    src = from_sentence_pairs(Source("sick", "SICK sentence pairs: paraphrases vs word swaps, word order, negation, "
                                            "contradiction"), chosen, lambda _: "caption", rng)
    unlabeled = ", ".join(f"{k} {n}" for k, n in skipped.items())
    src.notes.append(f"{len(chosen)} pairs used of {len(raw)}; unlabeled: {unlabeled}")
    return src.checked()
