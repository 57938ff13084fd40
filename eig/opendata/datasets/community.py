"""The datasets of the community: EIG (public profiles), events, posts."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from eig.cohorts.models import Cohort, Profile
from eig.content.models import Language
from eig.events.models import EventKind
from eig.opendata import selectors
from eig.opendata.datasets.base import (
    URL,
    Dataset,
    Field,
    _attr,
    _challenge_key,
    _fk,
    _link,
    _slug_or_none,
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
