"""The e5 cross-script threshold: Devanagari Hindi vs its English translation.

    HF_HUB_OFFLINE=1 python benchmarks/crosslingual_threshold.py

On benchmarks/data/crosslingual_hi_en.csv: recall of Devanagari -> English translation
pairs, and two false-positive rates: Devanagari vs the other English sentences, and
Devanagari vs the romanized-Hindi sentences of other pairs (same language, other
script, different meaning: the case that pushes the threshold up).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine  # noqa: E402

from dataaudit.embeddings.models import dominant_script, load_embedder  # noqa: E402


def main() -> None:
    rows = list(csv.DictReader((Path(__file__).parent / "data" / "crosslingual_hi_en.csv").open(encoding="utf-8")))
    model = load_embedder("e5")
    hindi = model.encode([r["hindi"] for r in rows])
    english = model.encode([r["english"] for r in rows])
    scripts = [dominant_script(r["hindi"]) for r in rows]
    dev = [i for i, s in enumerate(scripts) if s == "indic"]
    latin = [i for i, s in enumerate(scripts) if s == "latin"]
    to_english, within_hindi = hindi @ english.T, hindi @ hindi.T
    print(f"machine: {machine()}\n{len(dev)} Devanagari pairs, {len(latin)} romanized/code-mixed Hindi sentences")
    print("threshold  recall(dev->en)  FPR(dev vs other en)  FPR(dev vs romanized, other meaning)")
    for threshold in (0.88, 0.89, 0.90, 0.91, 0.92, 0.93, 0.94):
        recall = np.mean([to_english[i, i] >= threshold for i in dev])
        fp_en = np.mean([to_english[i, j] >= threshold for i in dev for j in range(len(rows)) if j != i])
        fp_rom = np.mean([within_hindi[i, j] >= threshold for i in dev for j in latin])
        print(f"{threshold:9.2f}  {recall:15.3f}  {fp_en:20.4f}  {fp_rom:36.4f}")


if __name__ == "__main__":
    main()
