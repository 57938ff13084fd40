from hypothesis import given

from eig.matching.checker import check
from eig.matching.solve import solve
from tests.matching.helpers import instance
from tests.matching.strategies import instances, quick


def test_a_defi_below_its_minimum_is_closed_and_its_member_moves_on():
    given = instance(
        [("x", "developer", ["A", "B"]), ("y", "developer", ["B"]), ("z", "designer", ["B"])],
        [{"id": "A", "capacity": 3, "min_size": 2}, {"id": "B", "capacity": 3, "min_size": 2}],
        {"A": {"x": 1}, "B": {"x": 1, "y": 2, "z": 3}},
    )
    result = solve(given)
    assert result["teams"] == {"A": [], "B": ["z", "y", "x"]}
    assert result["closed"] == ["A"]
    assert result["understaffed"] == ["A"]
    assert result["checks"]["blocking_pairs"] == result["checks"]["blocking_pairs_with_closed"] == 1


def test_the_least_filled_defi_is_closed_first_and_may_save_another():
    # A (1 of 3 minimum) and B (2 of 3 minimum) are both short; closing A alone
    # sends w to B, which then reaches its minimum and stays open.
    given = instance(
        [
            ("w", "developer", ["A", "B"]),
            ("x", "developer", ["B"]),
            ("y", "designer", ["B"]),
        ],
        [{"id": "A", "capacity": 3, "min_size": 3}, {"id": "B", "capacity": 3, "min_size": 3}],
        {"A": {"w": 1}, "B": {"w": 1, "x": 2, "y": 3}},
    )
    result = solve(given)
    assert result["closed"] == ["A"]
    assert sorted(result["teams"]["B"]) == ["w", "x", "y"]


def test_stable_only_reports_the_shortfall_without_closing():
    given = instance(
        [("x", "developer", ["A"])],
        [{"id": "A", "capacity": 3, "min_size": 2}],
        {"A": {"x": 1}},
    )
    result = solve(given, stable_only=True)
    assert result["teams"] == {"A": ["x"]}
    assert result["understaffed"] == ["A"]
    assert result["closed"] == []
    assert result["stability_given_up"] == []


def test_a_defi_with_a_pinned_fellow_is_never_closed():
    given = instance(
        [("p", "developer", [])],
        [{"id": "A", "capacity": 3, "min_size": 2, "pinned": ["p"]}],
        {},
    )
    result = solve(given)
    assert result["teams"] == {"A": ["p"]}
    assert result["understaffed"] == ["A"]
    assert "non fermé car p y est affecté·e d'office" in result["challenge_explanations"]["A"]


@quick(200)
@given(instances())
def test_after_the_step_only_closed_defis_are_left_blocking(given):
    result = solve(given)
    stable = solve(given, stable_only=True)
    closed = set(result["closed"])
    report = check(given, result["teams"], lottery=result["lottery"], closed=result["closed"])
    # Closing défis only ever brings people to the others.
    for did, team in result["teams"].items():
        if did not in closed:
            assert len(team) >= len(stable["teams"][did])
    assert report.quota_violations == []
    assert all(did in closed for _, did in report.blocking_pairs)
    pinned = {d["id"] for d in given["challenges"] if d.get("pinned")}
    for challenge in given["challenges"]:
        size = len(result["teams"][challenge["id"]])
        if challenge["id"] not in pinned:
            assert size == 0 or size >= challenge.get("min_size", 0)
    assert result["checks"]["blocking_pairs"] == len(report.blocking_pairs)
