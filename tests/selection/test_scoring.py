import math

import pytest

from eig.selection.scoring import (
    BY_JURY,
    BY_REVIEWER,
    CRITERIA,
    NONE,
    Application,
    Review,
    competition_ranks,
    rank_applications,
)


def scores(total: int) -> dict[str, int]:
    """Six criterion scores (1..5) adding up to ``total`` (6..30)."""
    base, extra = divmod(total, 6)
    return {code: base + (1 if i < extra else 0) for i, code in enumerate(CRITERIA)}


def review(reviewer: str, application: str, total: int) -> Review:
    return Review(reviewer, application, scores(total))


def apps(*ids: str, challenges: dict[str, set[str]] | None = None) -> list[Application]:
    challenges = challenges or {}
    return [Application(i, frozenset(challenges.get(i, ()))) for i in ids]


def test_scores_helper_adds_up():
    assert sum(scores(10).values()) == 10
    assert set(scores(29).values()) <= {4, 5}


def test_harsh_and_lenient_reviewers_agree_once_normalised():
    # Given a harsh reviewer H and a lenient reviewer L who both score x and y:
    #   H: x = 10, y = 14 -> mean 12, std sqrt((4 + 4) / 2) = 2 -> z(x) = -1, z(y) = +1
    #   L: x = 26, y = 28 -> mean 27, std 1                  -> z(x) = -1, z(y) = +1
    given = [review("H", "x", 10), review("H", "y", 14), review("L", "x", 26), review("L", "y", 28)]
    # When ranking
    ranking = rank_applications(given, apps("x", "y"), expected_reviews=2)
    # Then each reviewer's ordering survives with the same normalised values
    z = {(r.reviewer_id, r.application_id): r.normalised for r in ranking.reviews}
    assert z == pytest.approx({("H", "x"): -1, ("H", "y"): 1, ("L", "x"): -1, ("L", "y"): 1})
    assert ranking.reviewers["H"].mean == 12 and ranking.reviewers["H"].std == 2
    assert ranking.reviewers["L"].mean == 27 and ranking.reviewers["L"].std == 1
    # and y leads: normalised means +1 and -1; raw means (14+28)/2 = 21 and (10+26)/2 = 18
    x, y = ranking.application("x"), ranking.application("y")
    assert (y.normalised_mean, x.normalised_mean) == pytest.approx((1, -1))
    assert (y.raw_mean, x.raw_mean) == (21, 18)
    assert [a.application_id for a in ranking.applications] == ["y", "x"]
    assert (y.rank, x.rank) == (1, 2)
    assert all(r.method == BY_REVIEWER for r in ranking.reviews)


def test_normalisation_changes_the_order_and_shows_it():
    # Given a harsh reviewer H on a, b and a lenient reviewer L on c, d:
    #   H: a = 10, b = 14 -> mean 12, std 2 -> a -1, b +1
    #   L: c = 24, d = 28 -> mean 26, std 2 -> c -1, d +1
    given = [review("H", "a", 10), review("H", "b", 14), review("L", "c", 24), review("L", "d", 28)]
    ranking = rank_applications(given, apps("a", "b", "c", "d"), expected_reviews=1)
    by_id = {a.application_id: a for a in ranking.applications}
    # Then raw ranks are d 1, c 2, b 3, a 4 (28 > 24 > 14 > 10)
    assert {i: a.rank_raw for i, a in by_id.items()} == {"d": 1, "c": 2, "b": 3, "a": 4}
    # and normalised ranks: b and d tie first at +1, a and c tie third at -1 (competition ranking)
    assert {i: a.rank for i, a in by_id.items()} == {"d": 1, "b": 1, "c": 3, "a": 3}
    assert all(a.tied for a in by_id.values())
    # and the effect: b gains two places (3 -> 1), c loses one (2 -> 3)
    assert by_id["b"].rank_shift == 2
    assert by_id["c"].rank_shift == -1
    assert by_id["a"].rank_shift == 1
    assert by_id["d"].rank_shift == 0


