"""How often the --encoding hint for a non-UTF-8 file is right: the new guess vs charset_normalizer's best().

    python benchmarks/encoding_guess.py [--seed 7] [--files 10] [--big-mb 100]

1. Hand-written support utterances and reviews (benchmarks/data/encoding_samples/samples.csv,
   UTF-8, 12 rows per language) are encoded at run time into each encoding the language is
   commonly written in. Rows an encoding cannot represent (œ or ’ in latin1) are left out.
2. Whole files: --files CSV files (text,label) per language and encoding, each of 10 rows of
   that language drawn at random.
3. Few non-ASCII rows, what a real mostly-English export looks like: 12 English rows (ASCII)
   with 1, 2 or 3 rows of the language inserted: every row of the language alone once, then
   --files random pairs and --files random triples. English-accents (English rows with one
   café, naïve or ’) is measured only this way.
A guess is right when decoding the file's bytes with it gives exactly the original text
(latin1 and cp1252 are both right when they decode a file identically). "conf" is the share
of files where the hint says it is confident; "ok|conf" the accuracy on those.
Then: accuracy and confident-share for other confidence margins (how CONFIDENT_MARGIN was
chosen), the wrong guesses, and the time per guess, on these files and on two big ones.
The guess's rules were refined on these rows, so this is in-sample; tests/test_encoding_hint.py
checks other sentences.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, machine  # noqa: E402

from dataaudit.io.encoding_guess import CONFIDENT_MARGIN, guess_encoding  # noqa: E402
from dataaudit.io.rawfile import non_ascii_lines  # noqa: E402

SAMPLES = REPO / "benchmarks" / "data" / "encoding_samples" / "samples.csv"
# The encodings each language is commonly written in, when it is not UTF-8.
# (gbk: gb18030 writes the same bytes for these texts; euc-kr: cp949 too.)
ENCODINGS = {
    "English-accents": ["cp1252", "latin1"],
    "French": ["cp1252", "latin1", "iso8859-15"],
    "Spanish": ["cp1252", "latin1", "iso8859-15"],
    "German": ["cp1252", "latin1", "iso8859-15"],
    "Portuguese": ["cp1252", "latin1", "iso8859-15"],
    "Italian": ["cp1252", "latin1", "iso8859-15"],
    "Polish": ["cp1250", "iso8859-2"],
    "Czech": ["cp1250", "iso8859-2"],
    "Hungarian": ["cp1250", "iso8859-2"],
    "Lithuanian": ["cp1257", "iso8859-13"],
    "Turkish": ["cp1254", "iso8859-9"],
    "Russian": ["cp1251", "koi8-r", "cp866"],
    "Ukrainian": ["cp1251", "koi8-u"],
    "Greek": ["cp1253", "iso8859-7"],
    "Hebrew": ["cp1255", "iso8859-8"],
    "Arabic": ["cp1256", "iso8859-6"],
    "Japanese": ["shift_jis", "euc-jp"],
    "Chinese-simplified": ["gbk"],
    "Chinese-traditional": ["big5"],
    "Korean": ["euc-kr"],
}


def load_samples() -> dict[str, list[tuple[str, str]]]:
    rows = defaultdict(list)
    with SAMPLES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["language"]].append((row["text"], row["label"]))
    return rows


def to_csv(rows: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["text", "label"])
    writer.writerows(rows)
    return out.getvalue()


def encodable(rows, encoding):
    keep = []
    for row in rows:
        try:
            row[0].encode(encoding)
            keep.append(row)
        except UnicodeEncodeError:
            pass
    return keep


def whole_files(rows, n, rng):
    return [to_csv(rng.sample(rows, min(10, len(rows)))) for _ in range(n)]


def few_row_files(rows, english, n, rng):
    files = []
    picks = [[r] for r in rows] + [rng.sample(rows, 2) for _ in range(n)] + [rng.sample(rows, 3) for _ in range(n)]
    for pick in picks:
        body = rng.sample(english, 12)
        for row in pick:
            body.insert(rng.randrange(1, len(body) + 1), row)  # never the first row: real exports rarely start there
        files.append(to_csv(body))
    return files


def decodes_to(data: bytes, codec, text: str) -> bool:
    if not codec:
        return False
    try:
        return data.decode(codec) == text
    except (UnicodeDecodeError, LookupError):
        return False


def old_guess(data: bytes):
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return None if best is None else best.encoding


class Result(NamedTuple):
    right: bool  # the new hint decodes the file to its text
    confident: bool
    margin: float  # Guess.margin; confident = margin >= CONFIDENT_MARGIN and a positive score
    positive: bool
    listed: bool  # right, or the right codec is among the alternatives the hint names
    old_right: bool
    codec: Optional[str]


def evaluate(files, encoding, timings) -> list[Result]:
    results = []
    for text in files:
        data = text.encode(encoding)
        try:
            data.decode("utf-8")
            continue  # valid UTF-8 by accident: the CLI would not ask for a hint
        except UnicodeDecodeError:
            pass
        started = time.perf_counter()
        guess = guess_encoding(non_ascii_lines(data))  # what rawfile.decode() does
        timings["new"].append(time.perf_counter() - started)
        started = time.perf_counter()
        old = old_guess(data)
        timings["old"].append(time.perf_counter() - started)
        if guess is None:
            results.append(Result(False, False, float("-inf"), False, False, decodes_to(data, old, text), None))
            continue
        right = decodes_to(data, guess.encoding, text)
        listed = right or any(decodes_to(data, codec, text) for codec, _ in guess.alternatives)
        results.append(Result(right, guess.confident, guess.margin, guess.score > 0, listed, decodes_to(data, old, text),
                              guess.encoding))
    return results


def cells(results) -> str:
    n = len(results)
    if not n:
        return f"{0:>5} | {'':>5} | {'':>5} | {'':>7} | {'':>5}"
    new = sum(r.right for r in results) / n
    conf = [r for r in results if r.confident]
    ok_conf = f"{sum(r.right for r in conf) / len(conf):>7.0%}" if conf else f"{'-':>7}"
    old = sum(r.old_right for r in results) / n
    return f"{n:>5} | {new:>5.0%} | {len(conf) / n:>5.0%} | {ok_conf} | {old:>5.0%}"


def seconds(data: bytes) -> tuple[float, float]:
    started = time.perf_counter()
    guess_encoding(non_ascii_lines(data))
    new = time.perf_counter() - started
    started = time.perf_counter()
    old_guess(data)
    return new, time.perf_counter() - started


def big_files(size_mb: int, samples) -> list[tuple[str, bytes]]:
    english = "".join(f"order {i} has not arrived yet,delivery\n" for i in range(40)).encode()
    block = english + "la crème brûlée était délicieuse,praise\n".encode("cp1252")
    japanese = to_csv(samples["Japanese"] * 3000).encode("shift_jis")
    return [(f"{size_mb} MB cp1252 file, one accented row in 41", b"text,label\n" + block * (size_mb * 2**20 // len(block))),
            (f"{len(japanese) >> 20} MB shift_jis file, every row Japanese (a full 200 KB sample)", japanese)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--big-mb", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    samples = load_samples()
    english = samples["English"]
    print(f"machine: {machine()}")
    print(f"{sum(len(v) for v in samples.values())} sample rows in {len(samples)} languages; new guess "
          f"(confident margin {CONFIDENT_MARGIN}) vs old = charset_normalizer from_bytes(...).best()\n")

    header = (f"{'language':<19} | {'encoding':<10} | {'files':>5} | {'new':>5} | {'conf':>5} | {'ok|conf':>7} | "
              f"{'old':>5} || {'files':>5} | {'new':>5} | {'conf':>5} | {'ok|conf':>7} | {'old':>5}")
    print(f"{'':<32} | {'whole files (10 rows of the language)':<45} || few non-ASCII rows (1-3 in 12 English)")
    print(header)
    print("-" * len(header))
    timings = {"new": [], "old": []}
    every = {"whole": [], "few": []}
    by_encoding = defaultdict(lambda: {"whole": [], "few": []})
    wrong = defaultdict(Counter)
    for language, encodings in ENCODINGS.items():
        for encoding in encodings:
            rows = encodable(samples[language], encoding)
            whole = evaluate(whole_files(rows, args.files, rng), encoding, timings) if language != "English-accents" else []
            few = evaluate(few_row_files(rows, english, args.files, rng), encoding, timings)
            for kind, results in (("whole", whole), ("few", few)):
                every[kind] += results
                by_encoding[encoding][kind] += results
                for r in results:
                    if not r.right:
                        wrong[f"{language} {encoding}"][f"{r.codec}{'' if r.confident else '?'}"] += 1
            print(f"{language:<19} | {encoding:<10} | {cells(whole)} || {cells(few)}")
    print("-" * len(header))
    for encoding, kinds in sorted(by_encoding.items()):
        print(f"{'  by encoding':<19} | {encoding:<10} | {cells(kinds['whole'])} || {cells(kinds['few'])}")
    print("-" * len(header))
    print(f"{'all':<19} | {'':<10} | {cells(every['whole'])} || {cells(every['few'])}")

    print("\nIf CONFIDENT_MARGIN were... (the winner's lead over the closest other reading, per character where "
          "they differ), all files:")
    print(f"{'margin':>6} | {'confident':>9} | {'ok when confident':>17} | {'ok when not':>11} | {'right one listed when not':>25}")
    results = every["whole"] + every["few"]
    for margin in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0):
        conf = [r for r in results if r.positive and r.margin >= margin]
        rest = [r for r in results if not (r.positive and r.margin >= margin)]
        ok_rest = f"{sum(r.right for r in rest) / len(rest):.1%}" if rest else "-"
        listed = f"{sum(r.listed for r in rest) / len(rest):.1%}" if rest else "-"
        print(f"{margin:>6.2f} | {len(conf) / len(results):>9.1%} | {sum(r.right for r in conf) / max(1, len(conf)):>17.1%} | "
              f"{ok_rest:>11} | {listed:>25}")

    print("\nWrong new guesses (codec x files; ? = the hint said it was not sure):")
    for case, counter in wrong.items():
        print(f"  {case}: " + ", ".join(f"{codec} x{n}" for codec, n in counter.most_common()))

    new_ms = sorted(t * 1000 for t in timings["new"])
    old_ms = sorted(t * 1000 for t in timings["old"])
    print(f"\nTime per guess over {len(new_ms)} files: new median {new_ms[len(new_ms) // 2]:.1f} ms, max {new_ms[-1]:.1f} ms; "
          f"old median {old_ms[len(old_ms) // 2]:.1f} ms, max {old_ms[-1]:.1f} ms")
    for name, data in big_files(args.big_mb, samples) if args.big_mb else ():
        new_s, old_s = seconds(data)
        print(f"{name}: new {new_s:.2f} s, old {old_s:.2f} s")


if __name__ == "__main__":
    main()
