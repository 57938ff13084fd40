"""Reads of the call for projects, each page's data in a bounded number of queries."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from eig.accounts.models import Role
from eig.cohorts.models import Cohort
from eig.proposals.budget import Budget, challenge_budget, total_budget
from eig.proposals.models import (
    ChallengeCall,
    Criterion,
    Proposal,
    ProposalReview,
    ProposalState,
    ProposalTransition,
)


def current_call(now=None) -> ChallengeCall | None:
    """The call to show the public: open now, else the next one, else the last one."""
    now = now or timezone.now()
    calls = ChallengeCall.objects.published().select_related(
        "cohort", "information_event", "cohort__programme"
    )
    return (
        calls.open(now).order_by("closes_at").first()
        or calls.filter(opens_at__gt=now).order_by("opens_at").first()
        or calls.order_by("-closes_at").first()
    )


def open_calls(now=None) -> QuerySet[ChallengeCall]:
    return ChallengeCall.objects.published().open(now).select_related("cohort")


def space_summary(user, roles) -> dict:
    summary = {}
    if Role.AGENT in roles:
        summary["agent_proposals"] = Proposal.objects.for_agent(user).count()
        summary["open_call"] = open_calls().order_by("closes_at").first()
    if Role.JURY in roles:
        summary["jury_to_score"] = (
            ProposalReview.objects.for_reviewer(user)
            .without_conflict()
            .filter(proposal__state=ProposalState.UNDER_REVIEW, scored_at__isnull=True)
            .count()
        )
    if Role.STAFF in roles:
        summary["staff_to_handle"] = Proposal.objects.in_state(ProposalState.SUBMITTED).count()
    return summary


def agent_proposals(user) -> QuerySet[Proposal]:
    return (
        Proposal.objects.for_agent(user)
        .select_related("call", "organization", "author")
        .order_by("-updated_at")
    )


def proposal_detail_queryset() -> QuerySet[Proposal]:
    return (
        Proposal.objects.with_attachment()
        .select_related("call__cohort__programme", "organization", "author", "challenge")
        .prefetch_related(
            "mentors",
            Prefetch(
                "transitions",
                queryset=ProposalTransition.objects.select_related("by").order_by("at", "pk"),
            ),
        )
    )


def proposal_budget(proposal: Proposal) -> Budget:
    """Needs `call__cohort__programme` loaded (see the querysets here)."""
    programme = proposal.call.cohort.programme
    return challenge_budget(
        team_size=proposal.team_size,
        months=programme.duration_months,
        monthly_net_pay=programme.monthly_net_pay,
        employer_cost_factor=programme.employer_cost_factor,
        cofunding_rate=programme.cofunding_rate,
        funding=proposal.funding,
    )


def mean_score(reviews) -> Decimal | None:
    """Mean of the complete grids of members not in conflict."""
    means = [r.mean for r in reviews if not r.in_conflict and r.mean is not None]
    if not means:
        return None
    return (sum(means) / len(means)).quantize(Decimal("0.01"))


@dataclass
class ProposalRow:
    proposal: Proposal
    budget: Budget
    mean: Decimal | None
    reviews_done: int
    reviews_expected: int


def call_dashboard(call: ChallengeCall, state: str | None = None) -> dict:
    """A call's proposals by state, with budgets and mean scores (4 queries)."""
    counts = Counter(
        dict(
            call.proposals.order_by()
            .values("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
    )
    proposals = (
        call.proposals.with_attachment()
        .select_related("organization", "call__cohort__programme")
        .prefetch_related("reviews")
        .order_by("state", "title")
    )
    if state:
        proposals = proposals.filter(state=state)
    rows = []
    for proposal in proposals:
        reviews = [r for r in proposal.reviews.all() if not r.in_conflict]
        rows.append(
            ProposalRow(
                proposal=proposal,
                budget=proposal_budget(proposal),
                mean=mean_score(reviews),
                reviews_done=sum(1 for r in reviews if r.is_complete),
                reviews_expected=len(reviews),
            )
        )
    by_state = [(s, counts.get(s.value, 0)) for s in ProposalState]
    return {"rows": rows, "by_state": by_state, "total": sum(counts.values())}


@dataclass
class CohortBudget:
    cohort: Cohort
    cofunded: int
    remarked: int
    budget: Budget


def cohort_budgets() -> list[CohortBudget]:
    """Budget totals per cohort over proposals with a funding decision."""
    proposals = (
        Proposal.objects.decided()
        .exclude(state=ProposalState.NOT_SELECTED)
        .select_related("call__cohort__programme")
        .order_by("call__cohort__year", "call__cohort__slug")
    )
    grouped: dict[int, list[Proposal]] = {}
    cohorts: dict[int, Cohort] = {}
    for proposal in proposals:
        cohort = proposal.call.cohort
        cohorts[cohort.pk] = cohort
        grouped.setdefault(cohort.pk, []).append(proposal)
    return [
        CohortBudget(
            cohort=cohorts[pk],
            cofunded=sum(1 for p in items if p.funding == "cofunded"),
            remarked=sum(1 for p in items if p.funding == "remarked"),
            budget=total_budget(proposal_budget(p) for p in items),
        )
        for pk, items in grouped.items()
    ]


def staff_calls() -> QuerySet[ChallengeCall]:
    return ChallengeCall.objects.select_related("cohort", "information_event").annotate(
        proposal_count=Count("proposals")
    )


def calls_state_counts(calls) -> dict[int, dict[str, int]]:
    rows = (
        Proposal.objects.filter(call__in=calls)
        .values_list("call_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = {}
    for call_id, state, n in rows:
        result.setdefault(call_id, {})[state] = n
    return result


@dataclass
class CriterionRow:
    label: str
    scores: list[int | None]
    mean: Decimal | None


def reviews_side_by_side(proposal: Proposal) -> dict:
    """Each criterion as a row, each jury member as a column, with means."""
    reviews = list(proposal.reviews.select_related("reviewer").order_by("assigned_at", "pk"))
    active = [r for r in reviews if not r.in_conflict]
    rows = []
    for criterion in Criterion:
        scores = [getattr(r, f"score_{criterion.value}") for r in active]
        given = [s for s in scores if s is not None]
        mean = (Decimal(sum(given)) / len(given)).quantize(Decimal("0.01")) if given else None
        rows.append(CriterionRow(label=criterion.label, scores=scores, mean=mean))
    return {
        "reviews": active,
        "conflicts": [r for r in reviews if r.in_conflict],
        "rows": rows,
        "means": [r.mean for r in active],
        "mean": mean_score(active),
    }


def jury_reviews(user) -> QuerySet[ProposalReview]:
    return (
        ProposalReview.objects.for_reviewer(user)
        .select_related("proposal__organization", "proposal__call")
        .order_by("proposal__call__closes_at", "proposal__title")
    )
