"""The datasets of the programme: cohorts (promotions), défis, organisations."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Funding
from eig.opendata import selectors
from eig.opendata.datasets.base import URL, Dataset, Field, _attr, _fk, _link, _slug_or_none
from eig.organizations.models import OrganizationKind

# -- promotions ---------------------------------------------------------------


def _cohort_rows() -> QuerySet:
    return selectors.cohorts_with_counts().order_by("year", "number", "slug")


def _declared(name: str, title: str) -> Field:
    return Field(
        f"declared_{name}",
        title,
        _("Chiffre publié par le programme (communiqués, bilans)."),
        _attr(f"declared_{name}"),
        type="integer",
    )


COHORTS = Dataset(
    name="promotions",
    title=_("Promotions"),
    description=_(
        "Les promotions du programme Entrepreneurs d'intérêt général : dates, nombre de "
        "défis et d'EIG, chiffres publiés."
    ),
    queryset=_cohort_rows,
    primary_key=["slug"],
    fields=[
        Field(
            "slug",
            _("Identifiant"),
            _("Identifiant de la promotion, utilisé dans les autres fichiers."),
            _attr("slug"),
            required=True,
            unique=True,
            example="eig-4",
        ),
        Field("number", _("Numéro"), _("Numéro de la promotion."), _attr("number"), "integer"),
        Field("name", _("Nom"), _("Nom de la promotion."), _attr("name"), required=True),
        Field(
            "year", _("Année"), _("Année de la promotion."), _attr("year"), "integer", required=True
        ),
        Field(
            "programme",
            _("Programme"),
            _("Identifiant du programme (EIG, DIG…)."),
            lambda c, ctx: c.programme.slug,
            required=True,
        ),
        Field("starts_on", _("Début"), _("Date de début."), _attr("starts_on"), "date"),
        Field("ends_on", _("Fin"), _("Date de fin."), _attr("ends_on"), "date"),
        Field(
            "challenges_count",
            _("Défis publiés"),
            _("Nombre de défis de la promotion publiés sur le site."),
            _attr("challenges_count"),
            "integer",
            required=True,
        ),
        Field(
            "fellows_count",
            _("Profils publics d'EIG"),
            _("Nombre d'EIG de la promotion dont le profil est public."),
            _attr("fellows_count"),
            "integer",
            required=True,
        ),
        _declared("fellows", _("EIG (chiffre publié)")),
        _declared("challenges", _("Défis (chiffre publié)")),
        _declared("candidates", _("Candidatures (chiffre publié)")),
        _declared("developers", _("Développeur·euses (chiffre publié)")),
        _declared("designers", _("Designers (chiffre publié)")),
        _declared("data_scientists", _("Data scientists (chiffre publié)")),
        URL,
    ],
)


# -- défis --------------------------------------------------------------------


def _challenge_rows() -> QuerySet:
    from eig.cohorts.models import Fellow

    team = Fellow.challenges.through.objects.filter(fellow__is_public=True)
    return (
        selectors.public_challenges()
        .select_related("cohort", "organization")
        .prefetch_related("themes", "skills")
        .annotate(fellows_count=selectors.count_of(team, "challenge"))
        .order_by("year", "slug", "pk")
    )


CHALLENGES = Dataset(
    name="defis",
    title=_("Défis"),
    description=_(
        "Les défis publiés : problème proposé par une administration et relevé par une équipe "
        "d'EIG, avec sa promotion, son administration d'accueil, ses thèmes et compétences."
    ),
    queryset=_challenge_rows,
    primary_key=["year", "slug"],
    foreign_keys=[_fk("cohort", "promotions"), _fk("organization", "organisations")],
    fields=[
        Field("year", _("Année"), _("Année du défi."), _attr("year"), "integer", required=True),
        Field(
            "slug",
            _("Identifiant"),
            _("Identifiant du défi, unique pour une année."),
            _attr("slug"),
            required=True,
        ),
        Field("title", _("Titre"), _("Titre du défi."), _attr("title"), required=True),
        Field("pitch", _("Accroche"), _("Le défi en une phrase."), _attr("pitch")),
        Field(
            "cohort",
            _("Promotion"),
            _("Identifiant de la promotion (fichier promotions)."),
            lambda c, ctx: c.cohort.slug,
            required=True,
        ),
        Field(
            "organization",
            _("Administration d'accueil"),
            _("Identifiant de l'administration (fichier organisations)."),
            lambda c, ctx: _slug_or_none(c.organization),
        ),
        Field(
            "organization_name",
            _("Nom de l'administration"),
            _("Nom de l'administration d'accueil tel que publié."),
            lambda c, ctx: c.organization_label or (c.organization and c.organization.name),
        ),
        Field("town", _("Ville"), _("Lieu du défi."), _attr("town")),
        Field(
            "duration_months",
            _("Durée (mois)"),
            _("Durée du défi en mois."),
            _attr("duration_months"),
            "integer",
        ),
        Field(
            "funding",
            _("Financement"),
            _(
                "cofunded : sélectionné et cofinancé par le fonds ; remarked : remarqué, "
                "financé par l'administration."
            ),
            _attr("funding"),
            enum=[Funding.COFUNDED.value, Funding.REMARKED.value],
        ),
        Field(
            "themes",
            _("Thèmes"),
            _("Identifiants des thèmes."),
            lambda c, ctx: [t.slug for t in c.themes.all()],
            many=True,
        ),
        Field(
            "skills",
            _("Compétences"),
            _("Codes des compétences recherchées."),
            lambda c, ctx: [s.code for s in c.skills.all()],
            many=True,
        ),
        Field(
            "fellows_count",
            _("EIG (profils publics)"),
            _("Nombre d'EIG de l'équipe dont le profil est public."),
            _attr("fellows_count"),
            "integer",
            required=True,
        ),
        Field("website", _("Site du projet"), _("Site du projet."), _link("website"), format="uri"),
        Field("image", _("Image"), _("Image du défi."), _link("image"), format="uri"),
        Field(
            "is_startup_detat",
            _("Startup d'État"),
            _("Le défi a donné naissance à une startup d'État."),
            _attr("is_startup_detat"),
            "boolean",
            required=True,
        ),
        Field(
            "startup_detat_url",
            _("Page de la startup d'État"),
            _("Page de la startup d'État."),
            _link("startup_detat_url"),
            format="uri",
        ),
        URL,
    ],
)


# -- organisations ------------------------------------------------------------


ORGANIZATIONS = Dataset(
    name="organisations",
    title=_("Administrations"),
    description=_(
        "Les administrations qui accueillent des défis publiés, et les ministères dont elles "
        "relèvent."
    ),
    queryset=lambda: selectors.organizations_with_counts().order_by("slug", "pk"),
    primary_key=["slug"],
    foreign_keys=[_fk("parent", "")],
    fields=[
        Field(
            "slug",
            _("Identifiant"),
            _("Identifiant de l'administration, utilisé dans les autres fichiers."),
            _attr("slug"),
            required=True,
            unique=True,
        ),
        Field("name", _("Nom"), _("Nom de l'administration."), _attr("name"), required=True),
        Field("acronym", _("Sigle"), _("Sigle."), _attr("acronym")),
        Field(
            "kind",
            _("Type"),
            _("ministry, directorate, agency, independent ou other."),
            _attr("kind"),
            required=True,
            enum=list(OrganizationKind.values),
        ),
        Field(
            "parent",
            _("Ministère de rattachement"),
            _("Identifiant de l'administration de rattachement (dans ce fichier)."),
            lambda o, ctx: _slug_or_none(o.parent),
        ),
        Field(
            "website",
            _("Site web"),
            _("Site de l'administration."),
            _link("website"),
            format="uri",
        ),
        Field(
            "challenges_count",
            _("Défis publiés"),
            _("Nombre de défis publiés accueillis par l'administration elle-même."),
            _attr("challenges_count"),
            "integer",
            required=True,
        ),
    ],
)
