"""An independent checker for a team assignment: blocking pairs and quota violations.

Written apart from the solver on purpose: it reads the instance as plain dicts,
compares tuples instead of precomputed ranks, and seats a team by trying every
way to put its members in the seats (the best seating is the one that gives
the first seat its best possible occupant, then the second, and so on). Slow
but simple: O(candidates × choices) seatings of a few people each.

Definitions (see docs/matching.md):

* A défi's seats are its reserved seats (``slots``, or one per wanted unit of
  ``profiles``, in order) followed by open seats up to its capacity. Pinned
  fellows take their seats first. In a reserved seat, candidates of its
  profiles come before everyone else; within that, and in an open seat,
  higher jury score first, then earlier lottery position.
* A candidate c and a défi d block the assignment when d is in c's choices
  above c's team (or c has none), d finds c acceptable (c has a jury score
  for d and is not forbidden there), c is not pinned elsewhere, and in the
  best seating of d's team some seat is empty or held by someone that seat
  ranks below c.
"""

from dataclasses import dataclass, field
from itertools import permutations

_EMPTY = (2, 0.0, 0)  # worse than any occupant in any seat


@dataclass
class Report:
    blocking_pairs: list[tuple[str, str]] = field(default_factory=list)
    quota_violations: list[str] = field(default_factory=list)
    below_min_size: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.blocking_pairs and not self.quota_violations


def check(
    instance: dict,
    teams: dict[str, list[str]],
    lottery: list[str] | None = None,
    closed: tuple[str, ...] | list[str] = (),
) -> Report:
    """Count blocking pairs and quota violations of ``teams`` for ``instance``.

    ``lottery`` lists candidate ids in lottery order (the first wins ties);
    without it, equal scores never block (weak stability). ``closed`` défis
    must be empty; pairs with them are reported as blocking pairs too, since
    closing a défi is precisely what gives stability up.
    """
    report = Report()
    candidates = {c["id"]: c for c in instance.get("candidates", [])}
    challenges = {d["id"]: d for d in instance.get("challenges", [])}
    scores = instance.get("scores", {})
    position = {cid: k for k, cid in enumerate(lottery)} if lottery is not None else {}

    def key(cid: str, did: str) -> tuple[float, int]:
        # A member without a score (an error reported below) ranks last.
        return (-scores.get(did, {}).get(cid, float("-inf")), position.get(cid, 0))

    team_of: dict[str, str] = {}
    for did, members in teams.items():
        if did not in challenges:
            report.quota_violations.append(f"équipe pour un défi inconnu : {did}")
            continue
        for cid in members:
            if cid not in candidates:
                report.quota_violations.append(f"{did} : membre inconnu·e {cid}")
            elif cid in team_of:
                report.quota_violations.append(f"{cid} est dans deux équipes")
            else:
                team_of[cid] = did

    pinned_on = {cid: d["id"] for d in challenges.values() for cid in d.get("pinned", [])}
    for cid, did in pinned_on.items():
        if team_of.get(cid) != did:
            report.quota_violations.append(f"{cid} devait être fixé·e sur {did}")

    forbidden = {did: set(d.get("forbidden", [])) for did, d in challenges.items()}

    def acceptable(cid: str, did: str) -> bool:
        return (
            cid in scores.get(did, {})
            and cid not in forbidden[did]
            and challenges[did]["capacity"] > 0
        )

    # For each défi, its seats with the key of their occupant (None when empty).
    seating: dict[str, list[tuple[frozenset | None, tuple | None]]] = {}
    for did, challenge in challenges.items():
        members = teams.get(did, [])
        if len(members) > challenge["capacity"]:
            report.quota_violations.append(
                f"{did} : {len(members)} membres pour une capacité de {challenge['capacity']}"
            )
        if did in closed and members:
            report.quota_violations.append(f"{did} est fermé mais a une équipe")
        if len(members) < challenge.get("min_size", 0):
            report.below_min_size.append(did)
        for cid in members:
            if pinned_on.get(cid) == did or cid not in candidates:
                continue
            if did not in candidates[cid].get("choices", []) or not acceptable(cid, did):
                report.quota_violations.append(f"{cid} placé·e sur {did} sans y être recevable")
        seating[did] = [
            (seat, None if c is None else _seat_key(seat, candidates[c]["profile"], key(c, did)))
            for seat, c in _best_seating(challenge, members, candidates, key)
        ]

    for cid, candidate in candidates.items():
        if cid in pinned_on:
            continue
        current = team_of.get(cid)
        profile = candidate["profile"]
        lottery_key = position.get(cid, 0)
        for did in candidate.get("choices", []):
            if did == current:
                break
            # acceptable(cid, did) and key(cid, did), written out: this loop
            # sees every pair above each person's team.
            challenge = challenges.get(did)
            if challenge is None:
                continue
            by_candidate = scores.get(did, {})
            if cid in by_candidate and cid not in forbidden[did] and challenge["capacity"] > 0:
                score_key = (-by_candidate[cid], lottery_key)
                for seat, occupant in seating[did]:
                    if occupant is None or _seat_key(seat, profile, score_key) < occupant:
                        report.blocking_pairs.append((cid, did))
                        break
    return report


def _seats(challenge: dict) -> list[frozenset | None]:
    """Reserved seats in order (a frozenset of profiles each), then open seats (None)."""
    reserved: list[frozenset | None] = []
    if challenge.get("slots") is not None:
        reserved = [frozenset(slot) for slot in challenge["slots"]]
    else:
        for profile, wanted in (challenge.get("profiles") or {}).items():
            reserved += [frozenset([profile])] * wanted
    return reserved + [None] * (challenge["capacity"] - len(reserved))


def _seat_key(seat: frozenset | None, profile: str, score_key: tuple) -> tuple:
    fits = 0 if seat is None or profile in seat else 1
    return (fits, *score_key)


def _best_seating(challenge, members, candidates, key):
    """[(seat, member or None)] for the seats not taken by pinned fellows."""
    seats = _seats(challenge)
    did = challenge["id"]
    pinned = [cid for cid in challenge.get("pinned", []) if cid in members]
    for cid in pinned:
        profile = candidates[cid]["profile"]
        own = [s for s in seats if s is not None and profile in s]
        if own:
            seats.remove(own[0])
        elif None in seats:
            seats.remove(None)
        elif seats:
            seats.pop(0)
    others = [cid for cid in members if cid not in pinned and cid in candidates]
    if len(others) > len(seats):
        others = sorted(others, key=lambda cid: key(cid, did))[: len(seats)]
    if all(seat is None for seat in seats):
        ordered = sorted(others, key=lambda cid: key(cid, did))
        return list(zip(seats, ordered + [None] * (len(seats) - len(ordered)), strict=True))
    best, best_value = None, None
    padded = others + [None] * (len(seats) - len(others))
    for arrangement in set(permutations(padded)):
        value = [
            _EMPTY if cid is None else _seat_key(seat, candidates[cid]["profile"], key(cid, did))
            for seat, cid in zip(seats, arrangement, strict=True)
        ]
        if best_value is None or value < best_value:
            best, best_value = arrangement, value
    return list(zip(seats, best, strict=True))
