import io
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


@pytest.mark.django_db(transaction=True)
def test_the_task_row_is_written_with_the_mail_not_after(database_tasks):
    """A web process killed just after its commit cannot leave a mail with no task."""
    with transaction.atomic():
        mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
        assert DBTaskResult.objects.count() == 1  # in the same transaction
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send(to="b@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
        raise RuntimeError("the request fails: the mail and its task are both undone")
    assert Email.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def _worker_killed_while(state: str) -> Email:
    """What a task worker killed by SIGKILL leaves: its task running for ever,
    the mail queued (killed before its claim) or sending (after)."""
    with transaction.atomic():
        email = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
    long_ago = timezone.now() - timedelta(minutes=30)
    DBTaskResult.objects.update(status="RUNNING", started_at=long_ago)
    Email.objects.filter(pk=email.pk).update(
        state=state,
        attempts=1 if state == EmailState.SENDING else 0,
        last_attempt_at=long_ago if state == EmailState.SENDING else None,
        updated_at=long_ago,
    )
    return email


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("state", [EmailState.QUEUED, EmailState.SENDING])
def test_mails_held_by_a_dead_worker_are_sent_once_resumed(database_tasks, mailoutbox, state):
    email = _worker_killed_while(state)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert mailoutbox == []  # a new worker alone never sees it

    call_command("mail_resume", stdout=io.StringIO())
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert len(mailoutbox) == 1
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1  # the dead one
    # Resuming again sends nothing more.
    assert services.mail_resume() == 0


@pytest.mark.django_db(transaction=True)
def test_resume_leaves_live_deliveries_and_waiting_retries_alone(database_tasks, mailoutbox):
    with transaction.atomic():
        sending = mail_send(to="a@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
        retrying = mail_send(to="b@exemple.gouv.fr", template="confirm_email", context=CONTEXT)
    # One is being sent right now by a live worker; the other waits for its retry.
    DBTaskResult.objects.filter(args_kwargs__args=[sending.pk]).update(
        status="RUNNING", started_at=timezone.now()
    )
    Email.objects.filter(pk=sending.pk).update(
        state=EmailState.SENDING, last_attempt_at=timezone.now()
    )
    Email.objects.filter(pk=retrying.pk).update(updated_at=timezone.now() - timedelta(hours=1))

    assert services.mail_resume() == 0
    assert DBTaskResult.objects.count() == 2
    assert Email.objects.get(pk=sending.pk).state == EmailState.SENDING
