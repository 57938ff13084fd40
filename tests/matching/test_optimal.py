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
