"""DA503 system_prompt_variant — a stray near-copy of the file's system prompt.

What it finds:
    Chat and instruction records (20 or more with a system prompt) whose system prompt is a
    slightly different copy of a prompt the file uses many times: at least 0.8 similar
    (character edits; a copy cut short that keeps half of it counts) to a prompt held by
    5 % of the records and 3 or more, yet used by at most 1 % of the records (2 when that
    is fewer) and a tenth as often. Also a record
    without a system prompt when 90 % of the records share one. Several genuinely different
    prompts, each used many times, are a design, not a deviation; a rare prompt unlike any
    common one is not judged either.

Why it matters:
    A fine-tune learns its system prompt as a trigger: a few records with a typo'd, truncated
    or outdated copy ("You are a helpful assistant for Acme Bank" beside "...for Acme Bank.
    Answer in English.") teach it that the instruction is optional, and the model behaves
    differently when the deployed prompt matches the stray copy.

Example:
    96 % of records with a system prompt (1,920 of 2,000) use 'You are a support agent for
    Acme. Answer in English.'; row 44's system prompt is a variant: 'You are a support agent
    for Acme.' (0.84 similar)
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

from ..model.findings import CheckOutcome
from .base import Check, Extra, floor_to
from .conventions import MIN_RECORDS, NORM_SHARE, not_chat, pct, quote, row_finding

SIMILAR = 0.8  # a variant is at least this similar (rapidfuzz Indel) to a common prompt
COMMON_SHARE = 0.05  # a prompt used by this share of the records (and COMMON_MIN) is a convention
COMMON_MIN = 3
STRAY_SHARE = 0.01  # a variant used by at most this share (or STRAY_MIN records) is a stray
STRAY_MIN = 2
ACTION = "use the file's system prompt in this record (or make the difference deliberate), or drop the row"


def system_prompt(parts) -> Optional[str]:
    texts = [text for role, text in parts or [] if role == "system" and text.strip()]
    return "\n".join(texts) if texts else None


def _diff_hint(common: str, variant: str) -> str:
    """Where the variant departs from the common prompt: the first differing stretch of each."""
    start = 0
    while start < min(len(common), len(variant)) and common[start] == variant[start]:
        start += 1
    end = 0
    while end < min(len(common), len(variant)) - start and common[-1 - end] == variant[-1 - end]:
        end += 1
    left = max(0, start - 15)
    theirs = common[left:len(common) - end] or "…"
    ours = variant[left:len(variant) - end] or "(nothing)"
    return f"{quote(ours, 50)} where the common one has {quote(theirs, 50)}"


def _similarity(Indel, prompt: str, usual: str) -> float:
    """Character similarity; a copy cut short (or run on) that keeps half of the common prompt as
    its start counts as at least SIMILAR."""
    similarity = Indel.normalized_similarity(prompt, usual)
    short, long = sorted((prompt.strip(), usual.strip()), key=len)
    head = short.rstrip(".!?,;: ")
    if long.startswith(head) and len(head) >= 0.5 * len(long):
        similarity = max(similarity, SIMILAR)
    return similarity


def run(inputs):
    from rapidfuzz.distance import Indel

    dataset = inputs.dataset
    prompts = {p: system_prompt(parts) for p, parts in enumerate(dataset.parts)}
    with_prompt = {p: s for p, s in prompts.items() if s is not None}
    total, records = len(with_prompt), len(prompts)
    if total < MIN_RECORDS:
        return CheckOutcome(findings=[], notes=(
            f"{total} records with a system prompt: fewer than {MIN_RECORDS} make no convention",))
    counts = Counter(with_prompt.values())
    common = [(s, n) for s, n in counts.most_common() if n >= max(COMMON_MIN, COMMON_SHARE * total)]
    stray_limit = max(STRAY_MIN, STRAY_SHARE * total)
    findings = []
    for prompt, n in counts.items():
        if n > stray_limit or any(prompt == c for c, _ in common):
            continue
        best = max(((_similarity(Indel, prompt, c), c, m) for c, m in common if m >= 10 * n), default=None,
                   key=lambda t: t[0])
        if not best or best[0] < SIMILAR:
            continue
        similarity, usual, used = best
        norm = (f"{pct(used, total)} of records with a system prompt ({used:,} of {total:,}) use "
                f"{quote(usual, 70)}")
        deviation = (f"system prompt is a variant ({floor_to(similarity, 2):.2f} similar, used by "
                     f"{n} record{'s' if n != 1 else ''}): {_diff_hint(usual, prompt)}")
        for position in (p for p, s in with_prompt.items() if s == prompt):
            findings.append(row_finding(inputs, "system_prompt_variant", "DA503", position, norm, deviation,
                                        floor_to(similarity, 4), ACTION))
    if common and common[0][1] >= NORM_SHARE * records and total < records:
        usual, used = common[0]
        norm = f"{pct(used, records)} of records ({used:,} of {records:,}) have the system prompt {quote(usual, 70)}"
        for position in (p for p, s in prompts.items() if s is None):
            findings.append(row_finding(inputs, "system_prompt_variant", "DA503", position, norm,
                                        "record has no system prompt", used / records, ACTION))
    findings.sort(key=lambda f: f.rows)
    notes = (f"{len(counts):,} distinct system prompts in {total:,} records; "
             f"{len(common)} used by {pct(5, 100)} of them or more",)
    return CheckOutcome(findings=findings, notes=notes)


CHECK = Check(code="DA503", name="system_prompt_variant",
              summary="a stray near-copy of the system prompt most records use",
              run=run, module=__name__, stages=("given_labels",), unavailable=not_chat,
              extras=(Extra("norm", "the file's convention, as measured (share of records and what they share)"),
                      Extra("deviation", "what this row does instead")))