def test_a_reviewer_with_a_single_review_is_placed_on_the_jury_scale():
    # Given R1 on a = 12, b = 18 (mean 15, std 3 -> a -1, b +1) and R2 on c = 24 only.
    # Jury: totals 12, 18, 24 -> mean 18, std sqrt((36 + 0 + 36) / 3) = sqrt(24)
    given = [review("R1", "a", 12), review("R1", "b", 18), review("R2", "c", 24)]
    ranking = rank_applications(given, apps("a", "b", "c"), expected_reviews=1)
    # Then c = (24 - 18) / sqrt(24) = 1.2247..., ahead of b (+1)
    assert ranking.global_mean == 18
    assert ranking.global_std == pytest.approx(math.sqrt(24))
    assert ranking.reviewers["R2"].fallback and not ranking.reviewers["R1"].fallback
    c = next(r for r in ranking.reviews if r.application_id == "c")
    assert c.method == BY_JURY
    assert c.normalised == pytest.approx(6 / math.sqrt(24))
    assert c.normalised == pytest.approx(1.2247, abs=1e-4)
    assert [a.application_id for a in ranking.applications] == ["c", "b", "a"]


def test_a_reviewer_with_zero_variance_is_placed_on_the_jury_scale():
    # Given Z who gives a and b the same 20, and V on a = 10, b = 30 (mean 20, std 10: -1, +1).
    # Jury: 20, 20, 10, 30 -> mean 20, std sqrt((0 + 0 + 100 + 100) / 4) = sqrt(50)
    given = [review("Z", "a", 20), review("Z", "b", 20), review("V", "a", 10), review("V", "b", 30)]
    ranking = rank_applications(given, apps("a", "b"), expected_reviews=2)
    # Then Z's reviews are (20 - 20) / sqrt(50) = 0, so a = (0 - 1) / 2, b = (0 + 1) / 2
    assert ranking.reviewers["Z"].std == 0 and ranking.reviewers["Z"].fallback
    assert {r.method for r in ranking.reviews if r.reviewer_id == "Z"} == {BY_JURY}
    assert ranking.application("a").normalised_mean == pytest.approx(-0.5)
    assert ranking.application("b").normalised_mean == pytest.approx(0.5)


def test_a_lenient_zero_variance_reviewer_keeps_their_offset_from_the_jury():
    # Given Z gives a and b 28 each; V gives c = 10, d = 14 (mean 12, std 2: -1, +1).
    # Jury: 28, 28, 10, 14 -> mean 20, std sqrt((64 + 64 + 100 + 36) / 4) = sqrt(66)
    given = [review("Z", "a", 28), review("Z", "b", 28), review("V", "c", 10), review("V", "d", 14)]
    ranking = rank_applications(given, apps("a", "b", "c", "d"), expected_reviews=1)
    # Then a and b get (28 - 20) / sqrt(66) = 0.9847 each: tied, both behind d (+1)
    assert ranking.application("a").normalised_mean == pytest.approx(8 / math.sqrt(66))
    assert [(a.application_id, a.rank, a.tied) for a in ranking.applications] == [
        ("d", 1, False),
        ("a", 2, True),
        ("b", 2, True),
        ("c", 4, False),
    ]


def test_a_jury_without_any_spread_gives_zero_everywhere():
    given = [review("R", "a", 18), review("S", "b", 18)]
    ranking = rank_applications(given, apps("a", "b"), expected_reviews=1)
    assert ranking.global_std == 0
    assert {r.method for r in ranking.reviews} == {NONE}
    assert [(a.rank, a.tied) for a in ranking.applications] == [(1, True), (1, True)]


def test_missing_and_incomplete_reviews_are_counted_and_flagged():
    # Given K = 3: a has 3 complete reviews; b has 1 complete and 1 draft; c has none
    draft = Review("R3", "b", {"dynamism": 4, "availability": 5})
    given = [
        review("R1", "a", 12),
        review("R2", "a", 20),
        review("R3", "a", 16),
        review("R1", "b", 18),
        draft,
        review("R2", "c", 25),  # a second review so R2 has two and uses its own scale
    ]
    ranking = rank_applications(given, apps("a", "b", "c", "e"), expected_reviews=3)
    a, b, c, e = (ranking.application(i) for i in "abce")
    # Then the draft is left out of everything
    assert len(ranking.reviews) == 5
    assert ranking.reviewers["R3"].count == 1
    assert (a.review_count, a.missing_reviews, a.incomplete_reviews) == (3, 0, 0)
    assert (b.review_count, b.missing_reviews, b.incomplete_reviews) == (1, 2, 1)
    assert (c.review_count, c.missing_reviews) == (1, 2)
    # and e, without any review, is listed last and unranked
    assert (e.review_count, e.missing_reviews, e.rank, e.normalised_mean) == (0, 3, None, None)
    assert ranking.applications[-1].application_id == "e"


