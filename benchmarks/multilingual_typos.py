"""Near-duplicate (DA102) precision and recall on typo copies, per language and script.

    python benchmarks/multilingual_typos.py [--seeds 1,2,3,4,5] [--stsb DIR|none] [--kinds]
                                            [--misses N] [--false-pairs] [--no-lsh]

Languages: English (control), Hindi in Devanagari, romanized Hindi (Hinglish), French,
Spanish. Each base set is 170 distinct customer messages / intent utterances, hand-written
for this project and parallel across languages (benchmarks/data/typo_base_*.tsv: the same
intents, many from shared templates, so distinct texts are sometimes close: "cancel my
table booking" / "cancel my hotel booking", "exchange rate for dollars / euros").
An STS-B sample (170 first sentences of 20-80 characters, none >= 0.80 similar to
another) is a second English control when ../shared/data/stsb-train is there.

For each language and seed, every base text gets one typo copy with 1-3 edits of the kinds
people make when typing that script (the EDITS table below; half the edits come from the
script's own list): nearby keys on the layout they type on (QWERTY, AZERTY, Spanish QWERTY
with ñ, InScript for Devanagari, with Shift slips), dropped, doubled and swapped letters,
and per script: Devanagari matra swaps (ि/ी, ु/ू, े/ै, ो/ौ), dropped or swapped
anusvara/chandrabindu, halant and nukta slips, aspirated/unaspirated, dental/retroflex and
sibilant confusions; romanized Hindi spelling variants (nahi/nahin/nai, kya/kyaa, hai/he,
mujhe/muje, ...), stretched vowels and dropped vowels (karna/krna); French/Spanish missing,
wrong or added accents (é/e, è/é, à/a, ñ/n, ç/c), doubled or single consonants, Spanish
b/v, ll/y, silent h and seseo. A variant spelling of a whole word counts as one edit.

Each seed's file (base texts + copies, labelled by intent) is scanned through the library:
audit(frame, {"embedder": "none", "select": ["DA101", "DA102"], "rules": ["none"], ...}).
A flagged pair (kept row, excluded row) is right when both rows come from the same base
text; recall is the share of copies flagged as a duplicate of their own base text.
"false base pairs" scans the untouched base set alone: every pair flagged there is wrong
by construction (all base texts are distinct examples). "sim >= thr" is the share of
copies whose similarity to their base text reaches the threshold: the recall DA102 would
have if no other text were close. Files this small are compared all-pairs
(near_pairs.ALL_PAIRS_LIMIT); "LSH P/R" re-scans the same files with that limit set to 0,
as a file of more than 2,000 texts is scanned (MinHash + LSH candidates). One more row
per accented language scans a copy of every accented base text with *every* accent
dropped (typed on a keyboard without them), however many that is.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from common import REPO, machine  # noqa: E402

from dataaudit import audit  # noqa: E402
from dataaudit.config import Settings  # noqa: E402
from dataaudit.similarity import near_pairs as near_pairs_module  # noqa: E402
from dataaudit.text import normalize  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_STSB = REPO.parent / "shared" / "data" / "stsb-train"
LANGUAGES = {  # code -> (name, base file)
    "en": ("English (control)", "typo_base_en.tsv"),
    "hi": ("Hindi, Devanagari", "typo_base_hi.tsv"),
    "hi-Latn": ("Hindi, romanized", "typo_base_hi_latn.tsv"),
    "fr": ("French", "typo_base_fr.tsv"),
    "es": ("Spanish", "typo_base_es.tsv"),
}
SHORT = 30  # "short text" for the recall column of the same name, in normalized characters
SETTINGS = {"embedder": "none", "select": ["DA101", "DA102"], "rules": ["none"], "threshold": 1}


# --- keyboards -----------------------------------------------------------------------------

def key_neighbours(rows: list[str], stagger=(0.0, 0.25, 0.75)) -> dict[str, list[str]]:
    """Keys touching each key on a staggered layout (same row +-1, the rows above and below)."""
    where = {ch: (r, c + stagger[r]) for r, row in enumerate(rows) for c, ch in enumerate(row)}
    return {a: [b for b, (rb, xb) in where.items() if b != a and abs(ra - rb) <= 1 and abs(xa - xb) <= 1.0]
            for a, (ra, xa) in where.items()}


QWERTY = key_neighbours(["qwertyuiop", "asdfghjkl", "zxcvbnm"])
AZERTY = key_neighbours(["azertyuiop", "qsdfghjklm", "wxcvbn"])
QWERTY_ES = key_neighbours(["qwertyuiop", "asdfghjklñ", "zxcvbnm"])
# InScript (the standard Devanagari layout), unshifted and shifted layers of the Q, A and Z rows.
INSCRIPT_ROWS = ["ौैाीूबहगदजड", "ोे्िुपरकतचट", "ॆंमनवलस"]
INSCRIPT_SHIFT_ROWS = ["औऐआईऊभङघधझढ", "ओएअइउफऱखथछठ", "ऎँणऩऴळश"]
INSCRIPT = {**key_neighbours(INSCRIPT_ROWS), **key_neighbours(INSCRIPT_SHIFT_ROWS)}
INSCRIPT_SHIFT = {}
for plain, shifted in zip("".join(INSCRIPT_ROWS), "".join(INSCRIPT_SHIFT_ROWS)):
    INSCRIPT_SHIFT[plain], INSCRIPT_SHIFT[shifted] = shifted, plain

DEVANAGARI_CONSONANTS = {chr(c) for c in range(0x0915, 0x093A)}
DEVANAGARI_MATRAS = {chr(c) for c in range(0x093E, 0x094D)} - {"\u094d"}
HALANT, NUKTA, ANUSVARA, CHANDRABINDU = "\u094d", "\u093c", "\u0902", "\u0901"
MATRA_SWAPS = {"ि": "ी", "ी": "ि", "ु": "ू", "ू": "ु", "े": "ै", "ै": "े", "ो": "ौ", "ौ": "ो"}
# Aspirated/unaspirated, dental/retroflex and sibilant confusions of phonetic typing.
CONSONANT_CONFUSIONS = {}
for group in ("कख", "गघ", "चछ", "जझ", "टठ", "डढ", "तथ", "दध", "पफ", "बभ", "तट", "दड", "नण", "सशष", "बव"):
    for ch in group:
        CONSONANT_CONFUSIONS.setdefault(ch, []).extend(o for o in group if o != ch)
NUKTA_BASES = set("कखगजडढफ")

# --- romanized Hindi spelling variants (each group: interchangeable spellings) -------------
HINGLISH_VARIANTS = [
    "nahi nahin nai nhi", "kya kyaa kia", "hai he h", "hain hai hein", "mujhe muje mujhey mjhe",
    "main mai me", "mein me mei", "kaise kese kaisey", "karna krna", "karni krni", "kar kr",
    "karo kro", "raha rha", "rahi rhi", "rahe rhe", "hoon hu hun hoo", "aap ap", "aapka apka",
    "aapki apki", "aapke apke", "kyun kyu kyon", "chahiye chahie chaiye chahiyeh", "bahut bohot bhut bht",
    "achhi acchi achi", "please plz pls", "theek thik", "paise pese", "abhi abi", "yahan yaha",
    "kahan kaha", "wala vala", "wale vale", "wali vali", "karun karu karoon", "hua huwa", "hue huye",
    "gaya gya", "gaye gye", "gayi gyi gai", "baar bar", "aaj aj", "liye liey lie", "saath sath",
    "paas pas", "aaya aya", "aayi ayi", "aayega ayega", "aana ana", "sakta skta", "sakte skte",
    "bhi bi", "dijiye dijie", "pehle pahle phle", "khana khaana", "paani pani", "mera mra",
    "mere mre", "meri mri", "apna apana", "apne apane", "kitna kitana", "kitne kitane", "kab kb",
    "tak tk", "bhej bhejo", "milega milegaa", "ghar gher", "thank thanku", "shukriya sukriya",
    "jaldi jldi", "ho hoo", "ka kaa", "ki kii", "ke kay",
]
HINGLISH = {}
for line in HINGLISH_VARIANTS:
    forms = line.split()
    for form in forms:
        HINGLISH.setdefault(form, [])
        HINGLISH[form].extend(f for f in forms if f != form and f not in HINGLISH[form])

ACCENTS = {"fr": "éèêëàâîïôûùüçœ", "es": "áéíóúüñ"}


def strip_accents(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return {"œ": "oe"}.get(ch, base)


WRONG_ACCENT = {"fr": {"é": "èê", "è": "éê", "ê": "éè", "à": "â", "â": "à", "î": "ï", "ô": "ö", "û": "ù", "ù": "û"},
                "es": {"á": "à", "é": "è", "í": "ì", "ó": "ò", "ú": "ù"}}
ADD_ACCENT = {"fr": {"e": "éè", "a": "à", "u": "ù", "o": "ô"}, "es": {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}}


# --- edits ---------------------------------------------------------------------------------
# Each edit takes (text, rng) and returns the edited text, or None when it does not apply.

def _letters(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch.isalpha()]


def named(name, edit):
    edit.__name__ = name
    return edit


def nearby_key(layout):
    def edit(text, rng):
        spots = [i for i in _letters(text) if strip_accents(text[i].lower()) in layout]
        if not spots:
            return None
        i = rng.choice(spots)
        new = rng.choice(layout[strip_accents(text[i].lower())])
        return text[:i] + (new.upper() if text[i].isupper() else new) + text[i + 1:]
    return named("nearby_key", edit)


def drop_letter(text, rng):
    spots = _letters(text)
    if len(spots) < 4:
        return None
    i = rng.choice(spots)
    return text[:i] + text[i + 1:]


def double_letter(text, rng):
    spots = _letters(text)
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i + 1] + text[i] + text[i + 1:]


def swap_letters(text, rng):
    spots = [i for i in range(len(text) - 1)
             if text[i].isalpha() and text[i + 1].isalpha() and text[i] != text[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def _replace_at(text, rng, spots, choose):
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + choose(text[i]) + text[i + 1:]


def accent_drop(lang):
    def edit(text, rng):
        return _replace_at(text, rng, [i for i, ch in enumerate(text) if ch.lower() in ACCENTS[lang]],
                           lambda ch: strip_accents(ch))
    return named("accent_drop", edit)


def accent_wrong(lang):
    table = WRONG_ACCENT[lang]

    def edit(text, rng):
        return _replace_at(text, rng, [i for i, ch in enumerate(text) if ch in table], lambda ch: rng.choice(table[ch]))
    return named("accent_wrong", edit)


def accent_add(lang):
    table = ADD_ACCENT[lang]

    def edit(text, rng):
        return _replace_at(text, rng, [i for i, ch in enumerate(text) if ch in table], lambda ch: rng.choice(table[ch]))
    return named("accent_add", edit)


_DOUBLE = re.compile(r"([bcdfglmnprst])\1")
_SINGLE = re.compile(r"(?<=[aeiouéèàâêîôû])([bcdfglmnprst])(?=[aeiouéèàâêîôûy])")


def consonant_doubling(text, rng):
    """'adresse' -> 'addresse', 'connexion' -> 'conexion': a single consonant doubled or a double one halved."""
    doubles = [m.start() for m in _DOUBLE.finditer(text)]
    singles = [m.start() for m in _SINGLE.finditer(text)]
    if not doubles and not singles:
        return None
    if doubles and (not singles or rng.random() < 0.5):
        i = rng.choice(doubles)
        return text[:i] + text[i + 1:]
    i = rng.choice(singles)
    return text[:i] + text[i] + text[i:]


def _substitute_pattern(name, pairs):
    def edit(text, rng):
        spots = [(m.start(), m.end(), new) for old, new in pairs for m in re.finditer(old, text)]
        if not spots:
            return None
        start, end, new = rng.choice(spots)
        return text[:start] + new + text[end:]
    return named(name, edit)


spanish_b_v = _substitute_pattern("b_v", [("b", "v"), ("v", "b")])
spanish_ll_y = _substitute_pattern("ll_y", [("ll", "y"), (r"(?<=[aeiou])y(?=[aeiou])", "ll")])
spanish_silent_h = _substitute_pattern("silent_h", [(r"\bh", ""), (r"(?<=[aeiou])h", ""), (r"\bH", "")])
spanish_seseo = _substitute_pattern("seseo", [("z", "s"), ("c(?=[ei])", "s"), ("s(?=[aou])", "z")])


def hinglish_variant(text, rng):
    words = text.split(" ")
    spots = [i for i, w in enumerate(words) if w.lower().strip("?,.!") in HINGLISH]
    if not spots:
        return None
    i = rng.choice(spots)
    core = words[i].lower().strip("?,.!")
    words[i] = words[i].lower().replace(core, rng.choice(HINGLISH[core]))
    return " ".join(words)


def stretch_vowel(text, rng):
    """'kya' -> 'kyaa', 'please' -> 'pleease': a vowel held longer, as in chat."""
    spots = [i for i, ch in enumerate(text) if ch in "aeiou"]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i + 1] + text[i] * rng.choice((1, 1, 2)) + text[i + 1:]


def drop_vowel(text, rng):
    """'karna' -> 'krna', 'rahi' -> 'rhi': an inherent 'a' (or e/i) left out between consonants."""
    spots = [i for i in range(1, len(text) - 1)
             if text[i] in "aei" and text[i - 1].isalpha() and text[i - 1] not in "aeiou"
             and text[i + 1].isalpha() and text[i + 1] not in "aeiou"]
    return _replace_at(text, rng, spots, lambda ch: "")


def matra_swap(text, rng):
    return _replace_at(text, rng, [i for i, ch in enumerate(text) if ch in MATRA_SWAPS], lambda ch: MATRA_SWAPS[ch])


def nasal_slip(text, rng):
    """Anusvara/chandrabindu dropped (नहीं -> नही, हूँ -> हू) or one typed for the other (हूँ -> हूं)."""
    spots = [i for i, ch in enumerate(text) if ch in (ANUSVARA, CHANDRABINDU)]
    if not spots:
        return None
    i = rng.choice(spots)
    if rng.random() < 0.6:
        return text[:i] + text[i + 1:]
    return text[:i] + (CHANDRABINDU if text[i] == ANUSVARA else ANUSVARA) + text[i + 1:]


def _mark_slip(text, rng, mark, drops, adds):
    """A combining mark left out (at one of `drops`) or typed after a letter (at one of `adds`)."""
    if drops and (not adds or rng.random() < 0.7):
        i = rng.choice(drops)
        return text[:i] + text[i + 1:]
    if not adds:
        return None
    i = rng.choice(adds)
    return text[:i + 1] + mark + text[i + 1:]


def halant_slip(text, rng):
    """A conjunct's halant left out (क्या -> कया) or one typed between two consonants (कल -> क्ल)."""
    return _mark_slip(text, rng, HALANT, [i for i, ch in enumerate(text) if ch == HALANT],
                      [i for i in range(len(text) - 1)
                       if text[i] in DEVANAGARI_CONSONANTS and text[i + 1] in DEVANAGARI_CONSONANTS])


