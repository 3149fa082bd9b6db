"""Groups of rows that several checks read: label-conflict candidates, and which rows the
duplicate checks (DA101-DA103) keep, drop or group."""

from __future__ import annotations

from typing import NamedTuple

from .base import Inputs, Stage


def rows_with_near_copies(inputs: Inputs) -> list[list[int]]:
    """Every row of each text, with the rows of the near-duplicate copies it kept (by text index)."""
    groups = inputs["text_groups"].rows
    out = [list(rows) for rows in groups]
    for cluster in inputs["near_clusters"]:
        for member, _ in cluster.members:
            out[cluster.centre].extend(groups[member])
    return out


class LabelGroup(NamedTuple):
    """Rows a label conflict is judged over, and how they were found alike: `exact` (one text),
    `near` (DA102's star: `similarity` is its lowest character similarity to the centre) or
    `semantic` (DA103's star: its lowest cosine) — so a message states the real similarity."""

    rows: list[int]
    kind: str
    similarity: float


def label_groups(inputs: Inputs) -> list[LabelGroup]:
    """Row groups whose texts are the same, nearly the same or mean the same (for label conflicts)."""
    groups = inputs["text_groups"].rows
    in_near: set[int] = set()
    out = []
    # Labels are voted over the whole similarity star, before DA102 moves its kept row.
    for cluster in inputs["near_stars"]:
        uniques = [cluster.centre] + [m for m, _ in cluster.members]
        in_near.update(uniques)
        out.append(LabelGroup(sorted(p for u in uniques for p in groups[u]), "near", cluster.min_similarity))
    for unique, positions in enumerate(groups):
        if unique not in in_near and len(positions) > 1:
            out.append(LabelGroup(positions, "exact", 1.0))
    # Semantic duplicates with different labels are conflicts too (DA103 -> DA201). Without them
    # (the semantic search failed) the surface conflicts still stand: DA201 says what it missed.
    with_copies = inputs["rows_with_near_copies"]
    for star in inputs.get_or("semantic_stars", []):
        uniques = [star.centre] + [m for m, _ in star.members]
        out.append(LabelGroup(sorted({p for u in uniques for p in with_copies[u]}), "semantic", star.min_similarity))
    return sorted(out, key=lambda group: group.rows)


def conflicted_rows(inputs: Inputs) -> set[int]:
    """Rows in a group that disagrees on the label (DA201's rows)."""
    canonical = inputs["canonical_labels"]
    out: set[int] = set()
    for group in inputs["label_groups"]:
        if len({canonical[p] for p in group.rows if canonical[p] is not None}) > 1:
            out.update(group.rows)
    return out


def duplicate_kept_rows(inputs: Inputs) -> set[int]:
    """Rows that DA101 and DA102 keep: one per distinct text, less near-duplicate copies."""
    dropped = inputs["near_dropped"]
    return {rep for unique, rep in enumerate(inputs["representatives"]) if unique not in dropped}


def duplicate_copy_rows(inputs: Inputs) -> set[int]:
    """Rows the duplicate checks (DA101-DA103) exclude: every copy but the one kept."""
    groups, reps = inputs["text_groups"].rows, inputs["representatives"]
    out: set[int] = set()
    for unique, rows in enumerate(groups):
        out.update(p for p in rows if p != reps[unique])
    for unique in inputs["near_dropped"]:
        out.update(groups[unique])
    with_copies = inputs["rows_with_near_copies"]
    for cluster in inputs.get_or("semantic_clusters", []):  # DA103 failed: its copies are not excluded
        for member, _ in cluster.members:
            out.update(with_copies[member])
    return out


def duplicate_group_rows(inputs: Inputs) -> set[int]:
    """Rows in any duplicate finding (DA101-DA103), kept or excluded: the rows that repeat or are
    repeated. Unlike the excluded copies, this does not depend on which copy comes first."""
    groups, reps = inputs["text_groups"].rows, inputs["representatives"]
    out = {p for rows in groups if len(rows) > 1 for p in rows}
    for cluster in list(inputs["near_clusters"]) + list(inputs.get_or("semantic_clusters", [])):
        out.update(reps[u] for u in (cluster.centre, *(m for m, _ in cluster.members)))
    return out


_DUPLICATES = ("text_groups", "representatives", "near_dropped", "near_clusters", "semantic_clusters",
               "rows_with_near_copies")

STAGES = (
    Stage("rows_with_near_copies", rows_with_near_copies, needs=("text_groups", "near_clusters")),
    Stage("label_groups", label_groups, needs=("text_groups", "near_stars", "semantic_stars", "rows_with_near_copies")),
    Stage("conflicted_rows", conflicted_rows, needs=("canonical_labels", "label_groups")),
    Stage("duplicate_kept_rows", duplicate_kept_rows, needs=("near_dropped", "representatives")),
    Stage("duplicate_copy_rows", duplicate_copy_rows, needs=_DUPLICATES),
    Stage("duplicate_group_rows", duplicate_group_rows, needs=_DUPLICATES),
)
