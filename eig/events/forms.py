from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort
from eig.events.models import Event
from eig.proposals.forms import ParisDateTimeField


class RegistrationForm(DsfrBaseForm):
    name = forms.CharField(label=_("Prénom et nom"), max_length=200)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Vous y recevrez un lien pour confirmer votre inscription."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if user is not None and user.is_authenticated:
            self.fields["name"].initial = user.get_full_name()
            self.fields["email"].initial = user.email
            if user.email_confirmed_at:
                self.fields["email"].help_text = _(
                    "Avec l'adresse de votre compte, l'inscription est immédiate."
                )


class EventForm(DsfrBaseForm, forms.ModelForm):
    """The team creates and edits events (mentoring sessions, webinars…)."""

    starts_at = ParisDateTimeField(label=_("Début"), help_text=_("Heure de Paris."))
    ends_at = ParisDateTimeField(label=_("Fin"), help_text=_("Heure de Paris."), required=False)

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "is_online",
            "description",
            "theme",
            "cohort",
            "challenges",
            "capacity",
            "registration_enabled",
            "is_published",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.order_by("-year", "slug")
        self.fields["challenges"].queryset = Challenge.objects.select_related("cohort").order_by(
            "-year", "title"
        )
        self.fields["challenges"].help_text = _(
            "Pour une session de mentoring : les défis dont les équipes sont attendues."
        )
        if self.instance.pk:
            for name in ("starts_at", "ends_at"):
                value = getattr(self.instance, name)
                self.initial[name] = timezone.localtime(value) if value else None

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit être postérieure au début."))
        if data.get("registration_enabled") and not data.get("is_published"):
            self.add_error(
                "registration_enabled",
                _("Seul un événement publié peut prendre des inscriptions."),
            )
        return data

    def save(self, commit=True):
        event = super().save(commit=False)
        if not event.slug:
            event.slug = unique_event_slug(event.title, event.starts_at)
        if commit:
            event.save()
            self.save_m2m()
        return event


def unique_event_slug(title: str, starts_at) -> str:
    base = slugify(f"{title} {timezone.localtime(starts_at):%Y-%m-%d}")[:180] or "evenement"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