def nukta_slip(text, rng):
    """A nukta left out (ज़्यादा -> ज्यादा, फ़ोन -> फोन) or added where none belongs (जब -> ज़ब)."""
    return _mark_slip(text, rng, NUKTA, [i for i, ch in enumerate(text) if ch == NUKTA],
                      [i for i, ch in enumerate(text) if ch in NUKTA_BASES and text[i + 1:i + 2] != NUKTA])


def consonant_confusion(text, rng):
    return _replace_at(text, rng, [i for i, ch in enumerate(text) if ch in CONSONANT_CONFUSIONS],
                       lambda ch: rng.choice(CONSONANT_CONFUSIONS[ch]))


def inscript_key(text, rng):
    """A neighbouring InScript key, or the same key with/without Shift (ब/भ, ि/इ, ं/ँ)."""
    spots = [i for i, ch in enumerate(text) if ch in INSCRIPT]
    if not spots:
        return None
    i = rng.choice(spots)
    ch = text[i]
    new = INSCRIPT_SHIFT[ch] if ch in INSCRIPT_SHIFT and rng.random() < 0.3 else rng.choice(INSCRIPT[ch])
    return text[:i] + new + text[i + 1:]


def devanagari_drop(text, rng):
    spots = [i for i, ch in enumerate(text) if ch in DEVANAGARI_CONSONANTS or ch in DEVANAGARI_MATRAS]
    return _replace_at(text, rng, spots, lambda ch: "") if len(spots) > 3 else None


