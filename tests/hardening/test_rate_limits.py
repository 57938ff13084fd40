"""Rate limits on sign-up, password reset and submission (eig/security/ratelimit.py);
log-in keeps its own throttle (eig/accounts/throttling.py) and now answers 429.

Counted in the database (so across web processes), per client address and per
account; thresholds from settings (the environment); a refused request gets a
French 429 page with the form as typed.
"""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import User
from eig.applications.models import ApplicationState
from eig.security import ratelimit
from eig.security.models import RateLimitHit
from tests.accounts.factories import PASSWORD, UserFactory
from tests.applications.factories import ApplicationFactory
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _request(ip="198.51.100.7"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


# --- The counter ---------------------------------------------------------------------


def test_requests_are_counted_per_address_until_the_limit(settings):
    settings.EIG_RATE_LIMITS = {"sign_up": {"ip": (3, 3600)}}
    now = timezone.now()

    answers = [ratelimit.rate_limit(_request(), "sign_up", now=now) for _ in range(4)]

    assert answers[:3] == [None, None, None]
    refusal = answers[3]
    assert refusal.retry_at == now + timedelta(hours=1)
    assert refusal.wait_minutes == 60
    assert refusal.message == "Trop de tentatives, réessayez dans 60 minutes."
    assert RateLimitHit.objects.count() == 3  # a refused request is not counted
    # Another address is not concerned.
    assert ratelimit.rate_limit(_request("203.0.113.9"), "sign_up", now=now) is None


def test_the_window_slides_the_oldest_request_frees_a_place(settings):
    settings.EIG_RATE_LIMITS = {"sign_up": {"ip": (2, 600)}}
    start = timezone.now()
    ratelimit.rate_limit(_request(), "sign_up", now=start)
    ratelimit.rate_limit(_request(), "sign_up", now=start + timedelta(minutes=5))

    refused = ratelimit.rate_limit(_request(), "sign_up", now=start + timedelta(minutes=6))
    allowed = ratelimit.rate_limit(
        _request(), "sign_up", now=start + timedelta(minutes=10, seconds=1)
    )

    assert refused.wait_minutes == 4
    assert allowed is None


def test_an_account_is_limited_from_every_address(settings):
    settings.EIG_RATE_LIMITS = {"password_reset": {"ip": (100, 3600), "account": (2, 3600)}}
    for ip in ("198.51.100.1", "198.51.100.2"):
        assert ratelimit.rate_limit(_request(ip), "password_reset", account="A@x.fr") is None

    refusal = ratelimit.rate_limit(_request("198.51.100.3"), "password_reset", account="a@X.fr ")

    assert refusal is not None
    assert (
        ratelimit.rate_limit(_request("198.51.100.3"), "password_reset", account="b@x.fr") is None
    )


def test_limits_can_be_lifted_for_load_tests(settings):
    settings.EIG_RATE_LIMITS = {"sign_up": {"ip": (1, 3600)}}
    settings.EIG_RATE_LIMITS_ENABLED = False

    assert all(ratelimit.rate_limit(_request(), "sign_up") is None for _ in range(5))
    assert not RateLimitHit.objects.exists()


def test_the_settings_read_the_environment(monkeypatch):
    from eig import settings as project_settings

    monkeypatch.setenv("EIG_RATE_LIMIT_SUBMIT_IP", "5000/60")

    assert project_settings.env_rate("EIG_RATE_LIMIT_SUBMIT_IP", "300/600") == (5000, 60)
    assert project_settings.env_rate("EIG_RATE_LIMIT_UNSET_FOR_TEST", "300/600") == (300, 600)


def test_old_hits_are_deleted(settings):
    settings.EIG_RATE_LIMITS = {"sign_up": {"ip": (10, 600)}}
    RateLimitHit.objects.create(scope="sign_up", key="ip:1", at=timezone.now() - timedelta(hours=1))
    RateLimitHit.objects.create(scope="sign_up", key="ip:1", at=timezone.now())

    assert ratelimit.rate_limit_hits_delete_expired() == 1
    assert RateLimitHit.objects.count() == 1


# --- The pages -----------------------------------------------------------------------


def _sign_up_data(organization, email):
    return {
        "first_name": "Claude",
        "last_name": "Dupont",
        "email": email,
        "kind": "agent",
        "organization": organization.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def test_sign_up_is_limited_per_address_with_a_french_429_keeping_what_was_typed(settings, client):
    settings.EIG_RATE_LIMITS = {"sign_up": {"ip": (2, 3600)}}
    organization = OrganizationFactory()
    for n in range(2):
        response = Client().post(
            reverse("accounts:sign_up"), _sign_up_data(organization, f"agent{n}@agri.gouv.fr")
        )
        assert response.status_code == 302

    response = client.post(
        reverse("accounts:sign_up"), _sign_up_data(organization, "troisieme@agri.gouv.fr")
    )

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 3500
    html = response.content.decode()
    assert "Trop de tentatives, réessayez dans 60 minutes." in html
    assert 'value="troisieme@agri.gouv.fr"' in html
    assert 'value="Claude"' in html and 'value="Dupont"' in html
    assert not User.objects.filter(email="troisieme@agri.gouv.fr").exists()


def test_an_invalid_sign_up_form_is_not_counted(settings, client):
    settings.EIG_RATE_LIMITS = {"sign_up": {"ip": (1, 3600)}}
    organization = OrganizationFactory()
    for _ in range(3):
        data = {**_sign_up_data(organization, "x@agri.gouv.fr"), "password2": "autre"}
        assert client.post(reverse("accounts:sign_up"), data).status_code == 200

    response = client.post(
        reverse("accounts:sign_up"), _sign_up_data(organization, "x@agri.gouv.fr")
    )

    assert response.status_code == 302


def test_password_reset_is_limited_per_account_and_sends_nothing_more(settings, client, outbox):
    settings.EIG_RATE_LIMITS = {"password_reset": {"ip": (100, 3600), "account": (2, 3600)}}
    UserFactory(email="camille@exemple.fr")
    url = reverse("accounts:password_reset")
    with outbox.capture():
        for _ in range(2):
            assert client.post(url, {"email": "camille@exemple.fr"}).status_code == 302
        response = client.post(url, {"email": "Camille@Exemple.fr"})

    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert 'value="Camille@Exemple.fr"' in response.content.decode()
    assert len(outbox.messages) == 2


def test_password_reset_is_limited_per_address(settings, client):
    settings.EIG_RATE_LIMITS = {"password_reset": {"ip": (3, 3600), "account": (100, 3600)}}
    url = reverse("accounts:password_reset")
    codes = [client.post(url, {"email": f"p{n}@exemple.fr"}).status_code for n in range(4)]

    assert codes == [302, 302, 302, 429]


def test_submission_is_limited_per_account(settings, client):
    settings.EIG_RATE_LIMITS = {"application_submit": {"ip": (100, 600), "account": (2, 600)}}
    application = ApplicationFactory(complete=True)
    client.force_login(application.candidate)
    url = reverse("applications:submit", kwargs={"pk": application.pk})

    codes = [client.post(url).status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED  # the first one went through
    last = client.post(url)
    assert "Trop de tentatives, réessayez dans 10 minutes." in last.content.decode()


def test_submission_is_limited_per_address_whatever_the_account(settings):
    settings.EIG_RATE_LIMITS = {"application_submit": {"ip": (2, 600), "account": (100, 600)}}
    codes = []
    for _ in range(3):
        application = ApplicationFactory(complete=True)
        client = Client(REMOTE_ADDR="192.0.2.44")
        client.force_login(application.candidate)
        codes.append(client.post(reverse("applications:submit", args=[application.pk])).status_code)

    assert codes == [302, 302, 429]
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_login_throttling_answers_429(client):
    UserFactory(email="camille@exemple.fr")
    url = reverse("accounts:login")
    for _ in range(3):
        assert client.post(url, {"email": "camille@exemple.fr", "password": "x"}).status_code == 200

    response = client.post(url, {"email": "camille@exemple.fr", "password": PASSWORD})

    assert response.status_code == 429
    assert 'value="camille@exemple.fr"' in response.content.decode()
