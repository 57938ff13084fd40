"""The studio's periodic job, enqueued by the scheduler (eig/scheduling/schedule.py)."""

from django_tasks import task


@task()
def publish_due() -> dict:
    from eig.studio.services import publish_due as run

    return run()