def devanagari_double(text, rng):
    spots = [i for i, ch in enumerate(text) if ch in DEVANAGARI_CONSONANTS or ch in DEVANAGARI_MATRAS]
    return _replace_at(text, rng, spots, lambda ch: ch + ch)


def consonant_swap(text, rng):
    """Two adjacent consonants typed in the wrong order (बदल -> बलद, कमरा -> मकरा): the
    Devanagari form of swapped adjacent letters (a vowel sign between them would be two edits)."""
    pairs = [i for i in range(len(text) - 1) if text[i] in DEVANAGARI_CONSONANTS
             and text[i + 1] in DEVANAGARI_CONSONANTS and text[i] != text[i + 1]]
    if not pairs:
        return None
    i = rng.choice(pairs)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


# (script-specific edits, generic keyboard edits): half of all edits come from each list.
EDITS = {
    "en": ([], [nearby_key(QWERTY), drop_letter, double_letter, swap_letters]),
    "hi": ([matra_swap, nasal_slip, halant_slip, nukta_slip, consonant_confusion],
           [inscript_key, devanagari_drop, devanagari_double, consonant_swap]),
    "hi-Latn": ([hinglish_variant, hinglish_variant, stretch_vowel, drop_vowel],
                [nearby_key(QWERTY), drop_letter, double_letter, swap_letters]),
    "fr": ([accent_drop("fr"), accent_drop("fr"), accent_wrong("fr"), accent_add("fr"), consonant_doubling],
           [nearby_key(AZERTY), drop_letter, double_letter, swap_letters]),
    "es": ([accent_drop("es"), accent_drop("es"), accent_wrong("es"), accent_add("es"), consonant_doubling,
            spanish_b_v, spanish_ll_y, spanish_silent_h, spanish_seseo],
           [nearby_key(QWERTY_ES), drop_letter, double_letter, swap_letters]),
}
EDITS["en-stsb"] = EDITS["en"]


