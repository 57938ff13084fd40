"""The mandatory pages (issue 19): each answers with its content, and every
page's footer links to them."""

import pytest
from django.test import override_settings

from eig.content.models import Page

pytestmark = pytest.mark.django_db

LEGAL_URLS = [
    "/plan-du-site/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/gestion-des-cookies/",
]


def test_the_migration_creates_the_managed_texts():
    slugs = set(Page.objects.values_list("slug", flat=True))
    assert {"mentions-legales", "accessibilite", "plan-du-site", "gestion-des-cookies"} <= slugs


@override_settings(
    EIG_PUBLISHER_NAME="Éditeur Témoin",
    EIG_PUBLICATION_DIRECTOR="Directrice Témoin",
    EIG_HOST_NAME="Hébergeur Témoin",
)
def test_legal_notice_reads_publisher_director_and_host_from_settings(client):
    response = client.get("/mentions-legales/")
    assert response.status_code == 200
    html = response.content.decode()
    for witness in ("Éditeur Témoin", "Directrice Témoin", "Hébergeur Témoin"):
        assert witness in html
    assert "Propriété intellectuelle" in html  # the managed text


def test_staff_edits_reach_the_page(client):
    page = Page.objects.get(slug="mentions-legales", language="fr")
    page.body = "## Texte modifié par les équipes"
    page.save()
    assert "Texte modifié par les équipes" in client.get("/mentions-legales/").content.decode()


def test_accessibility_statement_claims_no_audit_by_default(client):
    from django.conf import settings

    assert settings.EIG_ACCESSIBILITY_CHECKED_ON == ""
    response = client.get("/accessibilite/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>non conforme</strong>" in html
    assert "partiellement conforme" not in html
    assert "Aucun audit d'accessibilité n'a encore été réalisé" in html
    assert "Dernière vérification" not in html
    assert "Pages vérifiées" not in html
    assert "RGAA" in html and "4.1" in html
    assert "Défenseur des droits" in html


def test_accessibility_statement_after_an_audit(client, settings):
    settings.EIG_ACCESSIBILITY_CHECKED_ON = "2026-12-01"
    html = client.get("/accessibilite/").content.decode()
    assert "<strong>partiellement conforme</strong>" in html
    assert "Date : 1er décembre 2026." in html
    assert "Pages vérifiées" in html
    assert "aucun taux de conformité n&#x27;a été mesuré" in html
    assert "Aucun audit" not in html


def test_site_map_lists_pages_and_published_cohorts(client):
    from tests.factories import CohortFactory

    cohort = CohortFactory(name="Promotion Témoin", is_published=True)
    response = client.get("/plan-du-site/")
    assert response.status_code == 200
    html = response.content.decode()
    assert cohort.get_absolute_url() in html
    for url in ("/defis/", "/candidature/", "/mentions-legales/", "/gestion-des-cookies/"):
        assert f'href="{url}"' in html


def test_cookie_page_names_the_cookies_from_settings(client, settings):
    settings.SESSION_COOKIE_NAME = "session_temoin"
    response = client.get("/gestion-des-cookies/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "session_temoin" in html
    assert settings.CSRF_COOKIE_NAME in html
    assert settings.LANGUAGE_COOKIE_NAME in html
    assert "12 heures" in html  # SESSION_COOKIE_AGE


@pytest.mark.parametrize("url", ["/", "/defis/", "/actualites/", "/mentions-legales/", "/en/"])
def test_every_footer_links_the_mandatory_pages(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    footer = html[html.index('<footer class="fr-footer"') :]
    prefix = "/en" if url.startswith("/en/") else ""
    for legal in LEGAL_URLS:
        assert f'href="{prefix}{legal}"' in footer, legal
    if prefix:
        assert "Accessibility: not compliant" in footer  # no audit date set
    else:
        assert "Accessibilité : non conforme" in footer


def test_legal_pages_are_not_in_the_programme_menu(client):
    from tests.factories import PageFactory

    PageFactory(slug="programme")
    PageFactory(slug="autre-page")
    html = client.get("/programme/").content.decode()
    assert "/programme/autre-page/" in html
    assert "/programme/mentions-legales/" not in html
