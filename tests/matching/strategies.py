"""Random instances for property-based tests (hypothesis)."""

from itertools import product

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from eig.matching.checker import check

PROFILES = ["developer", "designer", "data_scientist"]


def quick(max_examples: int) -> settings:
    """Hypothesis settings for these tests: no deadline and no example database
    (Hypothesis still keeps caches in .hypothesis/, which git-ignores itself);
    the autouse media fixture of tests/conftest.py is harmless for pure functions."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@st.composite
def instances(
    draw,
    *,
    max_candidates: int = 8,
    max_challenges: int = 4,
    max_capacity: int = 3,
    min_capacity: int = 0,
    quotas: bool = True,
    pins: bool = True,
    min_sizes: bool = True,
    max_score: int = 3,
) -> dict:
    """An instance in the JSON format; small integer scores so that ties are frequent."""
    m = draw(st.integers(1, max_challenges))
    n = draw(st.integers(0, max_candidates))
    challenges = []
    for j in range(m):
        capacity = draw(st.integers(min_capacity, max_capacity))
        challenge = {"id": f"d{j}", "capacity": capacity}
        if min_sizes and draw(st.booleans()):
            challenge["min_size"] = draw(st.integers(0, capacity))
        if quotas and capacity and draw(st.booleans()):
            if draw(st.booleans()):
                profiles, left = {}, capacity
                for name in draw(st.permutations(PROFILES)):
                    profiles[name] = draw(st.integers(0, left))
                    left -= profiles[name]
                challenge["profiles"] = profiles
            else:
                seats = draw(st.integers(1, capacity))
                challenge["slots"] = [
                    sorted(draw(st.sets(st.sampled_from(PROFILES), min_size=1)))
                    for _ in range(seats)
                ]
        challenges.append(challenge)
    candidates = []
    scores: dict[str, dict[str, int]] = {f"d{j}": {} for j in range(m)}
    for i in range(n):
        choices = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
        candidates.append(
            {
                "id": f"c{i}",
                "profile": draw(st.sampled_from(PROFILES)),
                "choices": [f"d{j}" for j in choices],
            }
        )
        for j in choices:
            score = draw(st.one_of(st.none(), st.integers(0, max_score)))
            if score is not None:
                scores[f"d{j}"][f"c{i}"] = score
    if pins and n:
        pinned: set[int] = set()
        for challenge in challenges:
            if draw(st.integers(0, 4)) == 0:
                free = [i for i in range(n) if i not in pinned]
                if free and challenge["capacity"] >= 1:
                    chosen = draw(st.sampled_from(free))
                    challenge["pinned"] = [f"c{chosen}"]
                    pinned.add(chosen)
            if draw(st.integers(0, 4)) == 0:
                banned = draw(st.lists(st.integers(0, n - 1), unique=True, max_size=2))
                challenge["forbidden"] = [
                    f"c{i}" for i in banned if f"c{i}" not in challenge.get("pinned", [])
                ]
    seed = draw(st.integers(0, 2**32 - 1))
    return {"candidates": candidates, "challenges": challenges, "scores": scores, "seed": seed}


def all_stable_matchings(instance: dict, lottery: list[str]) -> list[dict[str, str | None]]:
    """Every stable assignment (candidate -> défi or None), by brute force and the checker."""
    challenges = {d["id"]: d for d in instance["challenges"]}
    pinned = {c: d["id"] for d in instance["challenges"] for c in d.get("pinned", [])}
    options = []
    for candidate in instance["candidates"]:
        cid = candidate["id"]
        if cid in pinned:
            options.append([pinned[cid]])
            continue
        acceptable = [
            did
            for did in candidate["choices"]
            if cid in instance["scores"].get(did, {})
            and cid not in challenges[did].get("forbidden", [])
            and challenges[did]["capacity"] > 0
        ]
        options.append([None, *acceptable])
    stable = []
    ids = [c["id"] for c in instance["candidates"]]
    for combination in product(*options):
        sizes: dict[str, int] = {}
        for did in combination:
            if did is not None:
                sizes[did] = sizes.get(did, 0) + 1
        if any(size > challenges[did]["capacity"] for did, size in sizes.items()):
            continue
        teams: dict[str, list[str]] = {did: [] for did in challenges}
        for cid, did in zip(ids, combination, strict=True):
            if did is not None:
                teams[did].append(cid)
        report = check(instance, teams, lottery=lottery)
        if report.ok:
            stable.append(dict(zip(ids, combination, strict=True)))
    return stable
