from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from eig.importer.services import import_paths

DEMO = Path(settings.EIG_DEMO_DATA_DIR)
DEMO_PARTS = [DEMO / "programme.yml", DEMO / "figures.yml", DEMO / "site-eig", DEMO / "seeds"]


@pytest.fixture(scope="module")
def demo_report(django_db_setup, django_db_blocker, import_media_root):
    """The real demo data imported once per module, rolled back afterwards.

    Each test still runs in its own savepoint (the `db` fixture), so the
    tests of a module share the import without seeing each other's writes,
    and nothing leaks into other test modules.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=import_media_root),
        transaction.atomic(),
    ):
        report = import_paths(DEMO_PARTS)
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_report, db):
    return demo_report
