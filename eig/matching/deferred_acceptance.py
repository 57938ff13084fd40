"""Candidate-proposing deferred acceptance with slot-specific priorities.

McVitie–Wilson order: candidates enter one at a time; a candidate proposes to
their next acceptable choice; the défi keeps the best team it can form from
the people it holds plus the newcomer and rejects at most one person, who then
proposes further down their own list. Each défi's choice is the sequential
slot rule of Kominers & Sönmez (2016): its reserved seats in order, each taking
the best applicant of its profile (anyone if none is left), then its open seats
taking the best applicants left. That rule is substitutable and never takes
fewer people from more applicants, so the outcome does not depend on the order
of proposals: it is the candidate-optimal stable matching.

Priorities are integers: an applicant's rank at the défi (0 = highest jury
score, ties already broken by the lottery in ``market.py``). A défi without
reserved seats keeps its holders in a heap keyed by rank, so each proposal
costs O(log capacity).
"""

from heapq import heappush, heapreplace

import numpy as np

from eig.matching.market import Market, pinned_seating


def deferred_acceptance(market: Market, closed: np.ndarray | None = None) -> np.ndarray:
    """The candidate-optimal stable assignment: défi index per candidate, or -1.

    ``closed`` (bool per défi) removes défis from the market. Pinned fellows are
    placed on their défi beforehand and take their seats out of the market.
    """
    n, m = market.n, market.m
    reserved_left: list[tuple[frozenset[int], ...]] = [()] * m
    seats_left = market.capacity.astype(np.int64)
    for j in range(m):
        if market.pinned[j]:
            _, reserved_left[j], open_left = pinned_seating(market, j)
            seats_left[j] = len(reserved_left[j]) + open_left
        elif market.reserved[j]:
            reserved_left[j] = market.reserved[j]
    inactive = seats_left == 0
    if closed is not None:
        inactive |= closed

    # The choices left once inactive défis and pinned fellows are taken out.
    keep = ~inactive[market.choice_challenge]
    proposing = market.pinned_to < 0
    keep &= np.repeat(proposing, np.diff(market.choice_ptr))
    challenge = market.choice_challenge[keep].tolist()
    rank = market.choice_rank[keep].tolist()
    ptr = np.zeros(n + 1, dtype=np.int64)
    owner = np.repeat(np.arange(n), np.diff(market.choice_ptr))[keep]
    np.cumsum(np.bincount(owner, minlength=n), out=ptr[1:])
    end = ptr[1:].tolist()
    next_choice = ptr[:-1].tolist()

    # Capacity with a sign: positive for a défi with open seats only, negative
    # (minus the seats left) for a défi that still has reserved seats.
    sign = np.where([bool(r) for r in reserved_left], -1, 1) if m else np.ones(0, np.int64)
    cap = (seats_left * sign).tolist()
    base = market.applicant_ptr[:-1].tolist()
    by_rank = market.applicant_candidate.tolist()
    rank_profile = market.profile[market.applicant_candidate].tolist()
    profile_of = market.profile.tolist()
    n_profiles = len(market.profile_names)
    held: list[list[int]] = [[] for _ in range(m)]
    bar: list[list[int]] = [[] for _ in range(m)]

    for first in np.flatnonzero(proposing).tolist():
        c = first
        while True:
            p = next_choice[c]
            if p == end[c]:
                break  # c has no choice left: unassigned
            next_choice[c] = p + 1
            d = challenge[p]
            r = rank[p]
            h = held[d]
            k = cap[d]
            if k > 0:
                # Open seats only: h is a max-heap of ranks, stored negated.
                if len(h) < k:
                    heappush(h, -r)
                    break
                worst = -h[0]
                if r < worst:
                    heapreplace(h, -r)
                    c = by_rank[base[d] + worst]
                # else: c is rejected and goes on to their next choice.
            else:
                if len(h) < -k:
                    h.append(r)
                    if len(h) == -k:
                        bar[d] = _seat(h, reserved_left[d], rank_profile, base[d], n_profiles, -k)
                    break
                if r < bar[d][profile_of[c]]:
                    h.append(r)
                    bar[d] = _seat(h, reserved_left[d], rank_profile, base[d], n_profiles, -k)
                    c = by_rank[base[d] + h.pop()]

    assignment = np.full(n, -1, dtype=np.int32)
    for d in range(m):
        b = base[d]
        for r in held[d]:
            assignment[by_rank[b + abs(r)]] = d
        for i in market.pinned[d]:
            assignment[i] = d
    return assignment


def _seat(
    held: list[int],
    reserved: tuple[frozenset[int], ...],
    profile: list[int],
    base: int,
    P: int,
    capacity: int,
) -> list[int]:
    """Seat a défi that has reserved seats; return its admission bar per profile.

    Reorders ``held`` (ranks) in place: the occupants of the reserved seats in
    order, then the open seats best first; if there is one person too many,
    the last one is the one the défi rejects. Reserved seats, in order, take
    the best-ranked applicant of their profiles (the best-ranked of anyone when
    none is left); open seats take the best-ranked left.

    The bar says who the full défi would take: an applicant of profile p and
    rank r displaces someone exactly when r < bar[p], that is when some seat
    ranks them above its occupant (for a reserved seat: right profile first,
    then rank).
    """
    pool = sorted(held)
    seated = []
    for seat in reserved:
        best = next((x for x in pool if profile[base + x] in seat), pool[0])
        pool.remove(best)
        seated.append(best)
    held[:] = seated + pool
    bar = [max(pool[: capacity - len(reserved)], default=-1)] * P
    for seat, x in zip(reserved, seated, strict=True):
        fits = profile[base + x] in seat
        for p in range(P):
            # The best rank a newcomer of profile p needs to take this seat.
            bound = (x if fits else _ANYONE) if p in seat else (-1 if fits else x)
            if bound > bar[p]:
                bar[p] = bound
    return bar


_ANYONE = 1 << 62
