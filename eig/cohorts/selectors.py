"""Reads of cohorts and fellows for the public pages."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext

from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort, Fellow, Profile


def _count_of(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated COUNT(*) subquery: no join explosion in the outer query."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def cohorts_with_counts(*, published_only: bool = True) -> QuerySet[Cohort]:
    """Published cohorts, newest first, with their défis and EIG counted from
    the data; every cohort with `published_only=False` (the staff's preview)."""
    base = Cohort.objects.published() if published_only else Cohort.objects.all()
    return (
        base.select_related("programme")
        .annotate(
            challenge_count=_count_of(Challenge.objects.published(), "cohort"),
            fellow_count=_count_of(Fellow.objects.all(), "cohorts"),
        )
        .order_by("-year", "-number", "slug")
    )


@dataclass(frozen=True)
class ProfileFigure:
    profile: str
    label: str
    count: int
    declared: bool


def cohort_profile_mix(cohort: Cohort) -> list[ProfileFigure]:
    """Designers / developers / data scientists of a cohort (one query).

    The published figure wins when there is one (e.g. promo 4: 14 designers,
    18 developers, 9 data scientists); otherwise the count from the data.
    """
    counted = dict(
        Fellow.objects.filter(cohorts=cohort)
        .exclude(profile="")
        .order_by()
        .values_list("profile")
        .annotate(n=Count("pk"))
        .values_list("profile", "n")
    )
    declared = {
        Profile.DESIGNER: cohort.declared_designers,
        Profile.DEVELOPER: cohort.declared_developers,
        Profile.DATA_SCIENTIST: cohort.declared_data_scientists,
    }
    # The published mix is complete on its own (14 + 18 + 9 = the 41 EIG of promo 4).
    if any(value is not None for value in declared.values()):
        counted = {}
    figures = []
    order = [Profile.DESIGNER, Profile.DEVELOPER, Profile.DATA_SCIENTIST, Profile.DATA_ENGINEER]
    for profile in order:
        published = declared.get(profile)
        count = published if published is not None else counted.get(profile.value, 0)
        if count:
            label = profile_plural(profile, count)
            figures.append(ProfileFigure(profile.value, label, count, published is not None))
    return figures


def profile_plural(profile: str, count: int) -> str:
    """ "14 designers", "1 développeur·euse": the profile's name for a count."""
    names = {
        Profile.DEVELOPER: ngettext("développeur·euse", "développeur·euses", count),
        Profile.DESIGNER: ngettext("designer", "designers", count),
        Profile.DATA_SCIENTIST: ngettext("data scientist", "data scientists", count),
        Profile.DATA_ENGINEER: ngettext("data engineer", "data engineers", count),
    }
    return names.get(profile, profile)


def cohort_challenges(cohort: Cohort) -> QuerySet[Challenge]:
    return (
        Challenge.objects.published()
        .filter(cohort=cohort)
        .select_related("cohort", "organization", "organization__parent")
        .prefetch_related("skills", "themes")
        .order_by("title", "pk")
    )


def public_fellows(*, cohort: Cohort | None = None, profile: str = "") -> QuerySet[Fellow]:
    """Fellows who agreed to a public profile, with their cohorts and défis."""
    fellows = Fellow.objects.public()
    if cohort is not None:
        fellows = fellows.filter(cohorts=cohort)
    if profile:
        fellows = fellows.filter(profile=profile)
    return fellows.prefetch_related(
        Prefetch("cohorts", queryset=Cohort.objects.published().order_by("year")),
        Prefetch(
            "challenges",
            queryset=Challenge.objects.published().select_related("cohort").order_by("-year"),
        ),
    ).order_by("name", "pk")


def fellow_detail_queryset(*, public_only: bool = True) -> QuerySet[Fellow]:
    """Fellows as their page shows them: public ones only unless the staff's
    preview asks (`public_only=False`); their published cohorts and défis."""
    fellows = Fellow.objects.public() if public_only else Fellow.objects.all()
    return fellows.prefetch_related(
        Prefetch("cohorts", queryset=Cohort.objects.published().order_by("year")),
        Prefetch(
            "challenges",
            queryset=Challenge.objects.published()
            .select_related("cohort", "organization", "organization__parent")
            .prefetch_related("skills", "themes")
            .order_by("-year", "title"),
        ),
    )


def programme_key_figures() -> dict[str, int]:
    """Cohorts, défis and EIG of the programme, counted from the data (three queries)."""
    return {
        "cohorts": Cohort.objects.published().count(),
        "challenges": Challenge.objects.published().count(),
        "fellows": Fellow.objects.count(),
    }


# --- Declared figures beside the ones computed from the data (for staff) ---


@dataclass(frozen=True)
class FigurePair:
    label: str
    declared: int | None
    computed: int

    @property
    def differs(self) -> bool:
        return self.declared is not None and self.declared != self.computed


@dataclass(frozen=True)
class CohortFigures:
    cohort: Cohort
    pairs: tuple[FigurePair, ...]

    def __getitem__(self, label: str) -> FigurePair:
        return next(pair for pair in self.pairs if pair.label == label)


def with_computed_figures(queryset: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Cohorts annotated with the EIG, défis and mentors counted from the data."""
    from eig.challenges.models import ChallengeMentor

    mentors = (
        ChallengeMentor.objects.filter(challenge__cohort=OuterRef("pk"))
        .order_by()
        .values("challenge__cohort")
        .annotate(n=Count("mentor", distinct=True))
        .values("n")
    )
    return queryset.annotate(
        computed_fellows=_count_of(Fellow.objects.all(), "cohorts"),
        computed_challenges=_count_of(Challenge.objects.all(), "cohort"),
        computed_mentors=Coalesce(Subquery(mentors, output_field=IntegerField()), Value(0)),
    )


def cohort_figures(cohorts: QuerySet[Cohort] | None = None) -> dict[int, CohortFigures]:
    """Published (`declared_*`) and computed figures of each cohort, by cohort id.

    Computed: EIG linked to the cohort, its défis, the distinct mentors of its
    défis, and its EIG per profile. Two queries whatever the number of cohorts.
    """
    queryset = with_computed_figures(cohorts if cohorts is not None else Cohort.objects.all())
    cohorts = list(queryset)
    profiles: dict[tuple[int, str], int] = {
        (cohort_id, profile): n
        for cohort_id, profile, n in Fellow.cohorts.through.objects.filter(
            cohort__in=[cohort.pk for cohort in cohorts]
        )
        .order_by()
        .values_list("cohort_id", "fellow__profile")
        .annotate(n=Count("fellow", distinct=True))
    }
    result = {}
    for cohort in cohorts:
        pairs = (
            FigurePair("EIG", cohort.declared_fellows, cohort.computed_fellows),
            FigurePair("défis", cohort.declared_challenges, cohort.computed_challenges),
            FigurePair("mentors", cohort.declared_mentors, cohort.computed_mentors),
            FigurePair(
                "designers",
                cohort.declared_designers,
                profiles.get((cohort.pk, Profile.DESIGNER), 0),
            ),
            FigurePair(
                "développeur·euses",
                cohort.declared_developers,
                profiles.get((cohort.pk, Profile.DEVELOPER), 0),
            ),
            FigurePair(
                "data scientists",
                cohort.declared_data_scientists,
                profiles.get((cohort.pk, Profile.DATA_SCIENTIST), 0),
            ),
        )
        result[cohort.pk] = CohortFigures(cohort=cohort, pairs=pairs)
    return result
