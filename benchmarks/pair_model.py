"""Leave-one-source-out: can one learned function of a pair's features judge "same example"?

    python benchmarks/pair_model.py [--features benchmarks/out/pair_features.csv]

Reads the labeled pairs that `benchmarks/pair_sources.py` writes (seven sources of different
shapes, their surface features and the embedders' cosines), adds what differs between the two
texts (the words replaced and how alike each replaced pair is; words added; how often the
replaced words occur in the source's own texts) and, for each source, trains on the other six
and reports precision, recall and the share of different-example pairs merged on the held-out
one, next to the shipped judgement (DA101-DA103/DA201 with `use`) on the same pairs.
"""

from __future__ import annotations

import argparse
import difflib
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz.distance import Levenshtein

from pairsets.features import NOISE, canon, words

OUT = Path(__file__).parent / "out"
SURFACE = ["ratio", "ratio_lower", "token_set_ratio", "token_sort_ratio", "partial_ratio", "len_ratio",
           "word_len_ratio", "word_edit_distance", "words_only_in_one", "same_word_multiset", "digits_differ",
           "negation_differs", "identical", "only_whitespace", "only_url", "only_handle", "only_rt",
           "only_hashtag", "only_emoji", "only_punct", "only_case", "only_digits", "only_noise"]
DIFF = ["replaced", "replaced_min_sim", "replaced_mean_sim", "content_swaps", "inserted", "changed_share",
        "swap_min_df", "swap_max_df", "inserted_max_df", "noise_ratio"]


def diff_features(a: str, b: str, df: Counter, n_texts: int) -> dict:
    """What differs between a and b once links, handles, RT, hashtags, emoji, punctuation and case
    are set aside: replaced word pairs (and how alike their spellings are), inserted words, and
    how common the differing words are in the source's own texts (a typo is rare, a slot filler
    or an antonym is not)."""
    wa, wb = words(canon(a, NOISE)), words(canon(b, NOISE))
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    sims, swaps_df, inserted_df, inserted, replaced, swapped = [], [], [], 0, 0, []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        left, right = wa[i1:i2], wb[j1:j2]
        if op == "replace":
            for x, y in zip(left, right):
                replaced += 1
                sims.append(Levenshtein.normalized_similarity(x, y))
                swapped.append((x, y))
                swaps_df.append(min(df[x], df[y]))
            for extra in left[len(right):] + right[len(left):]:
                inserted += 1
                inserted_df.append(df[extra])
        else:
            for extra in left + right:
                inserted += 1
                inserted_df.append(df[extra])
    longest = max(len(wa), len(wb), 1)
    log_share = lambda count: math.log1p(count) / math.log1p(n_texts)  # noqa: E731
    return {
        "replaced": replaced,
        "replaced_min_sim": min(sims) if sims else 1.0,
        "replaced_mean_sim": float(np.mean(sims)) if sims else 1.0,
        "content_swaps": sum(1 for s in sims if s < 0.6),
        "inserted": inserted,
        "changed_share": (replaced + inserted) / longest,
        "swap_min_df": log_share(min(swaps_df)) if swaps_df else 0.0,
        "swap_max_df": log_share(max(swaps_df)) if swaps_df else 0.0,
        "inserted_max_df": log_share(max(inserted_df)) if inserted_df else 0.0,
        "noise_ratio": Levenshtein.normalized_similarity(" ".join(wa), " ".join(wb)),
        "swapped": swapped,
    }


