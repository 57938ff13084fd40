from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.cohorts.models import Cohort, Profile


class FellowFilterForm(DsfrBaseForm):
    """The filters of the fellows' directory (GET); a bad value is ignored."""

    promotion = forms.ModelChoiceField(
        label=_("Promotion"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les promotions"),
    )
    profil = forms.ChoiceField(label=_("Profil"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promotion"].queryset = Cohort.objects.published().order_by("-year", "slug")
        self.fields["profil"].choices = [("", _("Tous les profils")), *Profile.choices]

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"cohort": data.get("promotion"), "profile": data.get("profil") or ""}
