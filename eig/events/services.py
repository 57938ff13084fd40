"""Registrations to events: places, waiting list, e-mails with the .ics.

Who may register: anyone. A person logged in with a confirmed address is
placed at once; a visitor gives a name and an address and is placed only
when they follow the link sent there (so nobody can hold places with
someone else's address). Registration closes when the event starts
(Europe/Paris time is only how dates are shown: the comparison is on the
instant).

Places are counted under a lock on the event row (`select_for_update()`;
SQLite takes its write lock when the transaction starts), so two people
never get the last place; the database refuses a second live registration
for the same address or account. A cancellation moves the first person of
the waiting list up in the same transaction.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from eig.core.dates import paris_datetime
from eig.core.links import absolute_link, absolute_url
from eig.events.ics import event_ics_text
from eig.events.models import Event, Registration, RegistrationStatus
from eig.mail.services import mail_send

CONFIRM_MAX_AGE = datetime.timedelta(days=3)
REMINDER_WINDOW = datetime.timedelta(hours=24)
_CONFIRM_SALT = "eig.events.registration.confirm"
_CANCEL_SALT = "eig.events.registration.cancel"


class RegistrationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Links sent by e-mail -----------------------------------------------------------


def confirm_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=_CONFIRM_SALT)


def cancel_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=_CANCEL_SALT)


def _read(token: str, salt: str, max_age=None) -> Registration:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise RegistrationError(_("Ce lien a expiré : inscrivez-vous à nouveau.")) from error
    except signing.BadSignature as error:
        raise RegistrationError(_("Ce lien n'est pas valide.")) from error
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=payload.get("r"), email=payload.get("e"))
        .first()
    )
    if registration is None:
        raise RegistrationError(_("Ce lien n'est pas valide."))
    return registration


def registration_from_confirm_token(token: str) -> Registration:
    return _read(token, _CONFIRM_SALT, CONFIRM_MAX_AGE)


def registration_from_cancel_token(token: str) -> Registration:
    return _read(token, _CANCEL_SALT)


# Rules --------------------------------------------------------------------------


def registration_is_open(event: Event, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return event.is_published and event.registration_enabled and now < event.starts_at


def _check_open(event: Event, now: datetime.datetime) -> None:
    if not (event.is_published and event.registration_enabled):
        raise RegistrationError(_("Cet événement ne prend pas d'inscriptions sur ce site."))
    if now >= event.starts_at:
        raise RegistrationError(_("Les inscriptions sont closes : l'événement a commencé."))


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@dataclass(frozen=True)
class Places:
    capacity: int | None
    confirmed: int
    waiting: int

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)


def event_places(event: Event) -> Places:
    counts = dict(
        event.registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
        )
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return Places(
        capacity=event.capacity,
        confirmed=counts.get(RegistrationStatus.CONFIRMED, 0),
        waiting=counts.get(RegistrationStatus.WAITING, 0),
    )


# Writes -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    created: bool


def registration_request(
    *, event: Event, name: str, email: str, user=None, now=None
) -> RegistrationResult:
    """Register someone to an event.

    With `user` (logged in, address confirmed, registering themself) the
    registration is placed at once; otherwise it waits for the address to be
    confirmed. Asking again while registered changes nothing and sends the
    state again by e-mail (the page says the same in every case, so the form
    does not tell who is registered).
    """
    now = now or timezone.now()
    email = email.strip().lower()
    trusted = (
        user is not None
        and user.is_authenticated
        and user.email_confirmed_at is not None
        and user.email.lower() == email
    )
    try:
        with transaction.atomic():
            event = _locked_event(event)
            _check_open(event, now)
            existing = event.registrations.live().filter(email=email).first()
            if existing is None and trusted:
                existing = event.registrations.live().filter(user=user).first()
            if existing is not None:
                if existing.status == RegistrationStatus.PENDING and trusted:
                    existing.user = user
                    _place(existing, event, now=now)
                else:
                    _send_state(existing)
                return RegistrationResult(existing, created=False)
            registration = Registration.objects.create(
                event=event,
                user=user if trusted else None,
                name=name.strip(),
                email=email,
            )
            if trusted:
                _place(registration, event, now=now)
            else:
                _send_confirmation_link(registration)
            return RegistrationResult(registration, created=True)
    except IntegrityError:
        # The same person clicked twice at once: the other request won.
        existing = event.registrations.live().filter(email=email).first()
        if existing is None:
            raise
        return RegistrationResult(existing, created=False)


@transaction.atomic
def registration_confirm(*, registration: Registration, now=None) -> Registration:
    """The visitor followed the link: take a place, or a rank on the waiting list."""
    now = now or timezone.now()
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError(_("Cette inscription a été annulée : inscrivez-vous à nouveau."))
    if registration.status != RegistrationStatus.PENDING:
        return registration  # the link was followed twice
    _check_open(event, now)
    _place(registration, event, now=now)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, now=None, notify: bool = True
) -> Registration:
    """Cancel; a freed place goes to the first person waiting, at once."""
    now = now or timezone.now()
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if notify:
        mail_send(
            to=registration.email,
            template="events/registration_cancelled",
            context=_mail_context(registration, event),
        )
    if freed:
        event_fill_places(event=event, now=now, locked=True)
    return registration


def event_fill_places(*, event: Event, now=None, locked: bool = False) -> list:
    """Move people up from the waiting list while places are free (after a
    cancellation, or when the team adds places). Nobody moves up once the
    event has started."""
    now = now or timezone.now()
    with transaction.atomic():
        if not locked:
            event = _locked_event(event)
        if now >= event.starts_at:
            return []
        promoted = []
        places = event_places(event)
        free = None if event.capacity is None else event.capacity - places.confirmed
        waiting = event.registrations.waiting().select_for_update()
        if free is not None:
            waiting = waiting[: max(free, 0)]
        for registration in waiting:
            registration.status = RegistrationStatus.CONFIRMED
            registration.promoted_at = now
            _mark_reminded_if_close(registration, event, now)
            registration.save(update_fields=["status", "promoted_at", "reminded_at", "updated_at"])
            _send_state(registration, promoted=True)
            promoted.append(registration)
        return promoted


def _place(registration: Registration, event: Event, *, now) -> None:
    """Give a confirmed place if one is free, else the next rank (event row locked)."""
    places = event_places(event)
    full = event.capacity is not None and places.confirmed >= event.capacity
    last = event.registrations.aggregate(last=Max("position"))["last"] or 0
    registration.position = last + 1
    registration.status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
    registration.placed_at = now
    _mark_reminded_if_close(registration, event, now)
    registration.save(
        update_fields=["user", "position", "status", "placed_at", "reminded_at", "updated_at"]
    )
    _send_state(registration)


def _mark_reminded_if_close(registration: Registration, event: Event, now) -> None:
    """Confirmed within a day of the event: the confirmation is the reminder."""
    if (
        registration.status == RegistrationStatus.CONFIRMED
        and event.starts_at - now <= REMINDER_WINDOW
    ):
        registration.reminded_at = registration.reminded_at or now


# E-mails --------------------------------------------------------------------------


def _mail_context(registration: Registration, event: Event) -> dict:
    """What the e-mails about a registration say. The name typed is only
    written back once the address is confirmed (the registration placed): a
    mail to an unconfirmed address carries no text of the sender's, so the
    form cannot relay a message to anyone."""
    with translation.override("fr"):
        when = paris_datetime(event.starts_at)
    return {
        "name": registration.name if registration.placed_at is not None else "",
        "title": event.title,
        "when": when,
        "where": event.location or ("en ligne" if event.is_online else ""),
        "url": absolute_link(event.get_absolute_url()),
    }


def _ics(event: Event) -> list[tuple[str, str, str]]:
    return [(f"{event.slug}.ics", "text/calendar", event_ics_text(event))]


def _send_confirmation_link(registration: Registration) -> None:
    context = _mail_context(registration, registration.event)
    context["confirm_url"] = absolute_url(
        "events:registration_confirm", token=confirm_token(registration)
    )
    context["days"] = CONFIRM_MAX_AGE.days
    mail_send(to=registration.email, template="events/registration_confirm", context=context)


def _send_state(registration: Registration, *, promoted: bool = False) -> None:
    """Tell the person where they stand: a place (with the .ics) or their rank."""
    event = registration.event
    if registration.status == RegistrationStatus.PENDING:
        _send_confirmation_link(registration)
        return
    context = _mail_context(registration, event)
    context["cancel_url"] = absolute_url(
        "events:registration_cancel", token=cancel_token(registration)
    )
    if registration.status == RegistrationStatus.CONFIRMED:
        template = "registration_promoted" if promoted else "registration_confirmed"
        mail_send(
            to=registration.email,
            template=f"events/{template}",
            context=context,
            attachments=_ics(event),
        )
    elif registration.status == RegistrationStatus.WAITING:
        context["rank"] = (
            event.registrations.waiting().filter(position__lte=registration.position).count()
        )
        mail_send(to=registration.email, template="events/registration_waiting", context=context)


def event_reminders_send(*, now=None) -> int:
    """E-mail the day before: every confirmed registration to an event starting
    within 24 hours, once (the claim is a conditional UPDATE, so two runs at
    the same time never send twice). Returns the number of reminders sent."""
    now = now or timezone.now()
    due = (
        Registration.objects.confirmed()
        .filter(
            reminded_at__isnull=True,
            event__registration_enabled=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_WINDOW,
        )
        .select_related("event")
        .order_by("event__starts_at", "position")
    )
    sent = 0
    for registration in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk,
                status=RegistrationStatus.CONFIRMED,
                reminded_at__isnull=True,
            ).update(reminded_at=now)
            if not claimed:
                continue
            context = _mail_context(registration, registration.event)
            context["cancel_url"] = absolute_url(
                "events:registration_cancel", token=cancel_token(registration)
            )
            mail_send(
                to=registration.email,
                template="events/registration_reminder",
                context=context,
                attachments=_ics(registration.event),
            )
            sent += 1
    return sent
