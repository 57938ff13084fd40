import pytest
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
