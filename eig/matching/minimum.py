"""The minimum-team-size step, after the stable matching.

Every stable matching gives each défi the same number of people (the rural
hospitals theorem), so a défi left below its ``min_size`` by the stable
matching cannot be helped without giving stability up. This step closes such
défis one at a time — the least filled first, ties by id — lets their members
propose again in the market without them, and repeats until every open défi
meets its minimum. A défi with a pinned fellow is never closed. The result is
stable among the open défis; the only blocking pairs left involve closed ones.
"""

from dataclasses import dataclass

import numpy as np

from eig.matching.deferred_acceptance import deferred_acceptance
from eig.matching.market import Market


@dataclass(frozen=True)
class Closure:
    step: int
    challenge: int
    members: tuple[int, ...]  # who held a seat there when it was closed


def below_minimum(market: Market, assignment: np.ndarray, closed: np.ndarray) -> list[int]:
    """Open défis with some members but fewer than their minimum (pinned défis excepted)."""
    sizes = np.bincount(assignment[assignment >= 0], minlength=market.m)
    return [
        j
        for j in np.flatnonzero((sizes > 0) & (sizes < market.min_size) & ~closed).tolist()
        if not market.pinned[j]
    ]


def close_understaffed(
    market: Market, stable: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[Closure]]:
    """Return (assignment, closed mask, closures) once every open défi meets its minimum."""
    closed = np.zeros(market.m, dtype=bool)
    closures: list[Closure] = []
    assignment = stable
    while below := below_minimum(market, assignment, closed):
        sizes = np.bincount(assignment[assignment >= 0], minlength=market.m)
        j = min(below, key=lambda j: (sizes[j], market.challenge_ids[j]))
        closed[j] = True
        members = tuple(np.flatnonzero(assignment == j).tolist())
        closures.append(Closure(step=len(closures) + 1, challenge=j, members=members))
        assignment = deferred_acceptance(market, closed=closed)
    return assignment, closed, closures
