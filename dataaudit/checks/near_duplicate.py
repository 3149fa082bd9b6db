"""DA102 near_duplicate — the same text with typos or small edits.

What it finds:
    Distinct texts whose normalized forms are at least `near_duplicate_threshold`
    similar by rapidfuzz's Indel ratio (1 − edits / total length; a typo costs 2,
    a dropped word its length). Candidates come from character 3-gram MinHash + LSH
    (datasketch), so it scales past all-pairs comparison and works the same for
    English, Hindi (Devanagari) and code-mixed text. Texts that are the same once a
    word or two-word phrase typed twice in a row is said once ("weather weather in
    paris") pair at any length, their similarity shown as it is: a short text's
    doubled word costs more than the threshold allows.

    A copy near to two texts that are different examples of each other (a cut copy
    "fare from kansas city to" near "… to toronto" and "… to detroit") is paired
    with the closer one only.

    LSH buckets of more than 2,000 texts sharing a band (boilerplate, or a file that
    repeats one text with small changes thousands of times) are not paired, so the work
    stays bounded; the check's note then says how many candidate pairs that left
    unverified and which rows were in those buckets (they are still paired through
    their other bands).

    Texts with different labels that differ in a real word or a negation ("turn on"
    / "turn off") are a minimal pair, not a duplicate (see DA201). Files of at most
    2,000 distinct short texts are compared all-pairs instead of through LSH.

Why it matters:
    "The same health worker recorded the same phrase again": a typo'd or slightly
    reworded repeat is still a repeat. It adds little and over-weights one phrasing.

Which row is kept:
    Groups are stars, never chains: every excluded row is itself within the
    threshold of the kept row. The kept row is the text within the threshold of
    the most others (the earliest on ties), so an original keeps all its variants
    even when they are not close to each other; it moves to a member that carries
    the group's majority label when the first choice does not (so DA201 and DA102 never drop every copy between them); if no such
    member is close to all the others, the group is split so that it is.

Example:
    row 12  "mera appointment cancel kar do"    <- kept
    row 47  "mera apointment cancel kar do"     <- excluded (similarity 0.98)
    row 301 "mera appointment cancel kardo"     <- excluded (similarity 0.98)

Settings:
    near_duplicate_threshold (default 0.88): lower finds more, with more false alarms.
"""

from __future__ import annotations

from ..model.findings import CheckOutcome, Finding
from ..similarity import minhash_lsh
from ..similarity.social import SET_ASIDE
from .base import DUPLICATE_STAGES, SIMILARITIES, Check, duplicate_findings, floor_to, plural


def run(inputs) -> list[Finding] | CheckOutcome:
    # In a social file the texts are compared without their markup (similarity/social.py): say so,
    # so the similarity shown is the one that was measured.
    aside = SET_ASIDE if inputs["social_file"] else ""

    def describe(count: int, low: float, keep) -> str:
        return (f"{plural(count, 'row')} {'is a' if count == 1 else 'are'} near-duplicate{'' if count == 1 else 's'} "
                f"of row {keep} (similarity ≥ {floor_to(low, 2):.2f}{aside})")

    findings = duplicate_findings(inputs, inputs["near_clusters"], "near_duplicate", "DA102", describe)
    unpaired = inputs["unpaired_buckets"]
    if not unpaired.sizes:
        return findings
    return CheckOutcome(findings=findings, notes=(unpaired_note(unpaired, inputs),))


def unpaired_note(unpaired, inputs) -> str:
    """What the LSH cap left unverified, and the rows it touched (their ids, the first ten)."""
    groups = inputs["text_groups"].rows
    rows = sorted(p for text in unpaired.texts for p in groups[text])
    shown = ", ".join(str(inputs.row_id(p)) for p in rows[:10])
    more = f" and {len(rows) - 10:,} more" if len(rows) > 10 else ""
    count = len(unpaired.sizes)
    return (f"{count:,} LSH bucket{'s' if count != 1 else ''} of more than {minhash_lsh.MAX_BUCKET:,} texts sharing a band "
            f"(boilerplate, or one text repeated with small changes) {'were' if count != 1 else 'was'} not paired, "
            f"to keep the work bounded: up to {unpaired.pairs_not_verified:,} candidate pairs not verified; the "
            f"{len(rows):,} rows in them (rows {shown}{more}) were paired only through bands where their bucket was smaller, if any")


CHECK = Check(code="DA102", name="near_duplicate", summary="the same text with typos or small edits",
              run=run, module=__name__, finds_duplicates=True, settings=("near_duplicate_threshold",),
              stages=("near_clusters", "social_file", "unpaired_buckets", *DUPLICATE_STAGES),
              extras=(SIMILARITIES,))
