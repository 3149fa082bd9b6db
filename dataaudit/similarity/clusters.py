"""Duplicate groups that never chain: every member is directly similar to the kept row."""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Callable, Iterable, Optional


def star_clusters(pairs: Iterable[tuple[int, int, float]], priority: Optional[Callable[[int], tuple]] = None
                  ) -> list[tuple[int, list[tuple[int, float]]]]:
    """Greedy star clustering over items 0..count-1.

    The unassigned item with the most unassigned neighbours becomes a centre (ties:
    the higher `priority(item)`, then the earliest item) and takes those neighbours, each verified similar to *it*, not
    merely reachable through a chain A≈B≈C. Most-neighbours-first keeps an original
    and all its variants together even when the variants are not close to each other.
    Returns (centre, [(member, similarity to centre)]) for every cluster with a member,
    ordered by centre.
    """
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, sim in pairs:
        neighbours[a][b] = sim
        neighbours[b][a] = sim
    degree = {item: len(others) for item, others in neighbours.items()}
    rank = {}
    if priority is not None:
        rank = {item: tuple(-v for v in priority(item)) for item in neighbours}
    heap = [(-d, rank.get(item, ()), item) for item, d in degree.items()]
    heapq.heapify(heap)
    assigned: set[int] = set()
    clusters = []
    while heap:
        negative, tie, centre = heapq.heappop(heap)
        if centre in assigned:
            continue
        if -negative != degree[centre]:  # stale entry: degree fell since it was pushed
            heapq.heappush(heap, (-degree[centre], tie, centre))
            continue
        members = [(other, sim) for other, sim in sorted(neighbours[centre].items()) if other not in assigned]
        assigned.add(centre)
        if not members:
            continue
        assigned.update(other for other, _ in members)
        for item in [centre] + [m for m, _ in members]:
            for other in neighbours[item]:
                if other not in assigned:
                    degree[other] -= 1
        clusters.append((centre, members))
    return sorted(clusters)
