from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from dsfr.forms import DsfrBaseForm

from eig.accounts.models import Role, User
from eig.accounts.services import INVITABLE_ROLES
from eig.accounts.throttling import client_ip, login_throttle
from eig.core.dates import format_time
from eig.core.links import absolute_url
from eig.mail.services import mail_send
from eig.organizations.models import Organization


def _password_field(label):
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.acronym})" if obj.acronym else obj.name


class SignUpForm(DsfrBaseForm):
    KIND_CHOICES = [
        (Role.AGENT.value, _("Je travaille dans une administration et je propose un défi")),
        (Role.CANDIDATE.value, _("Je souhaite candidater pour devenir EIG")),
    ]

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=pgettext_lazy("last name", "Nom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Un lien de confirmation vous sera envoyé à cette adresse."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    kind = forms.ChoiceField(label=_("Vous êtes"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    organization = OrganizationChoiceField(
        label=_("Votre administration"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        help_text=_("Obligatoire si vous proposez un défi."),
    )
    password1 = _password_field(_("Mot de passe"))
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Role.AGENT and not data.get("organization"):
            self.add_error(
                "organization", _("Indiquez l'administration pour laquelle vous proposez un défi.")
            )
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            candidate = User(
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.user = None
        self.unconfirmed_user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        email, password = data.get("email"), data.get("password")
        if not email or not password:
            return data
        now = timezone.now()
        throttle = login_throttle(email=email, ip=client_ip(self.request), now=now)
        if not throttle.allowed:
            raise self.throttled_error(throttle, now)
        user = authenticate(self.request, username=email, password=password)
        refused = getattr(self.request, "login_throttle", None)
        if user is None and refused is not None:  # a simultaneous try got there first
            raise self.throttled_error(refused, timezone.now())
        if user is None:
            raise forms.ValidationError(
                _("Adresse e-mail ou mot de passe incorrect."), code="invalid_login"
            )
        if user.email_confirmed_at is None:
            self.unconfirmed_user = user
            raise forms.ValidationError(
                _(
                    "Votre adresse e-mail n'est pas encore confirmée : nous venons de vous "
                    "renvoyer le lien de confirmation."
                ),
                code="unconfirmed",
            )
        self.user = user
        return data

    @staticmethod
    def throttled_error(throttle, now) -> forms.ValidationError:
        """Why a try is refused, and for how long (in minutes once it is a minute or more)."""
        if throttle.locked:
            minutes = throttle.wait_minutes(now)
            return forms.ValidationError(
                ngettext(
                    "Trop de tentatives de connexion échouées : la connexion est bloquée "
                    "pendant %(minutes)d minute (jusqu'à %(time)s). Vous pouvez aussi "
                    "réinitialiser votre mot de passe.",
                    "Trop de tentatives de connexion échouées : la connexion est bloquée "
                    "pendant %(minutes)d minutes (jusqu'à %(time)s). Vous pouvez aussi "
                    "réinitialiser votre mot de passe.",
                    minutes,
                )
                % {"minutes": minutes, "time": format_time(throttle.retry_at)},
                code="locked",
            )
        seconds = throttle.wait_seconds(now)
        if seconds >= 60:
            minutes = throttle.wait_minutes(now)
            message = ngettext(
                "Trop de tentatives échouées : patientez %(minutes)d minute avant de réessayer.",
                "Trop de tentatives échouées : patientez %(minutes)d minutes avant de réessayer.",
                minutes,
            ) % {"minutes": minutes}
        else:
            message = ngettext(
                "Trop de tentatives échouées : patientez %(seconds)d seconde avant de réessayer.",
                "Trop de tentatives échouées : patientez %(seconds)d secondes avant de réessayer.",
                seconds,
            ) % {"seconds": seconds}
        return forms.ValidationError(message, code="slowed")


class EmailChangeForm(DsfrBaseForm):
    new_email = forms.EmailField(
        label=_("Nouvelle adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self):
        email = self.cleaned_data["new_email"].lower()
        if email == self.user.email.lower():
            raise forms.ValidationError(_("C'est déjà votre adresse."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password


class EmailPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    """Django's reset form, sending through the recorded e-mail queue."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        url = absolute_url(
            "accounts:password_reset_confirm", uidb64=context["uid"], token=context["token"]
        )
        mail_send(
            to=to_email,
            template="password_reset",
            context={
                "name": context["user"].get_short_name(),
                "url": url,
                "hours": 24,
            },
        )


class EmailSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    def save(self, commit=True):
        user = super().save(commit=False)
        # Following the link proves the address.
        user.email_confirmed_at = user.email_confirmed_at or timezone.now()
        if commit:
            user.save()
        return user


class DsfrPasswordChangeForm(DsfrBaseForm, PasswordChangeForm):
    pass


class InvitationAcceptForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=pgettext_lazy("last name", "Nom"), max_length=150)
    password1 = _password_field(_("Mot de passe"))
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            try:
                password_validation.validate_password(password1, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class InvitationForm(DsfrBaseForm):
    email = forms.EmailField(label=_("Adresse e-mail de la personne invitée"))
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[(role.value, role.label) for role in INVITABLE_ROLES],
        widget=forms.RadioSelect,
    )
    organization = OrganizationChoiceField(
        label=_("Administration (pour un agent)"),
        queryset=Organization.objects.order_by("name"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.AGENT and not data.get("organization"):
            self.add_error("organization", _("Un agent appartient à une administration."))
        if role and role != Role.AGENT:
            data["organization"] = None
        return data