def typo_copy(text: str, lang: str, rng: random.Random, edits: int) -> tuple[str, list[str]]:
    """The text with `edits` edits, and the names of the edits made."""
    specific, generic = EDITS[lang]
    out, kinds = text, []
    for _ in range(edits):
        for _attempt in range(20):
            pool = specific if specific and rng.random() < 0.5 else generic
            edit = rng.choice(pool)
            changed = edit(out, rng)
            if changed is not None and changed != out:
                out = changed
                kinds.append(edit.__name__)
                break
    return out, kinds


def accentless(text: str, lang: str) -> str:
    return "".join(strip_accents(ch) if ch.lower() in ACCENTS[lang] else ch for ch in text)


# --- data ----------------------------------------------------------------------------------

def read_base(lang: str) -> pd.DataFrame:
    path = DATA / LANGUAGES[lang][1]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return pd.DataFrame(rows, columns=["label", "text"])


def read_stsb(folder: Path, count: int = 170, seed: int = 7) -> pd.DataFrame | None:
    """A sample of STS-B first sentences (20-80 characters), no two ≥ 0.80 similar; label = genre."""
    path = Path(folder) / "sts-train.csv"
    if not path.is_file():
        return None
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 7 and 20 <= len(fields[5]) <= 80:
            rows.append((fields[0], fields[5]))
    random.Random(seed).shuffle(rows)
    picked, keys = [], []
    for label, text in rows:
        key = normalize(text)
        if key and all(near_pairs_module.similarity(key, other) < 0.8 for other in keys):
            keys.append(key)
            picked.append((label, text))
            if len(picked) == count:
                break
    return pd.DataFrame(picked, columns=["label", "text"])


