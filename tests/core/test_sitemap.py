"""sitemap.xml: an index of sections listing every public page and nothing else."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eig.www.public import sitemaps
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    EventFactory,
    FellowFactory,
    MentorFactory,
    PageFactory,
    PostFactory,
    bulk_challenges,
)

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
ROOT = "http://testserver"


def _xml(client, url: str) -> ET.Element:
    response = client.get(url.removeprefix(ROOT))
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def _section_pages(client) -> list[str]:
    index = _xml(client, "/sitemap.xml")
    return [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]


def _entries(client) -> dict[str, dict[str, str]]:
    """Every address listed, with its alternates {hreflang: address}."""
    entries = {}
    for section in _section_pages(client):
        for url in _xml(client, section).findall("sm:url", NS):
            loc = url.find("sm:loc", NS).text
            assert loc not in entries, f"{loc} listed twice"
            entries[loc] = {
                link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
            }
    return entries


@pytest.fixture
def site():
    """One public and one hidden object of every kind."""
    cohort = CohortFactory(slug="eig-4")
    CohortFactory(slug="eig-cachee", unpublished=True)
    challenge = ChallengeFactory(slug="lab-sante", cohort=cohort)
    ChallengeFactory(slug="defi-brouillon", cohort=cohort, draft=True)
    FellowFactory(slug="ada-publique", cohorts=[cohort], challenges=[challenge])
    FellowFactory(slug="bob-prive", cohorts=[cohort], private=True)
    MentorFactory(slug="mentor-public")
    MentorFactory(slug="mentor-prive", private=True)
    french = PostFactory(slug="bilan", title="Bilan")
    PostFactory(slug="bilan", title="Review", english=True, translation_of=french)
    alone = PostFactory(slug="seule-en-francais")
    PostFactory(slug="alone-draft", english=True, translation_of=alone, draft=True)
    PostFactory(slug="actualite-brouillon", draft=True)
    programme = PageFactory(slug="programme", title="Le programme")
    PageFactory(slug="programme", title="The programme", english=True, translation_of=programme)
    PageFactory(slug="accompagnement")
    PageFactory(slug="page-brouillon", draft=True)
    EventFactory(slug="webinaire-public")
    EventFactory(slug="webinaire-brouillon", draft=True)
    return {"challenge": challenge}


def test_every_listed_address_answers_200(client, site):
    entries = _entries(client)

    addresses = set(entries) | {href for links in entries.values() for href in links.values()}
    for address in sorted(addresses):
        assert address.startswith(ROOT + "/"), address
        response = client.get(address.removeprefix(ROOT))
        assert response.status_code == 200, address


def test_every_public_page_and_object_is_listed(client, site):
    listed = {loc.removeprefix(ROOT) for loc in _entries(client)}

    expected = {
        # fixed pages, in both languages
        "/",
        "/en/",
        "/promotions/",
        "/defis/",
        "/en/defis/",
        "/eig/",
        "/actualites/",
        "/revue-de-presse/",
        "/evenements/",
        "/candidature/",
        "/en/candidature/",
        "/appel-a-projets/",
        "/donnees/",
        "/questions-frequentes/",
        # objects
        "/promotions/eig-4/",
        f"/defis/{site['challenge'].year}/lab-sante/",
        "/eig/ada-publique/",
        "/mentors/mentor-public/",
        "/actualites/bilan/",
        "/en/actualites/bilan/",
        "/actualites/seule-en-francais/",
        "/programme/",
        "/en/programme/",
        "/programme/accompagnement/",
        "/evenements/webinaire-public/",
    }
    assert expected <= listed, expected - listed


def test_no_draft_unpublished_or_private_object_is_listed(client, site):
    entries = _entries(client)
    everything = " ".join(
        [*entries, *(href for links in entries.values() for href in links.values())]
    )

    for hidden in [
        "eig-cachee",
        "defi-brouillon",
        "bob-prive",
        "mentor-prive",
        "actualite-brouillon",
        "alone-draft",
        "page-brouillon",
        "webinaire-brouillon",
    ]:
        assert hidden not in everything, hidden


def test_translated_posts_and_pages_name_each_other_with_hreflang(client, site):
    entries = _entries(client)

    for path in ("/actualites/bilan/", "/en/actualites/bilan/"):
        assert entries[ROOT + path] == {
            "en": f"{ROOT}/en/actualites/bilan/",
            "fr": f"{ROOT}/actualites/bilan/",
            "x-default": f"{ROOT}/actualites/bilan/",
        }
    assert entries[f"{ROOT}/en/programme/"]["fr"] == f"{ROOT}/programme/"
    assert entries[f"{ROOT}/actualites/seule-en-francais/"] == {}  # its translation is a draft
    assert entries[f"{ROOT}/defis/"]["en"] == f"{ROOT}/en/defis/"


def test_large_sections_are_split_into_pages(client, site, monkeypatch):
    monkeypatch.setattr(sitemaps.ObjectSitemap, "limit", 4)
    bulk_challenges(9)

    pages = [url for url in _section_pages(client) if "sitemap-defis.xml" in url]
    listed = [loc.text for page in pages for loc in _xml(client, page).findall("sm:url/sm:loc", NS)]

    assert pages == [
        f"{ROOT}/sitemap-defis.xml",
        f"{ROOT}/sitemap-defis.xml?p=2",
        f"{ROOT}/sitemap-defis.xml?p=3",
    ]
    assert len(listed) == len(set(listed)) == 10


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_the_data(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ObjectSitemap, "limit", 50)
    urls = ["/sitemap.xml", "/sitemap-defis.xml", "/sitemap-actualites.xml", "/sitemap-pages.xml"]

    def grow(count: int) -> None:
        bulk_challenges(count)
        for _ in range(count // 10):
            PostFactory(translation_of=PostFactory(), english=True)

    grow(10)
    small = {url: _queries(client, url) for url in urls}
    grow(200)
    large = {url: _queries(client, url) for url in urls}

    assert large == small
    assert max(large.values()) <= 20
