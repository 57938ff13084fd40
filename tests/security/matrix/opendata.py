"""Open data, feeds, calendars, robots and health: public, read-only."""

from tests.security.matrix import Row, everyone

PUBLIC = Row(everyone(200))


def _beating(name: str) -> str:
    """Beat again just before the request: the module's world may be older than
    HEALTH_HEARTBEAT_MAX_AGE by the time this row comes (the whole matrix on
    PostgreSQL takes longer than three minutes)."""
    from django.urls import reverse

    from eig.scheduling.services import beat

    beat("worker")
    beat("scheduler")
    return reverse(name)


def extend_world(world):
    """/healthz answers 200 only while the task worker and the scheduler beat."""
    from eig.scheduling.services import beat

    beat("worker")
    beat("scheduler")


DATASET = {"name": "defis"}

ROWS = {
    "opendata:index": PUBLIC,
    "opendata:datapackage": PUBLIC,
    "opendata:schema": Row(everyone(200), kwargs=DATASET),
    "opendata:csv": Row(everyone(200), kwargs=DATASET),
    "opendata:json": Row(everyone(200), kwargs=DATASET),
    "opendata:news_feed": PUBLIC,
    "opendata:events_ics": PUBLIC,
    "opendata:event_ics": Row(everyone(200), kwargs=lambda w: {"slug": w.event.slug}),
    "opendata:robots": PUBLIC,
    "opendata:healthz": Row(everyone(200), path=lambda w: _beating("opendata:healthz")),
}
