"""DA103 semantic_duplicate — the same meaning in other words, or another language.

What it finds:
    Texts whose sentence embeddings have a cosine similarity at or above the
    embedder's calibrated threshold (`dataaudit embedders`; `--semantic-threshold`
    to override), among the rows DA101/DA102 keep. With the multilingual embedder
    (`--embedder e5`) Devanagari Hindi and its English translation are compared at
    a lower cross-script threshold (0.92; about half of true translations pass it);
    romanized Hindi vs English is judged at the main threshold and mostly missed.
    English-only embedders leave non-Latin texts to DA101/DA102.
    Neighbours are found exactly (blocked matrix products) up to 100,000 texts and
    with an HNSW index (usearch) beyond. Embeddings are cached on disk per model
    and text, so a re-scan embeds only new texts.

Why it matters:
    "Book me a doctor for tomorrow" and "I need an appointment with the doctor
    tomorrow" teach the model the same thing. Paraphrase repeats inflate the count
    of examples without adding diversity.

Which row is kept:
    As for DA102: stars around the text similar to the most others (more exact
    copies and real words on ties), moved to a row with the group's majority label
    when that row is similar to all the others. Semantic duplicates with different
    labels are also label conflicts (DA201), unless they are a minimal pair
    ("turn on" / "turn off").

Example:
    row 8   "How do I reset my card PIN?"           <- kept
    row 90  "How can I reset the PIN of my card?"   <- excluded (cosine 0.99, minilm)
    row 12  "please speak in Hindi"                 <- kept
    row 40  "कृपया हिंदी में बोलिए"                   <- excluded (cosine 0.96, e5, cross-script)

Settings:
    embedder (default minilm; e5 for Hindi and cross-lingual; use; none), semantic_threshold
    (an explicit value applies to every pair, cross-script ones included).
"""

from __future__ import annotations

from collections import Counter
from typing import Optional, Union

from ..model.findings import CheckOutcome, Finding
from .base import DUPLICATE_STAGES, SIMILARITIES, Check, duplicate_findings, floor_to, plural


def run(inputs) -> Union[list[Finding], CheckOutcome]:
    name = inputs.settings.embedder

    def describe(count: int, low: float, keep) -> str:
        return (f"{plural(count, 'row')} mean{'s' if count == 1 else ''} the same as row {keep} "
                f"(cosine ≥ {floor_to(low, 2):.2f}, {name})")

    findings = duplicate_findings(inputs, inputs["semantic_clusters"], "semantic_duplicate", "DA103", describe)
    note = _not_read(inputs)
    return CheckOutcome(findings, (note,)) if note else findings


def _not_read(inputs) -> Optional[str]:
    """How many texts the embedder did not judge, and why (embeddings/readable.py): a cosine is
    evidence only where the model reads the text."""
    info = inputs["embedder"]
    compare, reps = inputs.dataset.compare_texts, inputs["representatives"]
    dropped = inputs["near_dropped"]
    candidates = [u for u in range(len(inputs["text_groups"].texts)) if u not in dropped]
    reasons = Counter(r for r in (info.why_not_judged(compare[reps[u]]) for u in candidates) if r)
    if not reasons:
        return None
    why = ", ".join(f"{n:,} {reason}" for reason, n in reasons.most_common())
    languages = {"romanized Hindi", "a script it does not read"} & set(reasons)
    hint = "; --embedder e5 reads romanized Hindi and Devanagari" if languages and info.name != "e5" else ""
    return (f"{sum(reasons.values()):,} of {len(candidates):,} distinct texts left to DA101/DA102: {info.name} "
            f"does not read them ({why}){hint}")


def unavailable(dataset, settings, against) -> Optional[str]:
    if settings.semantic_duplicate_threshold is None:
        return "--embedder none: no embeddings, so no semantic duplicates"
    return None


CHECK = Check(code="DA103", name="semantic_duplicate", summary="the same meaning in other words or languages",
              run=run, module=__name__, finds_duplicates=True, settings=("embedder", "semantic_duplicate_threshold"),
              stages=("embedder", "semantic_clusters", "near_dropped", *DUPLICATE_STAGES), unavailable=unavailable,
              extras=(SIMILARITIES,))
