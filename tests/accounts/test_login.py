from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.tokens import default_token_generator
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from eig.accounts.models import LoginAttempt
from eig.accounts.throttling import (
    ACCOUNT_LOCK_AFTER,
    ADDRESS_LOCK_AFTER,
    ADDRESS_SLOW_AFTER,
    IP_LOCK_AFTER,
    LOCK_DURATION,
    MAX_WAIT,
    PAIR_LOCK_AFTER,
    client_ip,
    login_attempt_record,
    login_throttle,
)
from eig.core.dates import format_time
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


def test_five_failures_lock_the_account_from_that_address_for_fifteen_minutes():
    now = timezone.now()
    _fail(PAIR_LOCK_AFTER, at=now)
    throttle = login_throttle(email=EMAIL.upper(), ip=IP, now=now)
    assert throttle.locked
    assert throttle.retry_at == now + LOCK_DURATION
    assert not login_throttle(
        email=EMAIL, ip=IP, now=now + LOCK_DURATION - timedelta(seconds=1)
    ).allowed
    assert login_throttle(email=EMAIL, ip=IP, now=now + LOCK_DURATION).allowed


def test_five_failures_from_one_address_do_not_lock_the_owner_out():
    """Finding 3: a guesser from one address must not lock the owner, elsewhere."""
    now = timezone.now()
    _fail(PAIR_LOCK_AFTER, at=now)
    assert login_throttle(email=EMAIL, ip="198.51.100.1", now=now).allowed


def test_failures_spread_over_many_addresses_lock_the_account_briefly():
    now = timezone.now()
    for n in range(ACCOUNT_LOCK_AFTER):
        _fail(1, ip=f"198.51.100.{n + 1}", at=now)
    throttle = login_throttle(email=EMAIL, ip="203.0.113.1", now=now)
    assert throttle.locked
    assert throttle.retry_at == now + LOCK_DURATION


def test_every_wait_is_at_most_fifteen_minutes():
    """Finding 3: staff behind an address after a burst were told 262 118 seconds."""
    now = timezone.now()
    for n in range(ADDRESS_LOCK_AFTER - 1):  # slowed down, not yet locked
        _fail(1, email=f"victime{n}@exemple.gouv.fr", at=now)
    throttle = login_throttle(email="agent@exemple.gouv.fr", ip=IP, now=now)
    assert not throttle.allowed
    assert throttle.retry_at <= now + MAX_WAIT
    assert timedelta(minutes=15) >= MAX_WAIT


def test_an_office_behind_one_address_is_not_slowed_by_a_few_mistakes():
    """Finding 3: per address, well above per account: a whole office may share it."""
    now = timezone.now()
    assert ADDRESS_SLOW_AFTER > ACCOUNT_LOCK_AFTER > PAIR_LOCK_AFTER
    for n in range(10):  # ten colleagues each mistype once
        _fail(1, email=f"collegue{n}@exemple.gouv.fr", at=now)
    assert login_throttle(email="agent@exemple.gouv.fr", ip=IP, now=now).allowed


def test_a_password_reset_lifts_the_lock(client):
    """Finding 3: the owner's way out is a successful password reset."""
    user = UserFactory(email=EMAIL)
    _fail(PAIR_LOCK_AFTER)
    assert login_throttle(email=EMAIL, ip=IP).locked

    url = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    form_url = client.get(url)["Location"]
    response = client.post(
        form_url,
        {
            "new_password1": "Un-nouveau-mot-de-passe-77",
            "new_password2": "Un-nouveau-mot-de-passe-77",
        },
    )
    assert response.status_code == 302

    assert login_throttle(email=EMAIL, ip=IP).allowed
    response = client.post(
        reverse("accounts:login"),
        {"email": EMAIL, "password": "Un-nouveau-mot-de-passe-77"},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302


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
    _fail(PAIR_LOCK_AFTER)

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
    _fail(PAIR_LOCK_AFTER, at=at)

    response = _login(client, PASSWORD)

    html = response.content.decode()
    assert "la connexion est bloquée pendant 15 minutes (jusqu&#x27;à" in html
    assert format_time(at + LOCK_DURATION) in html
    assert "_auth_user_id" not in client.session


def test_next_is_followed_only_on_this_site(client):
    UserFactory(email=EMAIL)
    response = client.post(
        reverse("accounts:login") + "?next=https://pirate.example/",
        {"email": EMAIL, "password": PASSWORD},
    )
    assert response["Location"] == reverse("espace:home")
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


def test_a_long_wait_is_told_in_minutes(client):
    """Finding 3: « patientez 262118 secondes » became a bounded wait, in minutes."""
    UserFactory(email=EMAIL)
    now = timezone.now()
    for n in range(ADDRESS_SLOW_AFTER + 5):
        _fail(1, email=f"victime{n}@exemple.gouv.fr", at=now)

    response = _login(client, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de tentatives échouées : patientez 3 minutes avant de réessayer." in html
    assert "_auth_user_id" not in client.session
