from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.challenges.models import Challenge
from eig.cohortlife.models import (
    ChecklistTemplateItem,
    Contract,
    OutcomeLinkKind,
    OutcomeStatus,
)
from eig.organizations.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ContractForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "starts_on",
            "ends_on",
            "monthly_net_pay",
            "employer",
            "challenge",
            "signed_on",
            "notes",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "signed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Organization.objects.order_by("name")
        self.fields["challenge"].queryset = Challenge.objects.filter(
            cohort=self.instance.cohort_id
        ).order_by("title")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("La fin du contrat doit être postérieure à son début."))
        return data


class AccountLinkForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Adresse e-mail de l'EIG"),
        help_text=_(
            "Un compte avec le rôle EIG est créé si besoin, et la personne reçoit une invitation."
        ),
    )


class ChecklistTemplateItemForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = ChecklistTemplateItem
        fields = ["title", "description", "responsible", "due_days"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class AttendanceForm(DsfrBaseForm):
    """Who came, among the people expected (checkboxes: nothing needs JavaScript)."""

    fellows = forms.MultipleChoiceField(
        label=_("EIG présent·es"), required=False, widget=forms.CheckboxSelectMultiple
    )
    mentors = forms.MultipleChoiceField(
        label=_("Mentors présent·es"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, fellows, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fellows"].choices = [(str(f.pk), f.name) for f in fellows]
        self.fields["mentors"].choices = [(str(m.pk), m.name) for m in mentors]
        if not mentors:
            del self.fields["mentors"]


def _parse_links(text: str) -> list[tuple[str, str]]:
    """One link per line: "Intitulé | https://…" or the address alone."""
    validate = URLValidator(schemes=["http", "https"])
    links = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
        title, url = title.strip(), url.strip()
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                _("Ligne %(n)s : « %(url)s » n'est pas une adresse web (http ou https).")
                % {"n": number, "url": url}
            ) from None
        links.append((title[:200] or url[:200], url))
    return links


class OutcomeForm(DsfrBaseForm):
    status = forms.ChoiceField(
        label=_("Statut"), choices=OutcomeStatus.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Ce que le défi a livré"),
        help_text=_("Quelques phrases, en Markdown."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    links = forms.CharField(
        label=_("Liens"),
        help_text=_("Un lien par ligne : « Intitulé | https://… » ou l'adresse seule."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    repositories = forms.CharField(
        label=_("Dépôts de code source"),
        help_text=_("Un dépôt par ligne : « Intitulé | https://… » ou l'adresse seule."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    is_published = forms.BooleanField(
        label=_("Publier sur la page du défi"), required=False, initial=True
    )

    def clean_links(self):
        return _parse_links(self.cleaned_data["links"])

    def clean_repositories(self):
        return _parse_links(self.cleaned_data["repositories"])

    def link_rows(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"kind": OutcomeLinkKind.LINK, "title": title, "url": url}
            for title, url in data["links"]
        ] + [
            {"kind": OutcomeLinkKind.REPOSITORY, "title": title, "url": url}
            for title, url in data["repositories"]
        ]

    @staticmethod
    def initial_from(outcome) -> dict:
        if outcome is None:
            return {"is_published": True}

        def lines(kind):
            return "\n".join(
                f"{link.title} | {link.url}" for link in outcome.links.all() if link.kind == kind
            )

        return {
            "status": outcome.status,
            "summary": outcome.summary,
            "links": lines(OutcomeLinkKind.LINK),
            "repositories": lines(OutcomeLinkKind.REPOSITORY),
            "is_published": outcome.is_published,
        }


class AlumniForm(DsfrBaseForm):
    is_public = forms.BooleanField(
        label=_("Publier mon profil sur le site (annuaire des EIG et des ancien·nes)"),
        required=False,
    )
    next_steps = forms.CharField(
        label=_("Et après ?"),
        help_text=_("Ce que vous avez fait après le programme (Markdown), si vous le souhaitez."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
