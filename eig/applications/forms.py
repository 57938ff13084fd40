import re

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

from eig.applications.models import APPLICATION_PROFILES, ApplicationState
from eig.applications.uploads import InvalidPdf, check_pdf, max_upload_bytes
from eig.applications.workflow import staff_targets
from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort

PHONE = re.compile(r"^\+?[0-9 .\-()]{6,25}$")
LONG_TEXT = 5000


def _textarea(rows: int = 6):
    return forms.Textarea(attrs={"rows": rows})


def _datetime_input():
    """Entered to the second, in Europe/Paris time (the site's time zone)."""
    return forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
    )


def _pdf_widget():
    widget = forms.FileInput(attrs={"class": "fr-upload", "accept": "application/pdf,.pdf"})
    widget.group_class = "fr-upload-group"
    return widget


def _pdf_help() -> str:
    return _("Format PDF uniquement, %(size)s au plus.") % {
        "size": filesizeformat(max_upload_bytes())
    }


def clean_pdf(file):
    """The uploaded file, checked by its content (not its name nor its declared type)."""
    if file is None:
        return None
    try:
        check_pdf(file)
    except InvalidPdf as error:
        raise forms.ValidationError(error.message) from error
    return file


# The call (staff) -------------------------------------------------------------


class CallForm(DsfrBaseForm):
    cohort = forms.ModelChoiceField(
        label=_("Promotion"), queryset=Cohort.objects.order_by("-year", "-pk")
    )
    title = forms.CharField(label=_("Titre"), max_length=300)
    opens_at = forms.DateTimeField(
        label=_("Ouverture"),
        help_text=_("Heure de Paris, à la seconde près."),
        widget=_datetime_input(),
    )
    closes_at = forms.DateTimeField(
        label=_("Clôture"),
        help_text=_(
            "Heure de Paris, à la seconde près : les candidatures sont acceptées jusqu'à "
            "cet instant exclu (23:59:59 ferme à la dernière seconde du jour)."
        ),
        widget=_datetime_input(),
    )
    max_choices = forms.TypedChoiceField(
        label=_("Nombre de défis qu'un·e candidat·e peut choisir"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        initial=3,
    )
    description = forms.CharField(
        label=_("Présentation (Markdown)"), required=False, widget=_textarea()
    )
    is_published = forms.BooleanField(
        label=_("Publier l'appel sur la page Candidater"), required=False, initial=True
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["cohort"]

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("La clôture doit être postérieure à l'ouverture."))
        return data

    @staticmethod
    def initial_from(call) -> dict:
        return {
            "title": call.title,
            "opens_at": call.opens_at,
            "closes_at": call.closes_at,
            "max_choices": call.max_choices,
            "description": call.description,
            "is_published": call.is_published,
        }


# The steps of an application ---------------------------------------------------


class IdentityForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=pgettext_lazy("last name", "Nom"), max_length=150)
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        help_text=_("Par exemple 06 12 34 56 78 ou +33 6 12 34 56 78."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    city = forms.CharField(label=_("Ville de résidence"), max_length=150, required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not PHONE.match(phone) or not 8 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.")
            )
        return phone


class ProfileForm(DsfrBaseForm):
    profile = forms.ChoiceField(
        label=_("Votre profil"),
        choices=[(p.value, p.label) for p in APPLICATION_PROFILES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le profil qui vous correspond le mieux.")},
    )
    experience = forms.CharField(
        label=_("Votre parcours"),
        help_text=_("Vos expériences principales, en quelques lignes."),
        max_length=LONG_TEXT,
        widget=_textarea(),
        error_messages={"required": _("Décrivez votre parcours en quelques lignes.")},
    )


class SkillsForm(DsfrBaseForm):
    skills = forms.CharField(
        label=_("Vos compétences"),
        help_text=_(
            "Techniques (langages, frameworks, design, expérience utilisateur, science des "
            "données…) et humaines."
        ),
        max_length=LONG_TEXT,
        widget=_textarea(),
        error_messages={"required": _("Décrivez vos compétences.")},
    )
    general_interest = forms.CharField(
        label=_("Vos engagements d'intérêt général"),
        help_text=_("Par exemple une contribution à un logiciel libre, un engagement associatif."),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(4),
    )


class LinksForm(DsfrBaseForm):
    code_url = forms.URLField(
        label=_("Votre code (GitHub, GitLab…)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    portfolio_url = forms.URLField(
        label=_("Votre portfolio"), max_length=500, required=False, assume_scheme="https"
    )
    linkedin_url = forms.URLField(
        label=_("Votre profil LinkedIn"), max_length=500, required=False, assume_scheme="https"
    )
    other_url = forms.URLField(
        label=_("Un autre lien"), max_length=500, required=False, assume_scheme="https"
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in self.fields):
            self.add_error(
                "code_url",
                _("Indiquez au moins un lien : votre code, votre portfolio ou votre profil."),
            )
        return data


class CvForm(DsfrBaseForm):
    cv = forms.FileField(label=_("Votre CV"), widget=_pdf_widget())

    def __init__(self, *args, has_cv: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cv"]
        field.help_text = _pdf_help()
        field.required = not has_cv
        field.error_messages["required"] = _("Choisissez le fichier PDF de votre CV.")
        if has_cv:
            field.label = _("Remplacer votre CV")

    def clean_cv(self):
        return clean_pdf(self.cleaned_data.get("cv"))


class AvailabilityForm(DsfrBaseForm):
    available_from = forms.DateField(
        label=_("Disponible à partir du"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date à partir de laquelle vous êtes disponible."),
            "invalid": _("Saisissez une date valide."),
        },
    )
    full_time = forms.BooleanField(
        label=_("Je serai disponible à temps plein pendant toute la durée du programme"),
        error_messages={
            "required": _(
                "Le programme demande une disponibilité à temps plein pendant toute sa durée."
            )
        },
    )
    availability_comment = forms.CharField(
        label=_("Précisions (facultatif)"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(3),
    )

    def __init__(self, *args, programme=None, cohort=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["full_time"].label = _(
                "Je serai disponible à temps plein pendant les %(months)d mois du programme"
            ) % {"months": programme.duration_months}
        if cohort is not None and cohort.starts_on:
            from eig.core.dates import format_date

            self.fields["available_from"].help_text = _("La promotion commence le %(date)s.") % {
                "date": format_date(cohort.starts_on)
            }


RANK_NAMES = {1: _("Défi n° 1 (votre premier choix)"), 2: _("Défi n° 2"), 3: _("Défi n° 3")}


class ChallengeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        organization = obj.organization_label or (obj.organization.name if obj.organization else "")
        return f"{obj.title} — {organization}" if organization else obj.title


class ChoicesForm(DsfrBaseForm):
    """The défis in order of preference: one select and one motivation per rank."""

    def __init__(self, *args, call, challenges, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_choices = call.max_choices
        for rank in range(1, self.max_choices + 1):
            self.fields[f"challenge_{rank}"] = ChallengeChoiceField(
                label=_("Défi"),
                queryset=challenges,
                required=rank == 1,
                empty_label=_("— Choisir un défi —"),
                error_messages={
                    "required": _("Choisissez au moins un défi."),
                    "invalid_choice": _("Choisissez parmi les défis de cette promotion."),
                },
            )
            self.fields[f"motivation_{rank}"] = forms.CharField(
                label=_("Pourquoi ce défi ?"),
                help_text=_("Ce qui vous motive, ce que vous pouvez y apporter."),
                max_length=LONG_TEXT,
                required=False,
                widget=_textarea(5),
            )
        # The fields are added after DsfrBaseForm set its classes: set them now.
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def ranks(self):
        return [
            (RANK_NAMES[rank], self[f"challenge_{rank}"], self[f"motivation_{rank}"])
            for rank in range(1, self.max_choices + 1)
        ]

    def clean(self):
        data = super().clean()
        seen = {}
        gap = None
        for rank in range(1, self.max_choices + 1):
            challenge = data.get(f"challenge_{rank}")
            motivation = (data.get(f"motivation_{rank}") or "").strip()
            if f"challenge_{rank}" in self.errors:
                continue
            if challenge is None:
                if motivation:
                    self.add_error(
                        f"challenge_{rank}",
                        _("Choisissez le défi qui correspond à cette motivation."),
                    )
                gap = gap or rank
                continue
            if gap is not None:
                self.add_error(
                    f"challenge_{gap}",
                    _("Choisissez d'abord votre défi n° %(rank)d.") % {"rank": gap},
                )
            if challenge.pk in seen:
                self.add_error(
                    f"challenge_{rank}",
                    _("Vous avez déjà choisi ce défi en n° %(rank)d.")
                    % {"rank": seen[challenge.pk]},
                )
            seen.setdefault(challenge.pk, rank)
            if not motivation:
                self.add_error(
                    f"motivation_{rank}", _("Expliquez ce qui vous motive pour ce défi.")
                )
        return data

    def choices(self):
        result = []
        for rank in range(1, self.max_choices + 1):
            challenge = self.cleaned_data.get(f"challenge_{rank}")
            if challenge is not None:
                result.append((challenge, self.cleaned_data[f"motivation_{rank}"].strip()))
        return result

    @classmethod
    def initial_from(cls, application) -> dict:
        initial = {}
        for choice in application.choices.all():
            initial[f"challenge_{choice.rank}"] = choice.challenge_id
            initial[f"motivation_{choice.rank}"] = choice.motivation
        return initial


class ConsentForm(DsfrBaseForm):
    consent = forms.BooleanField(
        label=_(
            "J'ai lu la notice de confidentialité et j'accepte que ces données soient traitées "
            "pour la sélection des entrepreneur·es d'intérêt général."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour déposer la candidature.")},
    )


# After submission ----------------------------------------------------------------


class WithdrawForm(DsfrBaseForm):
    confirm = forms.BooleanField(
        label=_("Je retire ma candidature. Je ne pourrai pas la déposer à nouveau."),
        error_messages={"required": _("Cochez la case pour confirmer le retrait.")},
    )


class MessageForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Votre message"),
        max_length=LONG_TEXT,
        widget=_textarea(5),
        error_messages={"required": _("Écrivez votre message.")},
    )
    attachment = forms.FileField(
        label=_("Pièce jointe (facultatif)"), required=False, widget=_pdf_widget()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = _pdf_help()

    def clean_attachment(self):
        return clean_pdf(self.cleaned_data.get("attachment"))


class DeleteAccountForm(DsfrBaseForm):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "Je supprime mon compte, mes candidatures, mes documents et mes messages. "
            "Cette suppression est définitive."
        ),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password


# The team's list ----------------------------------------------------------------------


class StaffFilterForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    cohort = forms.ModelChoiceField(
        label=_("Promotion"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("Toutes"),
    )
    challenge = forms.ModelChoiceField(
        label=_("Défi"), queryset=Challenge.objects.none(), required=False, empty_label=_("Tous")
    )
    profile = forms.ChoiceField(
        label=_("Profil"),
        required=False,
        choices=[("", _("Tous"))] + [(p.value, p.label) for p in APPLICATION_PROFILES],
    )
    state = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous"))] + list(ApplicationState.choices),
    )

    def __init__(self, *args, cohorts, challenges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["challenge"].queryset = challenges


class BulkActionForm(DsfrBaseForm):
    MESSAGE = "message"

    action = forms.ChoiceField(label=_("Action sur la sélection"))
    body = forms.CharField(
        label=_("Message (pour l'action « Envoyer un message »)"),
        required=False,
        max_length=LONG_TEXT,
        widget=_textarea(4),
    )
    comment = forms.CharField(
        label=_("Motif (pour un changement d'état)"),
        help_text=_("Enregistré dans l'historique de chaque candidature, jamais envoyé."),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ApplicationState.choices)
        self.fields["action"].choices = [(self.MESSAGE, _("Envoyer un message"))] + [
            (f"state:{target}", _("Passer à l'état « %(state)s »") % {"state": labels[target]})
            for target in staff_targets()
        ]

    def clean(self):
        data = super().clean()
        if data.get("action") == self.MESSAGE and not (data.get("body") or "").strip():
            self.add_error("body", _("Écrivez le message à envoyer."))
        return data

    def target_state(self) -> str | None:
        action = self.cleaned_data["action"]
        return action.split(":", 1)[1] if action.startswith("state:") else None


class StaffTransitionForm(DsfrBaseForm):
    to = forms.ChoiceField(choices=ApplicationState.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Motif (enregistré dans l'historique)"), required=False, max_length=1000
    )
