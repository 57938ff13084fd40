"""Reads of the selection: the jury of a call, who reviews what, the reviews,
and the ranking of a call (normalised scores)."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationChoice,
    ApplicationState,
)
from eig.selection import assignment as pure_assignment
from eig.selection import scoring
from eig.selection.models import (
    Conflict,
    JuryMember,
    ReviewAssignment,
    ReviewMessage,
    StaffNote,
)

# The applications the jury reviews: pre-selected, and on to the audition.
REVIEWABLE_STATES = (
    ApplicationState.PRESELECTED,
    ApplicationState.AUDITION_SCHEDULED,
    ApplicationState.AUDITIONED,
)


def reviews_per_application() -> int:
    return getattr(settings, "EIG_REVIEWS_PER_APPLICATION", 3)


# Criteria ----------------------------------------------------------------------


def criteria(call: ApplicationCall) -> list[tuple[str, str, str]]:
    """The six criteria in order: (code, title, published description). Titles
    come from the programme's published criteria (SelectionCriterion, from
    demo_data/programme.yml), else from the model's labels."""
    published = {
        c.code: c
        for c in call.cohort.programme.selection_criteria.filter(code__in=scoring.CRITERIA)
    }
    result = []
    for code in scoring.CRITERIA:
        if code in published:
            result.append((code, published[code].title, published[code].description))
        else:
            label = str(ReviewAssignment._meta.get_field(code).verbose_name)
            result.append((code, label[:1].upper() + label[1:], ""))
    return result


def criteria_labels(call: ApplicationCall) -> dict[str, str]:
    return {code: title for code, title, _description in criteria(call)}


# The jury ------------------------------------------------------------------------


def reviewable_applications(call: ApplicationCall) -> QuerySet[Application]:
    return Application.objects.filter(call=call, state__in=REVIEWABLE_STATES)


def jury_rows(call: ApplicationCall) -> QuerySet[JuryMember]:
    """The members of a call's jury with their load: assigned, sent, conflicts."""
    return (
        JuryMember.objects.filter(call=call)
        .select_related("user", "organization")
        .prefetch_related("mentored_challenges")
        .annotate(
            assigned=Count("assignments", distinct=True),
            submitted=Count(
                "assignments", filter=Q(assignments__submitted_at__isnull=False), distinct=True
            ),
            conflict_count=Count("conflicts", distinct=True),
        )
        .order_by("-is_active", "user__last_name", "user__first_name", "user__email")
    )


def assignment_inputs(
    call: ApplicationCall,
) -> tuple[list[pure_assignment.Application], list[pure_assignment.JuryMember]]:
    """The call's reviewable applications and active members as the pure
    module's plain data (four queries whatever the size)."""
    ids = list(reviewable_applications(call).order_by("pk").values_list("pk", flat=True))
    challenges: dict[int, set[str]] = {pk: set() for pk in ids}
    organisations: dict[int, set[str]] = {pk: set() for pk in ids}
    for application_id, challenge_id, organisation_id in ApplicationChoice.objects.filter(
        application__call=call, application__state__in=REVIEWABLE_STATES
    ).values_list("application_id", "challenge_id", "challenge__organization_id"):
        challenges[application_id].add(str(challenge_id))
        if organisation_id is not None:
            organisations[application_id].add(str(organisation_id))
    applications = [
        pure_assignment.Application(
            str(pk), frozenset(challenges[pk]), frozenset(organisations[pk])
        )
        for pk in ids
    ]
    members = list(
        JuryMember.objects.active()
        .filter(call=call)
        .order_by("pk")
        .values_list("pk", "organization_id")
    )
    conflicts: dict[int, set[str]] = {pk: set() for pk, _org in members}
    for member_id, application_id in Conflict.objects.filter(member__call=call).values_list(
        "member_id", "application_id"
    ):
        if member_id in conflicts:
            conflicts[member_id].add(str(application_id))
    mentored: dict[int, set[str]] = {pk: set() for pk, _org in members}
    through = JuryMember.mentored_challenges.through
    for member_id, challenge_id in through.objects.filter(jurymember__call=call).values_list(
        "jurymember_id", "challenge_id"
    ):
        if member_id in mentored:
            mentored[member_id].add(str(challenge_id))
    return applications, [
        pure_assignment.JuryMember(
            str(pk),
            str(organisation) if organisation is not None else None,
            frozenset(conflicts[pk]),
            frozenset(mentored[pk]),
        )
        for pk, organisation in members
    ]


@dataclass(frozen=True)
class ShortfallRow:
    application_id: int
    assigned: int
    needed: int
    reason: str


@dataclass(frozen=True)
class AssignmentStatus:
    k: int
    applications: int
    members: int
    assignments: int
    min_load: int
    max_load: int
    plain_min_load: int  # members who mentor no défi (their reviews can move)
    plain_max_load: int
    shortfalls: list[ShortfallRow]

    @property
    def spread(self) -> int:
        return self.plain_max_load - self.plain_min_load


