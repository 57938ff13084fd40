"""The 48-hour reminder to candidates whose application is still a draft:
fired by the scheduler at a moved clock, run by the worker, sent once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from eig.applications.models import ApplicationState, DraftReminder
from eig.applications.reminders import draft_reminders_send
from eig.mail.models import Email, EmailState
from eig.scheduling.schedule import JOBS
from eig.scheduling.scheduler import fire
from tests.applications.factories import ApplicationFactory, candidate
from tests.factories import ApplicationCallFactory
from tests.scheduling.helpers import run_worker

# transaction=True: the worker (db_worker) recycles its connection, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

# The call closes on Friday 15 March 2030 at 23:59:59, Paris time (22:59:59 UTC).
CLOSES_AT = datetime(2030, 3, 15, 22, 59, 59, tzinfo=UTC)
OPENS_AT = CLOSES_AT - timedelta(days=30)
JOB = JOBS["draft_reminders"]


@pytest.fixture
def call():
    return ApplicationCallFactory(opens_at=OPENS_AT, closes_at=CLOSES_AT, title="Appel EIG 2030")


def _at(hours_before_deadline: float) -> datetime:
    return CLOSES_AT - timedelta(hours=hours_before_deadline)


def _scheduler_runs_at(now):
    """The clock moves to `now`; the scheduler fires the job (its cron slot
    then), and the worker runs it."""
    with time_machine.travel(now, tick=False):
        fire(JOB, name="test-scheduler")
        run_worker()


def test_the_scheduler_sends_the_draft_reminder_once_48_hours_before_the_deadline(call, mailoutbox):
    ines = candidate(email="ines@exemple.fr")
    draft = ApplicationFactory(call=call, first_name="Inès", candidate=ines)

    # Three days before: too early, nothing is sent.
    _scheduler_runs_at(_at(72))
    assert mailoutbox == []

    # 47 h 50 before the deadline (a quarter-hour slot inside the 48 hours): sent.
    _scheduler_runs_at(_at(48) + timedelta(minutes=10))
    [message] = mailoutbox
    assert message.to == ["ines@exemple.fr"]
    assert message.subject == (
        "Votre candidature n'est pas encore déposée : clôture le 15 mars 2030 à 23 h 59"
    )
    assert "Bonjour Inès," in message.body
    assert "Votre candidature à l'Appel EIG 2030 est encore un brouillon" in message.body
    assert "le 15 mars 2030 à 23 h 59 (heure de Paris)" in message.body
    assert f"https://eig.example.gouv.fr/espace/candidature/{draft.pk}/" in message.body
    [(html, _mimetype)] = message.alternatives
    assert "Compléter et déposer ma candidature" in html
    email = Email.objects.get(template="applications/draft_reminder")
    assert email.state == EmailState.SENT
    assert DraftReminder.objects.get().email == email

    # Every later slot until the deadline: nothing more.
    for hours in (47, 24, 1, 0.25):
        _scheduler_runs_at(_at(hours))
    assert len(mailoutbox) == 1
    assert Email.objects.filter(template="applications/draft_reminder").count() == 1


def test_no_reminder_for_a_submitted_application_nor_after_the_deadline(call, mailoutbox):
    ApplicationFactory(call=call, submitted=True)
    late_call = ApplicationCallFactory(
        opens_at=OPENS_AT - timedelta(days=3), closes_at=CLOSES_AT - timedelta(days=3)
    )
    ApplicationFactory(call=late_call)  # a draft of a call closed three days before

    _scheduler_runs_at(_at(40))
    _scheduler_runs_at(CLOSES_AT + timedelta(minutes=1))

    assert mailoutbox == []
    assert not DraftReminder.objects.exists()


def test_a_draft_started_after_the_reminder_window_opened_is_reminded_too(call, mailoutbox):
    _scheduler_runs_at(_at(47.5))
    ApplicationFactory(call=call, state=ApplicationState.DRAFT)
    _scheduler_runs_at(_at(20))

    assert len(mailoutbox) == 1


def test_two_runs_at_the_same_time_send_one_reminder(call, mailoutbox):
    ApplicationFactory(call=call)
    now = _at(30)

    assert draft_reminders_send(now=now) == 1
    assert draft_reminders_send(now=now) == 0
    with time_machine.travel(now, tick=False):
        run_worker()

    assert len(mailoutbox) == 1


def test_the_database_refuses_a_second_reminder_for_the_same_candidate_and_call(call):
    application = ApplicationFactory(call=call)
    DraftReminder.objects.create(call=call, candidate=application.candidate, sent_at=_at(30))

    with pytest.raises(IntegrityError), transaction.atomic():
        DraftReminder.objects.create(call=call, candidate=application.candidate, sent_at=_at(29))
