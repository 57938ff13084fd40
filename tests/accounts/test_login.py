from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import LoginAttempt
from eig.accounts.throttling import (
    ACCOUNT_LOCK_AFTER,
    IP_LOCK_AFTER,
    LOCK_DURATION,
    client_ip,
    login_attempt_record,
    login_throttle,
)
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "camille@exemple.gouv.fr"
IP = "192.0.2.10"


def _fail(n, *, email=EMAIL, ip=IP, at=None):
    at = at or timezone.now()
    for _ in range(n):
        login_attempt_record(email=email, ip=ip, succeeded=False, now=at)


def test_a_few_failures_change_nothing():
    _fail(2)
    assert login_throttle(email=EMAIL, ip=IP).allowed


def test_from_three_failures_each_try_waits_longer():
    now = timezone.now()
    _fail(3, at=now)
    throttle = login_throttle(email=EMAIL, ip=IP, now=now + timedelta(seconds=1))
    assert not throttle.allowed and not throttle.locked
    assert throttle.retry_at == now + timedelta(seconds=4)
    assert login_throttle(email=EMAIL, ip=IP, now=now + timedelta(seconds=4)).allowed

    _fail(1, at=now + timedelta(seconds=4))
    throttle = login_throttle(email=EMAIL, ip=IP, now=now + timedelta(seconds=5))
    assert throttle.retry_at == now + timedelta(seconds=4 + 8)


def test_five_failures_lock_the_account_for_fifteen_minutes():
    now = timezone.now()
    _fail(ACCOUNT_LOCK_AFTER, at=now)
    throttle = login_throttle(email=EMAIL.upper(), ip="198.51.100.1", now=now)
    assert throttle.locked
    assert throttle.retry_at == now + LOCK_DURATION
    assert not login_throttle(
        email=EMAIL, ip=None, now=now + LOCK_DURATION - timedelta(seconds=1)
    ).allowed
    assert login_throttle(email=EMAIL, ip=None, now=now + LOCK_DURATION).allowed


def test_a_success_resets_the_account_count():
    now = timezone.now()
    _fail(4, at=now - timedelta(minutes=1))
    login_attempt_record(email=EMAIL, ip=IP, succeeded=True, now=now - timedelta(seconds=30))
    assert login_throttle(email=EMAIL, ip=IP, now=now).allowed


def test_old_failures_do_not_count_and_are_pruned():
    now = timezone.now()
    _fail(4, at=now - timedelta(days=2))
    _fail(4, at=now - timedelta(minutes=20))
    assert login_throttle(email=EMAIL, ip=IP, now=now).allowed
    login_attempt_record(email=EMAIL, ip=IP, succeeded=False, now=now)
    assert LoginAttempt.objects.count() == 5  # the two-day-old ones are gone


def test_many_failures_from_one_address_lock_that_address_only():
    now = timezone.now()
    for n in range(IP_LOCK_AFTER):
        _fail(1, email=f"victime{n}@exemple.gouv.fr", at=now)
    assert login_throttle(email="autre@exemple.gouv.fr", ip=IP, now=now).locked
    assert login_throttle(email="autre@exemple.gouv.fr", ip="192.0.2.99", now=now).allowed


def test_the_backend_refuses_even_the_right_password_while_locked():
    """The lock holds for every login form, the Django admin's included."""
    UserFactory(email=EMAIL)
    request = RequestFactory().post("/", REMOTE_ADDR=IP)
    _fail(ACCOUNT_LOCK_AFTER)

    assert authenticate(request, username=EMAIL, password=PASSWORD) is None


def test_the_backend_records_each_try():
    UserFactory(email=EMAIL)
    request = RequestFactory().post("/", REMOTE_ADDR=IP)
    assert authenticate(request, username=EMAIL, password="mauvais") is None
    assert authenticate(request, username=EMAIL, password=PASSWORD) is not None
    assert list(LoginAttempt.objects.order_by("pk").values_list("succeeded", "ip_address")) == [
        (False, IP),
        (True, IP),
    ]


def _login(client, password):
    return client.post(
        reverse("accounts:login"), {"email": EMAIL, "password": password}, REMOTE_ADDR=IP
    )


def test_the_login_page_logs_in_and_rotates_the_session(client):
    UserFactory(email=EMAIL)
    client.get(reverse("accounts:login"))
    before = client.session.session_key

    response = _login(client, PASSWORD)

    assert response.status_code == 302
    assert client.session.session_key != before
    assert int(client.session["_auth_user_id"]) > 0


def test_a_wrong_password_gets_one_clear_message(client):
    UserFactory(email=EMAIL)
    response = _login(client, "mauvais")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()


def test_the_login_page_says_when_to_try_again(client):
    UserFactory(email=EMAIL)
    for _ in range(3):
        _login(client, "mauvais")

    response = _login(client, PASSWORD)

    assert "_auth_user_id" not in client.session
    assert "patientez 4 secondes" in response.content.decode()


def test_the_login_page_says_the_account_is_locked_and_until_when(client):
    UserFactory(email=EMAIL)
    at = timezone.now()
    _fail(ACCOUNT_LOCK_AFTER, at=at)

    response = _login(client, PASSWORD)

    html = response.content.decode()
    assert "la connexion est bloquée jusqu&#x27;à" in html
    assert timezone.localtime(at + LOCK_DURATION).strftime("%H:%M") in html
    assert "_auth_user_id" not in client.session


def test_next_is_followed_only_on_this_site(client):
    UserFactory(email=EMAIL)
    response = client.post(
        reverse("accounts:login") + "?next=https://pirate.example/",
        {"email": EMAIL, "password": PASSWORD},
    )
    assert response["Location"] == reverse("accounts:space")
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"email": EMAIL, "password": PASSWORD, "next": "/gestion/"},
    )
    assert response["Location"] == "/gestion/"


def test_logout_needs_a_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_client_address_behind_a_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.2"
    )
    settings.EIG_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.EIG_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"
    settings.EIG_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.5"


def test_session_cookie_settings(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
