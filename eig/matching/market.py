"""The instance (plain dicts, as in the JSON format) turned into flat arrays.

Everything the solver needs is computed here once: candidates' acceptable
choices in their order of preference (CSR: ``choice_ptr`` gives each
candidate's range), and for each défi its applicants in priority order (jury
score, higher first; equal scores broken by the seeded lottery), so that the
solver compares plain integers.
"""

import math
from dataclasses import dataclass

import numpy as np


class InstanceError(ValueError):
    """The instance does not follow the documented format."""


# Reasons why a listed choice is not acceptable, used by the explanations.
NO_SCORE = "no_score"
FORBIDDEN = "forbidden"
NO_SEAT = "no_seat"


@dataclass(frozen=True, eq=False)
class Market:
    candidate_ids: list[str]
    challenge_ids: list[str]
    challenge_titles: list[str]
    profile_names: list[str]
    profile: np.ndarray  # int32[n]: index into profile_names
    seed: int
    lottery: np.ndarray  # int64[n]: position in the lottery, 0 wins every tie
    # Acceptable choices by candidate, in preference order (CSR).
    choice_ptr: np.ndarray  # int64[n + 1]
    choice_challenge: np.ndarray  # int32[k]
    choice_position: np.ndarray  # int32[k]: 0 for the 1st choice as listed
    choice_score: np.ndarray  # float64[k]
    choice_rank: np.ndarray  # int32[k]: the candidate's rank at that défi, 0 first
    # Applicants by défi, in priority order (CSR); same pairs as the choices.
    applicant_ptr: np.ndarray  # int64[m + 1]
    applicant_candidate: np.ndarray  # int32[k]
    capacity: np.ndarray  # int32[m]
    min_size: np.ndarray  # int32[m]
    reserved: list[tuple[frozenset[int], ...]]  # reserved seats of each défi, in order
    unwanted: list[frozenset[int]]  # profiles a défi explicitly asks 0 of
    pinned: list[list[int]]  # candidates pinned to each défi
    pinned_to: np.ndarray  # int32[n]: the défi a candidate is pinned to, or -1
    # Choices listed but not acceptable: candidate -> [(position, défi, reason)].
    dropped: dict[int, list[tuple[int, int, str]]]
    choice_count: np.ndarray  # int32[n]: how many choices each candidate listed

    @property
    def n(self) -> int:
        return len(self.candidate_ids)

    @property
    def m(self) -> int:
        return len(self.challenge_ids)


def lottery_positions(candidate_ids: list[str], seed: int) -> np.ndarray:
    """Each candidate's position in the seeded lottery (0 wins every tie).

    The draw permutes the ids in sorted order, so it depends on the seed and the
    set of ids, not on the order candidates are listed in.
    """
    ordered = sorted(range(len(candidate_ids)), key=candidate_ids.__getitem__)
    draw = np.random.default_rng(seed).permutation(len(candidate_ids))
    positions = np.empty(len(candidate_ids), dtype=np.int64)
    positions[np.asarray(ordered, dtype=np.int64)[draw]] = np.arange(len(candidate_ids))
    return positions


def _fail(message: str) -> None:
    raise InstanceError(message)


def _ids(items: object, kind: str) -> list[str]:
    if not isinstance(items, list):
        _fail(f"« {kind} » doit être une liste.")
    ids = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            _fail(f"Chaque élément de « {kind} » doit être un objet avec un « id » texte.")
        ids.append(item["id"])
    if len(set(ids)) != len(ids):
        seen: set[str] = set()
        duplicate = next(i for i in ids if i in seen or seen.add(i))
        _fail(f"Identifiant en double dans « {kind} » : {duplicate}.")
    return ids