def test_ranking_per_challenge_ranks_within_the_challenge():
    # Given one reviewer on four applications: 10, 14, 18, 22 -> mean 16, std sqrt(20)
    # z: a -6/sqrt(20), b -2/sqrt(20), c +2/sqrt(20), d +6/sqrt(20)
    given = [review("R", i, t) for i, t in zip("abcd", (10, 14, 18, 22), strict=True)]
    challenges = {"a": {"D1"}, "b": {"D1", "D2"}, "c": {"D2"}, "d": {"D1"}}
    ranking = rank_applications(given, apps("a", "b", "c", "d", challenges=challenges))
    # Then D1 ranks d, b, a and D2 ranks c, b
    assert [(e.application_id, e.rank) for e in ranking.by_challenge["D1"]] == [
        ("d", 1),
        ("b", 2),
        ("a", 3),
    ]
    assert [(e.application_id, e.rank) for e in ranking.by_challenge["D2"]] == [("c", 1), ("b", 2)]
    assert ranking.by_challenge["D2"][0].normalised_mean == pytest.approx(2 / math.sqrt(20))


def test_ties_in_a_challenge_are_flagged_and_not_broken():
    # Given H: x = 10, a = 14 (mean 12, std 2: a +1) and L: y = 24, b = 28 (mean 26, std 2: b +1);
    # a, b and x (-1) chose D1, y (-1) chose D2
    given = [review("H", "a", 14), review("H", "x", 10), review("L", "b", 28), review("L", "y", 24)]
    challenges = {"a": {"D1"}, "b": {"D1"}, "x": {"D1"}, "y": {"D2"}}
    ranking = rank_applications(given, apps("a", "b", "x", "y", challenges=challenges))
    # Then a and b share rank 1 in D1 and x comes third
    assert [(e.application_id, e.rank, e.tied) for e in ranking.by_challenge["D1"]] == [
        ("a", 1, True),
        ("b", 1, True),
        ("x", 3, False),
    ]
    assert [(e.application_id, e.rank, e.tied) for e in ranking.by_challenge["D2"]] == [
        ("y", 1, False)
    ]


def test_competition_ranks_share_and_skip():
    assert competition_ranks({"a": 3.0, "b": 2.0, "c": 2.0 + 1e-12, "d": 1.0}) == {
        "a": (1, False),
        "c": (2, True),
        "b": (2, True),
        "d": (4, False),
    }


@pytest.mark.parametrize(
    ("reviews", "message"),
    [
        ([Review("R", "zz", {"dynamism": 3})], "candidature inconnue"),
        ([Review("R", "a", {"dynamism": 6})], "hors de l'échelle"),
        ([Review("R", "a", {"charisma": 3})], "Critère inconnu"),
        ([Review("R", "a", {}), Review("R", "a", {})], "Deux évaluations"),
    ],
)
def test_malformed_input_is_refused(reviews, message):
    with pytest.raises(ValueError, match=message):
        rank_applications(reviews, apps("a"))


def test_the_worked_example_of_the_docs():
    # docs/selection.md: H a 10, b 14; L c 24, d 28; R2 e 24 alone.
    # Jury: 10, 14, 24, 28, 24 -> mean 20, std sqrt((100 + 36 + 16 + 64 + 16) / 5) = sqrt(46.4)
    given = [
        review("H", "a", 10),
        review("H", "b", 14),
        review("L", "c", 24),
        review("L", "d", 28),
        review("R2", "e", 24),
    ]
    ranking = rank_applications(given, apps(*"abcde"), expected_reviews=1)
    assert ranking.application("e").normalised_mean == pytest.approx(4 / math.sqrt(46.4))
    assert ranking.application("e").normalised_mean == pytest.approx(0.59, abs=0.005)
    assert [(a.application_id, a.rank_raw, a.rank) for a in ranking.applications] == [
        ("b", 4, 1),
        ("d", 1, 1),
        ("e", 2, 3),
        ("a", 5, 4),
        ("c", 2, 4),
    ]
