import numpy as np
import pytest

from eig.matching.market import InstanceError, build_market, lottery_positions, score_text
from tests.matching.helpers import instance

BASE = instance(
    [("c1", "developer", ["d1"]), ("c2", "designer", ["d1", "d2"])],
    [{"id": "d1", "capacity": 2}, {"id": "d2", "capacity": 3}],
    {"d1": {"c1": 4.5, "c2": 3}, "d2": {"c2": 2}},
    seed=7,
)


def with_changes(**changes):
    return {**BASE, **changes}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (with_changes(seed="7"), "« seed » doit être un entier"),
        (
            with_changes(candidates=[*BASE["candidates"], {"id": "c1", "profile": "designer"}]),
            "Identifiant en double dans « candidates » : c1.",
        ),
        (
            with_changes(
                candidates=[{"id": "c9", "profile": "developer", "choices": ["d7"]}], scores={}
            ),
            "c9 : défi inconnu dans « choices » : 'd7'.",
        ),
        (
            with_changes(
                candidates=[{"id": "c9", "profile": "dev", "choices": ["d1", "d1"]}], scores={}
            ),
            "c9 : un défi apparaît deux fois",
        ),
        (
            with_changes(
                challenges=[{"id": "d1", "capacity": 2, "min_size": 3}, BASE["challenges"][1]]
            ),
            "Défi d1 : « min_size » (3) dépasse « capacity » (2).",
        ),
        (
            with_changes(
                challenges=[
                    {"id": "d1", "capacity": 2, "profiles": {"developer": 2, "designer": 1}},
                    BASE["challenges"][1],
                ]
            ),
            "Défi d1 : 3 places réservées pour une capacité de 2.",
        ),
        (
            with_changes(
                challenges=[
                    {"id": "d1", "capacity": 2, "profiles": {}, "slots": [["designer"]]},
                    BASE["challenges"][1],
                ]
            ),
            "ne peuvent pas être donnés ensemble",
        ),
        (
            with_changes(
                challenges=[
                    {"id": "d1", "capacity": 2, "pinned": ["c1"]},
                    {"id": "d2", "capacity": 3, "pinned": ["c1"]},
                ]
            ),
            "c1 est fixé·e sur deux défis (d1 et d2).",
        ),
        (
            with_changes(
                challenges=[
                    {"id": "d1", "capacity": 2, "pinned": ["c1"], "forbidden": ["c1"]},
                    BASE["challenges"][1],
                ]
            ),
            "Défi d1 : c1 est à la fois fixé·e et exclu·e.",
        ),
        (with_changes(scores={"d1": {"c1": "4,5"}}), "note non numérique : '4,5'"),
        (with_changes(scores={"d1": {"c1": float("nan")}}), "chaque note doit être un nombre fini"),
        (with_changes(scores={"d1": {"c7": 1}}), "candidat·e inconnu·e : c7."),
        (with_changes(scores={"d9": {}}), "« scores » : défi inconnu : d9."),
    ],
)
def test_malformed_instances_are_refused_with_a_reason(bad, message):
    with pytest.raises(InstanceError) as error:
        build_market(bad)
    assert message in str(error.value)


def test_applicants_are_ranked_by_score_then_lottery():
    given = instance(
        [("a", "developer", ["d"]), ("b", "developer", ["d"]), ("c", "developer", ["d"])],
        [{"id": "d", "capacity": 1}],
        {"d": {"a": 3, "b": 5, "c": 3}},
        seed=3,
    )
    market = build_market(given)
    ranked = [market.candidate_ids[i] for i in market.applicant_candidate.tolist()]
    lottery = dict(zip(market.candidate_ids, market.lottery.tolist(), strict=True))
    assert ranked[0] == "b"
    assert ranked[1:] == sorted(["a", "c"], key=lottery.get)


def test_unacceptable_choices_are_kept_aside_with_their_reason():
    given = instance(
        [("a", "developer", ["d1", "d2", "d3", "d4"])],
        [
            {"id": "d1", "capacity": 1},
            {"id": "d2", "capacity": 1, "forbidden": ["a"]},
            {"id": "d3", "capacity": 0},
            {"id": "d4", "capacity": 1},
        ],
        {"d2": {"a": 1}, "d3": {"a": 1}, "d4": {"a": 1}},
    )
    market = build_market(given)
    assert market.dropped == {0: [(0, 0, "no_score"), (1, 1, "forbidden"), (2, 2, "no_seat")]}
    assert market.choice_challenge.tolist() == [3]
    assert market.choice_position.tolist() == [3]


def test_the_lottery_depends_on_the_seed_not_on_the_listing_order():
    ids = [f"c{i}" for i in range(50)]
    positions = lottery_positions(ids, 11)
    shuffled = ids[::-1]
    again = lottery_positions(shuffled, 11)
    assert {cid: positions[k] for k, cid in enumerate(ids)} == {
        cid: again[k] for k, cid in enumerate(shuffled)
    }
    assert not np.array_equal(positions, lottery_positions(ids, 12))


def test_scores_are_written_the_french_way():
    assert [score_text(s) for s in (4.5, 4.0, 3, 4.25)] == ["4,5", "4", "3", "4,25"]
