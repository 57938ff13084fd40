import random

from hypothesis import given

from eig.matching.checker import check
from tests.matching.helpers import instance, stable_teams
from tests.matching.strategies import instances, quick

TWO_BY_TWO = instance(
    [("x", "developer", ["A", "B"]), ("y", "developer", ["A", "B"])],
    [{"id": "A", "capacity": 1}, {"id": "B", "capacity": 1}],
    {"A": {"x": 2, "y": 1}, "B": {"x": 1, "y": 2}},
)


def test_a_candidate_and_a_defi_that_prefer_each_other_block():
    # Given y on A although A ranks x higher and x prefers A to B
    report = check(TWO_BY_TWO, {"A": ["y"], "B": ["x"]}, lottery=["x", "y"])
    assert report.blocking_pairs == [("x", "A")]
    assert report.quota_violations == []


def test_an_empty_seat_blocks_with_anyone_who_prefers_it():
    report = check(TWO_BY_TWO, {"A": ["x"], "B": []}, lottery=["x", "y"])
    # y ranks below x at A, so only B (empty) blocks with y.
    assert report.blocking_pairs == [("y", "B")]


def test_a_reserved_seat_held_by_another_profile_blocks_with_a_lower_scored_candidate_of_it():
    given = instance(
        [("des", "designer", ["A"]), ("dev", "developer", ["A"])],
        [{"id": "A", "capacity": 1, "profiles": {"developer": 1}}],
        {"A": {"des": 5, "dev": 1}},
    )
    assert check(given, {"A": ["des"]}, lottery=["des", "dev"]).blocking_pairs == [("dev", "A")]
    assert check(given, {"A": ["dev"]}, lottery=["des", "dev"]).blocking_pairs == []


def test_without_a_lottery_equal_scores_never_block():
    given = instance(
        [("x", "developer", ["A"]), ("y", "developer", ["A"])],
        [{"id": "A", "capacity": 1}],
        {"A": {"x": 3, "y": 3}},
    )
    assert check(given, {"A": ["y"]}).blocking_pairs == []
    assert check(given, {"A": ["y"]}, lottery=["x", "y"]).blocking_pairs == [("x", "A")]


def test_quota_violations_are_listed():
    given = instance(
        [("x", "developer", ["A"]), ("y", "developer", ["B"]), ("z", "designer", [])],
        [
            {"id": "A", "capacity": 1, "forbidden": ["x"]},
            {"id": "B", "capacity": 1, "pinned": ["z"]},
        ],
        {"A": {"x": 1}, "B": {"y": 1}},
    )
    report = check(given, {"A": ["x", "y"], "B": ["y"]}, closed=["A"])
    assert report.quota_violations == [
        "y est dans deux équipes",
        "z devait être fixé·e sur B",
        "A : 2 membres pour une capacité de 1",
        "A est fermé mais a une équipe",
        "x placé·e sur A sans y être recevable",
        "y placé·e sur A sans y être recevable",
    ]


@quick(200)
@given(instances())
def test_the_checker_notices_anyone_taken_off_a_stable_team(given):
    # Given the stable teams, when one non-pinned member leaves their team,
    # then they and their défi (now with an empty seat) block.
    teams, lottery = stable_teams(given)
    pinned = {cid for d in given["challenges"] for cid in d.get("pinned", [])}
    movable = [(did, cid) for did, team in teams.items() for cid in team if cid not in pinned]
    if not movable:
        return
    did, cid = random.Random(given["seed"]).choice(movable)
    broken = {d: [c for c in team if c != cid] for d, team in teams.items()}
    assert (cid, did) in check(given, broken, lottery=lottery).blocking_pairs
