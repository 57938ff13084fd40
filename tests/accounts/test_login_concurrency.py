"""Finding 2 (issue 17): twenty wrong passwords sent at the same instant (as
many web processes) must not all get a password check, and the right
password sent just after must still be refused; the same per address."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from eig.accounts import throttling
from eig.accounts.models import LoginAttempt
from eig.accounts.throttling import ADDRESS_SLOW_AFTER, PAIR_SLOW_AFTER
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The production hasher: the time a password check takes is the window in
    # which simultaneous tries used to slip past the count.
    pytest.mark.real_password_hasher,
    # SQLite's test database lives in memory with a shared cache, whose table
    # locks make a second simultaneous writer fail at once ("database table is
    # locked") instead of waiting: no concurrent writers to test there. The
    # file database of a real SQLite site (WAL, BEGIN IMMEDIATE) serialises
    # writers, which the same reserve-then-count argument covers.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
]


@pytest.fixture(autouse=True)
def _slowed_down_means_refused(monkeypatch):
    """Twenty threads take seconds to run: make a slowed-down try wait the longest,
    so that what is counted does not depend on how fast the machine is."""
    monkeypatch.setattr(throttling, "_delay", lambda count, slow_after: throttling.MAX_WAIT)


IP = "192.0.2.20"


def _burst(posts):
    """POST each (email, password) from its own thread, all released at once."""
    barrier = threading.Barrier(len(posts))
    answers, errors = [], []

    def post(email, password):
        try:
            client = Client()
            barrier.wait()
            response = client.post(
                reverse("accounts:login"), {"email": email, "password": password}, REMOTE_ADDR=IP
            )
            answers.append((response.status_code, response.content.decode()))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=pair) for pair in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(answers) == len(posts)
    return answers


def test_twenty_simultaneous_wrong_passwords_get_at_most_the_limit_of_checks():
    email = "camille@exemple.gouv.fr"
    UserFactory(email=email)

    answers = _burst([(email, f"mauvais-{n}") for n in range(20)])

    checked = [body for status, body in answers if status == 200]
    refused = [body for status, body in answers if status == 429]
    assert len(checked) <= PAIR_SLOW_AFTER
    assert all("Adresse e-mail ou mot de passe incorrect." in body for body in checked)
    assert len(refused) == 20 - len(checked)
    assert all("Trop de tentatives" in body for body in refused)
    assert LoginAttempt.objects.filter(email=email, succeeded=False).count() == len(checked)

    response = Client().post(
        reverse("accounts:login"), {"email": email, "password": PASSWORD}, REMOTE_ADDR=IP
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_a_simultaneous_burst_on_many_accounts_hits_the_address_limit():
    posts = [(f"victime{n}@exemple.gouv.fr", "mauvais") for n in range(ADDRESS_SLOW_AFTER + 10)]

    answers = _burst(posts)

    checked = [status for status, _body in answers if status == 200]
    assert len(checked) <= ADDRESS_SLOW_AFTER
    assert LoginAttempt.objects.filter(ip_address=IP, succeeded=False).count() == len(checked)
