"""The programme's statistics: one source for the /statistiques/ page, its
charts and tables, and the open data.

Per published cohort: the selection funnel (applications → pre-selected →
auditioned → laureates), the défis, host administrations, profiles and
funding. A figure the programme published (`Cohort.declared_*`) wins;
otherwise it is counted from the records (applications, fellows, défis)
where there are some. Only public records are counted (published cohorts,
published défis), so that nothing here reveals a draft.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from eig.applications.models import Application, ApplicationState, ApplicationTransition
from eig.applications.workflow import AUDITIONED_OR_LATER, PRESELECTED_OR_LATER
from eig.challenges.models import Challenge, Funding
from eig.cohortlife.charts import BarChart, Series, render_svg
from eig.cohorts.models import Cohort, Fellow, Profile

# An application that reached a later stage went through the earlier ones.
STAGE_STATES = {
    "preselected": tuple(sorted(PRESELECTED_OR_LATER)),
    "auditioned": tuple(sorted(AUDITIONED_OR_LATER)),
    "laureate": (ApplicationState.LAUREATE, ApplicationState.DECLINED),
}
PROFILES = (Profile.DEVELOPER, Profile.DESIGNER, Profile.DATA_SCIENTIST, Profile.DATA_ENGINEER)
DECLARED_PROFILES = {
    Profile.DESIGNER: "declared_designers",
    Profile.DEVELOPER: "declared_developers",
    Profile.DATA_SCIENTIST: "declared_data_scientists",
}
PUBLISHED = "publié"
COMPUTED = "calculé"


def _count(queryset: QuerySet, field: str) -> Coalesce:
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def public_challenges() -> QuerySet[Challenge]:
    return Challenge.objects.published().filter(cohort__is_published=True)


def _reached(stage: str) -> QuerySet[Application]:
    states = STAGE_STATES[stage]
    logged = ApplicationTransition.objects.filter(application=OuterRef("pk"), to_state__in=states)
    return Application.objects.filter(Q(state__in=states) | Exists(logged))


def statistics_queryset() -> QuerySet[Cohort]:
    """Published cohorts with every count the statistics need: one query."""
    challenges = public_challenges()
    memberships = Fellow.cohorts.through.objects.all()
    hosts = (
        challenges.filter(cohort=OuterRef("pk"), organization__isnull=False)
        .order_by()
        .values("cohort")
        .annotate(n=Count("organization", distinct=True))
        .values("n")
    )
    annotations = {
        "n_applications": _count(
            Application.objects.exclude(state=ApplicationState.DRAFT), "call__cohort"
        ),
        "n_preselected": _count(_reached("preselected"), "call__cohort"),
        "n_auditioned": _count(_reached("auditioned"), "call__cohort"),
        "n_laureates": _count(_reached("laureate"), "call__cohort"),
        "n_fellows": _count(memberships, "cohort"),
        "n_challenges": _count(challenges, "cohort"),
        "n_hosts": Coalesce(Subquery(hosts, output_field=IntegerField()), Value(0)),
        "n_cofunded": _count(challenges.filter(funding=Funding.COFUNDED), "cohort"),
        "n_remarked": _count(challenges.filter(funding=Funding.REMARKED), "cohort"),
    }
    for profile in PROFILES:
        annotations[f"n_{profile}"] = _count(memberships.filter(fellow__profile=profile), "cohort")
    return (
        Cohort.objects.published()
        .select_related("programme")
        .annotate(**annotations)
        .order_by("year", "number", "slug")
    )


@dataclass(frozen=True)
class Figure:
    value: int | None
    source: str  # PUBLISHED, COMPUTED, or "" when unknown

    @property
    def known(self) -> bool:
        return self.value is not None


UNKNOWN = Figure(None, "")


def _figure(declared: int | None, computed: int, *, zero_is_known: bool = False) -> Figure:
    if declared is not None:
        return Figure(declared, PUBLISHED)
    if computed or zero_is_known:
        return Figure(computed, COMPUTED)
    return UNKNOWN


@dataclass(frozen=True)
class CohortStatistics:
    cohort: Cohort
    applications: Figure
    preselected: Figure
    auditioned: Figure
    laureates: Figure
    challenges: Figure
    hosts: Figure
    profiles: dict[str, Figure]
    cofunded: Figure
    remarked: Figure
    funding_unknown: Figure

    @property
    def funnel(self) -> list[tuple[str, str, Figure]]:
        return [
            ("applications", str(_("Candidatures")), self.applications),
            ("preselected", str(_("Présélectionné·es")), self.preselected),
            ("auditioned", str(_("Auditionné·es")), self.auditioned),
            ("laureates", str(_("Lauréat·es")), self.laureates),
        ]


def cohort_statistics_of(cohort: Cohort) -> CohortStatistics:
    """The figures of one cohort of `statistics_queryset()` (no query)."""
    declared_mix = {p: getattr(cohort, f) for p, f in DECLARED_PROFILES.items()}
    mix_published = any(value is not None for value in declared_mix.values())
    profiles = {}
    for profile in PROFILES:
        if mix_published:  # the published mix is complete on its own (14 + 18 + 9 = 41)
            value = declared_mix.get(profile)
            profiles[profile.value] = Figure(value or 0, PUBLISHED)
        else:
            count = getattr(cohort, f"n_{profile}")
            profiles[profile.value] = Figure(count, COMPUTED) if count else UNKNOWN
    challenges = _figure(cohort.declared_challenges, cohort.n_challenges)
    cofunded = _figure(cohort.declared_challenges_cofunded, cohort.n_cofunded)
    remarked = _figure(cohort.declared_challenges_remarked, cohort.n_remarked)
    unknown = UNKNOWN
    if challenges.known:
        rest = challenges.value - (cofunded.value or 0) - (remarked.value or 0)
        unknown = Figure(max(rest, 0), COMPUTED)
    return CohortStatistics(
        cohort=cohort,
        applications=_figure(cohort.declared_candidates, cohort.n_applications),
        preselected=_figure(None, cohort.n_preselected),
        auditioned=_figure(cohort.declared_auditioned, cohort.n_auditioned),
        laureates=_figure(cohort.declared_fellows, cohort.n_laureates or cohort.n_fellows),
        challenges=challenges,
        hosts=_figure(None, cohort.n_hosts),
        profiles=profiles,
        cofunded=cofunded,
        remarked=remarked,
        funding_unknown=unknown,
    )


def cohort_statistics() -> list[CohortStatistics]:
    return [cohort_statistics_of(cohort) for cohort in statistics_queryset()]


# Distribution of the défis (themes, ministries), per cohort ---------------------------


THEME = "theme"
MINISTRY = "ministere"
NOT_GIVEN = "Non renseigné"


def distribution_queryset() -> QuerySet:
    """(cohort_slug, dimension, category, challenges) rows: the public défis of each
    published cohort per theme and per ministry (the top of the host's
    hierarchy: a directorate counts for its ministry). One query (UNION ALL).
    """
    through = Challenge.themes.through.objects.filter(
        challenge__in=public_challenges().values("pk")
    )
    themes = (
        through.order_by()
        .values(cohort_slug=F("challenge__cohort__slug"), category=F("theme__name"))
        .annotate(dimension=Value(THEME, output_field=CharField()), challenges=Count("pk"))
        .values("cohort_slug", "dimension", "category", "challenges")
    )
    top = Coalesce(
        NullIf(F("organization__parent__parent__name"), Value("")),
        NullIf(F("organization__parent__name"), Value("")),
        NullIf(F("organization__name"), Value("")),
        NullIf(F("organization_label"), Value("")),
        Value(NOT_GIVEN),
        output_field=CharField(),
    )
    ministries = (
        public_challenges()
        .order_by()
        .values(cohort_slug=F("cohort__slug"), category=top)
        .annotate(dimension=Value(MINISTRY, output_field=CharField()), challenges=Count("pk"))
        .values("cohort_slug", "dimension", "category", "challenges")
    )
    return themes.union(ministries, all=True).order_by("dimension", "cohort_slug", "category")


@dataclass(frozen=True)
class Distribution:
    dimension: str
    rows: list[tuple[str, int]]  # (category, défis), most first
    by_cohort: dict[str, Counter]


def distributions(*, limit: int = 15) -> dict[str, Distribution]:
    """Défis per theme and per ministry over all cohorts, the smallest grouped
    under "Autres" beyond `limit` categories."""
    totals: dict[str, Counter] = {THEME: Counter(), MINISTRY: Counter()}
    by_cohort: dict[str, dict[str, Counter]] = {THEME: {}, MINISTRY: {}}
    for row in distribution_queryset():
        dimension, category, n = row["dimension"], row["category"], row["challenges"]
        totals[dimension][category] += n
        by_cohort[dimension].setdefault(row["cohort_slug"], Counter())[category] += n
    result = {}
    for dimension, counter in totals.items():
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        if len(ranked) > limit:
            others = sum(n for _category, n in ranked[limit - 1 :])
            label = _("Autres (%(n)s)") % {"n": len(ranked) - limit + 1}
            ranked = [*ranked[: limit - 1], (str(label), others)]
        result[dimension] = Distribution(dimension, ranked, by_cohort[dimension])
    return result


# The page: each chart with the table of its figures ------------------------------------


@dataclass(frozen=True)
class Block:
    """A chart, its SVG and the same figures as table rows (None: not known)."""

    chart: BarChart
    svg: str
    row_header: str
    rows: list[tuple[str, list[Figure]]]


def _block(
    *, id: str, title: str, description: str, row_header: str, series, rows, unknown=None
) -> Block:
    chart = BarChart(
        id=id,
        title=str(title),
        description=str(description),
        categories=[label for label, _figures in rows],
        series=[Series(key, str(label)) for key, label in series],
        values=[[figure.value for figure in figures] for _label, figures in rows],
        unknown_label=str(unknown or _("non renseigné")),
    )
    return Block(chart=chart, svg=render_svg(chart), row_header=str(row_header), rows=rows)


def statistics_blocks() -> list[Block]:
    """The charts of /statistiques/, from the figures of `cohort_statistics()`
    and `distributions()` (three queries)."""
    cohorts = cohort_statistics()
    spread = distributions()
    blocks = [
        _block(
            id="entonnoir",
            title=_("De la candidature à la promotion"),
            description=_(
                "Pour chaque promotion : candidatures reçues, personnes présélectionnées, "
                "auditionnées puis lauréates."
            ),
            row_header=_("Promotion"),
            series=[(key, label) for key, label, _figure in cohorts[0].funnel] if cohorts else [],
            unknown=_("non publié"),
            rows=[(s.cohort.name, [f for _k, _l, f in s.funnel]) for s in cohorts],
        ),
    ]
    profile_labels = dict(Profile.choices)
    used = [
        profile.value
        for profile in PROFILES
        if any(s.profiles[profile.value].value for s in cohorts)
    ]
    blocks.append(
        _block(
            id="profils",
            title=_("Profils des EIG"),
            description=_("Pour chaque promotion : nombre d'EIG par profil."),
            row_header=_("Promotion"),
            series=[(profile, profile_labels[profile]) for profile in used],
            rows=[(s.cohort.name, [s.profiles[p] for p in used]) for s in cohorts],
        )
    )
    blocks.append(
        _block(
            id="administrations",
            title=_("Défis et administrations d'accueil"),
            description=_(
                "Pour chaque promotion : nombre de défis et nombre d'administrations qui les "
                "accueillent."
            ),
            row_header=_("Promotion"),
            series=[("challenges", _("Défis")), ("hosts", _("Administrations d'accueil"))],
            rows=[(s.cohort.name, [s.challenges, s.hosts]) for s in cohorts],
        )
    )
    for dimension, id, title, description, header in (
        (
            MINISTRY,
            "ministeres",
            _("Défis par ministère"),
            _(
                "Nombre de défis de toutes les promotions par ministère (ou administration "
                "de rattachement, pour celles qui n'en dépendent pas)."
            ),
            _("Ministère ou administration"),
        ),
        (
            THEME,
            "themes",
            _("Défis par thème"),
            _(
                "Nombre de défis de toutes les promotions par thème (un défi peut en avoir "
                "plusieurs)."
            ),
            _("Thème"),
        ),
    ):
        blocks.append(
            _block(
                id=id,
                title=title,
                description=description,
                row_header=header,
                series=[("challenges", _("Défis"))],
                rows=[(category, [Figure(n, COMPUTED)]) for category, n in spread[dimension].rows],
            )
        )
    blocks.append(
        _block(
            id="financement",
            title=_("Financement des défis"),
            description=_(
                "Pour chaque promotion : défis cofinancés par le fonds (70 %), défis remarqués "
                "financés par leur administration, et défis dont le financement n'est pas "
                "renseigné."
            ),
            row_header=_("Promotion"),
            series=[
                ("cofunded", _("Cofinancés par le fonds")),
                ("remarked", _("Financés par l'administration")),
                ("unknown", _("Non renseigné")),
            ],
            rows=[(s.cohort.name, [s.cofunded, s.remarked, s.funding_unknown]) for s in cohorts],
        )
    )
    return blocks