def assignment_status(call: ApplicationCall) -> AssignmentStatus:
    """Where the assignment stands now: loads of the active members, and the
    reviewable applications short of K reviewers, with the reason."""
    k = reviews_per_application()
    applications, members = assignment_inputs(call)
    active = {m.id for m in members}
    loads = dict.fromkeys(active, 0)
    per_application: dict[str, int] = {a.id: 0 for a in applications}
    total = 0
    for member_id, application_id in ReviewAssignment.objects.filter(
        application__call=call
    ).values_list("member_id", "application_id"):
        total += 1
        if str(member_id) in loads:
            loads[str(member_id)] += 1
        if str(application_id) in per_application:
            per_application[str(application_id)] += 1
    shortfalls = [
        ShortfallRow(
            int(a.id),
            per_application[a.id],
            k,
            pure_assignment.shortfall_reason(a, members, per_application[a.id], k),
        )
        for a in applications
        if per_application[a.id] < k
    ]
    plain = [loads[m.id] for m in members if not m.mentored_challenge_ids]
    values = list(loads.values())
    return AssignmentStatus(
        k=k,
        applications=len(applications),
        members=len(members),
        assignments=total,
        min_load=min(values, default=0),
        max_load=max(values, default=0),
        plain_min_load=min(plain, default=0),
        plain_max_load=max(plain, default=0),
        shortfalls=shortfalls,
    )


def applications_by_id(ids) -> dict[int, Application]:
    """Names and défis of some applications, for a page of a list (two queries)."""
    return {
        a.pk: a
        for a in Application.objects.filter(pk__in=list(ids))
        .only("pk", "first_name", "last_name", "call_id", "state")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=ApplicationChoice.objects.select_related("challenge")
                .only("application_id", "rank", "challenge__title")
                .order_by("rank"),
            )
        )
    }


def members_who_may_review(application: Application) -> QuerySet[JuryMember]:
    """The members staff may add by hand as reviewers of an application: active
    in its call's jury, not reviewing it yet, and passing the rules of the
    assignment (no declared conflict; not from the organisation of a chosen
    défi, unless they mentor that défi). Three queries."""
    chosen = dict(
        ApplicationChoice.objects.filter(application=application).values_list(
            "challenge_id", "challenge__organization_id"
        )
    )
    candidates = (
        JuryMember.objects.active()
        .filter(call_id=application.call_id)
        .exclude(assignments__application=application)
        .exclude(conflicts__application=application)
        .prefetch_related("mentored_challenges")
    )
    allowed = []
    for member in candidates:
        own = {pk for pk, organisation in chosen.items() if organisation == member.organization_id}
        mentored = {challenge.pk for challenge in member.mentored_challenges.all()}
        if member.organization_id is None or not own or own & mentored:
            allowed.append(member.pk)
    return (
        JuryMember.objects.filter(pk__in=allowed)
        .select_related("user", "organization")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# Reviewers ---------------------------------------------------------------------


def _without_conflict():
    return ~Exists(
        Conflict.objects.filter(
            member_id=OuterRef("member_id"), application=OuterRef("application_id")
        )
    )


def reviewer_assignments(user) -> QuerySet[ReviewAssignment]:
    """The reviews asked of a person (active memberships, no declared conflict):
    the reviewer's list, newest call first, then by name."""
    if not user.is_authenticated:
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(member__user=user, member__is_active=True)
        .filter(_without_conflict())
        .select_related("application__call", "member")
        .order_by("-application__call__opens_at", "submitted_at", "application__last_name", "pk")
    )


def reviewer_progress(user) -> dict:
    counts = reviewer_assignments(user).aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    return {
        "total": counts["total"],
        "submitted": counts["submitted"],
        "calls": JuryMember.objects.active().filter(user=user).count(),
    }


def reviewer_memberships(user) -> QuerySet[JuryMember]:
    return (
        JuryMember.objects.active()
        .filter(user=user)
        .select_related("call")
        .order_by("-call__opens_at")
    )


def conflict_candidates(member: JuryMember) -> QuerySet[Application]:
    """The applications a member may declare a conflict with: the reviewable
    ones of their call they have not declared one with yet (names and défis
    only are shown)."""
    return (
        reviewable_applications(member.call)
        .exclude(conflicts__member=member)
        .only("pk", "first_name", "last_name", "call_id", "state")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=ApplicationChoice.objects.select_related("challenge")
                .only("application_id", "rank", "challenge__title")
                .order_by("rank"),
            )
        )
        .order_by("last_name", "first_name", "pk")
    )


