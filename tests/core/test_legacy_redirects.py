"""The original site's addresses redirect permanently to the new pages."""

import pytest

from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    FellowFactory,
    MentorFactory,
    PageFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/candidature-eig.html", "/candidature/"),
        ("/presentation.html", "/programme/"),
        ("/accompagnement.html", "/programme/"),
        ("/defis.html", "/defis/"),
        ("/communaute.html", "/eig/"),
        ("/blog.html", "/actualites/"),
        ("/blog/", "/actualites/"),
        ("/index.html", "/"),
        ("/revue-de-presse.html", "/revue-de-presse/"),
        ("/faq.html", "/questions-frequentes/"),
        ("/en/candidature-eig.html", "/en/candidature/"),
        ("/en/challenges.html", "/en/defis/"),
        ("/en/index.html", "/en/"),
    ],
)
def test_fixed_pages_redirect_permanently_without_a_query(
    client, django_assert_num_queries, old, new
):
    with django_assert_num_queries(0):
        response = client.get(old)

    assert response.status_code == 301
    assert response.headers["Location"] == new


def test_a_challenge_address_redirects_to_its_page_by_legacy_path(
    client, django_assert_num_queries
):
    challenge = ChallengeFactory(
        year=2019, slug="cartobio-2019", legacy_path="/defis/2019/cartobio.html"
    )

    with django_assert_num_queries(1):
        response = client.get("/defis/2019/cartobio.html")

    assert response.status_code == 301
    assert response.headers["Location"] == challenge.get_absolute_url()


def test_a_challenge_address_redirects_by_year_and_slug_without_legacy_path(client):
    ChallengeFactory(cohort=CohortFactory(year=2019), year=2019, slug="adler", legacy_path="")

    response = client.get("/defis/2019/adler.html")

    assert response.status_code == 301
    assert response.headers["Location"] == "/defis/2019/adler/"


def test_a_fellow_and_a_mentor_address_redirect_to_their_profiles(client):
    fellow = FellowFactory(
        slug="adrien-signorino", legacy_path="/communaute/2018/adrien-signorino.html"
    )
    mentor = MentorFactory(
        slug="adnene-trojette", legacy_path="/communaute/2019/adnene-trojette.html"
    )

    to_fellow = client.get("/communaute/2018/adrien-signorino.html")
    to_mentor = client.get("/communaute/2019/adnene-trojette.html")

    assert (to_fellow.status_code, to_fellow.headers["Location"]) == (
        301,
        fellow.get_absolute_url(),
    )
    assert (to_mentor.status_code, to_mentor.headers["Location"]) == (
        301,
        mentor.get_absolute_url(),
    )


def test_a_post_address_redirects_to_the_post_in_its_language(client):
    french = PostFactory(
        slug="bootcamp-promotion-2",
        legacy_path="/blog/2018/02/27/bootcamp-comment-souder-un-collectif-de-talents.html",
    )
    PostFactory(
        english=True,
        slug="bootcamp-promotion-2",
        translation_of=french,
        legacy_path="/en/blog/2018/02/27/bootcamp-comment-souder-un-collectif-de-talents.html",
    )

    response = client.get("/blog/2018/02/27/bootcamp-comment-souder-un-collectif-de-talents.html")
    english = client.get("/en/blog/2018/02/27/bootcamp-comment-souder-un-collectif-de-talents.html")

    assert response.status_code == 301
    assert response.headers["Location"] == "/actualites/bootcamp-promotion-2/"
    assert english.status_code == 301
    assert english.headers["Location"] == "/en/actualites/bootcamp-promotion-2/"


def test_a_page_address_redirects_to_the_page(client):
    PageFactory(slug="reglement", legacy_path="/reglement.html")

    response = client.get("/reglement.html")

    assert response.status_code == 301
    assert response.headers["Location"] == "/programme/reglement/"


def test_an_unknown_or_unpublished_legacy_address_is_404(client):
    PostFactory(draft=True, legacy_path="/blog/2018/02/13/exemple.html")
    FellowFactory(private=True, slug="cache", legacy_path="/communaute/2018/cache.html")

    assert client.get("/defis/2019/nothing.html").status_code == 404
    assert client.get("/blog/2018/02/13/exemple.html").status_code == 404
    assert client.get("/communaute/2018/cache.html").status_code == 404
    assert client.get("/n-importe-quoi.html").status_code == 404


def test_the_redirect_lands_on_a_page_that_answers(client):
    ChallengeFactory(year=2019, slug="cartobio", legacy_path="/defis/2019/cartobio.html")

    response = client.get("/defis/2019/cartobio.html", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [("/defis/2019/cartobio/", 301)]