# --- scoring -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Copy:
    source: int  # row of the base text it was made from
    text: str
    edits: int
    kinds: tuple[str, ...] = ()


@dataclass
class Run:
    copies: int = 0
    found: int = 0
    flagged: int = 0
    correct: int = 0
    by_edits: Counter = field(default_factory=Counter)
    found_by_edits: Counter = field(default_factory=Counter)
    short: int = 0  # copies of base texts under SHORT characters (normalized)
    found_short: int = 0
    similar: int = 0  # copies at or above the threshold from their base text (what DA102 can find at best)
    by_kind: Counter = field(default_factory=Counter)
    found_by_kind: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)

    def add(self, other: "Run") -> None:
        self.copies += other.copies
        self.found += other.found
        self.similar += other.similar
        self.short += other.short
        self.found_short += other.found_short
        self.flagged += other.flagged
        self.correct += other.correct
        for mine, theirs in ((self.by_edits, other.by_edits), (self.found_by_edits, other.found_by_edits),
                             (self.by_kind, other.by_kind), (self.found_by_kind, other.found_by_kind)):
            mine.update(theirs)
        self.misses.extend(other.misses)

    @property
    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.copies if self.copies else 1.0


def flagged_pairs(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """(kept row, excluded row) of every DA101/DA102 finding, scanned through the library."""
    report = audit(frame[["text", "label"]], dict(SETTINGS))
    return [(f.keep, x) for f in report.findings if f.code in ("DA101", "DA102") and f.keep is not None
            for x in f.excluded]


def score(base: pd.DataFrame, copies: list[Copy]) -> Run:
    """Scan the base rows followed by the copies; score the flagged pairs against the families."""
    n = len(base)
    frame = pd.concat([base, pd.DataFrame([{"label": base.label[c.source], "text": c.text} for c in copies])],
                      ignore_index=True)
    family = list(range(n)) + [c.source for c in copies]
    pairs = flagged_pairs(frame)
    right = [(k, x) for k, x in pairs if family[k] == family[x]]
    run = Run(copies=len(copies), flagged=len(pairs), correct=len(right))
    # A copy is found when it is excluded as a copy of its own base text (or another copy of
    # it), or is itself the kept row its base text was excluded for.
    found_rows = {row for pair in right for row in pair}
    threshold = Settings().near_duplicate_threshold
    for offset, copy in enumerate(copies):
        found = n + offset in found_rows
        run.found += found
        run.similar += similarity_of(base.text[copy.source], copy.text) >= threshold - 1e-6
        if len(normalize(base.text[copy.source])) < SHORT:
            run.short += 1
            run.found_short += found
        run.by_edits[copy.edits] += 1
        run.found_by_edits[copy.edits] += found
        for kind in set(copy.kinds):
            run.by_kind[kind] += 1
            run.found_by_kind[kind] += found
        if not found:
            run.misses.append((base.text[copy.source], copy.text, copy.edits))
    return run


def false_base_pairs(base: pd.DataFrame) -> list[tuple[str, str]]:
    return [(base.text[k], base.text[x]) for k, x in flagged_pairs(base)]


class lsh_path:
    """Within this block, DA102 takes the MinHash + LSH path whatever the file's size."""

    def __enter__(self):
        self.saved = near_pairs_module.ALL_PAIRS_LIMIT
        near_pairs_module.ALL_PAIRS_LIMIT = 0

    def __exit__(self, *exc):
        near_pairs_module.ALL_PAIRS_LIMIT = self.saved


def make_copies(base: pd.DataFrame, lang: str, seed: int) -> list[Copy]:
    """One typo copy (1-3 edits) of every base text, in random order."""
    rng = random.Random(f"{lang}/{seed}")
    taken = {normalize(t) for t in base.text}
    out = []
    for source, text in enumerate(base.text):
        edits = rng.randint(1, 3)
        for _ in range(20):
            copy, kinds = typo_copy(text, lang, rng, edits)
            if normalize(copy) not in taken:  # a real change, not another base text
                break
        out.append(Copy(source, copy, edits, tuple(kinds)))
    rng.shuffle(out)
    return out


def similarity_of(a: str, b: str) -> float:
    return near_pairs_module.similarity(normalize(a), normalize(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--stsb", default=str(DEFAULT_STSB),
                        help="STS-B folder for a second English control ('none' skips it)")
    parser.add_argument("--no-lsh", action="store_true", help="skip the LSH-path re-run")
    parser.add_argument("--kinds", action="store_true", help="recall per kind of edit, per language")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed copies per language")
    parser.add_argument("--false-pairs", action="store_true", help="print the pairs flagged among base texts")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    bases = {lang: read_base(lang) for lang in args.languages.split(",")}
    if args.stsb != "none":
        stsb = read_stsb(Path(args.stsb))
        if stsb is not None:
            bases["en-stsb"] = stsb
    print(f"machine: {machine()}")
    print(f"seeds {','.join(map(str, seeds))}: one typo copy (1-3 edits) of every base text per seed, one scan per "
          f"seed; DA101 + DA102 at the default near threshold, embedder none\n")
    header = (f"{'language':<22} | {'base':>4} | {'copies':>6} | {'precision':>9} | {'recall':>6} | "
              f"{'R 1/2/3 edits':>17} | {f'R <{SHORT} chars':>12} | {'LSH P/R':>11} | {'false base pairs':>16} | {'sim >= thr':>10}")
    print(header)
    print("-" * len(header))
    extra, kinds = [], {}
    for lang, base in bases.items():
        total, lsh_total = Run(), Run()
        for seed in seeds:
            copies = make_copies(base, lang, seed)
            total.add(score(base, copies))
            if not args.no_lsh:
                with lsh_path():
                    lsh_total.add(score(base, copies))
        false_pairs = false_base_pairs(base)
        with lsh_path():
            false_pairs_lsh = false_base_pairs(base)
        by = "/".join(f"{total.found_by_edits[e] / total.by_edits[e]:.3f}" if total.by_edits[e] else "-"
                      for e in (1, 2, 3))
        name = LANGUAGES.get(lang, ("English (STS-B)",))[0]
        lsh = "-" if args.no_lsh else f"{lsh_total.precision:.3f}/{lsh_total.recall:.3f}"
        fp = f"{len(false_pairs)}" + (f" (LSH {len(false_pairs_lsh)})" if len(false_pairs_lsh) != len(false_pairs) else "")
        print(f"{name:<22} | {len(base):>4} | {total.copies:>6} | {total.precision:>9.3f} | {total.recall:>6.3f} | "
              f"{by:>17} | {f'{total.found_short / total.short:.3f} ({total.short})':>12} | {lsh:>11} | {fp:>16} | {total.similar / total.copies:>10.3f}")
        if args.false_pairs:
            for a, b in false_pairs:
                print(f"      false base pair ({similarity_of(a, b):.3f}): {a!r} / {b!r}")
        for original, copy, edits in total.misses[:args.misses]:
            print(f"      missed ({edits} edits, similarity {similarity_of(original, copy):.3f}): "
                  f"{original!r} -> {copy!r}")
        kinds[name] = total
        if lang in ACCENTS:
            changed = [Copy(s, accentless(t, lang), 0) for s, t in enumerate(base.text) if accentless(t, lang) != t]
            counts = [sum(ch.lower() in ACCENTS[lang] for ch in base.text[c.source]) for c in changed]
            extra.append((f"{name}, no accents", len(base), score(base, changed), sum(counts) / len(counts), max(counts)))
    for name, n, run, mean, most in extra:
        print(f"{name:<22} | {n:>4} | {run.copies:>6} | {run.precision:>9.3f} | {run.recall:>6.3f} | "
              f"{f'{mean:.1f} avg, {most} max':>17} | {'':>12} | {'':>11} | {'':>16} | {run.similar / run.copies:>10.3f}")
        for original, copy, _ in run.misses[:args.misses]:
            print(f"      missed (similarity {similarity_of(original, copy):.3f}): {original!r} -> {copy!r}")
    if args.kinds:
        print("\nrecall by kind of edit (a copy counts under every kind it has; copies with it):")
        for name, run in kinds.items():
            cells = [f"{kind} {run.found_by_kind[kind] / count:.3f} ({count})" for kind, count in sorted(run.by_kind.items())]
            print(f"  {name}: " + ", ".join(cells))
    print("\nprecision = flagged pairs whose two rows come from the same base text / all flagged pairs; recall = "
          "copies flagged as a duplicate of their own base text; R 1/2/3 = recall of the copies with 1, 2, 3 edits; R <30 chars = recall of the copies of base texts under 30 "
          "characters (how many); "
          "LSH P/R = the same files scanned through MinHash + LSH; false base pairs = pairs flagged in the untouched "
          "base set (every one wrong); sim >= thr = copies whose similarity to their base text reaches the "
          "threshold (the recall DA102 would have if nothing else were close). 'no accents': one copy of each accented base text with every accent dropped (R column: accents "
          "dropped per copy).")


if __name__ == "__main__":
    main()
