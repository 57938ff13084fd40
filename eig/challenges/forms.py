from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

from eig.challenges.selectors import (
    catalogue_cohorts,
    catalogue_organizations,
    catalogue_themes,
    organization_by_slug,
)
from eig.cohorts.models import Profile

# Up to this many host administrations, the filter is a list to choose from;
# beyond it (a programme many times the real one), a search field: the page
# stays light whatever the number of administrations.
MAX_ADMINISTRATION_CHOICES = 150


class ChallengeFilterForm(DsfrBaseForm):
    """The catalogue's filters (GET): every field is optional, a bad value is ignored."""

    q = forms.CharField(
        label=_("Rechercher un défi"),
        help_text=_("Un ou plusieurs mots ; les accents et les majuscules sont ignorés."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    promotion = forms.ModelChoiceField(
        label=_("Promotion"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les promotions"),
    )
    theme = forms.ModelChoiceField(
        label=_("Thème"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les thèmes"),
    )
    administration = forms.ModelChoiceField(
        label=_("Administration"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les administrations"),
    )
    profil = forms.ChoiceField(label=_("Profil recherché"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promotion"].queryset = catalogue_cohorts()
        self.fields["theme"].queryset = catalogue_themes()
        organizations = list(catalogue_organizations()[: MAX_ADMINISTRATION_CHOICES + 1])
        if len(organizations) <= MAX_ADMINISTRATION_CHOICES:
            self.fields["administration"].queryset = catalogue_organizations()
        else:
            self.fields["administration"] = forms.CharField(
                label=_("Administration"),
                help_text=_("Son nom ou son sigle ; les accents et les majuscules sont ignorés."),
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"type": "search"}),
            )
            # the base form dressed the fields it had: dress this one too
            self._bound_fields_cache.pop("administration", None)
            dsfr_input_class_attr(self["administration"])
        self.fields["profil"].choices = [("", _("Tous les profils")), *Profile.choices]

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of `challenge_catalogue`."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        organization, organization_query = data.get("administration"), ""
        if isinstance(organization, str):
            # the search field: a link's slug names one administration, else words
            found = organization_by_slug(organization) if organization else None
            organization, organization_query = (found, "") if found else (None, organization)
        return {
            "query": data.get("q") or "",
            "cohort": data.get("promotion"),
            "theme": data.get("theme"),
            "organization": organization,
            "organization_query": organization_query,
            "profile": data.get("profil") or "",
        }
