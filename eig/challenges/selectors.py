"""Reads of the défis for the public pages: bounded queries whatever the data size."""

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from eig.challenges.models import Challenge, ChallengeMentor, Mentor, MentorKind, Skill, Theme
from eig.cohorts.models import Cohort, Fellow
from eig.events.models import Event
from eig.organizations.models import Organization


def challenge_cards() -> QuerySet[Challenge]:
    """Published défis with what a card shows (cohort, host, skills, themes)."""
    return (
        Challenge.objects.published()
        .select_related("cohort", "organization", "organization__parent")
        .prefetch_related("skills", "themes")
    )


def challenge_catalogue(
    *,
    cohort: Cohort | None = None,
    theme: Theme | None = None,
    organization: Organization | None = None,
    organization_query: str = "",
    profile: str = "",
    query: str = "",
) -> QuerySet[Challenge]:
    """The catalogue, filtered; `organization` also matches the défis of its
    directorates, and so does `organization_query` (words of a name or acronym,
    accents and case ignored)."""
    challenges = challenge_cards().search(query)
    if organization_query:
        hosts = organizations_matching(organization_query)
        challenges = challenges.filter(
            Q(organization__in=hosts) | Q(organization__parent__in=hosts)
        )
    if cohort is not None:
        challenges = challenges.filter(cohort=cohort)
    if theme is not None:
        challenges = challenges.filter(themes=theme)
    if organization is not None:
        challenges = challenges.filter(
            Q(organization=organization) | Q(organization__parent=organization)
        )
    if profile:
        wants_profile = Skill.challenges.through.objects.filter(
            challenge=OuterRef("pk"), skill__profile=profile
        )
        challenges = challenges.filter(Exists(wants_profile))
    return challenges.order_by("-year", "title", "pk")


def catalogue_cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.published().order_by("-year", "-number", "slug")


def catalogue_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(challenges__is_published=True).distinct().order_by("name")


def catalogue_organizations() -> QuerySet[Organization]:
    """Administrations hosting published défis, and the ministries above them."""
    hosts = Organization.objects.filter(
        Q(challenges__is_published=True) | Q(children__challenges__is_published=True)
    )
    return Organization.objects.filter(pk__in=hosts.values("pk")).order_by("name")


def organization_by_slug(slug: str) -> Organization | None:
    return catalogue_organizations().filter(slug=slug).first()


def organizations_matching(words: str) -> QuerySet[Organization]:
    """Host administrations whose name or acronym holds every word (accent-blind)."""
    from eig.core.text import fold, search_terms

    organizations = catalogue_organizations()
    matching = []
    terms = search_terms(words)
    if not terms:
        return organizations.none()
    for pk, name, acronym in organizations.values_list("pk", "name", "acronym"):
        text = fold(f"{name} {acronym}")
        if all(term in text for term in terms):
            matching.append(pk)
    return Organization.objects.filter(pk__in=matching)


def challenge_detail_queryset(*, published_only: bool = True) -> QuerySet[Challenge]:
    """A published défi with everything its page shows, in a fixed number of
    queries; any défi with `published_only=False` (the staff's preview)."""
    mentor_order = Case(
        When(kind=MentorKind.OPERATIONAL, then=Value(0)),
        When(kind=MentorKind.STRATEGIC, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    base = Challenge.objects.published() if published_only else Challenge.objects.all()
    return base.select_related(
        "cohort", "organization", "organization__parent", "outcome"
    ).prefetch_related(
        "skills",
        "themes",
        "key_figures",
        "projects",
        "outcome__links",
        Prefetch(
            "fellows",
            queryset=Fellow.objects.public().order_by("name"),
            to_attr="public_fellows",
        ),
        Prefetch(
            "mentorships",
            queryset=ChallengeMentor.objects.filter(mentor__is_public=True)
            .select_related("mentor")
            .annotate(kind_order=mentor_order)
            .order_by("kind_order", "position", "mentor__name"),
            to_attr="public_mentorships",
        ),
        Prefetch(
            "events",
            queryset=Event.objects.published().order_by("-starts_at"),
            to_attr="published_events",
        ),
    )


def mentor_detail_queryset(*, public_only: bool = True) -> QuerySet[Mentor]:
    """Public mentors (any, for the staff's preview: `public_only=False`)
    with the published défis they mentor."""
    mentors = Mentor.objects.filter(is_public=True) if public_only else Mentor.objects.all()
    return mentors.prefetch_related(
        Prefetch(
            "mentorships",
            queryset=ChallengeMentor.objects.filter(challenge__is_published=True)
            .select_related("challenge", "challenge__cohort", "challenge__organization")
            .order_by("-challenge__year", "challenge__title"),
            to_attr="published_mentorships",
        )
    )
