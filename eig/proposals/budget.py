"""The cost of a défi and its split between the fund and the administration.

Pure functions on Decimals, rounded to the cent (half up). The administration
pays what the fund does not, so the two shares always add up to the total.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from eig.challenges.models import Funding

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Budget:
    total: Decimal
    fund_share: Decimal
    administration_share: Decimal

    def __add__(self, other: "Budget") -> "Budget":
        return Budget(
            total=self.total + other.total,
            fund_share=self.fund_share + other.fund_share,
            administration_share=self.administration_share + other.administration_share,
        )


ZERO = Budget(
    total=Decimal("0.00"), fund_share=Decimal("0.00"), administration_share=Decimal("0.00")
)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def team_cost(
    *, team_size: int, months: int, monthly_net_pay: Decimal, employer_cost_factor: Decimal
) -> Decimal:
    """What the team costs its employer: people × months × net pay × factor."""
    if team_size < 0 or months < 0:
        raise ValueError("team size and months cannot be negative")
    return _cents(
        Decimal(team_size)
        * Decimal(months)
        * Decimal(monthly_net_pay)
        * Decimal(employer_cost_factor)
    )


def challenge_budget(
    *,
    team_size: int,
    months: int,
    monthly_net_pay: Decimal,
    employer_cost_factor: Decimal,
    cofunding_rate: int,
    funding: str,
) -> Budget:
    """Cost and split of one défi.

    Co-funded défis get `cofunding_rate` % from the fund; remarked (and
    undecided) ones are paid in full by their administration.
    """
    if not 0 <= cofunding_rate <= 100:
        raise ValueError("cofunding_rate is a percentage")
    total = team_cost(
        team_size=team_size,
        months=months,
        monthly_net_pay=monthly_net_pay,
        employer_cost_factor=employer_cost_factor,
    )
    fund = _cents(total * cofunding_rate / 100) if funding == Funding.COFUNDED else Decimal("0.00")
    return Budget(total=total, fund_share=fund, administration_share=total - fund)


def total_budget(budgets: Iterable[Budget]) -> Budget:
    result = ZERO
    for budget in budgets:
        result = result + budget
    return result
