"""Reads of the call: the call shown, its status and countdown, its défis."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, DateTimeField, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from eig.applications.models import ApplicationCall
from eig.challenges.models import Challenge
from eig.core.dates import paris_datetime
from eig.core.models import CallState


def current_application_call(now: datetime | None = None) -> ApplicationCall | None:
    """The call to show: the open one, else the next one, else the last closed (one query)."""
    now = now or timezone.now()
    rank = Case(
        When(Q(opens_at__lte=now) & Q(closes_at__gt=now), then=Value(0)),
        When(opens_at__gt=now, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    upcoming_first = Case(
        When(opens_at__gt=now, then=F("opens_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )
    return (
        ApplicationCall.objects.published()
        .select_related("cohort", "cohort__programme")
        .annotate(rank=rank, upcoming_at=upcoming_first)
        .order_by("rank", F("upcoming_at").asc(nulls_last=True), "-closes_at", "-pk")
        .first()
    )


def open_application_calls(now: datetime | None = None) -> QuerySet[ApplicationCall]:
    now = now or timezone.now()
    return (
        ApplicationCall.objects.published()
        .filter(opens_at__lte=now, closes_at__gt=now)
        .select_related("cohort__programme")
        .order_by("closes_at", "pk")
    )


@dataclass(frozen=True)
class CallStatus:
    """What the pages say about a call at a given moment."""

    state: CallState
    headline: str
    details: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.state == CallState.OPEN

    @property
    def is_upcoming(self) -> bool:
        return self.state == CallState.UPCOMING

    @property
    def is_closed(self) -> bool:
        return self.state == CallState.CLOSED


def call_status(call: ApplicationCall, now: datetime | None = None) -> CallStatus:
    """The state of `call` at `now`, with its dates and the countdown, in words."""
    now = now or timezone.now()
    state = call.state(now)
    opens = gettext("Ouverture le %(when)s (heure de Paris)") % {
        "when": paris_datetime(call.opens_at)
    }
    closes = gettext("Clôture le %(when)s (heure de Paris)") % {
        "when": paris_datetime(call.closes_at)
    }
    if state == CallState.UPCOMING:
        return CallStatus(state, gettext("L'appel ouvrira bientôt"), [opens, closes])
    if state == CallState.OPEN:
        opened = gettext("Ouvert depuis le %(when)s (heure de Paris)") % {
            "when": paris_datetime(call.opens_at)
        }
        return CallStatus(
            state, gettext("L'appel est ouvert"), [opened, closes, countdown(call, now)]
        )
    closed = gettext("Clos depuis le %(when)s (heure de Paris)") % {
        "when": paris_datetime(call.closes_at)
    }
    return CallStatus(state, gettext("L'appel est clos"), [closed])


def countdown(call: ApplicationCall, now: datetime) -> str:
    """ "Plus que 3 jours pour candidater", down to the hour and the minute."""
    remaining = call.closes_at - now
    days = remaining.days
    if days >= 1:
        return ngettext(
            "Plus que %(count)d jour pour candidater",
            "Plus que %(count)d jours pour candidater",
            days,
        ) % {"count": days}
    hours = remaining.seconds // 3600
    if hours >= 1:
        return ngettext(
            "Plus que %(count)d heure pour candidater",
            "Plus que %(count)d heures pour candidater",
            hours,
        ) % {"count": hours}
    minutes = max(1, remaining.seconds // 60)
    return ngettext(
        "Plus que %(count)d minute pour candidater",
        "Plus que %(count)d minutes pour candidater",
        minutes,
    ) % {"count": minutes}


def call_challenges(call: ApplicationCall) -> QuerySet[Challenge]:
    """The défis a candidate may choose: the published ones of the call's cohort."""
    return Challenge.objects.published().filter(cohort_id=call.cohort_id).order_by("title", "pk")