def with_diff_features(pairs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for source, group in pairs.groupby("source", sort=False):
        texts = set(group["text_a"]) | set(group["text_b"])
        df = Counter(w for t in texts for w in set(words(canon(t, NOISE))))
        for index, row in group.iterrows():
            rows.append({"index": index, **diff_features(row["text_a"], row["text_b"], df, len(texts))})
    return pairs.join(pd.DataFrame(rows).set_index("index"))


def swap_cosine(pairs: pd.DataFrame, embedder: str = "use") -> pd.Series:
    """The lowest cosine between a replaced word and its replacement, each embedded alone (a
    synonym or a hypernym stays close, an antonym or another slot filler less so); NaN where
    nothing was replaced or a typo-like spelling change is all that differs."""
    from dataaudit.config import Settings
    from dataaudit.embeddings.encode import embed_texts

    vocab = sorted({w for swaps in pairs["swapped"] for pair in swaps for w in pair})
    vectors = embed_texts(vocab, Settings(embedder=embedder))
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    at = {w: k for k, w in enumerate(vocab)}
    content = lambda x, y: Levenshtein.normalized_similarity(x, y) < 0.6  # noqa: E731
    return pairs["swapped"].map(lambda swaps: min((float(vectors[at[x]] @ vectors[at[y]])
                                                   for x, y in swaps if content(x, y)), default=np.nan))


def readable_cosine(pairs: pd.DataFrame, column: str) -> pd.Series:
    """The embedder's cosine where it reads both texts (not romanized Hindi or code), else NaN."""
    from dataaudit.embeddings.readable import unreadable_reason

    unreadable = pairs["text_a"].map(lambda t: unreadable_reason(t, False, False) is not None) | \
        pairs["text_b"].map(lambda t: unreadable_reason(t, False, False) is not None)
    return pairs[column].where(~unreadable)


def model(kind: str):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "gbm":
        return HistGradientBoostingClassifier(max_depth=3, learning_rate=0.1, max_iter=200, random_state=0)
    return make_pipeline(SimpleImputer(strategy="constant", fill_value=0.0, add_indicator=True), StandardScaler(),
                         LogisticRegression(max_iter=2000, C=1.0))


def threshold_for(probabilities: np.ndarray, same: np.ndarray, precision: float) -> float:
    """The lowest threshold whose training precision is at least `precision` (else 0.5)."""
    order = np.argsort(-probabilities)
    tp = np.cumsum(same[order])
    taken = np.arange(1, len(order) + 1)
    ok = np.nonzero(tp / taken >= precision)[0]
    return float(probabilities[order][ok.max()]) if len(ok) else 0.5


def scores(predicted: np.ndarray, frame: pd.DataFrame) -> dict:
    same = frame["same"].to_numpy() == 1
    tp, fp = int((predicted & same).sum()), int((predicted & ~same).sum())
    negatives = int((~same).sum())
    swaps = frame["kind"].isin(["word-swap", "slot-swap", "two-slot", "direction-swap", "word-order"]).to_numpy()
    return {"P": tp / (tp + fp) if tp + fp else float("nan"), "R": tp / same.sum() if same.sum() else float("nan"),
            "merged": fp / negatives if negatives else float("nan"),
            "swaps_merged": (predicted & swaps).sum() / swaps.sum() if swaps.sum() else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", default=str(OUT / "pair_features.csv"))
    parser.add_argument("--precision", type=float, default=0.97, help="training precision the threshold keeps")
    args = parser.parse_args()
    pairs = with_diff_features(pd.read_csv(args.features, keep_default_na=False, na_values=[""]))
    pairs["cos_use_read"] = readable_cosine(pairs, "cos_use")
    pairs["swap_cos"] = swap_cosine(pairs)
    sets = {"surface": SURFACE, "surface+diff": SURFACE + DIFF, "surface+diff+cos": SURFACE + DIFF + ["cos_use_read"],
            "+swap cos": SURFACE + DIFF + ["cos_use_read", "swap_cos"]}
    lines = []
    for held in sorted(pairs["source"].unique()):
        train, test = pairs[pairs["source"] != held], pairs[pairs["source"] == held]
        shipped = scores(test["tool_use"].to_numpy() == 1, test)
        lines.append({"source": held, "judgement": "shipped (use)", **shipped})
        for name, columns in sets.items():
            for kind in ("logreg", "gbm"):
                fitted = model(kind).fit(train[columns].to_numpy(float), train["same"].to_numpy())
                cut = threshold_for(fitted.predict_proba(train[columns].to_numpy(float))[:, 1],
                                    train["same"].to_numpy(), args.precision)
                predicted = fitted.predict_proba(test[columns].to_numpy(float))[:, 1] >= cut
                lines.append({"source": held, "judgement": f"{kind} {name}", **scores(predicted, test)})
    table = pd.DataFrame(lines)
    pd.set_option("display.width", 200)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    table.to_csv(OUT / "pair_model.csv", index=False)


if __name__ == "__main__":
    main()
