"""Duplicate groups that never chain: every member is directly similar to the kept row."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable


def star_clusters(count: int, pairs: Iterable[tuple[int, int, float]]) -> list[tuple[int, list[tuple[int, float]]]]:
    """Greedy star clustering over items 0..count-1 in order.

    The earliest unassigned item that has unassigned neighbours becomes a centre and
    takes those neighbours (each verified similar to *it*, not merely reachable
    through a chain A≈B≈C). Returns (centre, [(member, similarity to centre)]) for
    every cluster with at least one member.
    """
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, sim in pairs:
        neighbours[a][b] = sim
        neighbours[b][a] = sim
    assigned: set[int] = set()
    clusters = []
    for centre in sorted(neighbours):
        if centre in assigned:
            continue
        members = [(other, sim) for other, sim in sorted(neighbours[centre].items()) if other not in assigned]
        if not members:
            continue
        assigned.add(centre)
        assigned.update(other for other, _ in members)
        clusters.append((centre, members))
    return clusters
