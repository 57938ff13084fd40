from collections import Counter
from itertools import combinations, product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eig.selection.assignment import Application, JuryMember, assign_reviews, shortfall_reason
from tests.matching.strategies import quick


def app(id_, *challenges, organisations=()):
    return Application(id_, frozenset(challenges), frozenset(organisations))


def member(id_, organisation=None, conflicts=(), mentors=()):
    return JuryMember(id_, organisation, frozenset(conflicts), frozenset(mentors))


def test_without_constraints_each_application_gets_k_and_loads_are_even():
    # Given 6 applications, 4 members, K = 3: 18 reviews over 4 members = 5, 5, 4, 4
    applications = [app(f"a{i}") for i in range(6)]
    members = [member(f"m{i}") for i in range(4)]
    # When assigning
    result = assign_reviews(applications, members, k=3)
    # Then
    assert all(len(set(r)) == 3 for r in result.reviewers.values())
    assert sorted(result.loads.values()) == [4, 4, 5, 5]
    assert result.shortfalls == []


def test_conflicts_and_own_organisation_are_never_assigned():
    # Given 4 members for K = 3 on two applications: "agent" works at O1, which hosts
    # défi D1 chosen by a; "x" declared a conflict with b
    applications = [app("a", "D1", organisations=["O1"]), app("b", "D2", organisations=["O2"])]
    members = [member("agent", "O1"), member("x", conflicts=["b"]), member("y"), member("z")]
    result = assign_reviews(applications, members, k=3)
    # Then a goes to the three others and b to everyone but x
    assert result.reviewers == {"a": ("x", "y", "z"), "b": ("agent", "y", "z")}
    assert result.shortfalls == []


def test_mentors_review_their_challenge_and_count_in_k():
    # Given M mentors D1 and works at O1, the host of D1; a chose D1, b chose D2
    applications = [app("a", "D1", organisations=["O1"]), app("b", "D2", organisations=["O2"])]
    members = [member("M", "O1", mentors=["D1"]), member("p"), member("q"), member("r")]
    result = assign_reviews(applications, members, k=2)
    # Then M reviews a despite the organisation, plus one other member (K = 2)
    assert "M" in result.reviewers["a"] and len(result.reviewers["a"]) == 2
    assert ("M", "a") in result.mentor_reviews
    # and loads are 1 each: 4 reviews over 4 members
    assert sorted(result.loads.values()) == [1, 1, 1, 1]


def test_a_mentor_with_a_declared_conflict_is_left_out_and_reported():
    applications = [app("a", "D1", organisations=["O1"])]
    members = [member("M", "O1", conflicts=["a"], mentors=["D1"]), member("p"), member("q")]
    result = assign_reviews(applications, members, k=2)
    assert result.reviewers["a"] == ("p", "q")
    assert result.mentor_conflicts == [("M", "a")]


def test_more_mentors_than_k_all_review():
    applications = [app("a", "D1", "D2", organisations=["O1", "O2"])]
    members = [member("M1", "O1", mentors=["D1"]), member("M2", "O2", mentors=["D2"])]
    result = assign_reviews(applications, members, k=1)
    assert result.reviewers["a"] == ("M1", "M2")


def test_an_application_short_of_eligible_members_is_listed_with_the_reason():
    # Given 4 members and K = 3 for a (chosen D1 at O1): one conflict, two from O1
    applications = [app("a", "D1", organisations=["O1"])]
    members = [member("c", conflicts=["a"]), member("o1", "O1"), member("o2", "O1"), member("z")]
    result = assign_reviews(applications, members, k=3)
    # Then a gets the only eligible member and a French reason
    assert result.reviewers["a"] == ("z",)
    [shortfall] = result.shortfalls
    assert (shortfall.application_id, shortfall.assigned, shortfall.needed) == ("a", 1, 3)
    assert shortfall.reason == (
        "3 évaluations demandées mais seulement 1 membre(s) du jury sur 4 peuvent évaluer "
        "cette candidature : 1 en conflit d'intérêts déclaré, 2 de l'organisation d'un défi "
        "choisi."
    )


def test_before_a_run_the_reason_counts_who_may_review_not_who_was_assigned():
    application = app("a", "D1", organisations=["O1"])
    members = [member("c", conflicts=["a"]), member("o1", "O1"), member("y"), member("z")]

    reason = shortfall_reason(application, members, assigned=0, needed=2)

    assert reason == (
        "2 évaluations demandées et 2 membre(s) du jury sur 4 peuvent évaluer cette "
        "candidature (0 attribuée(s) pour l'instant, lancez l'attribution) : "
        "1 en conflit d'intérêts déclaré, 1 de l'organisation d'un défi choisi."
    )


