"""Open data, feeds, calendars: public, read-only."""

from tests.security.matrix import Row, everyone

PUBLIC = Row(everyone(200))


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
}
