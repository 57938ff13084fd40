"""Events as iCalendar (RFC 5545): one .ics per event and a feed of them all.

Times are written in Europe/Paris with its VTIMEZONE, so a calendar shows
the hour the programme announced whatever the reader's zone.
"""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.permissions import public
from eig.core.links import absolute_link, site_host
from eig.events.models import Event, EventKind
from eig.opendata.public import mask_emails, page_path
from eig.opendata.selectors import public_events

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Plateforme EIG//Evenements du programme//FR"
DEFAULT_DURATION = datetime.timedelta(hours=1)
CALENDAR_MAX_AGE = 900


def paris_timezone() -> icalendar.Timezone:
    """Europe/Paris as a VTIMEZONE with its EU rules (valid since 1996)."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/Paris")
    tz.add("x-lic-location", "Europe/Paris")
    summer = icalendar.TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    winter = icalendar.TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def event_page_url(event: Event) -> str:
    return absolute_link(page_path(event) or f"/evenements/{event.slug}/")


def event_component(event: Event) -> icalendar.Event:
    """One event as a VEVENT: its UID and links on `EIG_SITE_URL`, the same in
    the public .ics and in the one an e-mail carries."""
    url = event_page_url(event)
    host = site_host()
    starts = timezone.localtime(event.starts_at, PARIS)
    ends = timezone.localtime(event.ends_at, PARIS) if event.ends_at else None
    if ends is None or ends <= starts:
        ends = starts + DEFAULT_DURATION  # calendars need an end; none was announced
    component = icalendar.Event()
    component.add("uid", f"evenement-{event.pk}@{host}")
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    component.add("created", event.created_at.astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("dtstart", starts)
    component.add("dtend", ends)
    component.add("summary", event.title)
    component.add("location", event.location or (_("En ligne") if event.is_online else ""))
    component.add("url", url)
    component.add("categories", [str(EventKind(event.kind).label)])
    component.add("status", "CONFIRMED")
    component.add("transp", "OPAQUE")
    lines = [mask_emails(event.description.strip())] if event.description.strip() else []
    if event.registration_url:
        lines.append(_("Inscription : %(url)s") % {"url": event.registration_url})
    lines.append(url)
    component.add("description", "\n\n".join(lines))
    return component


def event_ics_text(event: Event) -> str:
    """One event as an .ics file's text, for an e-mail.

    The same UID as the event's public .ics, so a calendar updates the entry
    instead of adding a second one.
    """
    return build_calendar([event], name=event.title).to_ical().decode()


def build_calendar(events, *, name: str) -> icalendar.Calendar:
    calendar = _calendar(name=name)
    for event in events:
        calendar.add_component(event_component(event))
    return calendar


def _calendar(*, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add_component(paris_timezone())
    return calendar


def _ics_response(calendar: icalendar.Calendar, *, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={CALENDAR_MAX_AGE}"
    return response


@public
@require_safe
def calendar_feed(request):
    """Public: anyone. Every published event, as one iCalendar to subscribe to."""
    events = public_events().order_by("starts_at", "pk")
    calendar = build_calendar(events, name=_("Événements du programme EIG"))
    return _ics_response(calendar, filename="evenements-eig.ics")


@public
@require_safe
def event_ics(request, slug: str):
    """Public: anyone. One published event, to add to a calendar."""
    event = get_object_or_404(public_events(), slug=slug)
    calendar = build_calendar([event], name=event.title)
    return _ics_response(calendar, filename=f"{event.slug}.ics")