def test_the_repair_pass_moves_reviews_along_a_chain():
    # Given K = 1: a0..a3 only p may review, b0..b3 p or q, c0 and c1 q or r.
    # p must take a0..a3 (4), the b's then go to q (4) and the c's to r (2):
    # 16 + 16 + 4 = 36, the minimal sum of squares. Greedy alone ends at 5, 4, 1
    # (one b on p, one c on q); the repair moves that b to q and a c from q to r.
    everyone = {"p", "q", "r"}
    conflicts = {m: set() for m in everyone}
    applications = []
    for i in range(4):
        applications.append(app(f"a{i}"))
        conflicts["q"].add(f"a{i}")
        conflicts["r"].add(f"a{i}")
        applications.append(app(f"b{i}"))
        conflicts["r"].add(f"b{i}")
    for i in range(2):
        applications.append(app(f"c{i}"))
        conflicts["p"].add(f"c{i}")
    members = [member(m, conflicts=conflicts[m]) for m in sorted(everyone)]
    result = assign_reviews(applications, members, k=1)
    assert result.loads == {"p": 4, "q": 4, "r": 2}


def test_same_seed_same_assignment():
    applications = [app(f"a{i}") for i in range(7)]
    members = [member(f"m{i}") for i in range(5)]
    assert assign_reviews(applications, members, seed=4) == assign_reviews(
        applications, members, seed=4
    )


def test_malformed_input_is_refused():
    with pytest.raises(ValueError, match="K doit"):
        assign_reviews([], [], k=0)
    with pytest.raises(ValueError, match="en double"):
        assign_reviews([app("a"), app("a")], [])


# Property tests: the rules checked independently of the module.

CHALLENGE_ORGS = {"D0": "O0", "D1": "O1", "D2": "O1"}


@st.composite
def instances(draw, *, max_members=4, max_apps=4, constraints=True):
    n_apps = draw(st.integers(0, max_apps))
    app_ids = [f"a{i}" for i in range(n_apps)]
    applications = []
    for id_ in app_ids:
        chosen = draw(st.sets(st.sampled_from(sorted(CHALLENGE_ORGS)), min_size=1, max_size=2))
        organisations = {CHALLENGE_ORGS[c] for c in chosen} if constraints else set()
        applications.append(app(id_, *sorted(chosen), organisations=organisations))
    members = []
    for i in range(draw(st.integers(1, max_members))):
        if constraints:
            organisation = draw(st.sampled_from([None, "O0", "O1"]))
            conflicts = draw(st.sets(st.sampled_from(app_ids))) if app_ids else set()
            mentors = draw(st.sets(st.sampled_from(sorted(CHALLENGE_ORGS)), max_size=1))
        else:
            organisation, conflicts, mentors = None, set(), set()
        members.append(member(f"m{i}", organisation, conflicts, mentors))
    return applications, members, draw(st.integers(1, 3)), draw(st.integers(0, 3))


def mentor_of(m, a):
    return bool(m.mentored_challenge_ids & a.challenge_ids)


def allowed(m, a):
    if a.id in m.conflicts:
        return False
    return mentor_of(m, a) or m.organisation_id not in a.organisation_ids


def expected_count(a, members, k):
    mentors = sum(mentor_of(m, a) and a.id not in m.conflicts for m in members)
    return min(sum(allowed(m, a) for m in members), max(k, mentors))


@given(instances())
@quick(300)
def test_rules_hold_and_loads_are_optimal(instance):
    applications, members, k, seed = instance
    result = assign_reviews(applications, members, k=k, seed=seed)
    by_id = {m.id: m for m in members}
    loads = Counter()
    for a in applications:
        reviewers = result.reviewers[a.id]
        assert len(set(reviewers)) == len(reviewers)
        # no conflict, no own organisation unless mentoring the défi
        assert all(allowed(by_id[r], a) for r in reviewers)
        # every mentor without a conflict is there
        for m in members:
            if mentor_of(m, a) and a.id not in m.conflicts:
                assert m.id in reviewers
        # K when possible, and a shortfall exactly when not
        assert len(reviewers) == expected_count(a, members, k)
        short = sum(allowed(m, a) for m in members) < k
        assert short == (a.id in {s.application_id for s in result.shortfalls})
        loads.update(reviewers)
    assert result.loads == {m.id: loads[m.id] for m in members}

    # Brute force over every assignment that follows the rules: same minimal
    # sum of squared loads and same minimal highest load.
    options = []
    for a in applications:
        fixed = [m.id for m in members if mentor_of(m, a) and a.id not in m.conflicts]
        others = [m.id for m in members if allowed(m, a) and m.id not in fixed]
        need = expected_count(a, members, k) - len(fixed)
        options.append([fixed + list(c) for c in combinations(others, need)])
    best_squares = best_max = None
    for choice in product(*options):
        counts = Counter(r for reviewers in choice for r in reviewers)
        values = [counts[m.id] for m in members]
        squares = sum(v * v for v in values)
        best_squares = squares if best_squares is None else min(best_squares, squares)
        best_max = max(values) if best_max is None else min(best_max, max(values))
    assert sum(v * v for v in result.loads.values()) == best_squares
    assert max(result.loads.values()) == best_max


@given(instances(max_members=12, max_apps=40, constraints=False))
@quick(150)
def test_without_exclusions_loads_differ_by_at_most_one(instance):
    applications, members, k, seed = instance
    result = assign_reviews(applications, members, k=k, seed=seed)
    assert max(result.loads.values()) - min(result.loads.values()) <= 1
    for a in applications:
        assert len(result.reviewers[a.id]) == min(k, len(members))
