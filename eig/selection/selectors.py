"""Reads of the selection: the ranking of a call, the jury's scores."""

from django.conf import settings

from eig.applications.models import Application, ApplicationCall, ApplicationChoice
from eig.selection import scoring
from eig.selection.models import ReviewAssignment


def reviews_per_application() -> int:
    return getattr(settings, "EIG_REVIEWS_PER_APPLICATION", 3)


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
    for application_id, challenge_id in ApplicationChoice.objects.filter(
        application_id__in=ids
    ).values_list("application_id", "challenge_id"):
        challenges[application_id].add(str(challenge_id))
    applications = [scoring.Application(str(pk), frozenset(challenges[pk])) for pk in sorted(ids)]
    return scoring.rank_applications(
        reviews, applications, expected_reviews=reviews_per_application()
    )


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
