import pytest

from tests.accounts.fixtures import _fast_and_immediate, outbox  # noqa: F401


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """Candidates' files go to a fresh private folder, away from MEDIA_ROOT."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EIG_UPLOAD_MAX_BYTES = 200 * 1024
