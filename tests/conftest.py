import os

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_password_hasher(request, settings):
    """Passwords hash fast in every test (a user costs milliseconds, not seconds);
    a test that measures the real hasher (timing) says so with
    ``@pytest.mark.real_password_hasher``."""
    if request.node.get_closest_marker("real_password_hasher") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bounded_get(django_assert_max_num_queries):
    """GET a page within a query bound, and prove it is the page: it answers
    ``status`` and contains each of ``contains`` (so a bound can never pass on an
    error page that runs no query)."""

    def get(client, url, *, queries, contains, status=200, data=None):
        with django_assert_max_num_queries(queries):
            response = client.get(url, data or {})
        assert response.status_code == status, f"{url} answered {response.status_code}"
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        ).decode()
        for piece in [contains] if isinstance(contains, str) else contains:
            assert piece in body, f"{url}: {piece!r} not in the page"
        return response

    return get


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def import_media_root(tmp_path_factory):
    """Where the imports shared by a module (the demo data) store their
    pictures: one folder for the whole run, so that each file is stored and
    resized once (a test serving them sets MEDIA_ROOT to it)."""
    return tmp_path_factory.mktemp("import-media")


@pytest.fixture(autouse=True)
def _default_language():
    """The test client leaves the last request's language active in the thread:
    without this, `get_absolute_url()` after an /en/ request gives an /en/ address."""
    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _page_cache(settings):
    """No page cache unless EIG_PAGE_CACHE=1: query counts and repeated requests
    then measure the views (tests/core/test_cache.py turns it on)."""
    settings.EIG_PAGE_CACHE = os.environ.get("EIG_PAGE_CACHE") == "1"
    cache.clear()
