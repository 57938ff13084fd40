"""Without a profile mix, our solver and the `matching` package's hospital–resident
solver (resident-optimal) must give the very same teams."""

from hypothesis import given
from matching.games import HospitalResident

from bench.matching import hr_dictionaries
from tests.matching.helpers import stable_teams
from tests.matching.strategies import instances, quick


@quick(150)
@given(
    instances(
        max_candidates=12,
        max_challenges=5,
        min_capacity=1,
        quotas=False,
        pins=False,
        min_sizes=False,
    )
)
def test_same_teams_as_the_matching_package(given):
    ours, _ = stable_teams(given)
    residents, hospitals, capacities = hr_dictionaries(given)
    theirs = {did: [] for did in ours}
    if residents:
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
        for hospital, members in game.solve(optimal="resident").items():
            theirs[hospital.name] = [r.name for r in members]
    assert {d: sorted(t) for d, t in ours.items()} == {d: sorted(t) for d, t in theirs.items()}
