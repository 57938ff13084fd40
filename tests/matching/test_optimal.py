import random

from hypothesis import given

from eig.matching.checker import check
from eig.matching.solve import solve
from tests.matching.helpers import instance
from tests.matching.strategies import instances, quick


def assert_hard_rules(given, result):
    profile = {c["id"]: c["profile"] for c in given["candidates"]}
    for challenge in given["challenges"]:
        team = result["teams"][challenge["id"]]
        if challenge.get("pinned") or not team:
            continue
        assert max(challenge.get("min_size", 0), 1) <= len(team) <= challenge["capacity"]
        if (challenge.get("profiles") or {}).get("developer", 1) != 0:
            assert "developer" in {profile[c] for c in team}


def test_optimal_mode_places_everyone_when_stability_would_not():
    # The stable matching fills A with x and y and leaves B with w alone, below
    # its minimum: the minimum-size step closes B. The optimal mode sends y to B
    # and takes z on A instead, so that both défis run.
    given = instance(
        [
            ("x", "developer", ["A"]),
            ("y", "developer", ["A", "B"]),
            ("z", "designer", ["A"]),
            ("w", "designer", ["B"]),
        ],
        [{"id": "A", "capacity": 2, "min_size": 2}, {"id": "B", "capacity": 2, "min_size": 2}],
        {"A": {"x": 5, "y": 4, "z": 1}, "B": {"y": 1, "w": 1}},
    )
    with_closure = solve(given)
    result = solve(given, optimal=True)
    assert sorted(with_closure["unassigned"]) == ["w", "z"]
    assert {did: sorted(team) for did, team in result["teams"].items()} == {
        "A": ["x", "z"],
        "B": ["w", "y"],
    }
    assert_hard_rules(given, result)
    assert result["mode"] == "optimal"
    assert result["checks"]["blocking_pairs"] == len(
        check(given, result["teams"], lottery=result["lottery"]).blocking_pairs
    )
    assert result["stability_given_up"][0].startswith("Mode optimal (CP-SAT, statut OPTIMAL)")


def test_optimal_mode_is_deterministic():
    given = instance(
        [(f"c{i}", ["developer", "designer"][i % 2], ["A", "B", "C"][i % 3 :]) for i in range(9)],
        [{"id": d, "capacity": 3, "min_size": 2} for d in "ABC"],
        {d: {f"c{i}": 1 for i in range(9)} for d in "ABC"},
    )
    assert solve(given, optimal=True) == solve(given, optimal=True)


@quick(40)
@given(instances(max_candidates=7, max_challenges=3))
def test_optimal_mode_keeps_its_hard_rules(given):
    result = solve(given, optimal=True)
    assert_hard_rules(given, result)
    assert result["checks"]["quota_violations"] == []


def cohort_four_sized(seed: int) -> dict:
    """41 fellows (18 developers, 14 designers, 9 data scientists) for 17 défis."""
    rnd = random.Random(seed)
    profiles = ["developer"] * 18 + ["designer"] * 14 + ["data_scientist"] * 9
    candidates, scores = [], {f"d{j}": {} for j in range(17)}
    for i, profile in enumerate(profiles):
        choices = rnd.sample(range(17), rnd.randint(3, 5))
        candidates.append((f"c{i}", profile, [f"d{j}" for j in choices]))
        for j in choices:
            scores[f"d{j}"][f"c{i}"] = round(rnd.uniform(2, 5), 1)
    challenges = [
        {
            "id": f"d{j}",
            "capacity": rnd.choice([2, 3]),
            "min_size": 2,
            "profiles": {"developer": 1},
        }
        for j in range(17)
    ]
    return instance(candidates, challenges, scores, seed=seed)


def satisfaction(given: dict, teams: dict[str, list[str]]) -> int:
    """The optimal mode's objective: L - k + 1 points for the k-th of L listed choices."""
    longest = max(len(c["choices"]) for c in given["candidates"])
    choices = {c["id"]: c["choices"] for c in given["candidates"]}
    return sum(longest - choices[cid].index(did) for did, team in teams.items() for cid in team)


def test_optimal_mode_at_cohort_size_beats_the_minimum_size_step():
    given = cohort_four_sized(4)
    result = solve(given, optimal=True)
    assert_hard_rules(given, result)
    assert result["stability_given_up"][0].startswith("Mode optimal (CP-SAT, statut OPTIMAL)")
    # Without the developer rule, the minimum-size step's teams (0 or 2 to 3
    # people) are one of the optimisation's candidates: it can only do better.
    with_closure = solve(given)
    free = solve(given, optimal=True, required_profile=None)
    assert free["stability_given_up"][0].startswith("Mode optimal (CP-SAT, statut OPTIMAL)")
    assert satisfaction(given, free["teams"]) >= satisfaction(given, with_closure["teams"])
    assert satisfaction(given, free["teams"]) >= satisfaction(given, result["teams"])
