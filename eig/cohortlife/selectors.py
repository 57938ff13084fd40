"""Reads of cohort life, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from eig.challenges.models import Challenge, ChallengeMentor, Mentor, MentorKind
from eig.cohortlife.models import (
    Attendance,
    ChallengeOutcome,
    ChecklistItem,
    Contract,
    FellowAccount,
    OutcomeLink,
)
from eig.cohorts.models import Cohort, Fellow
from eig.events.models import Event, EventKind

SESSION_KINDS = (EventKind.MENTORING, EventKind.GATHERING)


def fellow_of(user) -> Fellow | None:
    """The fellow profile linked to a person's account, if any."""
    if not user.is_authenticated:
        return None
    link = FellowAccount.objects.select_related("fellow").filter(user=user).first()
    return link.fellow if link else None


# Onboarding ---------------------------------------------------------------------------


def _count(queryset: QuerySet, field: str, **filters) -> Coalesce:
    counted = (
        queryset.filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def contracts_with_progress() -> QuerySet[Contract]:
    """Contracts with their checklist counted (done / all) and the fellow's account."""
    return Contract.objects.select_related(
        "fellow", "fellow__account_link__user", "cohort", "challenge", "employer"
    ).annotate(
        items_total=_count(ChecklistItem.objects.all(), "contract"),
        items_done=_count(ChecklistItem.objects.all(), "contract", done_at__isnull=False),
    )


@dataclass(frozen=True)
class OnboardingRow:
    fellow: Fellow
    contract: Contract | None


def cohort_onboarding(cohort: Cohort) -> list[OnboardingRow]:
    """Every fellow of the cohort with their contract and checklist progress (two queries)."""
    contracts = {
        contract.fellow_id: contract for contract in contracts_with_progress().filter(cohort=cohort)
    }
    fellows = cohort.fellows.select_related("account_link__user").order_by("name", "pk")
    rows = [OnboardingRow(fellow, contracts.pop(fellow.pk, None)) for fellow in fellows]
    # A contract whose fellow left the cohort still shows.
    rows += [OnboardingRow(contract.fellow, contract) for contract in contracts.values()]
    return rows


def contract_detail_queryset() -> QuerySet[Contract]:
    return contracts_with_progress().prefetch_related(
        Prefetch(
            "checklist",
            queryset=ChecklistItem.objects.select_related("done_by").order_by("position", "pk"),
        ),
        "reminders",
    )


def contracts_of_user(user) -> QuerySet[Contract]:
    """The contracts of the fellow linked to this account (none for anyone else)."""
    if not user.is_authenticated:
        return Contract.objects.none()
    return contract_detail_queryset().filter(fellow__account_link__user=user)


# Sessions ---------------------------------------------------------------------------------


def sessions() -> QuerySet[Event]:
    return Event.objects.filter(kind__in=SESSION_KINDS)


def expected_people(event: Event) -> tuple[list[Fellow], list[Mentor]]:
    """Who is expected at a session: the teams and mentors of its défis, or
    else the whole cohort's fellows (a gathering). Two queries."""
    challenge_ids = [challenge.pk for challenge in event.challenges.all()]
    if challenge_ids:
        fellows = Fellow.objects.filter(challenges__in=challenge_ids)
        mentors = list(
            Mentor.objects.filter(mentorships__challenge__in=challenge_ids)
            .distinct()
            .order_by("name", "pk")
        )
    elif event.cohort_id:
        fellows = Fellow.objects.filter(cohorts=event.cohort_id)
        mentors = []
    else:
        return [], []
    return list(fellows.distinct().order_by("name", "pk")), mentors


def attendance_detail_queryset() -> QuerySet[Event]:
    return (
        sessions()
        .select_related("cohort")
        .prefetch_related(
            Prefetch("challenges", queryset=Challenge.objects.order_by("title")),
            Prefetch("attendances", queryset=Attendance.objects.all()),
        )
    )


def _with_attendance_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        present_count=_count(Attendance.objects.all(), "event", present=True),
        noted_count=_count(Attendance.objects.all(), "event"),
    )


