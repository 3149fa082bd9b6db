"""'Is this the same example?' measured per labeled pair source (issue 33's baseline harness).

    HF_HUB_OFFLINE=1 python benchmarks/pair_sources.py [--sources typos,reposts,...]
        [--embedders none,use] [--tweets /tmp/Tweets.csv] [--seed 0] [--no-features]

Seven sources of different shapes (benchmarks/pairsets/, one builder each; their docstrings
say how each is built and what "same example" means there):

    typos           typing-error copies of real sentences: Devanagari and romanized Hindi,
                    French, Spanish, English (BANKING77 test, Hinglish-TOP, typo_base_*.tsv)
    reposts         re-posts of real airline tweets: t.co links, `RT @user:`, hashtags,
                    emoji, @handles (Tweets.csv from --tweets; skipped when absent)
    templated       slot-filled templates: slot, direction and two-slot swaps vs typo copies
    sick            SICK paraphrases vs word swaps, word order, negation, contradiction
    stsb            STS-B train paraphrases (>= 4.6) vs different meaning (<= 3.0)
    rendering       Hinglish-TOP: renderings of one English request by different people
    banking77_read  BANKING77 train pairs read and labeled by a person
                    (benchmarks/data/banking77_pairs_read.tsv)

Each source is written as a data file (id, text, label), a truth file (id, group: rows of
one group are the same example) and its labeled pairs (a, b, same, kind), under
benchmarks/out/pair_sources/. Each data file is scanned with dataaudit's defaults but the
embedder (`audit(path, Settings(embedder=...))`). The tool treats two rows as the same
example when a DA101 / DA102 / DA103 / DA201 finding joins them (directly or through a
chain of findings). Per source and embedder:

    P, R            precision and recall of "same example" over the labeled pairs
    merged %        the share of labeled different-example pairs the tool joins
    count error     the effective clean count minus the true count (one row per true
                    group); "dup-only" leaves out rows excluded by checks other than
                    DA101-DA103/DA201 (DA203 mislabel flags, rules), so it shows the
                    duplicate judgement's own error

DA301 (leakage) is measured on the same pairs: each source's rows split at random into a
training and an evaluation file, `--against` the latter, only DA301 selected; a labeled pair
split across the two is predicted-same when DA301 names the evaluation row.

The scan is whatever `import dataaudit` finds. To measure one commit while the working tree
moves on: `git archive COMMIT dataaudit | tar -x -C DIR`, then run this script with
PYTHONPATH=DIR and DATAAUDIT_CACHE_DIR set to a fresh folder (the first lines printed say which
dataaudit was scanned). About 2 minutes with `--embedder none` on 2 cores (cold caches), 15 with
none,use,e5.

Also written: benchmarks/out/pair_sources.json (every number, per kind too) and
benchmarks/out/pair_features.csv (one row per labeled pair: string similarities, length
ratio, what the two texts differ by, the tool's verdicts and cosines, source and kind) for
a learned pair judgement trained leave-one-source-out. The last table is such a judgement
at its simplest: one threshold on one feature, chosen on the other sources (best F1) and
applied to the held-out one.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine  # noqa: E402
from pairsets import SOURCES, builder  # noqa: E402
from pairsets.base import OUT, Skip, Source  # noqa: E402

DUPLICATE_CODES = ("DA101", "DA102", "DA103", "DA201")


class Groups:
    """Union-find over row positions."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, rows) -> None:
        rows = list(rows)
        for r in rows[1:]:
            self.parent[self.find(r)] = self.find(rows[0])


def scan(path: Path, embedder: str):
    from dataaudit import audit
    from dataaudit.config import Settings

    return audit(path, Settings(embedder=embedder, text_columns=("text",), label_column="label", id_column="id"))


