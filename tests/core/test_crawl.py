"""No broken link: every public page of the demo data, in French and in
English, is crawled from the home pages; every internal link (`href`) and
picture (`src`, `srcset`) must end in a 200, after redirects."""

import time
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

START = ["/", "/en/"]
MAX_REDIRECTS = 5
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
LOCAL_HOSTS = {"", "testserver"}


class Links(HTMLParser):
    """The `href`, `src` and `srcset` addresses of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src"):
                self.found.append(value)
            elif name == "srcset":
                self.found.extend(part.split()[0] for part in value.split(",") if part.strip())


def internal(base: str, address: str) -> str | None:
    """`address` as an internal path with its query, or None (external, mail…)."""
    address = address.strip()
    if not address or address.startswith("#") or address.lower().startswith(SKIPPED_SCHEMES):
        return None
    parts = urlsplit(urljoin(base, address))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in LOCAL_HOSTS:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fetch(client: Client, url: str):
    """The final response for `url` and the address it ended at."""
    for _ in range(MAX_REDIRECTS + 1):
        response = client.get(url)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response, url
        target = internal(url, response.headers["Location"])
        if target is None:
            return response, url  # leaves the site: not ours to check
        url = target
    return response, url


def crawl(client: Client):
    """The referrers of each address, the broken addresses -> (status, where it
    ended), the addresses that go through a redirect -> where, the pages read."""
    referrers: dict[str, set[str]] = {url: {"(départ)"} for url in START}
    queue = deque(START)
    broken: dict[str, tuple[int, str]] = {}
    moved: dict[str, str] = {}
    pages = 0
    while queue:
        url = queue.popleft()
        response, final = fetch(client, url)
        if response.status_code != 200:
            broken[url] = (response.status_code, final)
            continue
        if final != url:
            moved[url] = final
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        parser = Links()
        parser.feed(response.content.decode())
        for address in parser.found:
            target = internal(final, address)
            if target is None:
                continue
            if target not in referrers:
                referrers[target] = set()
                queue.append(target)
            referrers[target].add(final)
    return referrers, broken, moved, pages


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, import_media_root):
    """`import_demo_data` once for the module (both sites, the seeds), rolled back."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=import_media_root),
        transaction.atomic(),
    ):
        call_command("import_demo_data", "--no-progress", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_every_internal_link_and_picture_of_the_public_pages_ends_in_a_200(
    demo_site, db, settings, import_media_root
):
    settings.MEDIA_ROOT = import_media_root  # where the import stored the pictures
    started = time.monotonic()
    referrers, broken, moved, pages = crawl(Client())

    assert pages > 500, f"only {pages} pages crawled"
    assert any(url.startswith("/en/defis/") for url in referrers)
    assert any(url.startswith("/media/") for url in referrers), "no picture crawled"
    report = "\n".join(
        f"{url} -> {status} (at {final}), linked from {', '.join(sorted(referrers[url])[:3])}"
        for url, (status, final) in sorted(broken.items())
    )
    print(f"{pages} pages, {len(referrers)} addresses, {time.monotonic() - started:.0f} s")
    print(f"{len(moved)} links through a redirect:")
    for url, final in sorted(moved.items()):
        print(f"  {url} -> {final}")
    assert not broken, f"{len(broken)} broken internal addresses:\n{report}"


# --- The old addresses of both sites, on the same import -----------------------


def record_of(models, key: str):
    """The record made from the source file `key` (its own or a merged one)."""
    for model in models:
        merged = any(field.name == "other_source_keys" for field in model._meta.fields)
        # (JSON `contains` is not available on SQLite: the merged keys are read here)
        found = [
            record
            for record in model.objects.all()
            if record.source_key == key or (merged and key in (record.other_source_keys or []))
        ]
        if found:
            [record] = found
            return record
    raise AssertionError(f"no record for {key}")


def assert_moved(client, old: str, new: str):
    response = client.get(old)
    assert response.status_code == 301, f"{old} answered {response.status_code}"
    assert response.headers["Location"] == new
    assert client.get(new).status_code == 200


def test_the_original_sites_own_redirects_lead_to_the_new_pages(demo_site, db, client):
    from eig.challenges.models import Challenge
    from eig.content.models import Post

    hopkins = Challenge.objects.get(legacy_path="/defis/2018/hopkins.html")
    post = Post.objects.get(
        legacy_path="/blog/2018/03/16/programme-eig-point-de-vue-technique.html"
    )
    archifiltre_url = Challenge.objects.get(
        legacy_path="/defis/2018/archifiltre.html"
    ).get_absolute_url()
    gobelins_url = Challenge.objects.get(legacy_path="/defis/2018/gobelins.html").get_absolute_url()

    hopkins_url, post_url = hopkins.get_absolute_url(), post.get_absolute_url()

    assert_moved(client, "/defi/2017/09/26/hopkins/", hopkins_url)
    assert_moved(client, "/defi/2017/09/26/hopkins", hopkins_url)
    assert_moved(client, "/posts/2018/03/16/programme-eig-point-de-vue-technique/", post_url)
    # Renamed after the original site's _redirects were written (see RENAMED_CHALLENGES).
    assert_moved(client, "/defi/2017/09/26/archemse/", archifiltre_url)
    # Its pages, and a défi it names under another year (the 2018 Gobelins).
    assert_moved(client, "/defis/2018/hopkins.html", hopkins_url)
    assert_moved(client, "/defis/2017/gobelins.html", gobelins_url)
    assert_moved(client, "/en/defis/2018/hopkins.html", f"/en{hopkins_url}")


def test_the_current_sites_addresses_lead_to_the_new_pages(demo_site, db, client):
    from eig.challenges.models import Challenge, Mentor
    from eig.cohorts.models import Cohort, Fellow
    from eig.content.models import Post

    stage = record_of([Challenge], "site/content/defis/1-élève-1-stage.md")
    hopkins = record_of([Challenge], "site/content/defis/hopkins.md")
    person = record_of([Fellow, Mentor], "site/content/personnes/adnène-trojette.md")
    figures = record_of([Post], "site/content/blog/Chiffres-EIG.md")
    cohort = Cohort.objects.get(name="Promotion 7")

    # (Each address is computed before a request: an /en/ one leaves English on.)
    stage_url, hopkins_url = stage.get_absolute_url(), hopkins.get_absolute_url()
    person_url, figures_url = person.get_absolute_url(), figures.get_absolute_url()
    cohort_url = cohort.get_absolute_url()

    # Hugo's addresses: lower case, no accents.
    assert_moved(client, "/defis/1-eleve-1-stage/", stage_url)
    assert_moved(client, "/defis/1-eleve-1-stage", stage_url)
    assert_moved(client, "/en/defis/1-eleve-1-stage/", f"/en{stage_url}")
    # A défi of both sites: the current site's address leads to the one record.
    assert hopkins.legacy_path == "/defis/2018/hopkins.html"
    assert_moved(client, "/defis/hopkins/", hopkins_url)
    assert_moved(client, "/personnes/adnene-trojette/", person_url)
    assert_moved(client, "/blog/chiffres-eig/", figures_url)
    assert_moved(client, "/blog/Chiffres-EIG/", figures_url)
    assert_moved(client, "/promos/promotion-7/", cohort_url)
    assert_moved(client, "/equipe", "/programme/")
    assert_moved(client, "/espace-presse/", "/revue-de-presse/")


def test_an_old_address_costs_one_query_and_the_new_sites_pages_win(
    demo_site, db, client, django_assert_num_queries
):
    from eig.challenges.models import Challenge

    hopkins = Challenge.objects.get(legacy_path="/defis/2018/hopkins.html")
    with django_assert_num_queries(1):
        response = client.get("/defis/hopkins/")
    assert response.status_code == 301
    assert response.headers["Location"] == hopkins.get_absolute_url()

    own = client.get(hopkins.get_absolute_url())
    assert own.status_code == 200
    assert hopkins.title in own.content.decode()
    assert client.get("/defis/no-such-challenge/").status_code == 404
