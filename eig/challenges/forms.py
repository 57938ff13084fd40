from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.challenges.selectors import catalogue_cohorts, catalogue_organizations, catalogue_themes
from eig.cohorts.models import Profile


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
        self.fields["administration"].queryset = catalogue_organizations()
        self.fields["profil"].choices = [("", _("Tous les profils")), *Profile.choices]

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of `challenge_catalogue`."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "cohort": data.get("promotion"),
            "theme": data.get("theme"),
            "organization": data.get("administration"),
            "profile": data.get("profil") or "",
        }
