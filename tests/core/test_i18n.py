"""French by default, English under /en/, and a language switcher that works without JS."""

import re

import pytest

from tests.factories import ChallengeFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_french_by_default(client):
    response = client.get("/defis/")

    html = response.content.decode()
    assert response.headers["Content-Language"] == "fr"
    assert '<html lang="fr"' in html
    assert "Rechercher un défi" in html


def test_english_interface_under_en(client):
    ChallengeFactory()

    response = client.get("/en/defis/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in html
    assert "Search for a challenge" in html
    assert "All cohorts" in html
    assert "1 challenge" in html
    assert 'href="/en/defis/"' in html  # the menu stays in English
    assert "Rechercher un défi" not in html


def test_english_dates_and_numbers(client):
    from tests.factories import ApplicationCallFactory

    ApplicationCallFactory()

    html = client.get("/en/candidature/").content.decode()

    assert "The call is open" in html
    assert "4,000\u00a0€ net per month" in html
    assert "(Paris time)" in html


def _switcher(html: str) -> dict:
    """The language form of the header: the language it offers and its `next`."""
    form = re.search(r'<form action="/i18n/setlang/" method="post".*?</form>', html, re.S).group(0)
    return {
        "language": re.search(r'name="language" value="(\w+)"', form).group(1),
        "next": re.search(r'name="next" type="hidden" value="([^"]*)"', form).group(1),
    }


def test_language_switcher_is_a_form_that_sets_the_language(client):
    post = PostFactory(slug="pourquoi-devenir-eig")
    switcher = _switcher(client.get(post.get_absolute_url() + "?x=1").content.decode())
    assert switcher == {"language": "en", "next": "/en/actualites/pourquoi-devenir-eig/?x=1"}

    response = client.post("/i18n/setlang/", switcher)

    assert response.status_code == 302
    assert response.headers["Location"] == "/en/actualites/pourquoi-devenir-eig/?x=1"
    english = client.get(response.headers["Location"])
    assert english.headers["Content-Language"] == "en"


def test_language_switcher_back_to_french_without_a_cookie(client):
    """A visitor who arrived on an English page (no language cookie) switches to French."""
    switcher = _switcher(client.get("/en/defis/").content.decode())
    assert switcher == {"language": "fr", "next": "/defis/"}

    response = client.post("/i18n/setlang/", switcher)

    assert response.headers["Location"] == "/defis/"
    assert client.get("/defis/").headers["Content-Language"] == "fr"
