from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.teams.models import PairRuleKind, RunMode


class RunForm(DsfrBaseForm):
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=RunMode.choices,
        initial=RunMode.MIN_SIZE,
        widget=forms.RadioSelect,
        help_text=_(
            "Stable seulement : personne ne peut se plaindre, mais des défis peuvent rester "
            "à une personne. Taille minimale : ferme ces défis et relance, en disant ce qui "
            "est abandonné. Optimal : des équipes de 2 à 3 avec au moins un·e "
            "développeur·euse, au prix de la stabilité."
        ),
    )
    seed = forms.IntegerField(
        label=_("Graine du tirage au sort"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_(
            "Départage les scores égaux. Gardez la même graine pour ne voir que l'effet de vos "
            "règles ; laissez vide pour un nouveau tirage."
        ),
    )


class RuleForm(DsfrBaseForm):
    application = forms.TypedChoiceField(label=_("Lauréat·e"), coerce=int)
    challenge = forms.TypedChoiceField(label=_("Défi"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Règle"),
        choices=PairRuleKind.choices,
        initial=PairRuleKind.PIN,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, laureates=(), challenges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", _("Choisir une personne")), *laureates]
        self.fields["challenge"].choices = [("", _("Choisir un défi")), *challenges]


class ConfirmForm(DsfrBaseForm):
    """One box per placed laureate (public profile agreed), and the confirmation."""

    confirm = forms.BooleanField(
        label=_(
            "Je confirme ces équipes : chaque personne placée devient EIG de son défi "
            "sur le site public."
        ),
        error_messages={"required": _("Cochez la case pour confirmer les équipes.")},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person, initial in self.people:
            self.fields[f"public_{person.application_id}"] = forms.BooleanField(
                label=_("%(name)s a accepté que son profil soit publié") % {"name": person.name},
                required=False,
                initial=initial,
            )
        # The confirmation comes last, after the consents.
        self.order_fields([*(f"public_{p.application_id}" for p, _i in self.people), "confirm"])

    def public_ids(self) -> set[int]:
        return {
            person.application_id
            for person, _initial in self.people
            if self.cleaned_data.get(f"public_{person.application_id}")
        }
