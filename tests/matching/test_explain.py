import random

from hypothesis import given

from eig.matching.explain import ordinal
from eig.matching.solve import solve
from tests.matching.helpers import instance
from tests.matching.strategies import instances, quick

COHORT = instance(
    [
        ("c1", "developer", ["d1", "d2"]),
        ("c2", "developer", ["d1", "d2"]),
        ("c3", "developer", ["d1", "d3"]),
        ("c4", "designer", ["d1", "d2"]),
        ("c5", "data_scientist", ["d3", "d1"]),
        ("c6", "designer", ["d2"]),
    ],
    [
        {
            "id": "d1",
            "title": "DataJust",
            "capacity": 3,
            "min_size": 2,
            "profiles": {"developer": 1, "designer": 1, "data_scientist": 0},
        },
        {"id": "d2", "title": "CibNav", "capacity": 3, "min_size": 2},
        {"id": "d3", "title": "Signal conso", "capacity": 2, "min_size": 2},
    ],
    {
        "d1": {"c1": 4.6, "c2": 4.2, "c3": 3.9, "c4": 3.0, "c5": 4.0},
        "d2": {"c1": 4, "c2": 4, "c4": 3.5, "c6": 2},
        "d3": {"c3": 4, "c5": 3},
    },
    seed=7,
)


def test_a_candidate_is_told_who_took_their_first_choice():
    result = solve(COHORT)
    assert result["explanations"]["c3"] == (
        "Placé·e sur son 2e choix (Signal conso) : son 1er choix, DataJust, a retenu deux "
        "développeur·euses aux scores de jury plus élevés (4,6 et 4,2 contre 3,9) et un·e "
        "designer sur la place réservée aux designers."
    )
    assert result["explanations"]["c4"] == (
        "Placé·e sur son 1er choix (DataJust), sur la place réservée aux designers."
    )


def test_a_closed_defi_is_explained_to_its_former_member_and_to_staff():
    result = solve(COHORT)
    assert result["explanations"]["c6"] == (
        "Sans équipe : son 1er choix, CibNav, a été fermé faute d'équipe suffisante "
        "(1 pour 2 au minimum), alors que l'appariement stable l'y plaçait."
    )
    assert result["challenge_explanations"]["d2"].startswith(
        "Fermé à l'étape 1 de la taille minimale : une personne (c6) pour 2 au minimum"
    )
    assert result["stability_given_up"][:2] == [
        "Étape 1 : CibNav (d2) fermé avec 1 personne pour 2 au minimum ; "
        "c6 y avait une place dans l'appariement stable.",
        "Placements différents de l'appariement stable : c6 (1er choix → sans équipe).",
    ]


def test_a_tie_decided_by_the_lottery_says_so():
    given = instance(
        [("x", "developer", ["A"]), ("y", "developer", ["A"])],
        [{"id": "A", "capacity": 1}],
        {"A": {"x": 3, "y": 3}},
    )
    result = solve(given)
    (loser,) = result["unassigned"]
    assert result["explanations"][loser] == (
        "Sans équipe : son 1er choix, A, a retenu une personne au score de jury égal "
        "(3 contre 3 ; à égalité, le tirage au sort l'a placé·e après)."
    )


def test_unacceptable_choices_and_pins_are_explained():
    given = instance(
        [("a", "developer", ["d1", "d2", "d3"]), ("p", "designer", ["d3", "d1"])],
        [
            {"id": "d1", "capacity": 1, "forbidden": ["a"]},
            {"id": "d2", "capacity": 0},
            {"id": "d3", "capacity": 1, "pinned": ["p"]},
        ],
        {"d1": {"a": 1}, "d2": {"a": 1}},
    )
    result = solve(given)
    assert result["explanations"] == {
        "a": "Sans équipe : son 1er choix, d1, lui est fermé par une exclusion décidée par le "
        "programme ; son 2e choix, d2, n'a aucune place ; son 3e choix, d3, ne l'a pas jugé·e "
        "recevable (pas de note du jury pour ce défi).",
        "p": "Affecté·e d'office sur d3, son 1er choix : décision fixée avant le calcul.",
    }


def test_a_reserved_seat_taken_by_another_profile_is_flagged():
    given = instance(
        [("dev", "developer", ["A"])],
        [{"id": "A", "capacity": 2, "profiles": {"data_scientist": 1}}],
        {"A": {"dev": 2}},
    )
    result = solve(given)
    assert result["explanations"]["dev"] == (
        "Placé·e sur son 1er choix (A), sur une place réservée aux data scientists "
        "qu'aucune personne de ce profil ne lui disputait."
    )
    assert (
        "Place réservée aux data scientists : prise par dev (développeur·euse)"
        in (result["challenge_explanations"]["A"])
    )


def test_several_people_ahead_with_a_tie():
    given = instance(
        [("x", "developer", ["A"]), ("y", "developer", ["A"]), ("z", "developer", ["A"])],
        [{"id": "A", "capacity": 2}],
        {"A": {"x": 4.5, "y": 3, "z": 3}},
    )
    result = solve(given)
    (loser,) = result["unassigned"]
    assert result["explanations"][loser] == (
        "Sans équipe : son 1er choix, A, a retenu deux personnes aux scores de jury plus élevés "
        "ou égaux (4,5 et 3 contre 3 ; à égalité, le tirage au sort l'a placé·e après)."
    )
    assert result["stability_given_up"] == []


def test_ordinals():
    assert [ordinal(p) for p in range(3)] == ["1er", "2e", "3e"]


@quick(100)
@given(instances())
def test_everyone_gets_an_explanation_with_one_reason_per_better_choice(given):
    result = solve(given)
    assert set(result["explanations"]) == {c["id"] for c in given["candidates"]}
    assert set(result["challenge_explanations"]) == {d["id"] for d in given["challenges"]}
    placed = {cid: did for did, team in result["teams"].items() for cid in team}
    pinned = {cid for d in given["challenges"] for cid in d.get("pinned", [])}
    for candidate in given["candidates"]:
        cid, choices = candidate["id"], candidate["choices"]
        text = result["explanations"][cid]
        if cid in pinned:
            assert text.startswith("Affecté·e d'office")
            continue
        better = choices if cid not in placed else choices[: choices.index(placed[cid])]
        if cid in placed:
            where = f"Placé·e sur son {ordinal(choices.index(placed[cid]))} choix"
            assert text.startswith(where)
        else:
            assert text.startswith("Sans équipe")
        for position, did in enumerate(better):
            assert f"son {ordinal(position)} choix, {did}," in text


@quick(60)
@given(instances())
def test_same_input_and_seed_same_result_whatever_the_listing_order(given):
    result = solve(given)
    assert solve(given) == result
    shuffled = dict(given)
    shuffled["candidates"] = random.Random(0).sample(given["candidates"], len(given["candidates"]))
    again = solve(shuffled)
    assert again["teams"] == result["teams"]
    assert again["explanations"] == result["explanations"]
    assert again["lottery"] == result["lottery"]
