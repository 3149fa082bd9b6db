"""Slot-filled templates (benchmarks/templated_pairs.py's generator: flights, fares, maths,
orders, transfers, weather, directions; label = intent) with typo / dropped-or-doubled-word
copies of a fifth of them.

Every distinct filled template is its own example: "flights from boston to denver" and
"flights from boston to dallas" ask different things. Positives: each copy with its original
("typo", or "word-edit" when the word count changed). Negatives: texts of one template that
differ in exactly one slot ("slot-swap": a city, day, number, item, name), the two cities
swapped ("direction-swap"), and texts differing in two slots ("two-slot").
"""

from __future__ import annotations

import re
from itertools import combinations

from .base import Source, rng_for


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"(\{\w+\})", template)
    out = "".join(f"(?P<{p[1:-1]}>.+?)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{out}$")


def build(seed: int = 0, texts: int = 1500, **_) -> Source:
    import templated_pairs as tp

    rows, copies = tp.build(texts, 5 + seed)
    rng = rng_for("templated", seed)
    patterns = [(k, _pattern(t)) for k, (_, t) in enumerate(tp.TEMPLATES)]
    src = Source("templated", "slot-filled templates (entity, number, date, direction swaps) with typo copies")
    originals = {p for p in range(len(rows)) if p not in copies}
    for p, (text, label) in enumerate(rows):
        src.add(text, label, f"x{copies.get(p, p)}", "en")
    for copy, original in copies.items():
        kind = "word-edit" if len(rows[copy][0].split()) != len(rows[original][0].split()) else "typo"
        src.pair(original, copy, 1, kind)
    filled: dict[int, list[tuple[int, dict]]] = {}
    for p in sorted(originals):
        for k, pattern in patterns:
            m = pattern.match(rows[p][0])
            if m:
                filled.setdefault(k, []).append((p, m.groupdict()))
                break
    found: dict[str, list[tuple[int, int]]] = {"slot-swap": [], "direction-swap": [], "two-slot": []}
    for members in filled.values():
        for (a, sa), (b, sb) in combinations(members, 2):
            differ = [k for k in sa if sa[k] != sb[k]]
            if len(differ) == 1:
                found["slot-swap"].append((a, b))
            elif set(differ) == {"c1", "c2"} and sa["c1"] == sb["c2"] and sa["c2"] == sb["c1"]:
                found["direction-swap"].append((a, b))
            elif len(differ) == 2:
                found["two-slot"].append((a, b))
    # Few direction swaps come up by chance: add the swapped text of 100 two-city texts as new
    # examples of their own (a trip the other way is another request).
    from dataaudit.text import normalize

    seen = {normalize(t) for t, _ in rows}
    two_city = [(p, g, t) for k, members in filled.items() for p, g in members
                if "c1" in g and "c2" in g for t in [tp.TEMPLATES[k][1]]]
    for p, g, template in rng.sample(two_city, min(100, len(two_city))):
        slots = {**{n: g.get(n, "") for n in ("day", "time", "airline")}, "c1": g["c2"], "c2": g["c1"]}
        text = template.format(**slots)
        if normalize(text) in seen:
            continue
        seen.add(normalize(text))
        q = src.add(text, rows[p][1], f"x{len(src.rows)}", "en")
        found["direction-swap"].append((p, q))
    quota = {"slot-swap": 500, "direction-swap": 150, "two-slot": 200}
    for kind, pairs in found.items():
        for a, b in rng.sample(pairs, min(quota[kind], len(pairs))):
            src.pair(a, b, 0, kind)
    src.notes.append(f"{len(originals)} distinct texts, {len(copies)} copies; candidate negatives "
                     + ", ".join(f"{k} {len(v)}" for k, v in found.items()))
    return src.checked()
