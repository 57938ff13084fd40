from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from eig.auditions.models import Recommendation
from eig.auditions.selectors import slot_label
from eig.auditions.services import paris_aware


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _PlaceMixin:
    def clean(self):
        data = super().clean()
        if not (data.get("place") or "").strip() and not data.get("video_url"):
            self.add_error("place", _("Indiquez un lieu ou un lien de visioconférence."))
        return data


def _place_fields():
    return (
        forms.CharField(
            label=_("Lieu"),
            required=False,
            max_length=300,
            help_text=_("Adresse et salle ; ou laissez vide pour une audition en visioconférence."),
        ),
        forms.URLField(
            label=_("Lien de visioconférence"),
            required=False,
            max_length=500,
            assume_scheme="https",
        ),
    )


class SlotSeriesForm(_PlaceMixin, DsfrBaseForm):
    first_day = forms.DateField(label=_("Premier jour"), widget=_date_input())
    last_day = forms.DateField(label=_("Dernier jour"), widget=_date_input())
    weekdays_only = forms.BooleanField(
        label=_("Du lundi au vendredi seulement"), required=False, initial=True
    )
    first_time = forms.TimeField(
        label=_("Début du premier créneau"), help_text=_("Heure de Paris."), widget=_time_input()
    )
    last_time = forms.TimeField(
        label=_("Fin du dernier créneau au plus tard"),
        help_text=_("Heure de Paris."),
        widget=_time_input(),
    )
    duration = forms.IntegerField(
        label=_("Durée d'un créneau (minutes)"), min_value=5, max_value=480, initial=45
    )
    pause = forms.IntegerField(
        label=_("Pause entre deux créneaux (minutes)"), min_value=0, max_value=240, initial=15
    )
    place, video_url = _place_fields()

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("Le dernier jour doit suivre le premier."))
            elif (last - first).days > 31:
                self.add_error("last_day", _("Une série couvre au plus un mois."))
        first_time, last_time = data.get("first_time"), data.get("last_time")
        if first_time and last_time and last_time <= first_time:
            self.add_error("last_time", _("L'heure de fin doit suivre celle du début."))
        return data

    def days(self):
        data = self.cleaned_data
        day, days = data["first_day"], []
        while day <= data["last_day"]:
            if not data["weekdays_only"] or day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
        return days


class SlotForm(_PlaceMixin, DsfrBaseForm):
    day = forms.DateField(label=_("Jour"), widget=_date_input())
    start = forms.TimeField(label=_("Début"), help_text=_("Heure de Paris."), widget=_time_input())
    end = forms.TimeField(label=_("Fin"), help_text=_("Heure de Paris."), widget=_time_input())
    place, video_url = _place_fields()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("La fin du créneau doit suivre son début."))
        return data

    def times(self):
        data = self.cleaned_data
        return paris_aware(data["day"], data["start"]), paris_aware(data["day"], data["end"])

    @staticmethod
    def initial_from(slot) -> dict:
        from django.utils import timezone

        from eig.core.dates import PARIS

        start = timezone.localtime(slot.starts_at, PARIS)
        end = timezone.localtime(slot.ends_at, PARIS)
        return {
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "place": slot.place,
            "video_url": slot.video_url,
        }


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        where = slot.place or _("visioconférence")
        return f"{slot_label(slot)} — {where}"


class SlotMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, slot):
        return slot_label(slot)


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        if member.organization_id:
            return f"{member.user} — {member.get_kind_display()} ({member.organization})"
        return f"{member.user} — {member.get_kind_display()}"


class PanelForm(DsfrBaseForm):
    slots = SlotMultipleChoiceField(
        label=_("Créneaux"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un créneau.")},
    )
    members = MemberMultipleChoiceField(
        label=_("Membres du jury d'audition"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Au moins un membre de l'administration et une personnalité extérieure."),
        error_messages={"required": _("Choisissez les membres du jury d'audition.")},
    )

    def __init__(self, *args, slots, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = slots
        self.fields["members"].queryset = members


class SlotPickForm(DsfrBaseForm):
    slot = SlotChoiceField(
        label=_("Créneau"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choisissez un créneau.")},
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class CancelForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif (envoyé à la personne et au jury)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResultForm(DsfrBaseForm):
    HELD, NO_SHOW = "held", "no_show"
    outcome = forms.ChoiceField(
        label=_("L'audition"),
        choices=[(HELD, _("a eu lieu")), (NO_SHOW, _("n'a pas eu lieu : la personne est absente"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites si l'audition a eu lieu.")},
    )
    recommendation = forms.ChoiceField(
        label=_("Avis du jury"),
        choices=[("", "—"), *Recommendation.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("Commentaire"), required=False, max_length=5000, widget=forms.Textarea
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.HELD and not data.get("recommendation"):
            self.add_error(
                "recommendation", _("Donnez l'avis du jury : favorable, réservé ou défavorable.")
            )
        return data


class DecisionForm(DsfrBaseForm):
    OUTCOMES = [
        ("laureate", _("Lauréat·e")),
        ("waiting_list", _("Liste d'attente")),
        ("refused", _("Non retenu·e")),
    ]
    outcome = forms.ChoiceField(label=_("Décision"), choices=OUTCOMES)
    applications = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Cochez au moins une candidature.")},
    )

    def __init__(self, *args, application_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]


class PositionForm(DsfrBaseForm):
    position = forms.IntegerField(label=_("Rang"), min_value=1)


class DeclineForm(DsfrBaseForm):
    confirm = forms.BooleanField(
        label=_("Je renonce à ma place. Elle sera proposée à une autre personne."),
        error_messages={"required": _("Cochez la case pour confirmer votre désistement.")},
    )
