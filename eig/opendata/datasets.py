"""The open datasets, each described once: its Table Schema and its rows.

A `Dataset` lists its `Field`s in column order; the same list gives the
Table Schema (frictionless format, as used by schema.data.gouv.fr), the CSV
header and cells, and the JSON records. Values are plain Python: `None` for
a missing value, lists for multi-valued cells (joined by `;` in CSV). Every
link is absolute (`Context.url`, `_link`): a stored path of this site becomes
an address on this site.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Funding
from eig.cohortlife import stats
from eig.cohorts.models import Cohort, Profile
from eig.content.models import Language
from eig.core.links import absolute_link
from eig.events.models import EventKind
from eig.opendata import selectors
from eig.opendata.public import mask_emails, page_path
from eig.organizations.models import OrganizationKind

LIST_SEPARATOR = ";"
CHUNK_SIZE = 2000
LICENSE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
}


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    description: str
    get: Callable[[Any, "Context"], Any]
    type: str = "string"
    format: str | None = None
    required: bool = False
    unique: bool = False
    enum: list[str] | None = None
    many: bool = False  # a list of values, one cell joined by LIST_SEPARATOR
    example: str | None = None

    def schema(self) -> dict:
        description = str(self.description)
        if self.many:
            description += f" Valeurs multiples séparées par « {LIST_SEPARATOR} »."
        spec: dict[str, Any] = {
            "name": self.name,
            "title": str(self.title),
            "description": description,
            "type": self.type,
        }
        if self.format:
            spec["format"] = self.format
        if self.example:
            spec["example"] = self.example
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = self.enum
        if constraints:
            spec["constraints"] = constraints
        return spec


@dataclass(frozen=True)
class Context:
    """What a row needs besides its object: the request, for absolute links."""

    request: Any

    def url(self, path: str | None) -> str | None:
        return absolute_link(path, self.request) or None


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: list[Field]
    queryset: Callable[[], QuerySet]
    primary_key: list[str]
    foreign_keys: list[dict] = field(default_factory=list)

    def count(self) -> int:
        return self.queryset().count()

    def records(self, context: Context) -> Iterator[dict[str, Any]]:
        """The rows as dicts in column order, read in chunks (flat memory)."""
        for obj in self.queryset().iterator(chunk_size=CHUNK_SIZE):
            yield {f.name: clean(f.get(obj, context)) for f in self.fields}

    def table_schema(self, context: Context, *, references: bool = False) -> dict:
        """The Table Schema of the CSV.

        Foreign keys to other files are left out unless `references` is set
        (the data package): a lone CSV must validate against its own schema,
        and a validator given one file cannot look into another.
        """
        schema: dict[str, Any] = {
            "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
            "name": f"eig-{self.name}",
            "title": str(self.title),
            "description": str(self.description),
            "countryCode": "FR",
            "homepage": context.url(reverse("opendata:index")),
            "path": context.url(reverse("opendata:schema", kwargs={"name": self.name})),
            "licenses": [LICENSE],
            "version": "1.0.0",
            "missingValues": [""],
            "fields": [f.schema() for f in self.fields],
            "primaryKey": self.primary_key,
        }
        foreign_keys = [
            fk for fk in self.foreign_keys if references or fk["reference"]["resource"] == ""
        ]
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        return schema


def data_package(context: Context) -> dict:
    """Every dataset as one Data Package, with the references between files."""
    return {
        "name": "eig",
        "title": str(_("Données ouvertes du programme Entrepreneurs d'intérêt général")),
        "homepage": context.url(reverse("opendata:index")),
        "licenses": [LICENSE],
        "resources": [
            {
                "name": dataset.name,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": context.url(reverse("opendata:csv", kwargs={"name": dataset.name})),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": dataset.table_schema(context, references=True),
            }
            for dataset in DATASETS.values()
        ],
    }


def clean(value: Any) -> Any:
    """Mask e-mail addresses in every piece of text that leaves the site."""
    if isinstance(value, str):
        return mask_emails(value) or None
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(csv_cell(item) for item in value)
    if isinstance(value, datetime.datetime):
        return json_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _attr(name: str) -> Callable[[Any, Context], Any]:
    return lambda obj, ctx: getattr(obj, name)


def _link(name: str) -> Callable[[Any, Context], Any]:
    """The link stored in (or computed by) attribute `name`, absolute."""
    return lambda obj, ctx: ctx.url(getattr(obj, name))


def _page_url(obj, ctx: Context) -> str | None:
    return ctx.url(page_path(obj))


def _challenge_key(challenge) -> str:
    return f"{challenge.year}/{challenge.slug}"


def _slug_or_none(obj) -> str | None:
    return obj.slug if obj is not None else None


def _fk(field_name: str, resource: str, target: str = "slug") -> dict:
    """A foreign key to another dataset ("" is the dataset itself)."""
    return {"fields": field_name, "reference": {"resource": resource, "fields": target}}


URL = Field(
    "url",
    _("Adresse"),
    _("Adresse de la page publique sur le site du programme."),
    _page_url,
    format="uri",
)


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


# -- EIG (profils publics) ----------------------------------------------------


def _fellow_rows() -> QuerySet:
    return (
        selectors.public_fellows()
        .prefetch_related(
            Prefetch(
                "cohorts",
                queryset=selectors.public_cohorts().order_by("year", "slug"),
                to_attr="public_cohorts",
            ),
            Prefetch(
                "challenges",
                queryset=selectors.public_challenges().order_by("year", "slug"),
                to_attr="public_challenges",
            ),
        )
        .order_by("slug", "pk")
    )


FELLOWS = Dataset(
    name="eig",
    title=_("EIG (profils publics)"),
    description=_(
        "Les entrepreneur·es d'intérêt général qui ont accepté que leur profil soit publié : "
        "profil, promotions, défis et liens publics. Aucune donnée de contact."
    ),
    queryset=_fellow_rows,
    primary_key=["slug"],
    fields=[
        Field(
            "slug",
            _("Identifiant"),
            _("Identifiant du profil."),
            _attr("slug"),
            required=True,
            unique=True,
        ),
        Field("name", _("Nom"), _("Nom."), _attr("name"), required=True),
        Field(
            "profile",
            _("Profil"),
            _("developer, designer, data_scientist ou data_engineer."),
            _attr("profile"),
            enum=list(Profile.values),
        ),
        Field(
            "profile_label",
            _("Intitulé du profil"),
            _("Intitulé tel que publié."),
            _attr("profile_label"),
        ),
        Field(
            "cohorts",
            _("Promotions"),
            _("Identifiants des promotions (fichier promotions)."),
            lambda f, ctx: [c.slug for c in f.public_cohorts],
            many=True,
        ),
        Field(
            "challenges",
            _("Défis"),
            _("Défis de la personne, sous la forme année/identifiant (fichier defis)."),
            lambda f, ctx: [_challenge_key(c) for c in f.public_challenges],
            many=True,
        ),
        Field("github", "GitHub", _("Compte GitHub."), _link("github_url"), format="uri"),
        Field("gitlab", "GitLab", _("Compte GitLab."), _link("gitlab_url"), format="uri"),
        Field("linkedin", "LinkedIn", _("Profil LinkedIn."), _link("linkedin"), format="uri"),
        Field("twitter", "Twitter", _("Compte Twitter."), _link("twitter_url"), format="uri"),
        Field("website", _("Site web"), _("Site personnel."), _link("website"), format="uri"),
        Field("photo", _("Photo"), _("Photo."), _link("photo_url"), format="uri"),
        URL,
    ],
)


# -- événements ---------------------------------------------------------------


def _event_rows() -> QuerySet:
    return (
        selectors.public_events()
        .select_related("cohort")
        .prefetch_related(
            Prefetch(
                "challenges",
                queryset=selectors.public_challenges().order_by("year", "slug"),
                to_attr="public_challenges",
            )
        )
        .order_by("starts_at", "slug", "pk")
    )


def _public_cohort(cohort: Cohort | None) -> str | None:
    return cohort.slug if cohort is not None and cohort.is_published else None


EVENTS = Dataset(
    name="evenements",
    title=_("Événements"),
    description=_(
        "Les événements publiés du programme : sessions d'information, webinaires, "
        "rencontres, restitutions. Heures en heure de Paris, avec leur décalage."
    ),
    queryset=_event_rows,
    primary_key=["slug"],
    foreign_keys=[_fk("cohort", "promotions")],
    fields=[
        Field(
            "slug",
            _("Identifiant"),
            _("Identifiant de l'événement."),
            _attr("slug"),
            required=True,
            unique=True,
        ),
        Field("title", _("Titre"), _("Titre."), _attr("title"), required=True),
        Field(
            "kind",
            _("Type"),
            _("Type d'événement."),
            _attr("kind"),
            required=True,
            enum=list(EventKind.values),
        ),
        Field(
            "starts_at",
            _("Début"),
            _("Date et heure de début (ISO 8601)."),
            _attr("starts_at"),
            "datetime",
            required=True,
        ),
        Field(
            "ends_at", _("Fin"), _("Date et heure de fin (ISO 8601)."), _attr("ends_at"), "datetime"
        ),
        Field("location", _("Lieu"), _("Lieu."), _attr("location")),
        Field(
            "is_online",
            _("En ligne"),
            _("L'événement a lieu en ligne."),
            _attr("is_online"),
            "boolean",
            required=True,
        ),
        Field("theme", _("Thème"), _("Thème."), _attr("theme")),
        Field("description", _("Description"), _("Description (Markdown)."), _attr("description")),
        Field(
            "cohort",
            _("Promotion"),
            _("Identifiant de la promotion concernée (fichier promotions)."),
            lambda e, ctx: _public_cohort(e.cohort),
        ),
        Field(
            "challenges",
            _("Défis présentés"),
            _("Défis présentés, sous la forme année/identifiant (fichier defis)."),
            lambda e, ctx: [_challenge_key(c) for c in e.public_challenges],
            many=True,
        ),
        Field(
            "registration_url",
            _("Inscription"),
            _("Lien d'inscription."),
            _link("registration_url"),
            format="uri",
        ),
        Field(
            "replay_url",
            _("Rediffusion"),
            _("Lien de rediffusion."),
            _link("replay_url"),
            format="uri",
        ),
        Field("capacity", _("Places"), _("Nombre de places."), _attr("capacity"), "integer"),
        URL,
    ],
)


# -- actualités ---------------------------------------------------------------


POSTS = Dataset(
    name="actualites",
    title=_("Actualités"),
    description=_(
        "Les actualités et communiqués publiés sur le site, en français et en anglais "
        "(titre, date, résumé, catégories, adresse)."
    ),
    queryset=lambda: (
        selectors.public_posts()
        .select_related("translation_of")
        .order_by("published_at", "language", "slug", "pk")
    ),
    primary_key=["language", "slug"],
    fields=[
        Field(
            "language",
            _("Langue"),
            _("Langue de l'actualité."),
            _attr("language"),
            required=True,
            enum=list(Language.values),
        ),
        Field(
            "slug",
            _("Identifiant"),
            _("Identifiant, unique pour une langue."),
            _attr("slug"),
            required=True,
        ),
        Field("title", _("Titre"), _("Titre."), _attr("title"), required=True),
        Field(
            "published_at",
            _("Date de publication"),
            _("Date et heure de publication (ISO 8601)."),
            _attr("published_at"),
            "datetime",
            required=True,
        ),
        Field("author", _("Auteur·rice"), _("Auteur·rice."), _attr("author")),
        Field("description", _("Résumé"), _("Résumé."), _attr("description")),
        Field(
            "categories",
            _("Catégories"),
            _("Catégories."),
            lambda p, ctx: [str(c) for c in p.categories],
            many=True,
        ),
        Field(
            "tags",
            _("Mots-clés"),
            _("Mots-clés."),
            lambda p, ctx: [str(t) for t in p.tags],
            many=True,
        ),
        Field(
            "translation_of",
            _("Traduction de"),
            _("Identifiant de l'actualité française dont celle-ci est la traduction."),
            lambda p, ctx: _slug_or_none(p.translation_of),
        ),
        Field("image", _("Image"), _("Image principale."), _link("image"), format="uri"),
        URL,
    ],
)


# -- statistiques (the figures of /statistiques/, eig/cohortlife/stats.py) ------


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


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        COHORTS,
        CHALLENGES,
        ORGANIZATIONS,
        FELLOWS,
        EVENTS,
        POSTS,
        STATISTICS,
        STATISTICS_SPREAD,
    )
}
