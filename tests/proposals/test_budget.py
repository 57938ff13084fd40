"""Budgets worked out by hand: people × 10 months × 4 000 € net × factor."""

from decimal import Decimal

import pytest

from eig.challenges.models import Funding
from eig.proposals.budget import Budget, challenge_budget, team_cost, total_budget

EIG = {"months": 10, "monthly_net_pay": Decimal("4000"), "employer_cost_factor": Decimal("1.80")}


def test_a_cofunded_team_of_three():
    # 3 × 10 × 4 000 = 120 000 € net; × 1.80 = 216 000 €; the fund pays 70 %.
    budget = challenge_budget(team_size=3, cofunding_rate=70, funding=Funding.COFUNDED, **EIG)
    assert budget == Budget(
        total=Decimal("216000.00"),
        fund_share=Decimal("151200.00"),
        administration_share=Decimal("64800.00"),
    )


def test_a_cofunded_team_of_two():
    # 2 × 10 × 4 000 × 1.80 = 144 000 €; 70 % = 100 800 €; 30 % = 43 200 €.
    budget = challenge_budget(team_size=2, cofunding_rate=70, funding=Funding.COFUNDED, **EIG)
    assert (budget.total, budget.fund_share, budget.administration_share) == (
        Decimal("144000.00"),
        Decimal("100800.00"),
        Decimal("43200.00"),
    )


def test_a_remarked_challenge_is_paid_in_full_by_its_administration():
    budget = challenge_budget(team_size=3, cofunding_rate=70, funding=Funding.REMARKED, **EIG)
    assert budget.fund_share == Decimal("0.00")
    assert budget.administration_share == Decimal("216000.00")


def test_an_undecided_proposal_gets_nothing_from_the_fund():
    budget = challenge_budget(team_size=2, cofunding_rate=70, funding="", **EIG)
    assert budget.fund_share == 0
    assert budget.administration_share == budget.total == Decimal("144000.00")


def test_rounding_to_the_cent_and_shares_add_up():
    # 3 × 10 × 3 999.99 = 119 999.70; × 1.83 = 219 599.451 → 219 599.45 €
    # 70 % = 153 719.615 → 153 719.62 € (half up); the rest 65 879.83 €.
    budget = challenge_budget(
        team_size=3,
        months=10,
        monthly_net_pay=Decimal("3999.99"),
        employer_cost_factor=Decimal("1.83"),
        cofunding_rate=70,
        funding=Funding.COFUNDED,
    )
    assert budget.total == Decimal("219599.45")
    assert budget.fund_share == Decimal("153719.62")
    assert budget.administration_share == Decimal("65879.83")
    assert budget.fund_share + budget.administration_share == budget.total


def test_team_cost_without_split():
    assert team_cost(team_size=1, **EIG) == Decimal("72000.00")
    with pytest.raises(ValueError):
        team_cost(team_size=-1, **EIG)


def test_the_rate_is_a_percentage():
    with pytest.raises(ValueError):
        challenge_budget(team_size=2, cofunding_rate=170, funding=Funding.COFUNDED, **EIG)


def test_totals_add_every_share():
    one = challenge_budget(team_size=3, cofunding_rate=70, funding=Funding.COFUNDED, **EIG)
    two = challenge_budget(team_size=2, cofunding_rate=70, funding=Funding.REMARKED, **EIG)
    assert total_budget([one, two]) == Budget(
        total=Decimal("360000.00"),
        fund_share=Decimal("151200.00"),
        administration_share=Decimal("208800.00"),
    )
    assert total_budget([]).total == 0
