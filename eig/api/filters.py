"""Query-string filters of the API, the same as the défis catalogue's.

Unknown slugs give an empty list; a value outside a fixed list (profile,
kind, language) is refused with a 400 naming the parameter; an empty value
means no filter, as in an HTML form.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from eig.challenges.models import Challenge
from eig.cohorts.models import Fellow, Profile
from eig.content.models import Language, Post
from eig.events.models import Event, EventKind
from eig.organizations.models import Organization, OrganizationKind


@extend_schema_field(
    {
        "anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 0}],
        "description": "Année du défi (vide : pas de filtre).",
    }
)
class YearFilter(django_filters.NumberFilter):
    """A year, as an integer; the empty value means no filter."""

    field_class = forms.IntegerField


# As the HTML catalogue's search (eig/challenges/forms.py): no slug is longer,
# and a query of a thousand words would build a thousand conditions.
MAX_TEXT_LENGTH = 200


class _TextField(forms.CharField):
    """Drops NUL characters: no slug or word holds one, and PostgreSQL refuses them.
    At most `MAX_TEXT_LENGTH` characters (a 400 in French, naming the parameter)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        super().__init__(*args, **kwargs)
        self.error_messages["max_length"] = _(
            "Au plus %(limit_value)d caractères (%(show_value)d reçus)."
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return super().to_python(value)


@extend_schema_field({"type": "string", "maxLength": MAX_TEXT_LENGTH})
class TextFilter(django_filters.CharFilter):
    field_class = _TextField


def or_all(choices) -> list[tuple[str, str]]:
    """The choices plus the empty value, which means "no filter" (documented so)."""
    return [("", "tous (pas de filtre)"), *choices]


class ChallengeFilter(django_filters.FilterSet):
    cohort = TextFilter(field_name="cohort__slug", help_text="Identifiant (slug) de la promotion.")
    year = YearFilter(field_name="year")
    theme = TextFilter(field_name="themes__slug", help_text="Identifiant (slug) d'un thème.")
    organization = TextFilter(
        method="filter_organization",
        help_text=(
            "Identifiant (slug) de l'administration d'accueil ; pour un ministère, "
            "inclut les défis de ses directions et établissements."
        ),
    )
    profile = django_filters.ChoiceFilter(
        choices=or_all(Profile.choices),
        method="filter_profile",
        help_text="Profil recherché par le défi (via ses compétences).",
    )
    q = TextFilter(
        method="filter_search",
        help_text="Recherche plein texte (accents et casse ignorés) : tous les mots y sont.",
    )

    class Meta:
        model = Challenge
        fields: list[str] = []

    def filter_organization(self, queryset, name, value):
        return queryset.filter(
            Q(organization__slug=value)
            | Q(organization__parent__slug=value)
            | Q(organization__parent__parent__slug=value)
        )

    def filter_profile(self, queryset, name, value):
        wanted = Challenge.skills.through.objects.filter(
            challenge=OuterRef("pk"), skill__profile=value
        )
        return queryset.filter(Exists(wanted))

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class FellowFilter(django_filters.FilterSet):
    cohort = TextFilter(field_name="cohorts__slug", help_text="Identifiant (slug) de la promotion.")
    profile = django_filters.ChoiceFilter(
        choices=or_all(Profile.choices), help_text="Profil de l'EIG."
    )

    class Meta:
        model = Fellow
        fields: list[str] = []


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=or_all(OrganizationKind.choices), help_text="Type d'administration."
    )
    parent = TextFilter(
        field_name="parent__slug", help_text="Identifiant (slug) du ministère de rattachement."
    )

    class Meta:
        model = Organization
        fields: list[str] = []


class PostFilter(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(choices=or_all(Language.choices), help_text="Langue.")

    class Meta:
        model = Post
        fields: list[str] = []


class EventFilter(django_filters.FilterSet):
    cohort = TextFilter(field_name="cohort__slug", help_text="Identifiant (slug) de la promotion.")
    kind = django_filters.ChoiceFilter(
        choices=or_all(EventKind.choices), help_text="Type d'événement."
    )

    class Meta:
        model = Event
        fields: list[str] = []
