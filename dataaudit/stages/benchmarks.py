"""Known-benchmark matches (DA302's evidence): for each row, the public evaluation items its text
holds (similarity/benchmarks.py, against the index shipped with the package). Row-wise: each row
is matched alone, so an executor may map it over batches anywhere (the index is read once per
process)."""

from __future__ import annotations

from ..similarity.benchmarks import match
from .base import Inputs, RowWise, row_wise
from .texts import _joined

# Rows matched at a time: the matcher holds every word hash of a batch at once, and instruction
# rows run to thousands of words.
_CHUNK = 20_000


def _match_batch(texts, inputs: Inputs, advance) -> list[tuple]:
    """Per text, its matches (best first) as BenchmarkMatch values with `row` relative to the batch."""
    found: list[list] = [[] for _ in texts]
    for start in range(0, len(texts), _CHUNK):
        chunk = texts[start:start + _CHUNK]
        for hit in match(chunk):
            found[start + hit.row].append(hit)
        advance(len(chunk))
    return [tuple(hits) for hits in found]


BENCHMARK_MATCHES = RowWise(items=lambda inputs: inputs.dataset.texts, each=_match_batch, join=_joined,
                            label="benchmark items")

STAGES = (row_wise("benchmark_matches", BENCHMARK_MATCHES),)