def judge(src: Source, report) -> dict:
    """What the report says about the source's labeled pairs and its count."""
    n = len(src.rows)
    position = lambda row_id: int(str(row_id)[1:])  # noqa: E731  ids are r<position>
    groups = Groups(n)
    direct: dict[tuple[int, int], set] = {}
    in_pairs = {(a, b) for a, b, _, _ in src.pairs}
    excluded_dup = set()
    for f in report.findings:
        if f.code not in DUPLICATE_CODES:
            continue
        rows = sorted(position(r) for r in f.rows)
        groups.join(rows)
        excluded_dup.update(position(r) for r in f.excluded)
        for x in range(len(rows)):
            for y in range(x + 1, len(rows)):
                if (rows[x], rows[y]) in in_pairs:
                    direct.setdefault((rows[x], rows[y]), set()).add(f.code)
    verdicts = []
    tp = fp = fn = tn = 0
    kinds: dict[str, Counter] = {}
    merged_by: Counter = Counter()
    for a, b, same, kind in src.pairs:
        predicted = groups.find(a) == groups.find(b)
        verdicts.append(int(predicted))
        k = kinds.setdefault(f"{kind}/{'same' if same else 'different'}", Counter())
        k["pairs"] += 1
        k["joined"] += predicted
        if same and predicted:
            tp += 1
        elif same:
            fn += 1
        elif predicted:
            fp += 1
            merged_by["+".join(sorted(direct.get((a, b), ()))) or "chain"] += 1
        else:
            tn += 1
    truth = src.truth_count
    clean = report.summary.effective_clean_count
    dup_only = n - len(excluded_dup)
    components = len({groups.find(r) for r in range(n)})
    true_group = [g for _, _, g in src.rows]
    # Joined rows whose truth is known to differ, in any pair (not only the labeled ones).
    wrong_rows = sum(1 for r in range(n) if true_group[r] != true_group[groups.find(r)])
    return {
        "rows": n, "truth_count": truth, "same_pairs": tp + fn, "different_pairs": fp + tn,
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "wrongly_merged": round(fp / (fp + tn), 4) if fp + tn else None,
        "effective_clean_count": clean, "count_error": clean - truth,
        "dup_only_count": dup_only, "dup_only_count_error": dup_only - truth,
        "tool_groups": components, "rows_in_a_wrong_group": wrong_rows,
        "excluded_by_check": report.summary.excluded_by_check,
        "wrong_merges_by": dict(merged_by),
        "kinds": {k: {**dict(c), "joined_share": round(c["joined"] / c["pairs"], 4)} for k, c in sorted(kinds.items())},
        "checks": {run.code: run.status for run in report.checks if run.status != "ok"},
    }, verdicts


def leakage(src: Source, folder: Path, embedder: str, seed: int) -> dict:
    """DA301 on the same pairs: the rows split at random into a training and an evaluation
    file (ids kept); a labeled pair split across the two counts as predicted-same when DA301
    names the evaluation row for the training row. Only DA301 runs in this pass."""
    from dataaudit import audit
    from dataaudit.config import Settings

    from pairsets.base import rng_for

    rng = rng_for("leakage", seed)
    train_side = [rng.random() < 0.5 for _ in src.rows]
    paths = {}
    for name, side in (("train", True), ("eval", False)):
        paths[name] = folder / f"{src.name}.leak-{name}.csv"
        with paths[name].open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "text", "label"])
            writer.writerows((f"r{i}", t, l) for i, (t, l, _) in enumerate(src.rows) if train_side[i] == side)
    report = audit(paths["train"], Settings(embedder=embedder, text_columns=("text",), label_column="label",
                                            id_column="id", against=str(paths["eval"]), select=("DA301",)))
    leaks = {(int(str(r)[1:]), int(str(e)[1:])) for f in report.findings if f.code == "DA301"
             for r in f.rows for e in f.get("eval_rows", ())}
    tp = fp = fn = tn = 0
    for a, b, same, _ in src.pairs:
        if train_side[a] == train_side[b]:
            continue
        t, e = (a, b) if train_side[a] else (b, a)
        predicted = (t, e) in leaks
        tp += same and predicted
        fn += same and not predicted
        fp += (not same) and predicted
        tn += (not same) and not predicted
    return {"pairs_across": tp + fp + fn + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None,
            "wrongly_merged": round(fp / (fp + tn), 4) if fp + tn else None}


def cosines(src: Source, embedder: str) -> list[float]:
    import numpy as np

    from dataaudit.config import Settings
    from dataaudit.embeddings.encode import embed_texts

    vectors = embed_texts([t for t, _, _ in src.rows], Settings(embedder=embedder))
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return [round(float(vectors[a] @ vectors[b]), 4) for a, b, _, _ in src.pairs]


def fmt(x, pct=False) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.1f}" if pct else f"{x:.3f}"


