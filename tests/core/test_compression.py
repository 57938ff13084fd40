"""Pages and other text answers leave gzipped for a client that accepts it
(eig/core/compression.py); binary answers and other clients get them as they are."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from eig.core.compression import TextGZipMiddleware

pytestmark = pytest.mark.django_db


def test_a_page_is_gzipped_for_a_client_that_accepts_it(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "Entrepreneurs d" in page
    assert page.rstrip().endswith("</html>")


def test_a_cached_page_is_gzipped_too(client, settings):
    settings.EIG_PAGE_CACHE = True
    client.get("/defis/")

    response = client.get("/defis/", headers={"Accept-Encoding": "gzip"})

    assert response.headers.get("X-Cache") == "hit"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "</html>" in gzip.decompress(response.content).decode()


def test_a_client_that_does_not_accept_gzip_gets_the_page_as_it_is(client):
    response = client.get("/")

    assert "Content-Encoding" not in response.headers
    assert "Entrepreneurs d" in response.content.decode()


def test_a_binary_answer_is_left_as_it_is():
    request = RequestFactory().get("/", headers={"Accept-Encoding": "gzip"})
    body = b"PK\x03\x04" + bytes(4096)
    middleware = TextGZipMiddleware(
        lambda request: HttpResponse(body, content_type="application/vnd.ms-excel")
    )

    response = middleware(request)

    assert "Content-Encoding" not in response.headers
    assert response.content == body


def test_the_weak_etag_of_a_gzipped_page_still_gives_a_304(client, settings):
    settings.EIG_PAGE_CACHE = True
    first = client.get("/defis/", headers={"Accept-Encoding": "gzip"})
    assert first.headers["ETag"].startswith('W/"')

    again = client.get(
        "/defis/", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    )

    assert again.status_code == 304


def test_an_api_answer_is_gzipped_and_decodes_to_its_json(client):
    import json

    from tests.factories import ChallengeFactory

    ChallengeFactory.create_batch(3)  # enough to pass the 200 bytes below which gzip waits

    response = client.get("/api/v1/challenges/", headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Content-Type"].startswith("application/json")
    assert len(json.loads(gzip.decompress(response.content))["results"]) == 3