def fellow_sessions(fellow: Fellow) -> QuerySet[Event]:
    """The mentoring sessions and gatherings a fellow was expected at (their
    défis' sessions, their cohorts' gatherings), with their own attendance."""
    challenge_ids = Fellow.challenges.through.objects.filter(fellow=fellow).values("challenge")
    cohort_ids = Fellow.cohorts.through.objects.filter(fellow=fellow).values("cohort")
    has_challenges = Event.challenges.through.objects.filter(event=OuterRef("pk"))
    mine = Attendance.objects.filter(event=OuterRef("pk"), fellow=fellow)
    return (
        sessions()
        .filter(
            Q(challenges__in=challenge_ids) | (Q(cohort__in=cohort_ids) & ~Exists(has_challenges))
        )
        .distinct()
        .select_related("cohort")
        .annotate(
            attended=Subquery(mine.values("present")[:1]),
        )
        .order_by("-starts_at", "pk")
    )


def challenge_sessions(challenge: Challenge) -> QuerySet[Event]:
    """The mentoring sessions of a défi, with attendance counted."""
    return _with_attendance_counts(
        sessions().filter(challenges=challenge).select_related("cohort")
    ).order_by("-starts_at", "pk")


def cohort_sessions(cohort: Cohort) -> QuerySet[Event]:
    return _with_attendance_counts(
        sessions().filter(Q(cohort=cohort) | Q(challenges__cohort=cohort)).distinct()
    ).order_by("-starts_at", "pk")


def challenge_follow_up_queryset() -> QuerySet[Challenge]:
    """A défi with its host, team, mentors by role and outcome (for the team)."""
    return Challenge.objects.select_related(
        "cohort", "organization", "organization__parent"
    ).prefetch_related(
        Prefetch("fellows", queryset=Fellow.objects.order_by("name")),
        Prefetch(
            "mentorships",
            queryset=ChallengeMentor.objects.select_related("mentor").order_by(
                "kind", "position", "mentor__name"
            ),
        ),
    )


def mentors_by_kind(challenge: Challenge) -> dict[str, list[Mentor]]:
    groups: dict[str, list[Mentor]] = {kind.value: [] for kind in MentorKind}
    for mentorship in challenge.mentorships.all():
        groups[mentorship.kind].append(mentorship.mentor)
    return groups


def outcome_of(challenge: Challenge) -> ChallengeOutcome | None:
    return (
        ChallengeOutcome.objects.prefetch_related(
            Prefetch("links", queryset=OutcomeLink.objects.order_by("kind", "position", "pk"))
        )
        .filter(challenge=challenge)
        .first()
    )


def published_outcomes() -> QuerySet[ChallengeOutcome]:
    return ChallengeOutcome.objects.filter(is_published=True).prefetch_related(
        Prefetch("links", queryset=OutcomeLink.objects.order_by("kind", "position", "pk"))
    )


# Alumni ---------------------------------------------------------------------------------


def alumni(*, cohort: Cohort | None = None, today=None) -> QuerySet[Fellow]:
    """Public profiles of fellows whose cohort has ended, those who told what
    they did next first."""
    today = today or timezone.localdate()
    ended = Cohort.objects.published().filter(ends_on__lt=today)
    if cohort is not None:
        ended = ended.filter(pk=cohort.pk)
    fellows = Fellow.objects.public().filter(cohorts__in=ended).distinct()
    return fellows.prefetch_related(
        Prefetch("cohorts", queryset=Cohort.objects.published().order_by("year")),
        Prefetch(
            "challenges",
            queryset=Challenge.objects.published().select_related("cohort").order_by("-year"),
        ),
    ).order_by(
        Case(When(next_steps="", then=Value(1)), default=Value(0)),
        "name",
        "pk",
    )


# Reports ---------------------------------------------------------------------------------


def report_challenges(cohort: Cohort) -> QuerySet[Challenge]:
    """The cohort's défis with their host, team, mentors and outcome (for the report)."""
    return (
        Challenge.objects.filter(cohort=cohort)
        .select_related("organization", "organization__parent", "outcome")
        .prefetch_related(
            Prefetch("fellows", queryset=Fellow.objects.order_by("name")),
            Prefetch(
                "mentorships",
                queryset=ChallengeMentor.objects.select_related("mentor").order_by(
                    "kind", "position", "mentor__name"
                ),
            ),
            Prefetch(
                "outcome__links", queryset=OutcomeLink.objects.order_by("kind", "position", "pk")
            ),
        )
        .order_by("title", "pk")
    )