def _count(value: object, what: str, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        _fail(f"{what} doit être un entier supérieur ou égal à {low} (reçu : {value!r}).")
    return value


def _reserved_seats(
    challenge: dict, profile_code: dict[str, int]
) -> tuple[list[frozenset[int]], frozenset[int]]:
    """The défi's reserved seats in order (`slots`, or one per wanted profile unit),
    and the profiles it explicitly asks 0 of."""
    cid = challenge["id"]
    profiles = challenge.get("profiles")
    slots = challenge.get("slots")
    if profiles is not None and slots is not None:
        _fail(f"Défi {cid} : « profiles » et « slots » ne peuvent pas être donnés ensemble.")
    seats: list[frozenset[int]] = []
    unwanted = set()
    if profiles is not None:
        if not isinstance(profiles, dict):
            _fail(f"Défi {cid} : « profiles » doit être un objet profil → nombre.")
        for name, wanted in profiles.items():
            count = _count(wanted, f"Défi {cid} : le nombre voulu de « {name} »")
            code = profile_code.setdefault(name, len(profile_code))
            seats.extend(frozenset((code,)) for _ in range(count))
            if not count:
                unwanted.add(code)
    if slots is not None:
        if not isinstance(slots, list):
            _fail(f"Défi {cid} : « slots » doit être une liste de listes de profils.")
        for slot in slots:
            if not isinstance(slot, list) or not slot or not all(isinstance(p, str) for p in slot):
                _fail(f"Défi {cid} : chaque place de « slots » est une liste non vide de profils.")
            seats.append(frozenset(profile_code.setdefault(p, len(profile_code)) for p in slot))
    return seats, frozenset(unwanted)


def build_market(instance: dict) -> Market:
    """Check the instance and turn it into arrays; raise InstanceError if malformed."""
    if not isinstance(instance, dict):
        _fail("L'instance doit être un objet JSON.")
    candidates = instance.get("candidates", [])
    challenges = instance.get("challenges", [])
    scores = instance.get("scores", {})
    seed = instance.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        _fail(f"« seed » doit être un entier (reçu : {seed!r}).")
    candidate_ids = _ids(candidates, "candidates")
    challenge_ids = _ids(challenges, "challenges")
    if not isinstance(scores, dict):
        _fail("« scores » doit être un objet défi → {candidat → note}.")
    candidate_index = {cid: i for i, cid in enumerate(candidate_ids)}
    challenge_index = {did: j for j, did in enumerate(challenge_ids)}
    n, m = len(candidate_ids), len(challenge_ids)

    profile_code: dict[str, int] = {}
    capacity = np.zeros(m, dtype=np.int32)
    min_size = np.zeros(m, dtype=np.int32)
    reserved: list[tuple[frozenset[int], ...]] = []
    unwanted: list[frozenset[int]] = []
    pinned: list[list[int]] = []
    pinned_to = np.full(n, -1, dtype=np.int32)
    forbidden: list[set[int]] = []
    titles = []
    for j, challenge in enumerate(challenges):
        did = challenge["id"]
        cap = _count(challenge.get("capacity"), f"Défi {did} : « capacity »")
        low = _count(challenge.get("min_size", 0), f"Défi {did} : « min_size »")
        if low > cap:
            _fail(f"Défi {did} : « min_size » ({low}) dépasse « capacity » ({cap}).")
        seats, unwanted_here = _reserved_seats(challenge, profile_code)
        if len(seats) > cap:
            _fail(f"Défi {did} : {len(seats)} places réservées pour une capacité de {cap}.")
        capacity[j], min_size[j] = cap, low
        reserved.append(tuple(seats))
        unwanted.append(unwanted_here)
        title = challenge.get("title", did)
        titles.append(title if isinstance(title, str) and title else did)
        pins: list[int] = []
        for cid in challenge.get("pinned", []):
            i = candidate_index.get(cid)
            if i is None:
                _fail(f"Défi {did} : candidat·e fixé·e inconnu·e : {cid}.")
            if pinned_to[i] >= 0:
                _fail(f"{cid} est fixé·e sur deux défis ({challenge_ids[pinned_to[i]]} et {did}).")
            pinned_to[i] = j
            pins.append(i)
        if len(pins) > cap:
            _fail(f"Défi {did} : {len(pins)} personnes fixées pour une capacité de {cap}.")
        pinned.append(pins)
        banned = set()
        for cid in challenge.get("forbidden", []):
            i = candidate_index.get(cid)
            if i is None:
                _fail(f"Défi {did} : candidat·e exclu·e inconnu·e : {cid}.")
            if pinned_to[i] == j:
                _fail(f"Défi {did} : {cid} est à la fois fixé·e et exclu·e.")
            banned.add(i)
        forbidden.append(banned)

    score_maps: list[dict] = [{}] * m
    for did, by_candidate in scores.items():
        j = challenge_index.get(did)
        if j is None:
            _fail(f"« scores » : défi inconnu : {did}.")
        if not isinstance(by_candidate, dict):
            _fail(f"« scores » : les notes du défi {did} doivent être un objet candidat → note.")
        unknown = [cid for cid in by_candidate if cid not in candidate_index]
        if unknown:
            _fail(f"« scores » du défi {did} : candidat·e inconnu·e : {unknown[0]}.")
        score_maps[j] = by_candidate

    profile = np.empty(n, dtype=np.int32)
    choice_count = np.empty(n, dtype=np.int32)
    counts = [0] * n
    flat_challenge: list[int] = []
    flat_position: list[int] = []
    flat_score: list[float] = []
    dropped: dict[int, list[tuple[int, int, str]]] = {}
    for i, candidate in enumerate(candidates):
        cid = candidate["id"]
        name = candidate.get("profile")
        if not isinstance(name, str) or not name:
            _fail(f"{cid} : « profile » doit être un texte non vide.")
        profile[i] = profile_code.setdefault(name, len(profile_code))
        choices = candidate.get("choices", [])
        if not isinstance(choices, list):
            _fail(f"{cid} : « choices » doit être une liste de défis.")
        if len(set(choices)) != len(choices):
            _fail(f"{cid} : un défi apparaît deux fois dans « choices ».")
        choice_count[i] = len(choices)
        kept = 0
        for position, did in enumerate(choices):
            j = challenge_index.get(did)
            if j is None:
                _fail(f"{cid} : défi inconnu dans « choices » : {did!r}.")
            score = score_maps[j].get(cid)
            if score is None:
                reason = NO_SCORE
            elif i in forbidden[j]:
                reason = FORBIDDEN
            elif capacity[j] == 0:
                reason = NO_SEAT
            else:
                flat_challenge.append(j)
                flat_position.append(position)
                flat_score.append(score)
                kept += 1
                continue
            dropped.setdefault(i, []).append((position, j, reason))
        counts[i] = kept

    if any(type(s) not in (int, float) for s in flat_score):
        bad = next(s for s in flat_score if type(s) not in (int, float))
        _fail(f"« scores » : note non numérique : {bad!r}.")
    score_array = np.array(flat_score, dtype=np.float64)
    if not np.isfinite(score_array).all():
        _fail("« scores » : chaque note doit être un nombre fini.")

    choice_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=choice_ptr[1:])
    choice_challenge = np.array(flat_challenge, dtype=np.int32)
    choice_candidate = np.repeat(np.arange(n, dtype=np.int32), counts)
    lottery = lottery_positions(candidate_ids, seed)

    # Défi, then higher score, then lottery: each défi's applicants in priority order.
    order = np.lexsort((lottery[choice_candidate], -score_array, choice_challenge))
    applicant_ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(choice_challenge, minlength=m), out=applicant_ptr[1:])
    choice_rank = np.empty(len(order), dtype=np.int32)
    choice_rank[order] = np.arange(len(order)) - applicant_ptr[choice_challenge[order]]

    return Market(
        candidate_ids=candidate_ids,
        challenge_ids=challenge_ids,
        challenge_titles=titles,
        profile_names=sorted(profile_code, key=profile_code.__getitem__),
        profile=profile,
        seed=seed,
        lottery=lottery,
        choice_ptr=choice_ptr,
        choice_challenge=choice_challenge,
        choice_position=np.array(flat_position, dtype=np.int32),
        choice_score=score_array,
        choice_rank=choice_rank,
        applicant_ptr=applicant_ptr,
        applicant_candidate=choice_candidate[order],
        capacity=capacity,
        min_size=min_size,
        reserved=reserved,
        unwanted=unwanted,
        pinned=pinned,
        pinned_to=pinned_to,
        dropped=dropped,
        choice_count=choice_count,
    )


def pinned_seating(
    market: Market, j: int
) -> tuple[list[tuple[int, frozenset[int] | None]], tuple[frozenset[int], ...], int]:
    """Seat a défi's pinned fellows; return (their seats, reserved seats left, open seats left).

    Each pinned fellow, in the order given, takes the first reserved seat left for
    their profile, else an open seat, else the first reserved seat left.
    A seat is a frozenset of profiles (reserved) or None (open).
    """
    reserved = list(market.reserved[j])
    open_seats = int(market.capacity[j]) - len(reserved)
    seats: list[tuple[int, frozenset[int] | None]] = []
    for i in market.pinned[j]:
        own = next((s for s in reserved if market.profile[i] in s), None)
        if own is not None:
            reserved.remove(own)
            seats.append((i, own))
        elif open_seats:
            open_seats -= 1
            seats.append((i, None))
        else:
            seats.append((i, reserved.pop(0)))
    return seats, tuple(reserved), open_seats


def score_text(score: float) -> str:
    """A jury score the French way: 4.5 -> "4,5", 4.0 -> "4"."""
    if math.isclose(score, round(score)):
        return str(round(score))
    return f"{score:.2f}".rstrip("0").rstrip(".").replace(".", ",")
