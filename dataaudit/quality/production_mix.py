"""The mix of a --production sample against the training set: scripts, length, predicted labels.

What quality/representativeness.py reports beside coverage and gaps:
- scripts: Devanagari, romanized Hindi, other Latin, other — the share of each side;
- median length in words;
- predicted labels: a classifier fitted on the training set's vectors and labels predicts a
  label for every production text; each label's predicted share of production against its
  share of training;
- script needs: a script production writes in SCRIPT_GAP or more (absolute) and twice as often
  as the training set, with the labels its production texts are predicted as most and the
  training rows of each label in that script — what to collect ("more refund examples in
  romanized Hindi").
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from typing import Optional, Sequence

import numpy as np

from ..embeddings.readable import looks_romanized_hindi
from ..model.findings import ScriptNeed

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_LATIN = re.compile(r"[A-Za-z]")
SCRIPT_GAP = 0.15  # production's share of a script this much above training's (and twice it) is a need
NEED_LABELS = 3  # labels named per script need
MIN_NEED_TEXTS = 3  # production texts of a label in the script before it is named


def script_of(text: str) -> str:
    if _DEVANAGARI.search(text):
        return "Devanagari"
    if _LATIN.search(text):
        return "romanized Hindi" if text.isascii() and looks_romanized_hindi(text) else "Latin"
    return "other"


def shares(values) -> dict[str, float]:
    counts = Counter(values)
    total = sum(counts.values()) or 1
    return {key: round(n / total, 4) for key, n in counts.most_common()}


def median_words(texts: Sequence[str]) -> float:
    return float(statistics.median(len(t.split()) for t in texts)) if texts else 0.0


def predict_labels(train_vectors: np.ndarray, labels: Sequence[Optional[str]],
                   prod_vectors: np.ndarray) -> Optional[list[str]]:
    """A training label for every production text (logistic regression on the vectors), or None
    when the training set has fewer than two labels."""
    known = [k for k, label in enumerate(labels) if label is not None]
    if len({labels[k] for k in known}) < 2 or not len(prod_vectors):
        return None
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # Standardized: e5's unit vectors all lie in a narrow cone (cosines of 0.7-0.9), and a
    # regularized model on them as they are predicts the biggest labels for nearly everything.
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500, C=1.0))
    model.fit(train_vectors[known], [labels[k] for k in known])
    return [str(label) for label in model.predict(prod_vectors).tolist()]


def predicted_shares(labels: Sequence[Optional[str]], predicted: Optional[list[str]]) -> dict[str, tuple[float, float]]:
    """Per training label: (its predicted share of production, its share of training), the
    biggest difference first."""
    if predicted is None:
        return {}
    names = Counter(label for label in labels if label is not None)
    known = sum(names.values())
    counts = Counter(predicted)
    out = {label: (counts[label] / len(predicted), names[label] / known) for label in names}
    by_difference = sorted(out.items(), key=lambda kv: -abs(kv[1][0] - kv[1][1]))
    return {label: (round(p, 4), round(t, 4)) for label, (p, t) in by_difference}


def script_needs(prod_scripts: Sequence[str], train_scripts: Sequence[str], labels: Sequence[Optional[str]],
                 predicted: Optional[list[str]]) -> tuple[ScriptNeed, ...]:
    """The scripts production writes in far more than the training set, each with the labels
    its production texts in that script are predicted as most (MIN_NEED_TEXTS or more)."""
    prod_share, train_share = shares(prod_scripts), shares(train_scripts)
    needs = []
    for script, p in prod_share.items():
        t = train_share.get(script, 0.0)
        if p - t < SCRIPT_GAP or p < 2 * t:
            continue
        named: tuple = ()
        if predicted is not None:
            asked = Counter(label for label, s in zip(predicted, prod_scripts) if s == script)
            held = Counter(label for label, s in zip(labels, train_scripts) if s == script and label is not None)
            named = tuple((label, n, held[label]) for label, n in asked.most_common(NEED_LABELS)
                          if n >= MIN_NEED_TEXTS)
        needs.append(ScriptNeed(script=script, production_share=p, training_share=t, labels=named))
    return tuple(needs)
