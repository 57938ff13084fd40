import pytest

from tests.accounts.fixtures import _fast_and_immediate  # noqa: F401


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
