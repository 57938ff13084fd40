"""Four candidates click the same free slot at the same instant (four server
processes): one gets it, the others a clear message; one audition, one
invitation. Needs real concurrent connections: run on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from eig.applications.models import ApplicationState as S
from eig.auditions import services
from eig.auditions.models import Audition
from eig.mail.models import Email
from tests.auditions.factories import AuditionSlotFactory, preselected_application

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
    ),
]


def test_one_slot_four_simultaneous_bookings_one_winner(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    slot = AuditionSlotFactory()
    applications = [preselected_application(call=slot.call, invited=True) for _ in range(4)]
    barrier = threading.Barrier(4)
    won, refused, errors = [], [], []

    def book(application):
        try:
            barrier.wait()
            services.audition_book(application=application, slot=slot, by=application.candidate)
            won.append(application.pk)
        except services.AuditionError as error:
            refused.append(error.message)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert len(won) == 1
    assert len(refused) == 3
    assert all("vient d'être réservé" in message for message in refused)
    assert Audition.objects.filter(slot=slot).count() == 1
    assert Email.objects.filter(template="auditions/scheduled").count() == 1
    states = sorted(
        a.state for a in type(applications[0]).objects.filter(pk__in=[a.pk for a in applications])
    )
    assert states == sorted([S.AUDITION_SCHEDULED, S.PRESELECTED, S.PRESELECTED, S.PRESELECTED])


def test_one_candidate_two_slots_at_once_one_audition(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    first = AuditionSlotFactory()
    second = AuditionSlotFactory(call=first.call)
    application = preselected_application(call=first.call, invited=True)
    barrier = threading.Barrier(2)
    errors = []

    def book(slot):
        try:
            barrier.wait()
            services.audition_book(application=application, slot=slot, by=application.candidate)
        except services.AuditionError:
            pass
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(s,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert Audition.objects.filter(application=application, state="scheduled").count() == 1
