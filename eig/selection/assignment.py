"""Assignment of applications to jury members for review: plain data in, plain data out.

Rules (hard):

* a member never reviews an application they declared a conflict of interest
  with, nor an application to a défi of their own organisation (outside
  members have no organisation);
* exception: the mentors of a défi review every application to that défi
  (unless they declared a conflict with it), their own organisation
  notwithstanding; they count among the K reviews, and an application with
  more than K such mentors gets them all;
* each application gets ``max(K, its mentors)`` reviewers when at least that
  many members may review it, otherwise every member who may, and it is
  listed in ``shortfalls`` with the reason in French.

Balance: the returned loads minimise the sum of squared loads among all
assignments that follow the rules above (mentor reviews included in the
loads). Equivalently, no chain of moves (an application passed from one
member to another who may review it, and so on) can take one review from a
member to a member with at least two fewer; so no member can shed a review to
a less loaded member, the highest load is as low as possible, and when every
member may review every application (no conflicts, no own-organisation
exclusions, no mentors) loads differ by at most one. A member with fewer
eligible applications may stay more than one below the others: that is the
only way loads differ by more than one.

Method: mentors are placed first; the other applications, most constrained
first, take their least loaded eligible members (greedy); then a repair pass
follows such chains of moves (breadth-first) while one lowers the spread.
Ties are broken by a seeded shuffle of the members, so the result is
deterministic for a given seed. docs/selection.md says more.
"""

import heapq
import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Application:
    id: str
    challenge_ids: frozenset[str] = frozenset()
    organisation_ids: frozenset[str] = frozenset()  # organisations of those défis


@dataclass(frozen=True)
class JuryMember:
    id: str
    organisation_id: str | None = None  # None: an outside member
    conflicts: frozenset[str] = frozenset()  # application ids
    mentored_challenge_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Shortfall:
    application_id: str
    assigned: int
    needed: int
    reason: str  # in French, for staff


@dataclass(frozen=True)
class Assignment:
    reviewers: dict[str, tuple[str, ...]]  # application id -> member ids, sorted
    mentor_reviews: frozenset[tuple[str, str]]  # (member id, application id)
    loads: dict[str, int]  # member id -> number of reviews
    shortfalls: list[Shortfall]
    # Mentors of a chosen défi left out because of a declared conflict.
    mentor_conflicts: list[tuple[str, str]]  # (member id, application id)


def may_review(member: JuryMember, application: Application) -> bool:
    """The ordinary rule, mentors aside."""
    if application.id in member.conflicts:
        return False
    organisation = member.organisation_id
    return organisation is None or organisation not in application.organisation_ids


def is_mentor_for(member: JuryMember, application: Application) -> bool:
    return not member.mentored_challenge_ids.isdisjoint(application.challenge_ids)


def shortfall_reason(
    application: Application, members: list[JuryMember], assigned: int, needed: int
) -> str:
    """Why `application` has `assigned` reviewers instead of `needed`, in French:
    how many of the members may review it (not how many were assigned, which
    before a run is none)."""
    eligible = sum(
        application.id not in m.conflicts
        and (may_review(m, application) or is_mentor_for(m, application))
        for m in members
    )
    conflicts = sum(application.id in m.conflicts for m in members)
    own = sum(
        application.id not in m.conflicts
        and m.organisation_id is not None
        and m.organisation_id in application.organisation_ids
        and not is_mentor_for(m, application)
        for m in members
    )
    details = []
    if conflicts:
        details.append(f"{conflicts} en conflit d'intérêts déclaré")
    if own:
        details.append(f"{own} de l'organisation d'un défi choisi")
    if eligible < needed:
        reason = (
            f"{needed} évaluations demandées mais seulement {eligible} membre(s) du jury "
            f"sur {len(members)} peuvent évaluer cette candidature"
        )
    else:
        reason = (
            f"{needed} évaluations demandées et {eligible} membre(s) du jury "
            f"sur {len(members)} peuvent évaluer cette candidature"
        )
    if assigned < min(eligible, needed):
        reason += f" ({assigned} attribuée(s) pour l'instant, lancez l'attribution)"
    return reason + (" : " + ", ".join(details) + "." if details else ".")


