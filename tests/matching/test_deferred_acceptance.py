from hypothesis import given
from hypothesis import strategies as st

from eig.matching.checker import check
from tests.matching.helpers import instance, stable_teams, team_of
from tests.matching.strategies import all_stable_matchings, instances, quick


def test_candidates_get_their_side_of_two_stable_matchings():
    # Given two stable matchings: x-A, y-B (both candidates' first choices)
    # and x-B, y-A (both défis' first choices)
    given = instance(
        [("x", "developer", ["A", "B"]), ("y", "developer", ["B", "A"])],
        [{"id": "A", "capacity": 1}, {"id": "B", "capacity": 1}],
        {"A": {"x": 1, "y": 2}, "B": {"x": 2, "y": 1}},
    )
    # When candidates propose
    teams, _ = stable_teams(given)
    # Then each gets their first choice
    assert teams == {"A": ["x"], "B": ["y"]}


def test_higher_jury_score_displaces_a_holder():
    given = instance(
        [("x", "developer", ["A", "B"]), ("y", "developer", ["A"]), ("z", "designer", ["A"])],
        [{"id": "A", "capacity": 2}, {"id": "B", "capacity": 1}],
        {"A": {"x": 3, "y": 4, "z": 5}, "B": {"x": 1}},
    )
    teams, _ = stable_teams(given)
    assert sorted(teams["A"]) == ["y", "z"]
    assert teams["B"] == ["x"]


def test_a_reserved_seat_goes_to_its_profile_over_higher_scores():
    given = instance(
        [
            ("des1", "designer", ["A"]),
            ("des2", "designer", ["A"]),
            ("dev", "developer", ["A"]),
        ],
        [{"id": "A", "capacity": 2, "profiles": {"developer": 1}}],
        {"A": {"des1": 5, "des2": 4, "dev": 1}},
    )
    teams, _ = stable_teams(given)
    assert sorted(teams["A"]) == ["des1", "dev"]


def test_a_reserved_seat_nobody_of_its_profile_wants_goes_to_the_best_score():
    given = instance(
        [("a", "developer", ["A"]), ("b", "developer", ["A"]), ("c", "developer", ["A"])],
        [{"id": "A", "capacity": 2, "profiles": {"data_scientist": 1}}],
        {"A": {"a": 2, "b": 5, "c": 4}},
    )
    teams, _ = stable_teams(given)
    assert sorted(teams["A"]) == ["b", "c"]


def test_a_reserved_seat_without_its_profile_takes_the_best_left_at_its_turn():
    # Seats in order: [designer, developer]. No designer applies, so the designer
    # seat takes the best applicant (dev1); the developer seat then still
    # prefers a developer (dev2) to the better-scored data scientist.
    given = instance(
        [
            ("dev1", "developer", ["A"]),
            ("dev2", "developer", ["A"]),
            ("ds", "data_scientist", ["A"]),
        ],
        [{"id": "A", "capacity": 2, "slots": [["designer"], ["developer"]]}],
        {"A": {"dev1": 5, "dev2": 1, "ds": 3}},
    )
    teams, _ = stable_teams(given)
    assert sorted(teams["A"]) == ["dev1", "dev2"]


def test_a_slot_for_several_profiles_takes_the_best_of_them():
    given = instance(
        [("dev", "developer", ["A"]), ("des", "designer", ["A"]), ("ds", "data_scientist", ["A"])],
        [{"id": "A", "capacity": 1, "slots": [["designer", "data_scientist"]]}],
        {"A": {"dev": 5, "des": 2, "ds": 3}},
    )
    teams, _ = stable_teams(given)
    assert teams["A"] == ["ds"]


def test_pinned_fellow_takes_the_seat_reserved_for_their_profile():
    given = instance(
        [("pin", "developer", []), ("dev", "developer", ["A"]), ("des", "designer", ["A"])],
        [{"id": "A", "capacity": 2, "profiles": {"developer": 1}, "pinned": ["pin"]}],
        {"A": {"dev": 5, "des": 1}},
    )
    teams, _ = stable_teams(given)
    # The developer seat is the pinned fellow's; the open seat goes to the best score.
    assert sorted(teams["A"]) == ["dev", "pin"]


def test_forbidden_and_unscored_pairs_are_never_made():
    given = instance(
        [("x", "developer", ["A", "B"]), ("y", "developer", ["A", "B"])],
        [{"id": "A", "capacity": 3, "forbidden": ["x"]}, {"id": "B", "capacity": 3}],
        {"A": {"x": 5, "y": 5}, "B": {"x": 1}},
    )
    teams, _ = stable_teams(given)
    assert teams == {"A": ["y"], "B": ["x"]}


def test_equal_scores_are_broken_by_the_recorded_lottery():
    winners = set()
    for seed in range(40):
        given = instance(
            [("x", "developer", ["A"]), ("y", "developer", ["A"])],
            [{"id": "A", "capacity": 1}],
            {"A": {"x": 3, "y": 3}},
            seed=seed,
        )
        teams, lottery = stable_teams(given)
        # The seat goes to whoever comes first in the recorded lottery.
        assert teams["A"] == [min(["x", "y"], key=lottery.index)]
        winners.add(teams["A"][0])
    assert winners == {"x", "y"}


@quick(2000)
@given(instances())
def test_no_blocking_pair_and_no_quota_violation_before_repair(given):
    teams, lottery = stable_teams(given)
    report = check(given, teams, lottery=lottery)
    assert report.blocking_pairs == []
    assert report.quota_violations == []


@quick(300)
@given(instances(max_candidates=5, max_challenges=3))
def test_candidate_optimal_among_all_stable_matchings(given):
    teams, lottery = stable_teams(given)
    ours = team_of(teams)
    stable = all_stable_matchings(given, lottery)
    ids = [c["id"] for c in given["candidates"]]
    assert {cid: ours.get(cid) for cid in ids} in stable
    for candidate in given["candidates"]:
        cid, choices = candidate["id"], candidate["choices"]

        def rank(did, choices=choices):
            return choices.index(did) if did in choices else len(choices)

        # Nobody does better in any stable matching (pinned fellows stay put).
        assert all(rank(ours.get(cid)) <= rank(other[cid]) for other in stable)


@quick(300)
@given(instances(max_candidates=5, max_challenges=3))
def test_every_stable_matching_fills_each_defi_alike(given):
    # The rural hospitals theorem, which is why the minimum-size step exists.
    _, lottery = stable_teams(given)
    stable = all_stable_matchings(given, lottery)
    sizes = {
        tuple(sorted((d, list(s.values()).count(d)) for d in {v for v in s.values() if v}))
        for s in stable
    }
    placed = {frozenset(c for c, d in s.items() if d) for s in stable}
    assert len(sizes) == 1
    assert len(placed) == 1


@quick(100)
@given(instances(quotas=False), st.integers(0, 2**32 - 1))
def test_the_seed_only_changes_tie_breaks(given, seed):
    # With all scores distinct there is no tie: any seed gives the same teams.
    for k, scores in enumerate(given["scores"].values()):
        for n, cid in enumerate(sorted(scores)):
            scores[cid] = 10 * k + n / 10
    teams, _ = stable_teams(given)
    other_teams, _ = stable_teams({**given, "seed": seed})
    assert teams == other_teams
