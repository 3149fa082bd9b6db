"""Code-mixed renderings: Hinglish-TOP test (../shared/data/hinglish-top, Apache-2.0).

Each row is a person's romanized Hindi-English rendering (`cs_query`) of an English TOPv2
request (`en_query`). Rows rendering the same English request (compared lower-cased, without
punctuation) are the same example, written by different annotators; so are rows whose
renderings are the same text after dataaudit's normalization. The 211 English requests
rendered more than once give the positives ("rendering"); the negatives pair their rows with
the closest rendering of a request with another intent in the English parse ("other-intent":
"Is song ko like karen" / "Is song ko dislike kare", "alarm on karo" / "alarm band karo") and
with the closest rendering of a request of the same intent whose parse differs in exactly one
entity slot (a date or time, place, contact, artist, amount, event, to-do), the two values
sharing no word ("slot-swap": today / tomorrow, Hawaii / Boston, 7 am / 8 am; number values
only when both are written in digits). Two English requests of one
intent and the same slots often are one request worded differently ("How much time is left on
the timer?" / "What time is left on the timer?", "alarm off" / "Turn off this alarm"), so no
other negative is taken, and the other renderings in the file are only those negatives' rows.
Labels: the TOP intent of `cs_parse`; a true group whose rows disagree on it is one of the
file's own label errors (counted in the notes; it is still one example).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from .base import SHARED, Skip, Source, rng_for

PATH = SHARED / "hinglish-top" / "test.tsv"


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _slots(parse: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(every slot type, sorted; the innermost slots as (type, value))."""
    types = tuple(sorted(re.findall(r"\[SL:(\w+)", parse)))
    inner = tuple((t, _key(v)) for t, v in re.findall(r"\[SL:(\w+) ([^\[\]]+?) \]", parse))
    return types, inner


@lru_cache(maxsize=None)
def read() -> tuple[list[dict], dict[int, int]]:
    """Rows (cs, en, intent, norm, slots) and each row's group root (union of same English
    request / same normalized rendering)."""
    from dataaudit.text import normalize

    if not PATH.is_file():
        raise Skip(f"{PATH} is missing")
    with PATH.open(encoding="utf-8", newline="") as handle:
        raw = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = []
    for r in raw:
        intent = re.search(r"\[IN:(\w+)", r["en_parse"])
        cs_intent = re.search(r"\[IN:(\w+)", r["cs_parse"] or r["en_parse"])
        rows.append({"cs": r["cs_query"].strip(), "en": r["en_query"].strip(), "norm": normalize(r["cs_query"]),
                     "intent": cs_intent.group(1) if cs_intent else "", "en_intent": intent.group(1) if intent else "",
                     "slots": _slots(r["en_parse"])})
    parent = list(range(len(rows)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        for key in (("en", _key(r["en"])), ("cs", r["norm"])):
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    return rows, {i: find(i) for i in range(len(rows))}


def _slot_swap(a: dict, b: dict) -> bool:
    if a["en_intent"] != b["en_intent"] or a["slots"][0] != b["slots"][0] or len(a["slots"][1]) != len(b["slots"][1]):
        return False
    differ = [(x, y) for x, y in zip(a["slots"][1], b["slots"][1]) if x != y]
    if len(differ) != 1 or differ[0][0][0] != differ[0][1][0] or differ[0][0][0] not in ENTITY_SLOTS:
        return False
    va, vb = differ[0][0][1], differ[0][1][1]
    if set(va.split()) & set(vb.split()) or any(va in same and vb in same for same in SAME_TIME):
        return False
    da, db = set(re.findall(r"\d+", va)), set(re.findall(r"\d+", vb))
    if da or db:
        return bool(da) and bool(db) and da != db
    return not NUMBER_WORDS & set(f"{va} {vb}".split())


# Slots whose values name an entity, a time, a place or an amount: another value is another
# request. Left out: slots whose values are often synonyms (METHOD_TIMER timer/timing,
# MUSIC_TYPE song/track, WEATHER_ATTRIBUTE cold/cool, PERSON_REMINDED me/my, ORDINAL last/previous).
ENTITY_SLOTS = {"DATE_TIME", "DATE_TIME_DEPARTURE", "DATE_TIME_ARRIVAL", "DATE_TIME_NEW", "LOCATION", "DESTINATION",
                "SOURCE", "POINT_ON_MAP", "CONTACT", "RECIPIENT", "ATTENDEE", "MUSIC_ARTIST_NAME", "MUSIC_TRACK_TITLE",
                "MUSIC_ALBUM_TITLE", "MUSIC_PLAYLIST_TITLE", "MUSIC_GENRE", "TIMER_NAME", "ALARM_NAME", "AMOUNT",
                "DURATION", "CATEGORY_EVENT", "NAME_EVENT", "TODO", "CONTENT_EXACT"}
SAME_TIME = ({"tonight", "this evening", "this night", "evening"}, {"now", "right now", "currently", "at the moment"})
NUMBER_WORDS = set("one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
                   "fifty sixty half quarter noon midnight".split())


@lru_cache(maxsize=None)
def split(seed: int) -> tuple[tuple[tuple[int, int, str], ...], tuple[int, ...], tuple[int, ...]]:
    """(negative pairs (multi row, other row, kind), every row of the rendering source, the
    singletons it leaves for the typo source)."""
    rows, root = read()
    size: dict[int, int] = {}
    for g in root.values():
        size[g] = size.get(g, 0) + 1
    usable = [i for i in range(len(rows)) if rows[i]["norm"]]
    multi = [i for i in usable if size[root[i]] > 1]
    negatives = []
    for i in multi:
        other = [j for j in usable if root[j] != root[i] and rows[j]["en_intent"] != rows[i]["en_intent"]]
        swap = [j for j in usable if root[j] != root[i] and _slot_swap(rows[i], rows[j])]
        for kind, pool in (("other-intent", other), ("slot-swap", swap)):
            if pool:
                j = pool[process.extractOne(rows[i]["norm"], [rows[s]["norm"] for s in pool], scorer=fuzz.ratio)[2]]
                negatives.append((i, j, kind))
    used = set(multi) | {j for _, j, _ in negatives}
    rest = [i for i in usable if i not in used and size[root[i]] == 1]
    rng_for("hinglish-split", seed).shuffle(rest)
    return tuple(negatives), tuple(sorted(used)), tuple(rest)


def build(seed: int = 0, **_) -> Source:
    rows, root = read()
    negatives, used, _ = split(seed)
    src = Source("rendering", "code-mixed Hinglish renderings of one English request by different people "
                              "(Hinglish-TOP)")
    pos = {i: src.add(rows[i]["cs"], rows[i]["intent"], f"h{root[i]}", "hi-Latn") for i in used}
    members: dict[int, list[int]] = {}
    for i in used:
        members.setdefault(root[i], []).append(i)
    members = {g: m for g, m in members.items() if len(m) > 1}
    disagree = sum(1 for m in members.values() if len({rows[i]["intent"] for i in m}) > 1)
    src.notes.append(f"{len(members)} requests rendered 2-7 times ({sum(map(len, members.values()))} rows), "
                     f"{len(used) - sum(map(len, members.values()))} other renderings; {disagree} of those requests "
                     "have rows that disagree on the intent (the file's own label errors)")
    for m in members.values():
        for x in range(len(m)):
            for y in range(x + 1, len(m)):
                src.pair(pos[m[x]], pos[m[y]], 1, "rendering")
    for i, j, kind in negatives:
        src.pair(pos[i], pos[j], 0, kind)
    return src.checked()
