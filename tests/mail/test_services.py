from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from eig.mail import services
from eig.mail.models import Email, EmailState
from eig.mail.services import MAX_ATTEMPTS, mail_retry, mail_send

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Camille", "url": "https://exemple.gouv.fr/lien", "days": 3}


def _broken_send(monkeypatch, failures: int | None):
    """Make the mail backend fail `failures` times (None: always)."""
    calls = {"n": 0}
    original = services.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        calls["n"] += 1
        if failures is None or calls["n"] <= failures:
            raise ConnectionRefusedError("le serveur SMTP ne répond pas")
        return original(message, *args, **kwargs)

    monkeypatch.setattr(services.EmailMultiAlternatives, "send", send)
    return calls


def test_a_mail_is_recorded_then_sent_with_text_and_html_parts(outbox):
    with outbox.capture():
        email = mail_send(to="camille@exemple.gouv.fr", template="confirm_email", context=CONTEXT)

    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.template == "confirm_email"
    assert email.context == CONTEXT
    [message] = outbox.messages
    assert message.to == ["camille@exemple.gouv.fr"]
    assert message.subject == "Confirmez votre adresse e-mail — programme EIG"
    assert "Bonjour Camille" in message.body
    assert "https://exemple.gouv.fr/lien" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert 'href="https://exemple.gouv.fr/lien"' in html


def test_plain_text_part_is_not_html_escaped(outbox):
    with outbox.capture():
        mail_send(
            to="a@exemple.gouv.fr",
            template="proposal_published",
            context={"name": "Zoé", "title": "L'État & les données", "funding": "x", "url": "u"},
        )
    [message] = outbox.messages
    assert "L'État & les données" in message.subject
    assert "« L'État & les données »" in message.body


def test_nothing_is_sent_before_the_transaction_commits(mailoutbox):
    email = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
    # the test transaction never commits: the mail stays queued, but recorded
    assert Email.objects.get(pk=email.pk).state == EmailState.QUEUED
    assert mailoutbox == []


def test_a_failed_delivery_is_retried_until_it_succeeds(outbox, monkeypatch):
    calls = _broken_send(monkeypatch, failures=2)
    with outbox.capture():
        email = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)

    email.refresh_from_db()
    assert calls["n"] == 3
    assert email.state == EmailState.SENT
    assert email.attempts == 3
    assert "ConnectionRefusedError" in email.last_error
    assert len(outbox.messages) == 1


def test_a_mail_that_keeps_failing_ends_failed_not_lost(outbox, monkeypatch):
    calls = _broken_send(monkeypatch, failures=None)
    with outbox.capture():
        email = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)

    email.refresh_from_db()
    assert calls["n"] == MAX_ATTEMPTS
    assert email.state == EmailState.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert "le serveur SMTP ne répond pas" in email.last_error
    assert outbox.messages == []


def test_staff_can_send_a_failed_mail_again(outbox, monkeypatch):
    _broken_send(monkeypatch, failures=MAX_ATTEMPTS)
    with outbox.capture():
        email = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
    email.refresh_from_db()
    assert email.state == EmailState.FAILED

    with outbox.capture():
        mail_retry(email=email)

    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert len(outbox.messages) == 1


def test_a_sent_mail_is_not_sent_twice(outbox):
    with outbox.capture():
        email = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
    assert services.mail_deliver_now(email_id=email.pk) == EmailState.SENT
    assert mail_retry(email=email).state == EmailState.SENT
    assert len(outbox.messages) == 1


def test_retry_delays_grow():
    delays = [services.retry_delay(n) for n in range(1, MAX_ATTEMPTS)]
    assert delays == sorted(delays)
    assert delays[0] == timedelta(minutes=1)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_its_worker_deliver_the_mail(database_tasks, mailoutbox):
    with transaction.atomic():
        email = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
    # committed: the task waits in the database queue for the worker
    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert len(mailoutbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_a_retry_waits(database_tasks, mailoutbox, monkeypatch):
    _broken_send(monkeypatch, failures=1)
    with transaction.atomic():
        email = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    email.refresh_from_db()
    assert email.state == EmailState.QUEUED
    assert email.attempts == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    assert mailoutbox == []
