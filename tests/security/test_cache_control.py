"""Issue 17, finding 13: every page for a logged-in person, and every download
of personal data, is `Cache-Control: private, no-store`; an anonymous public
page keeps its own cacheability."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from eig.accounts.models import Role
from eig.security.cache_control import PrivateCacheControlMiddleware, personal
from tests.accounts.factories import make_user
from tests.factories_cohort_life import RegistrationFactory, WebinarFactory

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def test_a_logged_in_page_is_private_and_not_stored(client):
    user = make_user(Role.CANDIDATE)
    client.force_login(user)

    response = client.get(reverse("espace:home"))

    assert response.status_code == 200
    assert user.first_name in response.content.decode()
    assert response["Cache-Control"] == PRIVATE


def test_a_logged_in_person_on_a_public_page_is_not_cached_either(client, settings):
    settings.EIG_PAGE_CACHE = True
    client.force_login(make_user(Role.CANDIDATE))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_an_export_download_is_private_and_not_stored(client):
    client.force_login(make_user(Role.STAFF))
    event = WebinarFactory(capacity=5)
    RegistrationFactory(event=event, name="Zéphyrin Témoin")

    response = client.get(reverse("events:staff_attendees_csv", kwargs={"pk": event.pk}))

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Zéphyrin Témoin" in body.decode()
    assert response["Cache-Control"] == PRIVATE


def test_the_own_data_archive_is_private_and_not_stored(client):
    client.force_login(make_user(Role.CANDIDATE))
    response = client.get(reverse("applications:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == PRIVATE


def test_an_anonymous_public_page_keeps_its_cacheability(client, settings):
    settings.EIG_PAGE_CACHE = True
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


def test_a_response_marked_personal_is_private_even_for_an_anonymous_visitor():
    request = RequestFactory().get("/")
    middleware = PrivateCacheControlMiddleware(
        lambda request: personal_response(HttpResponse("x", headers={"Cache-Control": "public"}))
    )
    assert middleware(request)["Cache-Control"] == PRIVATE


def test_a_stricter_header_set_by_the_view_is_kept(client):
    request = RequestFactory().get("/")
    request.user = make_user(Role.CANDIDATE)
    strict = "no-store, no-cache, must-revalidate, private"
    middleware = PrivateCacheControlMiddleware(
        lambda request: HttpResponse("x", headers={"Cache-Control": strict})
    )
    assert middleware(request)["Cache-Control"] == strict


def personal_response(response):
    response.personal_data = True  # marked by the view, header left as it was
    return response


def test_personal_marks_and_sets_the_header():
    response = personal(HttpResponse("x"))
    assert response.personal_data and response["Cache-Control"] == PRIVATE
