"""An audition as iCalendar (RFC 5545 and its iTIP methods, RFC 5546).

One UID per audition, kept across reschedules; SEQUENCE counts the changes so
that a calendar replaces the entry instead of adding a second one. E-mails
carry METHOD:REQUEST (an invitation, or its update) or METHOD:CANCEL; the
file one downloads from one's space is METHOD:PUBLISH with the same UID.
"""

import datetime
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eig.auditions.models import Audition
from eig.core.dates import PARIS
from eig.core.links import site_host
from eig.events.ics import PRODID, paris_timezone

REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


def audition_uid(audition: Audition) -> str:
    return f"audition-{audition.uid}@{site_host()}"


def _organizer() -> str:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address or "noreply@localhost"


def audition_summary(audition: Audition, *, for_panel: bool) -> str:
    if for_panel:
        return _("Audition de %(name)s (EIG)") % {"name": str(audition.application)}
    return _("Votre audition — %(call)s") % {"call": audition.application.call.title}


def audition_calendar(
    audition: Audition,
    *,
    method: str,
    attendees: list[str],
    for_panel: bool = False,
    url: str = "",
    now: datetime.datetime | None = None,
) -> icalendar.Calendar:
    slot = audition.slot
    with translation.override("fr"):
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", method)
        calendar.add_component(paris_timezone())
        event = icalendar.Event()
        event.add("uid", audition_uid(audition))
        event.add("sequence", audition.sequence)
        event.add("dtstamp", (now or timezone.now()).astimezone(datetime.UTC))
        event.add("dtstart", timezone.localtime(slot.starts_at, PARIS))
        event.add("dtend", timezone.localtime(slot.ends_at, PARIS))
        event.add("summary", audition_summary(audition, for_panel=for_panel))
        event.add("location", slot.place or slot.video_url)
        cancelled = method == CANCEL
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        organizer = icalendar.vCalAddress(f"mailto:{_organizer()}")
        organizer.params["cn"] = icalendar.vText(_("Programme EIG"))
        event.add("organizer", organizer)
        for address in attendees:
            attendee = icalendar.vCalAddress(f"mailto:{address}")
            attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
            event.add("attendee", attendee, encode=0)
        lines = []
        if slot.video_url:
            lines.append(_("Visioconférence : %(url)s") % {"url": slot.video_url})
        if slot.place:
            lines.append(_("Lieu : %(place)s") % {"place": slot.place})
        if url:
            lines.append(url)
        if lines:
            event.add("description", "\n".join(lines))
        if url:
            event.add("url", url)
        calendar.add_component(event)
    return calendar


def audition_ics_text(audition: Audition, **kwargs) -> str:
    return audition_calendar(audition, **kwargs).to_ical().decode()


def ics_attachment(audition: Audition, *, method: str, **kwargs) -> tuple[str, str, str]:
    """(filename, mimetype, content) for `mail_send(attachments=…)`."""
    name = "annulation-audition.ics" if method == CANCEL else "audition.ics"
    return (
        name,
        f"text/calendar; method={method}",
        audition_ics_text(audition, method=method, **kwargs),
    )
