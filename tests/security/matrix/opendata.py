"""Open data, feeds, calendars, robots and health: public, read-only."""

from tests.security.matrix import Row, everyone

PUBLIC = Row(everyone(200))


def _healthz_with_fresh_beats(world) -> str:
    """/healthz answers 200 only while the task worker and the scheduler beat:
    they beat just before each role's request (the world may be minutes old)."""
    from django.urls import reverse

    from eig.scheduling.services import beat

    beat("worker")
    beat("scheduler")
    return reverse("opendata:healthz")


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
    "opendata:healthz": Row(everyone(200), path=_healthz_with_fresh_beats),
}
