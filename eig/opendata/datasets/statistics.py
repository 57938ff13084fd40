"""The statistics datasets: the figures of /statistiques/ (eig/cohortlife/stats.py)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eig.cohortlife import stats
from eig.opendata.datasets.base import Dataset, Field, _attr, _fk

SOURCES = [stats.PUBLISHED, stats.COMPUTED]


def _statistics_of(cohort) -> stats.CohortStatistics:
    """Computed once per row (no query): the row carries every count."""
    if not hasattr(cohort, "_statistics"):
        cohort._statistics = stats.cohort_statistics_of(cohort)
    return cohort._statistics


def _figure_fields(name: str, title, description, get) -> list[Field]:
    return [
        Field(
            name,
            title,
            description,
            lambda c, ctx: get(_statistics_of(c)).value,
            "integer",
        ),
        Field(
            f"{name}_source",
            format_lazy(_("Source : {}"), title),
            _(
                "« publié » : chiffre publié par le programme ; « calculé » : compté à partir "
                "des données du site ; vide : inconnu."
            ),
            lambda c, ctx: get(_statistics_of(c)).source or None,
            enum=SOURCES,
        ),
    ]


STATISTICS = Dataset(
    name="statistiques",
    title=_("Statistiques par promotion"),
    description=_(
        "Les chiffres de la page Statistiques : candidatures, présélection, auditions, "
        "lauréat·es, défis, administrations d'accueil, profils et financement, par promotion."
    ),
    queryset=stats.statistics_queryset,
    primary_key=["cohort"],
    foreign_keys=[_fk("cohort", "promotions")],
    fields=[
        Field(
            "cohort",
            _("Promotion"),
            _("Identifiant de la promotion (fichier promotions)."),
            _attr("slug"),
            required=True,
            unique=True,
        ),
        Field("year", _("Année"), _("Année de la promotion."), _attr("year"), "integer"),
        *_figure_fields(
            "applications",
            _("Candidatures"),
            _("Candidatures reçues."),
            lambda s: s.applications,
        ),
        *_figure_fields(
            "preselected",
            _("Présélectionné·es"),
            _("Candidat·es présélectionné·es."),
            lambda s: s.preselected,
        ),
        *_figure_fields(
            "auditioned",
            _("Auditionné·es"),
            _("Candidat·es auditionné·es."),
            lambda s: s.auditioned,
        ),
        *_figure_fields(
            "laureates", _("Lauréat·es"), _("EIG de la promotion."), lambda s: s.laureates
        ),
        *_figure_fields(
            "challenges", _("Défis"), _("Défis de la promotion."), lambda s: s.challenges
        ),
        *_figure_fields(
            "hosts",
            _("Administrations d'accueil"),
            _("Administrations distinctes qui accueillent les défis publiés."),
            lambda s: s.hosts,
        ),
        *[
            field
            for profile in stats.PROFILES
            for field in _figure_fields(
                f"profile_{profile.value}",
                profile.label,
                _("EIG de ce profil."),
                lambda s, p=profile.value: s.profiles[p],
            )
        ],
        *_figure_fields(
            "challenges_cofunded",
            _("Défis cofinancés"),
            _("Défis cofinancés par le fonds (70 %)."),
            lambda s: s.cofunded,
        ),
        *_figure_fields(
            "challenges_remarked",
            _("Défis remarqués"),
            _("Défis remarqués, financés par leur administration."),
            lambda s: s.remarked,
        ),
        *_figure_fields(
            "challenges_funding_unknown",
            _("Financement non renseigné"),
            _("Défis dont le financement n'est pas renseigné."),
            lambda s: s.funding_unknown,
        ),
    ],
)


STATISTICS_SPREAD = Dataset(
    name="statistiques-repartition",
    title=_("Répartition des défis par thème et par ministère"),
    description=_(
        "Pour chaque promotion, le nombre de défis publiés par thème et par ministère (ou "
        "administration de rattachement) : les chiffres des graphiques de la page Statistiques."
    ),
    queryset=stats.distribution_queryset,
    primary_key=["cohort", "dimension", "category"],
    foreign_keys=[_fk("cohort", "promotions")],
    fields=[
        Field(
            "cohort",
            _("Promotion"),
            _("Identifiant de la promotion (fichier promotions)."),
            lambda row, ctx: row["cohort_slug"],
            required=True,
        ),
        Field(
            "dimension",
            _("Répartition"),
            _("« theme » : par thème ; « ministere » : par ministère ou administration."),
            lambda row, ctx: row["dimension"],
            required=True,
            enum=[stats.THEME, stats.MINISTRY],
        ),
        Field(
            "category",
            _("Catégorie"),
            _("Le thème, ou le ministère (ou l'administration sans ministère de rattachement)."),
            lambda row, ctx: row["category"],
            required=True,
        ),
        Field(
            "challenges",
            _("Défis"),
            _("Nombre de défis publiés."),
            lambda row, ctx: row["challenges"],
            "integer",
            required=True,
        ),
    ],
)
