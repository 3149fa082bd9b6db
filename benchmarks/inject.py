"""Deterministic noise injection into a labeled table, with the true answers kept."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

import pandas as pd

from dataaudit.similarity.near_pairs import verified_near_pairs
from dataaudit.text import normalize


def clean_base(frame: pd.DataFrame, text_col: str, min_gap: float = 0.8) -> pd.DataFrame:
    """Drop rows until no two normalized texts are exact or ≥ min_gap similar.

    The injected problems are then the only duplicates whose answer we know.
    """
    norm = frame[text_col].map(normalize)
    frame = frame[norm.str.len() > 0].assign(_norm=norm)
    frame = frame.drop_duplicates("_norm", keep="first").reset_index(drop=True)
    pairs = verified_near_pairs(frame["_norm"].tolist(), min_gap)
    drop = {j for _, j, _ in pairs}
    return frame.drop(index=sorted(drop)).drop(columns="_norm").reset_index(drop=True)


def typo(text: str, rng: random.Random, edits: int) -> str:
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    for _ in range(edits):
        if not letters:
            break
        i = rng.choice(letters)
        kind = rng.choice(("insert", "delete", "substitute", "transpose"))
        if kind == "insert":
            chars.insert(i, rng.choice(string.ascii_lowercase))
        elif kind == "delete" and len(chars) > 3:
            del chars[i]
        elif kind == "transpose" and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice([c for c in string.ascii_lowercase if c != chars[i].lower()])
        letters = [k for k, c in enumerate(chars) if c.isalpha()]
    return "".join(chars)


def word_edit(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) < 4:
        return typo(text, rng, 1)
    i = rng.randrange(len(words))
    if rng.random() < 0.5:
        del words[i]
    else:
        words.insert(i, words[i])
    return " ".join(words)


def surface_copy(text: str, rng: random.Random) -> str:
    """A copy that normalizes to the same text: case, spacing, punctuation."""
    choice = rng.randrange(4)
    if choice == 0:
        return text.upper() if rng.random() < 0.3 else text.lower()
    if choice == 1:
        return "  " + text.replace(" ", "  ") + " "
    if choice == 2:
        return text.rstrip("?.!") + "!!"
    return text


@dataclass
class Injected:
    frame: pd.DataFrame
    exact: list[tuple[int, int]] = field(default_factory=list)      # (original, copy)
    near: list[tuple[int, int]] = field(default_factory=list)       # (original, typo copy)
    conflict: list[tuple[int, int]] = field(default_factory=list)   # (original, relabeled copy)
    renamed: dict[str, str] = field(default_factory=dict)           # variant -> canonical
    renamed_rows: list[int] = field(default_factory=list)


def inject(base: pd.DataFrame, text_col: str, label_col: str, seed: int = 13, exact: int = 300,
           near: int = 600, conflicts: int = 150, renamed_labels: int = 3, rows_per_rename: int = 6) -> Injected:
    rng = random.Random(seed)
    rows = base[[text_col, label_col]].to_dict("records")
    n_base = len(rows)
    labels = sorted(base[label_col].unique())
    originals = rng.sample(range(n_base), exact + near + conflicts)
    out = Injected(frame=base)
    new_rows = []

    def add(text, label):
        new_rows.append({text_col: text, label_col: label})
        return n_base + len(new_rows) - 1

    for source in originals[:exact]:
        out.exact.append((source, add(surface_copy(rows[source][text_col], rng), rows[source][label_col])))
    for source in originals[exact:exact + near]:
        text = rows[source][text_col]
        for _ in range(10):
            changed = word_edit(text, rng) if rng.random() < 0.3 else typo(text, rng, rng.randint(1, 3))
            if normalize(changed) != normalize(text):
                break
        out.near.append((source, add(changed, rows[source][label_col])))
    for source in originals[exact + near:]:
        label = rows[source][label_col]
        wrong = rng.choice([l for l in labels if l != label])
        text = rows[source][text_col] if rng.random() < 0.5 else typo(rows[source][text_col], rng, 1)
        out.conflict.append((source, add(text, wrong)))

    # Renamed labels: a few rows of some labels get a variant spelling of their label.
    used = {i for pair in out.exact + out.near + out.conflict for i in pair}
    for label in rng.sample(labels, renamed_labels):
        variants = [label.replace("_", " ").title(), label.replace("_", "-"), _label_typo(label, rng)]
        candidates = [i for i, r in enumerate(rows) if r[label_col] == label and i not in used]
        for k, i in enumerate(rng.sample(candidates, rows_per_rename)):
            variant = variants[k % len(variants)]
            rows[i] = {**rows[i], label_col: variant}
            out.renamed[variant] = label
            out.renamed_rows.append(i)
    out.frame = pd.DataFrame(rows + new_rows)
    return out


def _label_typo(label: str, rng: random.Random) -> str:
    positions = [i for i, c in enumerate(label) if c.isalpha() and 0 < i < len(label) - 1]
    i = rng.choice(positions)
    return label[:i] + label[i + 1:]  # one letter dropped
