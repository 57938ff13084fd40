"""The cache of anonymous public pages and API answers (eig/core/cache.py).

Pages are served from the cache until content changes, whatever the way the
change is made (admin, ORM, links, deletion), and whatever process made it;
nothing private or personal is ever stored or served from it.
"""

import html
import re

import pytest
from django.contrib import messages
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from eig.core import cache as page_cache
from eig.core.models import ContentVersion
from eig.demo.fake_data import generate_fake_data
from tests.accounts.factories import make_user
from tests.factories import (
    ChallengeFactory,
    ChallengeMentorFactory,
    ChallengeProjectFactory,
    PostFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.EIG_PAGE_CACHE = True


def _hit(response) -> bool:
    return response.headers.get("X-Cache") == "hit"


# --- Served from the cache, and only while nothing changed -----------------------


def test_second_anonymous_visit_is_served_from_the_cache_with_one_query(
    client, django_assert_num_queries
):
    challenge = ChallengeFactory(title="Données de santé")
    first = client.get(challenge.get_absolute_url())

    with django_assert_num_queries(1):  # the content version
        second = client.get(challenge.get_absolute_url())

    assert first.headers["X-Cache"] == "miss"
    assert _hit(second)
    assert second.content == first.content
    assert "Données de santé" in second.content.decode()


def test_anonymous_pages_say_public_short_max_age_and_vary(client):
    ChallengeFactory()

    for response in (client.get("/en/defis/"), client.get("/en/defis/")):
        assert response.headers["Cache-Control"] == "public, max-age=60"
        vary = {part.strip() for part in response.headers["Vary"].split(",")}
        assert {"Accept-Language", "Cookie"} <= vary
        assert response.headers["ETag"]
        # What the middleware after the cache adds is stored with the answer.
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Language"] == "en"
        assert int(response.headers["Content-Length"]) == len(response.content)
    assert _hit(response)


def test_a_matching_etag_gets_304_from_the_cache(client):
    ChallengeFactory()
    etag = client.get("/defis/").headers["ETag"]

    response = client.get("/defis/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_query_string_path_and_language_are_part_of_the_key(client):
    ChallengeFactory(title="Sécurité des données")
    ChallengeFactory(title="Eau potable")
    client.get("/defis/?q=securite")

    other_query = client.get("/defis/?q=eau")
    english = client.get("/en/defis/?q=securite")

    assert not _hit(other_query)
    assert "Eau potable" in other_query.content.decode()
    assert "Sécurité des données" not in other_query.content.decode()
    assert not _hit(english)
    assert english.headers["Content-Language"] == "en"


def test_the_api_is_served_from_the_same_cache(client):
    challenge = ChallengeFactory(title="Données de santé")
    url = f"/api/v1/challenges/{challenge.year}/{challenge.slug}/"
    first = client.get(url)

    second = client.get(url)
    not_modified = client.get(url, headers={"if-none-match": first.headers["ETag"]})

    assert first.headers["X-Cache"] == "miss"
    assert _hit(second)
    assert second.json()["title"] == "Données de santé"
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert not_modified.status_code == 304


def test_a_streamed_csv_is_cached_once_sent_in_full(client):
    ChallengeFactory(title="Données de santé")
    first = client.get("/donnees/defis.csv")
    first_body = b"".join(first.streaming_content)

    second = client.get("/donnees/defis.csv")

    assert _hit(second)
    assert second.content == first_body
    assert "Données de santé" in second.content.decode()
    assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]


# --- Invalidation: a change shows at once -----------------------------------------


def _title_seen(client, challenge) -> tuple[str, str]:
    page = client.get(challenge.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/challenges/{challenge.year}/{challenge.slug}/").json()
    h1 = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1).strip())
    return h1, api["title"]


def test_a_change_through_the_orm_shows_at_once_on_the_page_and_in_the_api(client):
    challenge = ChallengeFactory(title="Ancien titre")
    assert _title_seen(client, challenge) == ("Ancien titre", "Ancien titre")
    assert _hit(client.get(challenge.get_absolute_url()))

    challenge.title = "Nouveau titre"
    challenge.save()

    assert _title_seen(client, challenge) == ("Nouveau titre", "Nouveau titre")


