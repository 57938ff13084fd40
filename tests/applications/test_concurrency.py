"""Two submissions of the same application at the same instant (a double
click reaching two server processes): one submission, one receipt.

Needs real concurrent connections: run on PostgreSQL (SQLite's test
database is one in-memory connection)."""

import threading

import pytest
from django.db import connection, connections

from eig.applications import services
from eig.applications.models import ApplicationTransition
from eig.mail.models import Email
from tests.applications.factories import ApplicationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
    ),
]


def test_two_simultaneous_submissions_make_one(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    application = ApplicationFactory(complete=True)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            _application, done = services.application_submit(
                application=application, by=application.candidate
            )
            results.append(done)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert sorted(results) == [False, False, False, True]
    assert ApplicationTransition.objects.filter(application=application).count() == 1
    assert Email.objects.filter(template="applications/receipt").count() == 1
