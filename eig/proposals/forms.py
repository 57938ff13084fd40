from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from dsfr.widgets import InlineRadioSelect

from eig.accounts.forms import OrganizationChoiceField
from eig.accounts.selectors import jury_members
from eig.cohorts.models import Cohort
from eig.proposals.models import (
    CRITERION_HELP,
    PROPOSAL_MENTOR_KINDS,
    SCORE_MAX,
    SCORE_MIN,
    Criterion,
    Proposal,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


class ParisDateTimeField(forms.DateTimeField):
    """A date and time to the second, typed in Europe/Paris time."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": "1"}, format=DATETIME_FORMAT
    )
    input_formats = [DATETIME_FORMAT, "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]


class CallForm(DsfrBaseForm):
    cohort = forms.ModelChoiceField(label=_("Promotion"), queryset=Cohort.objects.all())
    title = forms.CharField(label=_("Titre"), max_length=300)
    opens_at = ParisDateTimeField(label=_("Ouverture"), help_text=_("Heure de Paris."))
    closes_at = ParisDateTimeField(
        label=_("Clôture"),
        help_text=_(
            "Heure de Paris, à la seconde : les dépôts sont refusés à partir de cet instant."
        ),
    )
    description = forms.CharField(
        label=_("Présentation (Markdown)"), widget=forms.Textarea, required=False
    )
    meeting_starts_at = ParisDateTimeField(
        label=_("Réunion d'information : date et heure"), required=False
    )
    meeting_location = forms.CharField(
        label=_("Réunion d'information : lieu"), max_length=300, required=False
    )
    meeting_is_online = forms.BooleanField(
        label=_("La réunion d'information a lieu en ligne"), required=False
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["cohort"]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("La clôture doit être postérieure à l'ouverture."))
        return data

    @classmethod
    def initial_from(cls, call) -> dict:
        event = call.information_event
        return {
            "title": call.title,
            "opens_at": timezone.localtime(call.opens_at),
            "closes_at": timezone.localtime(call.closes_at),
            "description": call.description,
            "meeting_starts_at": timezone.localtime(event.starts_at) if event else None,
            "meeting_location": event.location if event else "",
            "meeting_is_online": event.is_online if event else False,
        }


class ProposalCreateForm(DsfrBaseForm):
    call = forms.ModelChoiceField(label=_("Appel à projets"), queryset=None, empty_label=None)
    organization = OrganizationChoiceField(
        label=_("Administration d'accueil"), queryset=None, empty_label=None
    )

    def __init__(self, *args, calls, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls
        self.fields["organization"].queryset = organizations


class PresentationForm(DsfrBaseForm):
    title = forms.CharField(
        label=_("Titre du défi"),
        max_length=200,
        help_text=_("Court et parlant, 200 signes au plus."),
    )
    pitch = forms.CharField(
        label=_("Le défi en une phrase"),
        max_length=300,
        help_text=_("Ce qui sera affiché sous le titre dans le catalogue des défis."),
    )
    organization = OrganizationChoiceField(
        label=_("Administration d'accueil"), queryset=None, empty_label=None
    )
    location = forms.CharField(
        label=_("Lieu de travail de l'équipe"),
        max_length=200,
        help_text=_("Ville, et le service qui accueillera l'équipe."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


def _text(label, help_text):
    return forms.CharField(
        label=label, help_text=help_text, widget=forms.Textarea(attrs={"rows": 6})
    )


class ChallengeForm(DsfrBaseForm):
    context = _text(_("Contexte"), _("Le service, ses usagers, ce qui existe déjà."))
    problem = _text(_("Problème à résoudre"), _("Ce qui ne va pas aujourd'hui, pour qui."))
    data_available = _text(
        _("Données disponibles"),
        _("Quelles données, sous quelle forme, et l'équipe pourra-t-elle y accéder ?"),
    )
    expected_outcome = _text(_("Résultats attendus"), _("Ce qui aura changé au bout des 10 mois."))


MENTOR_FIELDS = ("kind", "name", "position_title", "email")


class MentorForm(DsfrBaseForm):
    """One mentor; a frame left blank (no name, function nor e-mail) is ignored,
    whatever its preset role, so that spare frames need no JavaScript."""

    kind = forms.ChoiceField(
        label=_("Rôle"),
        choices=[("", "—")] + [(k.value, k.label) for k in PROPOSAL_MENTOR_KINDS],
        required=False,
    )
    name = forms.CharField(label=_("Prénom et nom"), max_length=200, required=False)
    position_title = forms.CharField(label=_("Fonction"), max_length=300, required=False)
    email = forms.EmailField(label=_("Adresse e-mail"), required=False)

    def clean(self):
        data = super().clean()
        data["blank"] = not any(
            self.data.get(self.add_prefix(name), "").strip() for name in MENTOR_FIELDS[1:]
        )
        if not data["blank"]:
            for name in MENTOR_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Ce champ est obligatoire."))
        return data

    def has_changed(self):
        return True  # always validated: `clean` decides what a blank frame is


class BaseMentorFormSet(forms.BaseFormSet):
    def _kept(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("blank")
            and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        kinds = [form.cleaned_data["kind"] for form in self._kept()]
        if "operational" not in kinds:
            raise forms.ValidationError(_("Nommez au moins un mentor opérationnel."))
        if "strategic" not in kinds:
            raise forms.ValidationError(_("Nommez au moins un mentor stratégique."))

    def mentors(self) -> list[dict]:
        return [{key: form.cleaned_data[key] for key in MENTOR_FIELDS} for form in self._kept()]


MentorFormSet = forms.formset_factory(
    MentorForm, formset=BaseMentorFormSet, extra=2, can_delete=True, max_num=10, validate_max=True
)


def _count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=3, initial=0)


class TeamForm(DsfrBaseForm):
    developers = _count(_("Développeur·euses"))
    designers = _count(_("Designers"))
    data_scientists = _count(_("Data scientists"))
    cofunding_commitment = forms.BooleanField(
        label=_(
            # xgettext:no-python-format
            "Notre administration s'engage à financer sa part du coût de l'équipe : 30 % si le "
            "défi est cofinancé par le fonds, la totalité s'il est remarqué."
        ),
        required=False,
    )

    def __init__(self, *args, programme, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        counts = [data.get(name) for name in ("developers", "designers", "data_scientists")]
        if all(count is not None for count in counts):
            total = sum(counts)
            low, high = self.programme.team_min_size, self.programme.team_max_size
            if not low <= total <= high:
                raise forms.ValidationError(
                    _(
                        "Une équipe compte de %(min)d à %(max)d EIG en tout : vous en "
                        "demandez %(total)d."
                    )
                    % {"min": low, "max": high, "total": total}
                )
        return data


class TransitionForm(DsfrBaseForm):
    to = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Commentaire (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class AssignForm(DsfrBaseForm):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Membres du jury"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = jury_members().order_by("last_name", "email")
        self.fields["reviewers"].label_from_instance = lambda u: f"{u} ({u.email})"


SCORE_CHOICES = [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


def _score_field(criterion: Criterion):
    return forms.TypedChoiceField(
        label=criterion.label,
        help_text=CRITERION_HELP[criterion],
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=InlineRadioSelect,
    )


class ReviewForm(DsfrBaseForm):
    """The jury's grid; every criterion from 1 (weak) to 5 (excellent)."""

    impact = _score_field(Criterion.IMPACT)
    feasibility = _score_field(Criterion.FEASIBILITY)
    data = _score_field(Criterion.DATA)
    commitment = _score_field(Criterion.COMMITMENT)
    comment = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Points forts, points faibles, questions pour l'audition."),
    )

    def scores(self) -> dict[str, int | None]:
        return {c: self.cleaned_data.get(c) for c in Criterion.values}

    @classmethod
    def initial_from(cls, review) -> dict:
        return {
            **{c: getattr(review, f"score_{c}") for c in Criterion.values},
            "comment": review.comment,
        }


class ConflictForm(DsfrBaseForm):
    comment = forms.CharField(
        label=_("Nature du conflit d'intérêts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Par exemple : vous travaillez dans cette administration, ou avec ses mentors."
        ),
    )


STEP_FIELDS = {
    "presentation": ("title", "pitch", "organization", "location"),
    "defi": ("context", "problem", "data_available", "expected_outcome"),
    "equipe": ("developers", "designers", "data_scientists", "cofunding_commitment"),
}


def proposal_initial(proposal: Proposal, step: str) -> dict:
    return {name: getattr(proposal, name) for name in STEP_FIELDS.get(step, ())}