def _admin_form_data(response) -> dict:
    """What the admin change form would post back unchanged, inlines included."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(item) for item in value]
            data[field.html_name] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


# The admin's URL fields warn about Django 6's default scheme (not this test's subject).
@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango60Warning")
def test_a_change_through_the_admin_shows_at_once_on_the_page_and_in_the_api(client):
    challenge = ChallengeFactory(title="Ancien titre")
    ChallengeProjectFactory(challenge=challenge)
    ChallengeMentorFactory(challenge=challenge)
    visitor = Client()
    assert _title_seen(visitor, challenge) == ("Ancien titre", "Ancien titre")
    client.force_login(make_user(is_superuser=True, is_staff=True))
    change_url = f"/admin/challenges/challenge/{challenge.pk}/change/"
    data = _admin_form_data(client.get(change_url))

    data["title"] = "Titre corrigé par l'équipe"
    response = client.post(change_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _title_seen(visitor, challenge) == (
        "Titre corrigé par l'équipe",
        "Titre corrigé par l'équipe",
    )


def test_unpublishing_a_challenge_takes_it_off_the_cached_pages_at_once(client):
    challenge = ChallengeFactory(title="Défi bientôt retiré")
    assert "Défi bientôt retiré" in client.get("/defis/").content.decode()
    assert client.get(challenge.get_absolute_url()).status_code == 200

    challenge.is_published = False
    challenge.save(update_fields=["is_published"])

    assert "Défi bientôt retiré" not in client.get("/defis/").content.decode()
    assert client.get(challenge.get_absolute_url()).status_code == 404
    api = client.get(f"/api/v1/challenges/{challenge.year}/{challenge.slug}/")
    assert api.status_code == 404


def test_links_and_deletions_change_the_version(client):
    theme = ThemeFactory(name="Environnement")
    ChallengeFactory(title="Déjà dans le thème").themes.add(theme)
    challenge = ChallengeFactory(title="Ajouté au thème")
    url = f"/defis/?theme={theme.slug}"
    assert challenge.title not in client.get(url).content.decode()

    challenge.themes.add(theme)
    assert challenge.title in client.get(url).content.decode()

    challenge.delete()
    assert challenge.title not in client.get(url).content.decode()


def test_a_news_post_change_shows_at_once(client):
    post = PostFactory(title="Premier titre")
    assert "Premier titre" in client.get(post.get_absolute_url()).content.decode()

    post.title = "Second titre"
    post.save()

    assert "Second titre" in client.get(post.get_absolute_url()).content.decode()


def test_another_process_sees_the_change_at_once(client, monkeypatch):
    """Each web process has its own memory; the version in the database joins them."""
    process_a = LocMemCache("test-process-a", {})
    process_b = LocMemCache("test-process-b", {})
    challenge = ChallengeFactory(title="Ancien titre")
    monkeypatch.setattr(page_cache, "cache", process_a)
    client.get(challenge.get_absolute_url())
    assert _hit(client.get(challenge.get_absolute_url()))

    monkeypatch.setattr(page_cache, "cache", process_b)
    challenge.title = "Nouveau titre"
    challenge.save()  # a staff member's request, answered by process B
    monkeypatch.setattr(page_cache, "cache", process_a)
    response = client.get(challenge.get_absolute_url())

    assert not _hit(response)
    assert "Nouveau titre" in response.content.decode()
    process_a.clear()
    process_b.clear()


def test_entries_live_as_long_as_browsers_may_keep_the_answer(client, monkeypatch, settings):
    settings.EIG_PAGE_CACHE_SECONDS = 60
    ChallengeFactory()
    stored = []
    real_set = page_cache.cache.set
    monkeypatch.setattr(
        page_cache.cache,
        "set",
        lambda key, value, timeout: stored.append(timeout) or real_set(key, value, timeout),
    )

    client.get("/defis/")  # no max-age of its own: 60 s
    client.get("/api/v1/challenges/")  # max-age=300

    assert stored == [60, 300]


def test_non_content_writes_keep_the_cache():
    version = page_cache.content_version()

    make_user()

    assert page_cache.content_version() == version


def test_migrate_and_bulk_writers_change_the_version():
    version = page_cache.content_version()
    page_cache.after_migrate(sender=None)
    after_migrate = page_cache.content_version()

    page_cache.content_changed()

    assert version != after_migrate != page_cache.content_version()


def test_generated_data_changes_the_version():
    version = page_cache.content_version()

    generate_fake_data(scale=1)

    assert page_cache.content_version() != version


def test_a_missing_version_row_turns_the_cache_off_until_content_changes(client):
    ChallengeFactory()
    ContentVersion.objects.all().delete()

    assert "X-Cache" not in client.get("/defis/").headers
    page_cache.content_changed()
    assert client.get("/defis/").headers["X-Cache"] == "miss"


# --- Never cached ----------------------------------------------------------------------


def test_logged_in_people_neither_get_nor_fill_the_cache(client):
    challenge = ChallengeFactory(title="Données de santé")
    client.force_login(make_user())

    logged_in = [client.get(challenge.get_absolute_url()) for _ in range(2)]
    visitor = Client().get(challenge.get_absolute_url())

    assert all("X-Cache" not in response.headers for response in logged_in)
    assert "Se déconnecter" in logged_in[1].content.decode()
    assert visitor.headers["X-Cache"] == "miss"
    assert "Se déconnecter" not in visitor.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/compte/connexion/", "/en/compte/connexion/", "/espace/", "/gestion/", "/admin/", "/healthz"],
)
def test_private_spaces_are_never_cached(client, url):
    for _ in range(2):
        response = client.get(url)
        assert "X-Cache" not in response.headers, url


def test_visitors_never_share_a_csrf_token_and_the_language_form_still_posts():
    ChallengeFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/defis/")

    page = second.get("/defis/")
    html = page.content.decode()
    next_url = re.search(r'name="next" type="hidden" value="([^"]*)"', html).group(1)
    switched = second.post("/i18n/setlang/", {"language": "en", "next": next_url})

    assert _hit(page)
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in page.cookies
    assert switched.status_code == 302
    assert switched.headers["Location"] == "/en/defis/"


# Views of a test URLconf, to check what the middleware refuses to store.
def _with_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


def _with_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


def _with_message(request):
    messages.info(request, "Bienvenue")
    return HttpResponse("message")


def _with_session(request):
    request.session["seen"] = True
    return HttpResponse("session")


@never_cache
def _never(request):
    return HttpResponse("never")


def _varies_on_accept(request):
    response = HttpResponse(request.headers.get("Accept", ""))
    patch_vary_headers(response, ["Accept"])
    return response


def _not_found(request):
    return HttpResponse("gone", status=404)


def _language(request):
    return HttpResponse(get_language())


urlpatterns = [
    path("csrf/", _with_csrf_token),
    path("cookie/", _with_cookie),
    path("message/", _with_message),
    path("session/", _with_session),
    path("never/", _never),
    path("accept/", _varies_on_accept),
    path("missing/", _not_found),
    path("language/", _language),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "url", ["/csrf/", "/cookie/", "/message/", "/session/", "/never/", "/accept/", "/missing/"]
)
def test_answers_that_are_personal_or_say_so_are_never_stored(url):
    for _ in range(2):
        response = Client().get(url)
        assert "X-Cache" not in response.headers, url


@pytest.mark.urls(__name__)
def test_two_visitors_of_a_page_with_a_csrf_token_get_their_own():
    tokens = [Client().get("/csrf/").content for _ in range(2)]

    assert tokens[0] != tokens[1]


@pytest.mark.urls(__name__)
def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache(client):
    assert client.get("/language/").headers["X-Cache"] == "miss"
    assert _hit(client.get("/language/"))
    client.get("/message/")  # queues a message for the next page

    response = client.get("/language/")

    assert "X-Cache" not in response.headers


@pytest.mark.urls(__name__)
def test_the_language_is_part_of_the_key_outside_the_language_prefix(client):
    french = client.get("/language/", headers={"accept-language": "fr"})
    english = client.get("/language/", headers={"accept-language": "en"})
    english_again = client.get("/language/", headers={"accept-language": "en"})

    assert (french.content, english.content) == (b"fr", b"en")
    assert _hit(english_again)
    assert english_again.content == b"en"


def test_the_cache_can_be_turned_off(client, settings):
    settings.EIG_PAGE_CACHE = False
    ChallengeFactory()

    responses = [client.get("/defis/") for _ in range(2)]

    assert all("X-Cache" not in response.headers for response in responses)
