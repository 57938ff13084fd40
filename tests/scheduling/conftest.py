import pytest


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    """The real task queue: tasks are rows, run by `db_worker` (tests call it)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EIG_SITE_URL = "https://eig.example.gouv.fr"