def assign_reviews(
    applications: Iterable[Application],
    members: Iterable[JuryMember],
    *,
    k: int = 3,
    seed: int = 0,
    fixed: Iterable[tuple[str, str]] = (),
) -> Assignment:
    """`fixed`: (member id, application id) pairs kept as they are (a review
    already started, a choice made by hand): placed first, counted in the
    loads and in the K of their application, never moved. Pairs naming an
    unknown member or application are ignored; the caller checks the rules
    for them."""
    applications = list(applications)
    members = sorted(members, key=lambda m: m.id)
    if k < 1:
        raise ValueError("K doit valoir au moins 1.")
    for kind, objects in (("candidature", applications), ("membre", members)):
        if len({o.id for o in objects}) != len(objects):
            raise ValueError(f"Identifiant de {kind} en double.")

    rng = random.Random(seed)
    order = list(members)
    rng.shuffle(order)
    priority = {m.id: i for i, m in enumerate(order)}
    loads = {m.id: 0 for m in members}
    assigned: dict[str, set[str]] = {a.id: set() for a in applications}
    # Reviews that the repair pass may move, per member (dict: insertion order).
    movable: dict[str, dict[str, None]] = {m.id: {} for m in members}
    mentor_reviews, mentor_conflicts = set(), []

    # Kept assignments first.
    for member_id, application_id in fixed:
        if (
            member_id in loads
            and application_id in assigned
            and member_id not in assigned[application_id]
        ):
            assigned[application_id].add(member_id)
            loads[member_id] += 1

    # Then mentors.
    mentors_of: dict[str, list[JuryMember]] = {}
    for m in order:
        for challenge_id in sorted(m.mentored_challenge_ids):
            mentors_of.setdefault(challenge_id, []).append(m)
    for application in applications:
        for challenge_id in sorted(application.challenge_ids):
            for m in mentors_of.get(challenge_id, ()):
                if m.id in assigned[application.id]:
                    if application.id not in m.conflicts:
                        mentor_reviews.add((m.id, application.id))
                    continue
                if application.id in m.conflicts:
                    if (m.id, application.id) not in mentor_conflicts:
                        mentor_conflicts.append((m.id, application.id))
                    continue
                assigned[application.id].add(m.id)
                loads[m.id] += 1
                mentor_reviews.add((m.id, application.id))

    # Greedy: most constrained applications first, each to its least loaded eligible members.
    candidates = {
        a.id: [m for m in order if m.id not in assigned[a.id] and may_review(m, a)]
        for a in applications
    }
    tiebreak = {a.id: rng.random() for a in applications}
    queue = sorted(applications, key=lambda a: (len(candidates[a.id]), tiebreak[a.id]))
    shortfalls = []
    for application in queue:
        need = k - len(assigned[application.id])
        if need <= 0:
            continue
        chosen = heapq.nsmallest(
            need, candidates[application.id], key=lambda m: (loads[m.id], priority[m.id])
        )
        for m in chosen:
            assigned[application.id].add(m.id)
            loads[m.id] += 1
            movable[m.id][application.id] = None
        if len(chosen) < need:
            shortfalls.append(
                Shortfall(
                    application.id,
                    len(assigned[application.id]),
                    k,
                    shortfall_reason(application, members, len(assigned[application.id]), k),
                )
            )

    _repair(applications, order, loads, assigned, movable)

    shortfalls.sort(key=lambda s: s.application_id)
    return Assignment(
        reviewers={a.id: tuple(sorted(assigned[a.id])) for a in applications},
        mentor_reviews=frozenset(mentor_reviews),
        loads=loads,
        shortfalls=shortfalls,
        mentor_conflicts=sorted(mentor_conflicts),
    )


def _repair(
    applications: list[Application],
    order: list[JuryMember],
    loads: dict[str, int],
    assigned: dict[str, set[str]],
    movable: dict[str, dict[str, None]],
) -> None:
    """Move reviews along chains while a chain goes from a member to one with
    at least two fewer reviews. Each move lowers the sum of squared loads by at
    least 2, so this ends; when it ends the sum is minimal (no such chain is the
    optimality condition of this convex-cost flow)."""
    by_id = {a.id: a for a in applications}
    while loads and max(loads.values()) - min(loads.values()) >= 2:
        top, bottom = max(loads.values()), min(loads.values())
        for level in range(top, bottom + 1, -1):
            sources = [m.id for m in order if loads[m.id] >= level]
            path = _find_chain(sources, level - 2, order, by_id, loads, assigned, movable)
            if path:
                for giver, taker, application_id in path:
                    del movable[giver][application_id]
                    movable[taker][application_id] = None
                    assigned[application_id].remove(giver)
                    assigned[application_id].add(taker)
                loads[path[0][0]] -= 1
                loads[path[-1][1]] += 1
                break
        else:
            return


def _find_chain(sources, target_load, order, by_id, loads, assigned, movable):
    """Breadth-first from the sources to a member with load <= target_load;
    returns the moves [(giver, taker, application id), ...] or None."""
    parent: dict[str, tuple[str, str] | None] = dict.fromkeys(sources)
    unvisited = [m for m in order if m.id not in parent]
    queue = deque(sources)
    while queue and unvisited:
        giver = queue.popleft()
        for application_id in movable[giver]:
            application = by_id[application_id]
            remaining = []
            for m in unvisited:
                if m.id not in assigned[application_id] and may_review(m, application):
                    parent[m.id] = (giver, application_id)
                    if loads[m.id] <= target_load:
                        moves, node = [], m.id
                        while parent[node] is not None:
                            previous, via = parent[node]
                            moves.append((previous, node, via))
                            node = previous
                        return moves[::-1]
                    queue.append(m.id)
                else:
                    remaining.append(m)
            unvisited = remaining
            if not unvisited:
                break
    return None