def loso(rows: list[dict], features: list[str]) -> list[dict]:
    """For each source: the threshold on one feature with the best F1 on the other sources,
    and the precision/recall it gets on the held-out source."""
    out = []
    names = sorted({r["source"] for r in rows})
    for feature in features:
        usable = [r for r in rows if r.get(feature) not in (None, "")]
        for held in names:
            train = [(float(r[feature]), int(r["same"])) for r in usable if r["source"] != held]
            test = [(float(r[feature]), int(r["same"])) for r in usable if r["source"] == held]
            if not train or not test:
                continue
            best = _best_threshold(train)
            tp = sum(1 for v, s in test if v >= best and s)
            fp = sum(1 for v, s in test if v >= best and not s)
            fn = sum(1 for v, s in test if v < best and s)
            negatives = sum(1 for _, s in test if not s)
            out.append({"feature": feature, "held_out": held, "threshold": round(best, 4),
                        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
                        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
                        "wrongly_merged": round(fp / negatives, 4) if negatives else None})
    return out


def _best_threshold(pairs: list[tuple[float, int]]) -> float:
    """The threshold t (predict same when value >= t) with the best F1, by one sweep."""
    pairs = sorted(pairs, key=lambda p: -p[0])
    positives = sum(s for _, s in pairs)
    best, best_f1, tp, fp = pairs[0][0], -1.0, 0, 0
    for k, (value, same) in enumerate(pairs):
        tp += same
        fp += 1 - same
        if k + 1 < len(pairs) and pairs[k + 1][0] == value:
            continue  # a threshold takes every pair with this value
        f1 = 2 * tp / (tp + fp + positives) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = value, f1
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", default=",".join(SOURCES))
    parser.add_argument("--embedders", default="none,use")
    parser.add_argument("--tweets", default="/tmp/Tweets.csv", help="Twitter US Airline Sentiment CSV (re-post source)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--no-leakage", action="store_true", help="skip the DA301 pass")
    parser.add_argument("--no-features", action="store_true", help="skip pair_features.csv (and the cosines)")
    args = parser.parse_args()
    out = Path(args.out)
    folder = out / "pair_sources"
    embedders = [e for e in args.embedders.split(",") if e]
    import dataaudit

    code = str(Path(dataaudit.__file__).parent)
    print(f"machine: {machine()}\ndataaudit from {code}\nseed {args.seed}; embedders {', '.join(embedders)}\n")

    built: dict[str, tuple[Source, Path]] = {}
    for name in args.sources.split(","):
        if name not in SOURCES:
            sys.exit(f"unknown source {name!r}; choose from {', '.join(SOURCES)}")
        start = time.perf_counter()
        try:
            src = builder(name)(seed=args.seed, tweets=args.tweets)
        except Skip as why:
            print(f"{name}: SKIPPED: {why}")
            continue
        data, _, _ = src.write(folder)
        built[name] = (src, data)
        kinds = Counter((k, s) for _, _, s, k in src.pairs)
        same = sum(n for (_, s), n in kinds.items() if s)
        print(f"{name}: {len(src.rows):,} rows, {src.truth_count:,} true examples, {same:,} same / "
              f"{len(src.pairs) - same:,} different pairs ({time.perf_counter() - start:.1f} s) — {src.shape}")
        for note in src.notes:
            print(f"    {note}")
    print()

    results, verdicts = [], {}
    for embedder in embedders:
        for name, (src, data) in built.items():
            start = time.perf_counter()
            report = scan(data, embedder)
            seconds = time.perf_counter() - start
            result, verdicts[(name, embedder)] = judge(src, report)
            if not args.no_leakage:
                result["leakage"] = leakage(src, folder, embedder, args.seed)
            results.append({"source": name, "embedder": embedder, "seconds": round(seconds, 1), **result})
            print(f"  scanned {name} with {embedder}: {seconds:.1f} s", flush=True)
    print()
    print("| source | embedder | rows | true examples | same / different pairs | P | R | merged % "
          "| clean count | count error | dup-only error |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['source']} | {r['embedder']} | {r['rows']:,} | {r['truth_count']:,} | "
              f"{r['same_pairs']:,} / {r['different_pairs']:,} | {fmt(r['precision'])} | {fmt(r['recall'])} | "
              f"{fmt(r['wrongly_merged'], True)} | {r['effective_clean_count']:,} | {r['count_error']:+,} "
              f"({100 * r['count_error'] / r['truth_count']:+.1f} %) | {r['dup_only_count_error']:+,} |")
    if not args.no_leakage:
        print("\nDA301 leakage on the same pairs (rows split at random into train and eval; pairs split across them):")
        print("| source | embedder | pairs across | P | R | merged % |")
        print("|---|---|---:|---:|---:|---:|")
        for r in results:
            k = r["leakage"]
            print(f"| {r['source']} | {r['embedder']} | {k['pairs_across']:,} | {fmt(k['precision'])} | "
                  f"{fmt(k['recall'])} | {fmt(k['wrongly_merged'], True)} |")
    print("\nPer kind: share of pairs joined (recall for same-example kinds, wrongly merged for the others)")
    for name, (src, _) in built.items():
        print(f"  {name}:")
        counts = Counter(f"{k}/{'same' if s else 'different'}" for _, _, s, k in src.pairs)
        for k in sorted(counts, key=lambda k: (k.endswith("/different"), k)):
            shares = [f"{e} {100 * r['kinds'][k]['joined_share']:5.1f} %" for e in embedders
                      for r in results if r["source"] == name and r["embedder"] == e and k in r["kinds"]]
            print(f"    {k:<34} {counts[k]:>5}  " + "  ".join(shares))
    for embedder in embedders:
        scored = [r for r in results if r["embedder"] == embedder]
        if scored:
            worst = min(scored, key=lambda r: _f1_of(r))
            print(f"\nworst source with --embedder {embedder} (lowest F1 of 'same example'): {worst['source']} "
                  f"(P {fmt(worst['precision'])}, R {fmt(worst['recall'])}, F1 {_f1_of(worst):.3f})")

    feature_rows = []
    loso_rows = []
    if not args.no_features:
        from pairsets.features import pair_features

        for name, (src, _) in built.items():
            cos = {e: cosines(src, e) for e in embedders if e != "none"}
            for k, (a, b, same, kind) in enumerate(src.pairs):
                row = {"source": name, "kind": kind, "same": same, "a": f"r{a}", "b": f"r{b}",
                       "lang_a": src.lang[a], "lang_b": src.lang[b],
                       "label_a": src.rows[a][1], "label_b": src.rows[b][1],
                       **pair_features(src.rows[a][0], src.rows[b][0])}
                for e in embedders:
                    row[f"tool_{e}"] = verdicts[(name, e)][k]
                    if e in cos:
                        row[f"cos_{e}"] = cos[e][k]
                row["text_a"], row["text_b"] = src.rows[a][0], src.rows[b][0]
                feature_rows.append(row)
        path = out / "pair_features.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(feature_rows[0]))
            writer.writeheader()
            writer.writerows(feature_rows)
        print(f"\n{len(feature_rows):,} labeled pairs with features -> {path}")
        features = ["tool_near_similarity", "token_set_ratio"] + [f"cos_{e}" for e in embedders if e != "none"]
        loso_rows = loso(feature_rows, features)
        print("\nOne threshold on one feature, tuned leave-one-source-out (best F1 on the other sources):")
        print("| feature | held-out source | threshold | P | R | merged % |")
        print("|---|---|---:|---:|---:|---:|")
        for r in loso_rows:
            print(f"| {r['feature']} | {r['held_out']} | {r['threshold']:.3f} | {fmt(r['precision'])} | "
                  f"{fmt(r['recall'])} | {fmt(r['wrongly_merged'], True)} |")

    summary = {
        "machine": machine(), "dataaudit": code, "seed": args.seed, "embedders": embedders,
        "sources": {name: {"shape": src.shape, "rows": len(src.rows), "truth_count": src.truth_count,
                           "pairs": len(src.pairs), "notes": src.notes,
                           "kinds": {f"{k}/{'same' if s else 'different'}": n
                                     for (k, s), n in sorted(Counter((k, s) for _, _, s, k in src.pairs).items())}}
                    for name, (src, _) in built.items()},
        "results": results, "loso_single_feature": loso_rows,
    }
    (out / "pair_sources.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\n-> {out / 'pair_sources.json'}")


def _f1_of(r: dict) -> float:
    tp, fp, fn = r["tp"], r["fp"], r["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
