import datetime
from xml.etree import ElementTree

import icalendar

from tests.opendata.factories import EventFactory, PostFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def test_news_feed_is_atom_of_published_french_posts(client, world):
    response = client.get("/actualites/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Bilan de la promotion"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://testserver/actualites/bilan/"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://testserver/actualites/feed/"
    )
    text = response.content.decode()
    assert "presse@data.gouv.fr" not in text
    assert "brouillon" not in text.lower()
    assert "Actualité future" not in text
    assert "Cohort review" not in text  # English


def test_news_feed_lists_the_latest_first_and_is_bounded(client, db):
    now = datetime.datetime(2020, 6, 1, tzinfo=datetime.UTC)
    for day in range(40):
        PostFactory(title=f"Jour {day}", published_at=now + datetime.timedelta(days=day))

    root = ElementTree.fromstring(client.get("/actualites/feed/").content)

    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles[:2] == ["Jour 39", "Jour 38"]
    assert len(titles) == 30


def test_calendar_feed_holds_every_published_event(client, world):
    EventFactory(title="Restitution", slug="restitution", kind="restitution", ends_at=None)

    response = client.get("/evenements/calendrier.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = calendar.walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Restitution", "Webinaire défis EIG 3"]
    restitution = next(e for e in events if e["SUMMARY"] == "Restitution")
    # no announced end: one hour
    assert restitution.decoded("DTEND") - restitution.decoded("DTSTART") == datetime.timedelta(
        hours=1
    )


def test_event_ics_has_the_rfc5545_fields(client, world, settings):
    # Its UID and link are on EIG_SITE_URL, as in the .ics an e-mail carries
    # (a calendar then updates the entry instead of adding a second one).
    settings.EIG_SITE_URL = "https://eig.exemple.gouv.fr"
    response = client.get("/evenements/webinaire-eig3.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    event_pk = world["event"].pk
    assert str(event["UID"]) == f"evenement-{event_pk}@eig.exemple.gouv.fr"
    assert event.decoded("DTSTAMP").tzinfo is not None
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert start.isoformat() == "2020-03-12T18:30:00+01:00"  # 17:30 UTC, Paris winter time
    assert event.decoded("DTEND").isoformat() == "2020-03-12T19:30:00+01:00"
    assert str(event["SUMMARY"]) == "Webinaire défis EIG 3"
    assert str(event["LOCATION"]) == "Paris"
    assert str(event["URL"]) == "https://eig.exemple.gouv.fr/evenements/webinaire-eig3/"
    description = str(event["DESCRIPTION"])
    assert "https://example.org/inscription" in description
    assert "webinaire@data.gouv.fr" not in description


def test_summer_time_is_paris_time(client, db):
    EventFactory(slug="ete", starts_at=datetime.datetime(2020, 7, 1, 8, 0, tzinfo=datetime.UTC))

    calendar = icalendar.Calendar.from_ical(client.get("/evenements/ete.ics").content)

    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").isoformat() == "2020-07-01T10:00:00+02:00"


def test_unpublished_or_unknown_event_ics_is_404(client, world):
    assert client.get("/evenements/brouillon.ics").status_code == 404
    assert client.get("/evenements/inconnu.ics").status_code == 404


def test_calendar_runs_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    for _ in range(30):
        EventFactory()

    with django_assert_max_num_queries(2):
        assert client.get("/evenements/calendrier.ics").status_code == 200


def test_robots_txt_lets_crawl_the_public_site_only(client, db):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/gestion/", "/espace/", "/compte/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
