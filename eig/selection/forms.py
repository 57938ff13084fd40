from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from dsfr.widgets import InlineRadioSelect

from eig.accounts.forms import OrganizationChoiceField
from eig.challenges.models import Challenge
from eig.organizations.models import Organization
from eig.selection.models import JuryMember, MemberKind
from eig.selection.scoring import CRITERIA, MAX_SCORE, MIN_SCORE

SCORE_CHOICES = [(str(n), str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)]


class ChallengeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class JuryMemberForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_(
            "Un compte existant est retrouvé par son adresse ; sinon un compte est créé et "
            "la personne reçoit un lien pour choisir son mot de passe."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Qualité"), choices=MemberKind.choices, widget=forms.RadioSelect
    )
    organization = OrganizationChoiceField(
        label=_("Administration (pour un membre de l'administration)"),
        queryset=Organization.objects.order_by("name"),
        required=False,
    )
    mentored_challenges = ChallengeMultipleChoiceField(
        label=_("Défis dont la personne est mentor"),
        help_text=_("Elle évaluera toutes les candidatures à ces défis."),
        queryset=Challenge.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentored_challenges"].queryset = Challenge.objects.filter(
            cohort_id=call.cohort_id
        ).order_by("title", "pk")

    def clean(self):
        data = super().clean()
        if data.get("kind") == MemberKind.ADMINISTRATION and not data.get("organization"):
            self.add_error(
                "organization", _("Un membre de l'administration appartient à une administration.")
            )
        if data.get("kind") == MemberKind.OUTSIDE:
            data["organization"] = None
        return data


class ConflictForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Nature du conflit d'intérêts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Par exemple : vous connaissez personnellement la personne candidate."),
    )


class StaffConflictForm(ConflictForm):
    member = forms.ModelChoiceField(
        label=_("Membre du jury"), queryset=JuryMember.objects.none(), empty_label=None
    )
    field_order = ["member", "reason"]

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = _member_label


def _member_label(member: JuryMember) -> str:
    name = member.user.get_full_name() or member.user.email
    return f"{name} ({member.organization})" if member.organization_id else name


class AssignmentAddForm(DsfrBaseForm):
    member = forms.ModelChoiceField(
        label=_("Membre du jury à ajouter"), queryset=JuryMember.objects.none(), empty_label=None
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = _member_label


class ReviewForm(DsfrBaseForm):
    """The six published criteria, 1 (insufficient) to 5 (excellent), and a
    comment. Nothing is required here: a draft may be partial; sending asks
    for the six scores (the service says which are missing)."""

    comment = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
        help_text=_("Points forts, points faibles, questions pour l'audition."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for code, title, description in criteria:
            self.fields[code] = forms.TypedChoiceField(
                label=title,
                help_text=description,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=InlineRadioSelect,
            )
        self.fields["comment"] = comment

    def scores(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(code) for code in CRITERIA}

    @staticmethod
    def initial_from(review) -> dict:
        return {
            **{code: getattr(review, code) for code in CRITERIA},
            "comment": review.comment,
        }


class MessageForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class StaffNoteForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Nouvelle note (visible de l'équipe seulement)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
