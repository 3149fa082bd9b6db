"""Which words a file uses as a template's slot fillers: the evidence the minimal-pair rule asks
for before it reads a swapped word or an added phrase between same-label texts as another
example rather than a rewording."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from typing import Callable

from .minimal_pair_words import MAX_SLOT, words_of

# Measured on the word swaps of minimal pairs among near-duplicate pairs (the smaller share of
# the two words, evidence from pairs >= 0.80 similar): BANKING77 train's rewordings have a
# median of 0.26 and 90 % under 0.46; slot-filled files of 200 / 500 / 1,500 texts
# (benchmarks/templated_pairs.py) have 90 % at or above 0.5 / 1.1 / 3.5.
SLOT_SHARE = 0.5
# Past this many near pairs the shares are estimated from a seeded sample of them, each sampled
# pair standing for len(pairs) / MAX_EVIDENCE_PAIRS: a word diff costs ~20 us in Python, and a
# repetitive 1M-row file has millions of pairs. On 300k spliced BANKING77 rows (788k pairs) the
# sample took the rule from 24.5 s to 13.7 s and changed 381 (1.0 %) of the 38,272 near pairs it
# keeps (README, Speed): words whose share sits at the 0.5 line.
MAX_EVIDENCE_PAIRS = 200_000


def slot_shares(texts: list[str], pairs, frequency: Counter,
                most: int = MAX_EVIDENCE_PAIRS) -> Callable[[str], float]:
    """For each word, in how many verified near-duplicate pairs it is swapped for other words,
    added or dropped (in a stretch of up to MAX_SLOT words), per distinct text that holds it."""
    swaps: Counter = Counter()
    weight = 1.0
    if len(pairs) > most:
        import numpy as np

        chosen = np.sort(np.random.default_rng(0).choice(len(pairs), most, replace=False))
        weight = len(pairs) / most
        pairs = [pairs[k] for k in chosen.tolist()]
    for i, j, _ in pairs:
        words_a, words_b = words_of(texts[i]), words_of(texts[j])
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes():
            # Any short stretch replaced, added or dropped: a filler may take one word or several
            # ("boston" / "new york"), or be left out ("… on friday" / "…").
            if tag != "equal" and max(i2 - i1, j2 - j1) <= MAX_SLOT:
                for word in set(words_a[i1:i2]) ^ set(words_b[j1:j2]):
                    swaps[word] += 1
    return lambda word: weight * swaps[word] / max(frequency[word], 1)
