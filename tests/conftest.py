import os

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
