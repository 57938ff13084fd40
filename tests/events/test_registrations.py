"""Registration to events: places, waiting list, links by e-mail, reminders."""

import datetime
import importlib.util
import threading
import time

import icalendar
import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from eig.events import services
from eig.events.models import Registration, RegistrationStatus
from eig.mail.models import Email
from tests.accounts.factories import UserFactory
from tests.factories_cohort_life import RegistrationFactory, WebinarFactory

pytestmark = pytest.mark.django_db

SITE = "https://eig.exemple.gouv.fr"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Every absolute link of the e-mails and .ics files is built on EIG_SITE_URL."""
    settings.EIG_SITE_URL = SITE


def _register(event, email, *, user=None, name="Camille Martin", now=None):
    return services.registration_request(
        event=event, name=name, email=email, user=user, now=now
    ).registration


def _visitor_registers(event, email, name="Camille Martin"):
    """A visitor fills the form, then follows the link sent to the address."""
    registration = _register(event, email, name=name)
    return services.registration_confirm(registration=registration)


def _mails_to(address):
    return list(Email.objects.filter(to=address).order_by("pk"))


def test_a_visitor_is_placed_only_after_following_the_link_sent(outbox):
    event = WebinarFactory(capacity=10)

    with outbox.capture():
        registration = _register(event, "Camille@Exemple.fr")

    assert registration.status == RegistrationStatus.PENDING
    assert registration.email == "camille@exemple.fr"
    assert registration.position is None
    [mail] = outbox.messages
    assert mail.to == ["camille@exemple.fr"]
    assert mail.attachments == []
    token = services.confirm_token(registration)
    assert f"{SITE}/evenements/inscription/confirmer/{token}/" in mail.body

    with outbox.capture():
        services.registration_confirm(registration=services.registration_from_confirm_token(token))

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.position == 1
    confirmation = outbox.messages[-1]
    assert "est confirmée" in confirmation.body
    [(filename, content, mimetype)] = confirmation.attachments
    assert (filename, mimetype) == (f"{event.slug}.ics", "text/calendar")
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["summary"]) == event.title
    assert vevent["dtstart"].dt == event.starts_at.replace(microsecond=0)
    assert str(vevent["url"]) == f"{SITE}/evenements/{event.slug}/"


def test_a_person_with_a_confirmed_account_is_placed_at_once(outbox):
    event = WebinarFactory()
    user = UserFactory(email="dominique@exemple.fr")

    with outbox.capture():
        registration = _register(event, "dominique@exemple.fr", user=user)

    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.user == user
    [mail] = outbox.messages
    assert mail.attachments[0][0] == f"{event.slug}.ics"


def test_an_unconfirmed_account_or_another_address_needs_the_link():
    event = WebinarFactory()
    unconfirmed = UserFactory(unconfirmed=True)
    user = UserFactory()

    first = _register(event, unconfirmed.email, user=unconfirmed)
    second = _register(event, "autre-adresse@exemple.fr", user=user)

    assert first.status == second.status == RegistrationStatus.PENDING
    assert first.user is None and second.user is None


def test_when_full_people_go_on_the_waiting_list_in_order():
    event = WebinarFactory(capacity=1)

    first = _visitor_registers(event, "a@exemple.fr")
    second = _visitor_registers(event, "b@exemple.fr")
    third = _visitor_registers(event, "c@exemple.fr")

    assert first.status == RegistrationStatus.CONFIRMED
    assert (second.status, third.status) == (RegistrationStatus.WAITING,) * 2
    assert second.position < third.position
    waiting_mail = _mails_to("c@exemple.fr")[-1]
    assert "liste d'attente, au rang 2" in waiting_mail.body_text
    assert waiting_mail.attachments == []


def test_a_cancellation_moves_the_first_waiting_person_up_with_the_ics(outbox):
    event = WebinarFactory(capacity=1)
    first = _visitor_registers(event, "a@exemple.fr")
    second = _visitor_registers(event, "b@exemple.fr")
    third = _visitor_registers(event, "c@exemple.fr")

    with outbox.capture():
        services.registration_cancel(registration=first)

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@exemple.fr": RegistrationStatus.CANCELLED,
        "b@exemple.fr": RegistrationStatus.CONFIRMED,
        "c@exemple.fr": RegistrationStatus.WAITING,
    }
    second.refresh_from_db()
    assert second.promoted_at is not None
    promoted = [m for m in outbox.messages if m.to == ["b@exemple.fr"]]
    [mail] = promoted
    assert mail.subject == f"Une place s'est libérée : {event.title}"
    [(filename, content, mimetype)] = mail.attachments
    assert mimetype == "text/calendar" and "BEGIN:VEVENT" in content
    assert [m.subject for m in outbox.messages if m.to == ["a@exemple.fr"]] == [
        f"Inscription annulée : {event.title}"
    ]
    assert services.event_places(event).confirmed == 1
    assert third.status == RegistrationStatus.WAITING


def test_leaving_the_waiting_list_promotes_nobody():
    event = WebinarFactory(capacity=1)
    _visitor_registers(event, "a@exemple.fr")
    waiting = _visitor_registers(event, "b@exemple.fr")
    _visitor_registers(event, "c@exemple.fr")

    services.registration_cancel(registration=waiting)

    assert list(Registration.objects.waiting().values_list("email", flat=True)) == ["c@exemple.fr"]
    assert services.event_places(event).confirmed == 1


def test_cancelling_twice_changes_nothing_more():
    event = WebinarFactory(capacity=1)
    first = _visitor_registers(event, "a@exemple.fr")
    _visitor_registers(event, "b@exemple.fr")
    services.registration_cancel(registration=first)
    mails = Email.objects.count()

    services.registration_cancel(registration=first)

    assert Email.objects.count() == mails
    assert services.event_places(event).confirmed == 1


def test_added_places_go_to_the_waiting_list():
    event = WebinarFactory(capacity=1)
    for letter in "abcd":
        _visitor_registers(event, f"{letter}@exemple.fr")
    event.capacity = 3
    event.save()

    promoted = services.event_fill_places(event=event)

    assert [r.email for r in promoted] == ["b@exemple.fr", "c@exemple.fr"]
    assert services.event_places(event) == services.Places(capacity=3, confirmed=3, waiting=1)


def test_no_double_registration_for_an_address():
    event = WebinarFactory(capacity=5)
    first = _visitor_registers(event, "a@exemple.fr")

    again = _register(event, "A@exemple.fr")

    assert again.pk == first.pk
    assert Registration.objects.filter(event=event).count() == 1
    assert "est confirmée" in _mails_to("a@exemple.fr")[-1].body_text
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="a@exemple.fr")


def test_no_double_registration_for_an_account():
    event = WebinarFactory(capacity=5)
    user = UserFactory()
    _register(event, user.email, user=user)

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, user=user, email="autre@exemple.fr")


def test_registering_again_after_a_cancellation_takes_a_new_rank():
    event = WebinarFactory(capacity=1)
    first = _visitor_registers(event, "a@exemple.fr")
    _visitor_registers(event, "b@exemple.fr")
    services.registration_cancel(registration=first)

    again = _visitor_registers(event, "a@exemple.fr")

    assert again.pk != first.pk
    assert again.status == RegistrationStatus.WAITING


def test_registration_closes_when_the_event_starts():
    event = WebinarFactory()

    with pytest.raises(services.RegistrationError, match="closes"):
        _register(event, "a@exemple.fr", now=event.starts_at)
    pending = _register(event, "b@exemple.fr", now=event.starts_at - datetime.timedelta(seconds=1))
    with pytest.raises(services.RegistrationError, match="closes"):
        services.registration_confirm(registration=pending, now=event.starts_at)

    assert not services.registration_is_open(event, event.starts_at)
    assert services.registration_is_open(event, event.starts_at - datetime.timedelta(seconds=1))


def test_nobody_moves_up_once_the_event_has_started():
    event = WebinarFactory(capacity=1)
    first = _visitor_registers(event, "a@exemple.fr")
    _visitor_registers(event, "b@exemple.fr")

    services.registration_cancel(
        registration=first, now=event.starts_at + datetime.timedelta(minutes=5)
    )

    assert Registration.objects.waiting().count() == 1


def test_events_without_platform_registration_refuse_it():
    event = WebinarFactory(registration_enabled=False)
    draft = WebinarFactory(is_published=False)

    for closed in (event, draft):
        with pytest.raises(services.RegistrationError):
            _register(closed, "a@exemple.fr")


def test_a_tampered_or_expired_link_is_refused():
    event = WebinarFactory()
    registration = _register(event, "a@exemple.fr")
    token = services.confirm_token(registration)

    with pytest.raises(services.RegistrationError, match="valide"):
        services.registration_from_confirm_token(token[:-2] + "xx")
    with pytest.raises(services.RegistrationError, match="valide"):
        services.registration_from_cancel_token(token)  # a confirmation link cannot cancel
    later = timezone.now() + services.CONFIRM_MAX_AGE + datetime.timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        with pytest.raises(services.RegistrationError, match="expiré"):
            services.registration_from_confirm_token(token)


# Reminders -------------------------------------------------------------------------


def test_the_reminder_goes_once_the_day_before_to_confirmed_people_only(settings):
    settings.EIG_SITE_URL = SITE
    now = timezone.now()
    tomorrow = WebinarFactory(
        capacity=1,
        starts_at=now + datetime.timedelta(hours=30),
    )
    next_week = WebinarFactory(starts_at=now + datetime.timedelta(days=7))
    _visitor_registers(tomorrow, "a@exemple.fr")
    _visitor_registers(tomorrow, "waiting@exemple.fr")
    _visitor_registers(next_week, "b@exemple.fr")
    later = now + datetime.timedelta(hours=7)  # the event now starts within 24 hours

    first = services.event_reminders_send(now=later)
    second = services.event_reminders_send(now=later)

    assert (first, second) == (1, 0)
    [reminder] = Email.objects.filter(template="events/registration_reminder")
    assert reminder.to == "a@exemple.fr"
    assert reminder.subject.startswith(f"Rappel : {tomorrow.title}")
    assert reminder.attachments[0]["mimetype"] == "text/calendar"


def test_the_reminder_command_is_idempotent(settings):
    settings.EIG_SITE_URL = SITE
    event = WebinarFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    _visitor_registers(event, "a@exemple.fr")
    Registration.objects.update(reminded_at=None)
    Event = type(event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=20)
    )

    call_command("send_event_reminders")
    call_command("send_event_reminders")

    assert Email.objects.filter(template="events/registration_reminder").count() == 1
    assert (
        Email.objects.get(template="events/registration_reminder").context["url"].startswith(SITE)
    )


def test_confirmed_within_a_day_of_the_event_gets_no_separate_reminder():
    event = WebinarFactory(starts_at=timezone.now() + datetime.timedelta(hours=5))
    _visitor_registers(event, "a@exemple.fr")

    assert services.event_reminders_send() == 0


# Concurrency (PostgreSQL: real row locks between connections) ----------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL and threads"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_capacity(monkeypatch):
    """Counting the places is made slow, so that without the lock on the event
    row every thread would count the same free places. The page cache's
    version row (one UPDATE per content write) is left out: it would
    serialise the registrations by chance and hide a missing lock."""
    if importlib.util.find_spec("eig.core.cache"):
        monkeypatch.setattr("eig.core.cache.content_changed", lambda **kwargs: None)
    count_places = services.event_places

    def slow_count(event):
        places = count_places(event)
        time.sleep(0.05)
        return places

    monkeypatch.setattr(services, "event_places", slow_count)
    event = WebinarFactory(capacity=3)
    users = [UserFactory() for _ in range(8)]
    errors = []
    barrier = threading.Barrier(len(users))

    def register(user):
        try:
            barrier.wait()
            _register(event, user.email, user=user)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    places = services.event_places(event)
    assert (places.confirmed, places.waiting) == (3, 5)
    positions = list(Registration.objects.values_list("position", flat=True))
    assert sorted(positions) == list(range(1, 9))
