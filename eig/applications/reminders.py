"""The reminder to candidates whose application is still a draft when the
call closes in 48 hours (run by the scheduler, eig/scheduling/schedule.py)."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from eig.applications.models import Application, ApplicationState, DraftReminder
from eig.core.dates import paris_datetime
from eig.core.links import absolute_url
from eig.mail.services import mail_send

# How long before the deadline a draft is reminded.
DRAFT_REMINDER_BEFORE = timedelta(hours=48)


def draft_reminders_due(*, now: datetime):
    """Drafts of open calls closing within 48 hours whose candidate was not reminded."""
    reminded = DraftReminder.objects.filter(
        call=OuterRef("call_id"), candidate=OuterRef("candidate_id")
    )
    return (
        Application.objects.filter(
            state=ApplicationState.DRAFT,
            candidate__is_active=True,
            call__is_published=True,
            call__opens_at__lte=now,
            call__closes_at__gt=now,
            call__closes_at__lte=now + DRAFT_REMINDER_BEFORE,
        )
        .exclude(Exists(reminded))
        .select_related("call", "candidate")
        .order_by("call__closes_at", "pk")
    )


def draft_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail each candidate holding a draft of a call that closes within 48
    hours, once per candidate and call (a `DraftReminder` row, unique in the
    database, is written with the e-mail: a second run, or two at once, send
    nothing more). Returns the number of reminders queued."""
    now = now or timezone.now()
    sent = 0
    for application in draft_reminders_due(now=now).iterator(chunk_size=200):
        call = application.call
        with translation.override("fr"):
            context = {
                "name": application.first_name or application.candidate.get_short_name(),
                "call": call.title,
                "closes_at": paris_datetime(call.closes_at),
                "url": absolute_url("applications:detail", pk=application.pk),
            }
        try:
            with transaction.atomic():
                reminder = DraftReminder.objects.create(
                    call=call, candidate=application.candidate, sent_at=now
                )
                reminder.email = mail_send(
                    to=application.candidate.email,
                    template="applications/draft_reminder",
                    context=context,
                )
                reminder.save(update_fields=["email"])
        except IntegrityError:
            continue  # another run reminded this candidate first
        sent += 1
    return sent
