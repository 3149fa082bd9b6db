"""DA201 label_conflict — the same (or nearly the same) text with different labels.

What it finds:
    Groups of rows whose texts are exact duplicates (DA101) or near-duplicates
    (DA102, including every exact copy of each member) but whose labels differ,
    after merging label spelling variants (DA202).

    Not a conflict: a minimal pair — two texts that look alike but differ in a real
    word ("turn on the lights" / "turn off the lights") or a negation ("i want to
    cancel" / "i do not want to cancel"). Those are different examples, and neither
    DA102 nor DA201 groups them. A typo, a dropped or doubled word, or a swap one
    edit apart still makes a conflict.

Why it matters:
    The model is told two different answers for one input. At best the examples
    cancel out; at worst it learns the wrong one. Inconsistent labels are one of
    the main reasons a fine-tune underperforms a good prompt.

What is excluded:
    When more than half of the group's labeled rows agree, that label is
    confirmed and only the rows that disagree are excluded. With no clear
    majority (1 vs 1, 2 vs 2, 1 vs 1 vs 1) every row of the group is excluded
    until someone decides.

Example:
    row 5   "mujhe doctor se milna hai"   book_appointment   <- confirmed (2 of 3)
    row 88  "mujhe doctor se milna hai"   book_appointment   <- confirmed
    row 140 "mujhe doctr se milna hai"    talk_to_agent      <- excluded
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..model.findings import Action, CheckOutcome, Finding
from ..similarity.social import SET_ASIDE
from .base import Check, Extra, each, floor_to, plural, without_semantic_note


def run(inputs) -> CheckOutcome:
    canonical = inputs["canonical_labels"]
    raw = inputs["given_labels"]
    votes_of = inputs["label_votes"]
    exact_unique = inputs["text_groups"].text_of_row()
    kept = inputs["duplicate_kept_rows"]
    social = inputs["social_file"]  # markup set aside (similarity/social.py)
    findings = []
    for group in inputs["label_groups"]:
        rows = group.rows
        labeled = [p for p in rows if canonical[p] is not None]
        votes = Counter(canonical[p] for p in labeled)
        if len(votes) < 2:
            continue
        score = 1.0 if len({exact_unique[p] for p in rows}) == 1 else group.similarity
        same = _alike(score, group.kind, inputs.settings.embedder, social)
        majority = votes_of.majority(rows)
        if majority is None:
            actions = each("review", labeled)
            tally = ", ".join(f"{label} ×{count}" for label, count in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])))
            message = f"{plural(len(labeled), 'row')} with {same} disagree on the label with no majority ({tally})"
            action = "decide the right label for this text, fix every row, then keep one"
        else:
            excluded = tuple(p for p in labeled if canonical[p] != majority)
            confirmed = [p for p in rows if canonical[p] == majority]
            # The row the duplicate checks keep, so the two findings name the same survivor.
            keep = next((p for p in confirmed if p in kept), confirmed[0])
            actions = (Action(keep, "keep"), *each("relabel", excluded, majority))
            message = (f"{plural(len(excluded), 'row')} with {same} label{'s' if len(excluded) == 1 else ''} it "
                       f"differently from the majority '{majority}' ({votes[majority]} of {len(labeled)})")
            action = f"relabel to '{majority}' (then they are duplicates of row {inputs.row_id(keep)}), or drop them"
        findings.append(Finding(
            check="label_conflict", code="DA201", severity="warning", rows=tuple(rows), actions=actions,
            labels=tuple(sorted({raw[p] for p in labeled})), score=floor_to(score),
            message=message, suggested_action=action,
            extra=(("majority_label", majority),),
        ))
    return CheckOutcome(findings=_without_repeats(findings), notes=without_semantic_note(inputs, "semantic_stars"))


def _without_repeats(findings: list[Finding]) -> list[Finding]:
    """Without a finding that another one already makes: its rows inside the other's, the same
    majority and the same rows to relabel. A near-text group inside a semantic group with the
    same disagreement would otherwise show the annotator one conflict twice. Compared only
    within one verdict (majority, rows to relabel), so it stays linear in practice."""
    by_verdict: dict[tuple, list[int]] = defaultdict(list)
    for k, finding in enumerate(findings):
        majority = dict(finding.extra)["majority_label"]
        if majority is not None:
            by_verdict[(majority, tuple(sorted(finding.excluded)))].append(k)
    repeats: set[int] = set()
    for same_verdict in by_verdict.values():
        for k in same_verdict:
            rows = set(findings[k].rows)
            if any(j != k and j not in repeats and rows <= set(findings[j].rows)
                   and (len(findings[j].rows) > len(rows) or j < k) for j in same_verdict):
                repeats.add(k)
    return [finding for k, finding in enumerate(findings) if k not in repeats]


def _alike(score: float, kind: str, embedder: str, social: bool) -> str:
    """How the group's texts are alike, with the lowest similarity that put a row in it."""
    if score >= 1.0 and kind == "exact":
        return "the same text"
    if kind == "semantic":
        return f"the same meaning in other words (cosine ≥ {floor_to(score, 2):.2f}, {embedder})"
    return f"nearly the same text (similarity ≥ {floor_to(score, 2):.2f}{SET_ASIDE if social else ''})"


CHECK = Check(code="DA201", name="label_conflict", summary="same or near-same text, different labels",
              run=run, module=__name__, needs_labels=True, settings=("near_duplicate_threshold",),
              stages=("canonical_labels", "given_labels", "label_votes", "text_groups", "near_stars", "social_file",
                      "duplicate_kept_rows", "label_groups", "semantic_stars"),
              extras=(Extra("majority_label", "the label more than half of the group's rows carry (null: none)"),))