def application_reviews(application: Application) -> list[ReviewAssignment]:
    """Every review asked for an application, with its reviewer."""
    return list(
        ReviewAssignment.objects.filter(application=application)
        .select_related("member__user", "member__organization", "assigned_by")
        .order_by("submitted_at", "member__user__last_name", "pk")
    )


def review_thread(application: Application) -> QuerySet[ReviewMessage]:
    return (
        ReviewMessage.objects.filter(application=application)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def staff_application_panel(application: Application) -> dict:
    """What the team's page of an application shows of the selection (two queries)."""
    assignments = list(
        ReviewAssignment.objects.filter(application=application)
        .select_related("member__user")
        .order_by("member__user__last_name", "pk")
    )
    for item in assignments:
        item.started = bool(item.scores() or item.comment)
    return {
        "assignments": assignments,
        "notes": list(
            StaffNote.objects.filter(application=application)
            .select_related("author")
            .order_by("created_at", "pk")
        ),
    }


# Ranking -----------------------------------------------------------------------


def call_ranking(call: ApplicationCall, application_ids=None) -> scoring.Ranking:
    """Normalise the submitted reviews of a call and rank its applications
    (those with at least one review assigned, or `application_ids`). Two queries."""
    assignments = ReviewAssignment.objects.filter(application__call=call)
    if application_ids is not None:
        assignments = assignments.filter(application_id__in=application_ids)
    rows = list(
        assignments.values_list("member_id", "application_id", "submitted_at", *scoring.CRITERIA)
    )
    reviews = []
    ids = set() if application_ids is None else {int(pk) for pk in application_ids}
    for member_id, application_id, submitted_at, *scores in rows:
        ids.add(application_id)
        # A draft counts as missing: the pure module gets no scores for it.
        values = {} if submitted_at is None else dict(zip(scoring.CRITERIA, scores, strict=True))
        reviews.append(scoring.Review(str(member_id), str(application_id), values))
    challenges: dict[int, set[str]] = {pk: set() for pk in ids}
    choices = ApplicationChoice.objects.all()
    if application_ids is None:
        choices = choices.filter(application__call=call)
    else:
        choices = choices.filter(application_id__in=ids)
    for application_id, challenge_id in choices.values_list("application_id", "challenge_id"):
        if application_id in challenges:
            challenges[application_id].add(str(challenge_id))
    applications = [scoring.Application(str(pk), frozenset(challenges[pk])) for pk in sorted(ids)]
    return scoring.rank_applications(
        reviews, applications, expected_reviews=reviews_per_application()
    )


@dataclass(frozen=True)
class ReviewerRow:
    member: JuryMember | None
    stats: scoring.ReviewerStats


def reviewer_rows(call: ApplicationCall, ranking: scoring.Ranking) -> list[ReviewerRow]:
    """Each reviewer's mean and spread, harshest first (one query)."""
    members = {
        m.pk: m for m in JuryMember.objects.filter(call=call).select_related("user", "organization")
    }
    rows = [
        ReviewerRow(members.get(int(stats.reviewer_id)), stats)
        for stats in ranking.reviewers.values()
    ]
    return sorted(rows, key=lambda r: (r.stats.mean, r.stats.reviewer_id))


def ranking_entries(ranking: scoring.Ranking, challenge_id: str | None = None) -> list:
    """The ranked list to show, as (ApplicationScore, rank, tied): every
    application (overall), or those that chose a défi, ranked among
    themselves (`by_challenge`); unranked ones last."""
    if challenge_id is None:
        return [(a, a.rank, a.tied) for a in ranking.applications]
    scores = {a.application_id: a for a in ranking.applications}
    ranked = ranking.by_challenge.get(challenge_id, [])
    seen = {entry.application_id for entry in ranked}
    rows = [(scores[entry.application_id], entry.rank, entry.tied) for entry in ranked]
    rows += [
        (a, None, False)
        for a in ranking.applications
        if challenge_id in a.challenge_ids and a.application_id not in seen
    ]
    return rows


def rounded(value: float | None, digits: int = 2) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(value, digits)


def jury_scores(applications: list[Application]) -> dict[str, dict[str, float]]:
    """{challenge id: {application id: normalised jury score}} for the défis each
    application chose (team formation: a défi ranks its candidates by this).
    An application without any submitted review gets no score."""
    by_call: dict[int, list[int]] = {}
    for application in applications:
        by_call.setdefault(application.call_id, []).append(application.pk)
    result: dict[str, dict[str, float]] = {}
    for call_id, ids in by_call.items():
        ranking = call_ranking(ApplicationCall(pk=call_id), application_ids=ids)
        for entry in ranking.applications:
            if entry.normalised_mean is None:
                continue
            for challenge_id in entry.challenge_ids:
                result.setdefault(challenge_id, {})[entry.application_id] = entry.normalised_mean
    return result
